"""Reporting periods and the targets set for them."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.dbtypes import UTCDateTime
from portal.extensions import db
from portal.i18n import current_lang
from portal.timeutil import utcnow

# The figures a target can be set for, in the order they are shown.
FIGURES = ("engaged", "supported", "whp_implemented", "equality_strategy")


class ReportingPeriod(db.Model):
    """A named stretch of time figures are counted over (e.g. a financial year)."""

    __tablename__ = "reporting_periods"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name_en: Mapped[str] = mapped_column(String(100))
    name_cy: Mapped[str] = mapped_column(String(100))
    starts_on: Mapped[date] = mapped_column(Date)
    # The last day counted (inclusive), as people write periods.
    ends_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    targets = relationship("Target", back_populates="period", cascade="all, delete-orphan")

    @property
    def name(self):
        return self.name_cy if current_lang() == "cy" else self.name_en


class Target(db.Model):
    """Targets for one period, for one delivery partner or (no partner) the whole programme."""

    __tablename__ = "reporting_targets"
    __table_args__ = (UniqueConstraint("period_id", "partner_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("reporting_periods.id", ondelete="CASCADE"), index=True)
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("delivery_partners.id"))
    engaged: Mapped[int | None] = mapped_column(Integer)
    supported: Mapped[int | None] = mapped_column(Integer)
    whp_implemented: Mapped[int | None] = mapped_column(Integer)
    equality_strategy: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    period = relationship(ReportingPeriod, back_populates="targets")
    partner = relationship("DeliveryPartner")
