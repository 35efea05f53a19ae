"""Workplace visit requests and how staff answered them."""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.dbtypes import UTCDateTime
from portal.extensions import db
from portal.timeutil import utcnow


class VisitStatus(enum.StrEnum):
    """Where a workplace visit request stands (stored as its value)."""

    REQUESTED = "requested"
    PROPOSED = "proposed"  # staff proposed another date; the employer accepts it or asks again
    SCHEDULED = "scheduled"
    DECLINED = "declined"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


OPEN = (VisitStatus.REQUESTED, VisitStatus.PROPOSED, VisitStatus.SCHEDULED)


class VisitRequest(db.Model):
    __tablename__ = "visit_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Set when staff made the visit for the organisation (by phone, say) rather than a contact asking online.
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    visit_type: Mapped[str] = mapped_column(String(40))
    preferred_dates: Mapped[str] = mapped_column(Text)
    site_address: Mapped[str] = mapped_column(Text)
    staff_count: Mapped[int] = mapped_column(Integer)
    access_needs: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20), default=VisitStatus.REQUESTED, index=True)
    scheduled_for: Mapped[datetime | None] = mapped_column(UTCDateTime)
    staff_message: Mapped[str] = mapped_column(Text, default="")
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the visit first got a date it keeps (staff scheduled it, or the employer took a proposed
    # date): how quickly requests are met, for reporting. Never changed by a later new date.
    first_scheduled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # A delivered visit recorded by mistake (it did not happen): it counts nowhere and
    # the employer no longer sees it, but it stays on the staff timeline, marked.
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    voided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    void_reason: Mapped[str | None] = mapped_column(Text)

    organisation = relationship("Organisation")
    requested_by = relationship("User", foreign_keys=[requested_by_id])
    created_by = relationship("User", foreign_keys=[created_by_id])


@event.listens_for(VisitRequest.status, "set")
def _first_scheduled(visit, value, _old, _initiator):
    # On the attribute, so every way a visit becomes scheduled (staff answer, the employer
    # taking a proposed date, a visit staff create already scheduled) records it once.
    if value == VisitStatus.SCHEDULED and visit.first_scheduled_at is None:
        visit.first_scheduled_at = utcnow()
