"""Users and password reset tokens (sign-in throttling is counted in Redis, see services)."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, Enum, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.dbtypes import UTCDateTime
from portal.extensions import db
from portal.security import Role
from portal.timeutil import utcnow


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(
        Enum(Role, name="user_role", native_enum=False, values_callable=lambda e: [r.value for r in e], length=20)
    )
    # Correspondence language: e-mails and the language chosen on arrival at "/".
    language: Mapped[str] = mapped_column(String(2), default="en")
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("delivery_partners.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_signed_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Changes whenever the password does, so other sessions are signed out.
    session_version: Mapped[int] = mapped_column(Integer, default=1)

    partner = relationship("DeliveryPartner")
    organisation = relationship("Organisation", foreign_keys=[organisation_id], back_populates="members")

    @property
    def is_active(self):
        return self.active

    def get_id(self):
        return f"{self.id}:{self.session_version}"

    @property
    def is_staff(self):
        return self.role in (Role.STAFF, Role.ADMIN)

    def __repr__(self):
        return f"<User {self.id} {self.role}>"


class PasswordResetToken(db.Model):
    """A single-use, expiring password reset token. Only its hash is stored.

    A request for an address without an account writes a row with no user
    (it opens nothing), so both kinds of request take the same time.
    """

    __tablename__ = "password_reset_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user = relationship(User)


class UserSession(db.Model):
    """One signed-in browser. The cookie carries a random key; only its hash is stored.

    Kept in the database so that every app server sees sign-out and expiry at once.
    """

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StaffInvitation(db.Model):
    """A single-use, expiring invitation for a member of staff or an administrator. Only the hash is kept.

    Staff accounts are never self-registered: an administrator invites the
    person, choosing the role and (for staff) the delivery partner whose
    organisations they will see.
    """

    __tablename__ = "staff_invitations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    role: Mapped[Role] = mapped_column(
        Enum(Role, name="staff_invitation_role", native_enum=False, values_callable=lambda e: [r.value for r in e],
             length=20)
    )
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("delivery_partners.id"))
    language: Mapped[str] = mapped_column(String(2), default="en")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    partner = relationship("DeliveryPartner")
    invited_by = relationship(User)
