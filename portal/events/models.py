"""Events and their sessions.

A webinar or event has one session; well-being champion training is a course
of several sessions booked as a whole. ``starts_at`` and ``ends_at`` on the
event are the first session's start and the last session's end, kept so the
catalogue can filter and sort without touching the sessions.
"""

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.dbtypes import UTCDateTime
from portal.extensions import db
from portal.timeutil import utcnow


class EventStatus(enum.StrEnum):
    """Whether an event goes ahead (stored as its value)."""

    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class Event(db.Model):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("delivery_partners.id"), index=True)
    # A SupportKind value: webinar, champion_training or event.
    kind: Mapped[str] = mapped_column(String(30), index=True)
    topic: Mapped[str] = mapped_column(String(40), index=True)
    title_en: Mapped[str] = mapped_column(String(200))
    title_cy: Mapped[str] = mapped_column(String(200))
    description_en: Mapped[str] = mapped_column(Text, default="")
    description_cy: Mapped[str] = mapped_column(Text, default="")
    # Shown only to those with a confirmed place.
    joining_details_en: Mapped[str] = mapped_column(Text, default="")
    joining_details_cy: Mapped[str] = mapped_column(Text, default="")
    # Language of delivery: cy, en or bilingual.
    language: Mapped[str] = mapped_column(String(10), index=True)
    online: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    venue: Mapped[str | None] = mapped_column(String(300))
    # Where an event in person happens: the town shown in the catalogue and the local
    # authority the area filter uses (None for online events).
    town: Mapped[str | None] = mapped_column(String(100))
    local_authority_id: Mapped[int | None] = mapped_column(ForeignKey("local_authorities.id"), index=True)
    capacity: Mapped[int] = mapped_column(Integer)
    per_organisation_limit: Mapped[int] = mapped_column(Integer, default=5)
    booking_deadline: Mapped[datetime] = mapped_column(UTCDateTime)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20), default=EventStatus.SCHEDULED, index=True)
    # Why it was cancelled, in English and in Welsh (the same text when everyone told reads one language).
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    cancel_reason_cy: Mapped[str | None] = mapped_column(Text)
    # Places taken (confirmed or held for an offer), kept under the event row
    # lock so the catalogue shows places left without counting bookings.
    places_taken: Mapped[int] = mapped_column(Integer, default=0)
    # Incremented under the row lock by every booking: the order requests committed.
    booking_sequence: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    partner = relationship("DeliveryPartner")
    local_authority = relationship("LocalAuthority")
    sessions = relationship(
        "EventSession", back_populates="event", order_by="EventSession.starts_at", cascade="all, delete-orphan"
    )

    def text(self, field, lang):
        """The Welsh or English version of ``field`` (falls back to the other language)."""
        value = getattr(self, f"{field}_{lang}")
        return value or getattr(self, f"{field}_{'en' if lang == 'cy' else 'cy'}")

    def cancel_reason_in(self, lang):
        """Why the event was cancelled, in ``lang`` (else the other language)."""
        if lang == "cy":
            return self.cancel_reason_cy or self.cancel_reason
        return self.cancel_reason or self.cancel_reason_cy

    @property
    def places_left(self):
        return max(self.capacity - self.places_taken, 0)

    @property
    def cancelled(self):
        return self.status == EventStatus.CANCELLED


class EventSession(db.Model):
    __tablename__ = "event_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)

    event = relationship(Event, back_populates="sessions")
