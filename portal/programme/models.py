"""Programme cycles and interventions.

An intervention is one counted piece of support, linked to the record it came
from (an attended booking, a completed course, a delivered visit, logged
support). The unique source means the same support is never counted twice.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.dbtypes import UTCDateTime
from portal.extensions import db
from portal.timeutil import utcnow


class InterventionKind:
    SESSION_ATTENDED = "session_attended"
    TRAINING_COMPLETED = "training_completed"
    VISIT_DELIVERED = "visit_delivered"
    SUPPORT_LOGGED = "support_logged"
    ALL = (SESSION_ATTENDED, TRAINING_COMPLETED, VISIT_DELIVERED, SUPPORT_LOGGED)


class ProgrammeCycle(db.Model):
    __tablename__ = "programme_cycles"
    __table_args__ = (UniqueConstraint("organisation_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    number: Mapped[int] = mapped_column(Integer, default=1)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation = relationship("Organisation")


class Intervention(db.Model):
    __tablename__ = "interventions"
    __table_args__ = (UniqueConstraint("source_type", "source_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("programme_cycles.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    # What kind of support, for the "two different types" option (e.g. a topic or visit type).
    support_type: Mapped[str] = mapped_column(String(60))
    source_type: Mapped[str] = mapped_column(String(40))
    source_id: Mapped[int] = mapped_column(Integer)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    cycle = relationship(ProgrammeCycle)
    organisation = relationship("Organisation")
