"""Engagements with employers and the adviser each organisation is assigned to."""

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.dbtypes import UTCDateTime
from portal.extensions import db
from portal.timeutil import utcnow


class EngagementType(enum.StrEnum):
    """The kinds of engagement staff log (stored as their value)."""

    PHONE_CALL = "phone_call"
    EMAIL = "email"
    MEETING = "meeting"
    EVENT = "event"
    ADVICE_SESSION = "advice_session"
    WELLBEING_SURVEY = "wellbeing_survey"
    STRATEGY_SUPPORT = "strategy_support"
    INDUCTION_REVIEWS = "induction_reviews"
    INDIVIDUAL_SUPPORT = "individual_support"


class Engagement(db.Model):
    """One contact with an employer, logged by staff."""

    __tablename__ = "engagements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    type: Mapped[str] = mapped_column(String(30))
    occurred_on: Mapped[date] = mapped_column(Date, index=True)
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    adviser_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    notes: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(500))
    follow_up_on: Mapped[date | None] = mapped_column(Date, index=True)
    follow_up_done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Who the follow-up is with when it is not the adviser who logged the
    # engagement (reassigned, for example when the adviser leaves).
    follow_up_owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # What the follow-up is for, for whoever picks it up.
    follow_up_note: Mapped[str | None] = mapped_column(String(500))
    # The rule version that decided whether this engagement counted as an intervention.
    rule_version_id: Mapped[int | None] = mapped_column(ForeignKey("programme_rule_versions.id"))
    counted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A voided engagement was logged by mistake: it counts nowhere but stays on the staff timeline.
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    voided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    void_reason: Mapped[str | None] = mapped_column(Text)

    organisation = relationship("Organisation")
    adviser = relationship("User", foreign_keys=[adviser_id])
    follow_up_owner = relationship("User", foreign_keys=[follow_up_owner_id])

    @property
    def follow_up_owner_or_adviser(self):
        """Who the follow-up is with: the person it was reassigned to, else the adviser who logged it."""
        return self.follow_up_owner if self.follow_up_owner_id else self.adviser
    rule_version = relationship("RuleVersion")


class CaseloadAssignment(db.Model):
    """The adviser an organisation is assigned to (at most one)."""

    __tablename__ = "caseload_assignments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), unique=True)
    adviser_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation = relationship("Organisation")
    adviser = relationship("User")


class OrganisationNote(db.Model):
    """A note staff keep on an organisation's record: for staff only, shown on its timeline."""

    __tablename__ = "organisation_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    organisation = relationship("Organisation")
    author = relationship("User")
