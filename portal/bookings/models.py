"""Bookings: one row per named attendee on an event, and their feedback."""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.dbtypes import UTCDateTime
from portal.extensions import db
from portal.timeutil import utcnow


class BookingStatus(enum.StrEnum):
    """Where a booking stands (stored as its value)."""

    CONFIRMED = "confirmed"
    WAITING = "waiting"
    OFFERED = "offered"  # a freed place held for this person until offer_expires_at
    OFFER_EXPIRED = "offer_expired"
    CANCELLED = "cancelled"


# Statuses that hold one of the event's places.
HOLDING = (BookingStatus.CONFIRMED, BookingStatus.OFFERED)
ACTIVE = (BookingStatus.CONFIRMED, BookingStatus.OFFERED, BookingStatus.WAITING)


class Attendance(enum.StrEnum):
    """What staff marked on the register (stored as its value)."""

    ATTENDED = "attended"
    DID_NOT_ATTEND = "did_not_attend"


class Booking(db.Model):
    __tablename__ = "bookings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    booked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    # The attendee's own language for e-mails (cy or en); None: the organisation's correspondence language.
    language: Mapped[str | None] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(20), index=True)
    # The event's booking_sequence when this request took the lock: commit order.
    sequence: Mapped[int] = mapped_column(Integer)
    offer_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Hash of the single-use link in the offer e-mails (attendee and employer contact); cleared once used.
    offer_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    attendance: Mapped[str | None] = mapped_column(String(20))
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    feedback_token: Mapped[str] = mapped_column(String(64), unique=True)
    feedback_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    event = relationship("Event")
    organisation = relationship("Organisation")
    booked_by = relationship("User")


class Feedback(db.Model):
    __tablename__ = "event_feedback"
    __table_args__ = (UniqueConstraint("booking_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id"))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    # 1 (poor) to 5 (excellent).
    rating: Mapped[int] = mapped_column(Integer)
    # yes / no / not_sure: will the attendee use what they learnt at work?
    will_use: Mapped[str] = mapped_column(String(10))
    comments: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    booking = relationship(Booking)
