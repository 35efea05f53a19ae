"""Programme cycles and interventions.

An intervention is one counted piece of support, linked to the record it came
from (an attended booking, a completed course, a delivered visit, logged
support). The unique source means the same support is never counted twice.
"""

import enum
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.dbtypes import UTCDateTime
from portal.extensions import db
from portal.timeutil import utcnow


class InterventionKind(enum.StrEnum):
    """What an intervention was (stored as its value)."""

    SESSION_ATTENDED = "session_attended"
    TRAINING_COMPLETED = "training_completed"
    VISIT_DELIVERED = "visit_delivered"
    SUPPORT_LOGGED = "support_logged"
    # A staff survey with its results and an action plan agreed from them (when the rules count it).
    ACTION_PLAN = "action_plan"


# The source type of an action plan's intervention (the plans, above the programme, own the record).
ACTION_PLAN_SOURCE = "action_plan"


class ProgrammeCycle(db.Model):
    __tablename__ = "programme_cycles"
    __table_args__ = (UniqueConstraint("organisation_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    number: Mapped[int] = mapped_column(Integer, default=1)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the cycle first met the WHP rule, and the rule version that judged it.
    whp_implemented_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    rule_version_id: Mapped[int | None] = mapped_column(ForeignKey("programme_rule_versions.id"))
    # Printed on the certificate and checked on the public verification page; given
    # when the WHP is first implemented and kept if it is withdrawn and met again.
    certificate_code: Mapped[str | None] = mapped_column(String(32), unique=True)
    # A cycle started by mistake: its support goes back to the cycle before, and it
    # counts nowhere, but it stays on the staff record, marked.
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    voided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    void_reason: Mapped[str | None] = mapped_column(Text)

    organisation = relationship("Organisation")
    rule_version = relationship("RuleVersion")
    interventions = relationship("Intervention", order_by="Intervention.occurred_at", viewonly=True)


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


class RuleVersion(db.Model):
    """One version of the programme rules. Rules are never edited: a change adds a version."""

    __tablename__ = "programme_rule_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    whp_min_interventions: Mapped[int] = mapped_column(Integer, default=2)
    whp_distinct_types: Mapped[bool] = mapped_column(Boolean, default=False)
    # Engagement types that count as an intervention, as a list of type codes.
    counted_engagement_types: Mapped[list] = mapped_column(JSON, default=list)
    # A staff survey with its results and an agreed action plan counts as an intervention.
    counts_action_plan: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    follow_up_after_days: Mapped[int] = mapped_column(Integer, default=182)
    follow_up_response_days: Mapped[int] = mapped_column(Integer, default=28)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    created_by = relationship("User")


class EqualityStrategyRecord(db.Model):
    """Staff record that an organisation adopted or improved an equality and diversity strategy."""

    __tablename__ = "equality_strategy_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("programme_cycles.id"), index=True)
    change: Mapped[str] = mapped_column(String(20))  # adopted or improved
    note: Mapped[str] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # A voided record counts nowhere but stays on the staff timeline.
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    voided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    void_reason: Mapped[str | None] = mapped_column(Text)

    recorded_by = relationship("User", foreign_keys=[recorded_by_id])


class FollowUpStatus(enum.StrEnum):
    """Where an outcome follow-up stands (stored as its value)."""

    SCHEDULED = "scheduled"
    # Due, but the organisation has no active contact to receive it; it goes
    # out on a later run once someone can receive it.
    NOT_SENT = "not_sent"
    SENT = "sent"
    ANSWERED = "answered"
    # Its own answer: an employer who did not reply has not said "no change".
    NO_RESPONSE = "no_response"


class OutcomeFollowUp(db.Model):
    """The follow-up asking an employer what changed, a set time after a WHP."""

    __tablename__ = "outcome_follow_ups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("programme_cycles.id"), unique=True)
    status: Mapped[str] = mapped_column(String(20), default=FollowUpStatus.SCHEDULED, index=True)
    send_after: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    respond_by: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Only a hash of the single-use link's token is kept.
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # The reminder carries a link of its own (the first token cannot be rebuilt
    # from its hash); answering through either closes both.
    reminder_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    changes_in_own_words: Mapped[str | None] = mapped_column(Text)
    choices: Mapped[list] = mapped_column(JSON, default=list)
    rule_version_id: Mapped[int | None] = mapped_column(ForeignKey("programme_rule_versions.id"))
    # Set when staff recorded an answer the employer gave them (by phone, say).
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    organisation = relationship("Organisation")
    cycle = relationship(ProgrammeCycle)
    rule_version = relationship("RuleVersion")
    recorded_by = relationship("User")
