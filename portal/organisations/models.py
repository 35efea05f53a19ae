"""The employer organisation."""

import secrets
from datetime import datetime

from sqlalchemy import JSON, Boolean, Column, Enum, ForeignKey, Integer, String, Table, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.dbtypes import UTCDateTime
from portal.eligibility.tiers import EligibilityStatus
from portal.extensions import db
from portal.timeutil import utcnow


def new_idempotency_key():
    """A random key for a registration draft (32 hex characters)."""
    return secrets.token_hex(16)

# Other local authorities where the organisation employs staff (the area rule
# counts these as well as where it is located).
organisation_staff_authorities = Table(
    "organisation_staff_authorities",
    db.metadata,
    Column("organisation_id", ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True),
    Column("local_authority_id", ForeignKey("local_authorities.id", ondelete="CASCADE"), primary_key=True),
)


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
    # How many people the whole group employs: the SME test counts the group's size.
    group_size: Mapped[int | None] = mapped_column(Integer)
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
    # Registration: who registered, when they accepted the privacy notice and consented.
    contact_phone: Mapped[str | None] = mapped_column(String(30))
    contact_job_title: Mapped[str | None] = mapped_column(String(100))
    privacy_notice_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    consent_given_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Large employers (250+ staff or part of a larger group) are always counted apart from SMEs.
    large_employer: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    declared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    exception_reason: Mapped[str | None] = mapped_column(Text)
    # When the status last changed: the review queue is oldest first by this.
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # The idempotency key of the draft it was registered from: unique, so sending
    # the same draft twice at once cannot make two organisations.
    registration_key: Mapped[str | None] = mapped_column(String(32), unique=True)
    # Met offline (who recorded it is in the audit trail): its contact before anyone has an account.
    recorded_offline: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    # How the contact agreed to be contacted (phone, in_person, email, form) and when.
    contact_consent_method: Mapped[str | None] = mapped_column(String(20))
    contact_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A lead staff are following up: counted nowhere until a counted engagement is logged.
    prospect: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false(), index=True)
    prospect_source: Mapped[str | None] = mapped_column(String(200))
    # How the organisation heard of the service (a code of HEARD_VIA), for reporting channels.
    heard_via: Mapped[str | None] = mapped_column(String(20), index=True)
    intermediary_id: Mapped[int | None] = mapped_column(ForeignKey("intermediaries.id"), index=True)
    heard_via_other: Mapped[str | None] = mapped_column(String(200))
    # Whether its records may be used, pseudonymously, for the programme's evaluation.
    evaluation_consent: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    evaluation_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    sector = relationship("Sector")
    local_authority = relationship("LocalAuthority")
    partner = relationship("DeliveryPartner")
    intermediary = relationship("Intermediary")
    members = relationship("User", back_populates="organisation", foreign_keys="User.organisation_id")
    staff_authorities = relationship("LocalAuthority", secondary=organisation_staff_authorities,
                                     order_by="LocalAuthority.name_en")


class Invitation(db.Model):
    """A single-use, expiring invitation for a colleague to join an organisation. Only the hash is kept."""

    __tablename__ = "organisation_invitations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(20))
    # "colleague" (a contact invites a colleague) or "claim" (staff invite the contact of an
    # organisation they recorded to take it over online).
    purpose: Mapped[str] = mapped_column(String(10), default="colleague", server_default="colleague")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation = relationship(Organisation)
    invited_by = relationship("User")


class EmailVerificationToken(db.Model):
    """A single-use, expiring link proving a new account holder owns the address."""

    __tablename__ = "email_verification_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user = relationship("User")


class RegistrationDraft(db.Model):
    """Answers given so far, saved page by page so the user can leave and return."""

    __tablename__ = "registration_drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    # Copied to Organisation.registration_key on submission (see there).
    idempotency_key: Mapped[str] = mapped_column(String(32), default=new_idempotency_key)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class OrganisationChange(db.Model):
    """A contact's change to what the eligibility rules use, waiting for staff to check it.

    Until staff accept it the organisation keeps its old values, and with them the
    eligibility decision already made; ``previous`` records what they were.
    """

    __tablename__ = "organisation_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    proposed: Mapped[dict] = mapped_column(JSON, default=dict)
    previous: Mapped[dict] = mapped_column(JSON, default=dict)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # "pending", then "accepted" or "refused" (with the staff member's message).
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    message: Mapped[str | None] = mapped_column(Text)

    organisation = relationship(Organisation)
    requested_by = relationship("User", foreign_keys=[requested_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])


class OrganisationAttachment(db.Model):
    """A file staff attach to an organisation's record (a letter, an e-mail saved as PDF): staff only.

    Checked exactly as evidence is (``eligibility.services.check_upload``) and
    stored under ``UPLOAD_FOLDER/attachments`` by a random name.
    """

    __tablename__ = "organisation_attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    description: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str] = mapped_column(String(120))
    # Random name under UPLOAD_FOLDER; never derived from what the user sent.
    stored_name: Mapped[str] = mapped_column(String(64))
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    organisation = relationship(Organisation)
    uploaded_by = relationship("User")
