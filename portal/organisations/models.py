"""The employer organisation."""

from datetime import datetime

from sqlalchemy import Boolean, Enum, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.dbtypes import UTCDateTime
from portal.eligibility.tiers import EligibilityStatus
from portal.extensions import db
from portal.timeutil import utcnow


class Organisation(db.Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    companies_house_number: Mapped[str | None] = mapped_column(String(8), index=True)
    charity_number: Mapped[str | None] = mapped_column(String(12), index=True)
    sector_id: Mapped[int | None] = mapped_column(ForeignKey("sectors.id"))
    employee_count: Mapped[int | None] = mapped_column(Integer)
    address_line_1: Mapped[str | None] = mapped_column(String(200))
    address_line_2: Mapped[str | None] = mapped_column(String(200))
    town: Mapped[str | None] = mapped_column(String(100))
    postcode: Mapped[str | None] = mapped_column(String(8), index=True)
    local_authority_id: Mapped[int | None] = mapped_column(ForeignKey("local_authorities.id"), index=True)
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("delivery_partners.id"), index=True)
    part_of_group: Mapped[bool] = mapped_column(Boolean, default=False)
    group_name: Mapped[str | None] = mapped_column(String(200))
    # Kept apart: not every Welsh speaker wants paperwork in business Welsh.
    correspondence_language: Mapped[str] = mapped_column(String(2), default="en")
    support_language: Mapped[str] = mapped_column(String(6), default="either")
    eligibility_status: Mapped[EligibilityStatus] = mapped_column(
        Enum(EligibilityStatus, name="eligibility_status", native_enum=False, length=30,
             values_callable=lambda e: [s.value for s in e]),
        default=EligibilityStatus.NOT_STARTED,
        index=True,
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    sector = relationship("Sector")
    local_authority = relationship("LocalAuthority")
    partner = relationship("DeliveryPartner")
    members = relationship("User", back_populates="organisation", foreign_keys="User.organisation_id")
