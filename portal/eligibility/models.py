"""Eligibility settings, evidence and decisions."""

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.dbtypes import UTCDateTime
from portal.extensions import db
from portal.timeutil import utcnow


class SupportTier(db.Model):
    __tablename__ = "support_tiers"

    kind: Mapped[str] = mapped_column(String(30), primary_key=True)
    tier: Mapped[str] = mapped_column(String(20))


class ProgrammeSettings(db.Model):
    """Programme-wide eligibility settings: one row, set by administrators."""

    __tablename__ = "programme_settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    allow_large_employers: Mapped[bool] = mapped_column(Boolean, default=False)
    # Off: staff may not grant eligibility by exception, so the SME rule is final.
    exceptions_allowed: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    evidence_retention_days: Mapped[int] = mapped_column(Integer, default=365)


class EvidenceMethod(enum.StrEnum):
    """How evidence was given (stored as its value)."""

    UPLOAD = "upload"
    NUMBER_CHECKED = "number_checked"
    SEEN_IN_PERSON = "seen_in_person"
    SEEN_BY_PHONE = "seen_by_phone"


# The checks staff record themselves (everything but an upload).
STAFF_METHODS = (EvidenceMethod.NUMBER_CHECKED, EvidenceMethod.SEEN_IN_PERSON, EvidenceMethod.SEEN_BY_PHONE)


class Evidence(db.Model):
    """One piece of eligibility evidence: an uploaded file or a check staff recorded."""

    __tablename__ = "eligibility_evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    method: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str | None] = mapped_column(String(120))
    # Random name under UPLOAD_FOLDER; never derived from what the user sent.
    stored_name: Mapped[str | None] = mapped_column(String(64))
    content_type: Mapped[str | None] = mapped_column(String(40))
    size: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    # For a number check: the Companies House or charity number staff checked.
    checked_number: Mapped[str | None] = mapped_column(String(12))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # Set when the retention period removes the file; the record stays.
    file_deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation = relationship("Organisation")
    recorded_by = relationship("User")


class Decision(db.Model):
    """A staff decision on an organisation's eligibility, kept after evidence is deleted."""

    __tablename__ = "eligibility_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(30))
    message: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation = relationship("Organisation")
    decided_by = relationship("User")
