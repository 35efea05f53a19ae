"""Invitations for staff and administrators: the only way a staff account is made.

An administrator names the address, the role and (for staff) the delivery
partner; the person follows a single-use, expiring link and chooses their own
name and password. Only the token's hash is stored.
"""

import secrets
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from portal.accounts.models import StaffInvitation, User
from portal.accounts.passwords import hash_password
from portal.accounts.services import user_by_email
from portal.audit.labels import register_action, register_record_type
from portal.audit.services import record
from portal.email.addresses import email_matches, normalise_email
from portal.email.services import external_url, queue_email
from portal.extensions import db
from portal.security import Role
from portal.timeutil import utcnow
from portal.tokens import hash_token

INVITATION_DAYS = 7
STAFF_ROLES = (Role.STAFF, Role.ADMIN)

register_action("staff_invited", _l("Staff or administrator invited"))
register_action("staff_joined", _l("Staff account created from an invitation"))
register_action("staff_invitation_cancelled", _l("Staff invitation cancelled"))
register_record_type("staff_invitations", _l("Staff invitation"))


class InvitationRefused(ValueError):
    """The invitation cannot be sent; ``reason`` is a key the form turns into words."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def _pending(email):
    return (
        StaffInvitation.used_at.is_(None), StaffInvitation.cancelled_at.is_(None),
        StaffInvitation.expires_at > utcnow(), email_matches(StaffInvitation.email, email),
    )


def invite_staff(email, role, partner, inviter, language):
    """Queue an invitation to ``email`` as ``role`` (staff need a ``partner``). Returns the raw token.

    Refused (:class:`InvitationRefused`) when the address already has an
    account. An earlier unused invitation to the same address is cancelled, so
    only the newest link works.
    """
    role = Role(role)
    if role not in STAFF_ROLES:
        raise InvitationRefused("role")
    if role == Role.STAFF and partner is None:
        raise InvitationRefused("partner")
    if user_by_email(email) is not None:
        raise InvitationRefused("exists")
    email = normalise_email(email)
    now = utcnow()
    db.session.execute(
        update(StaffInvitation).where(*_pending(email)).values(cancelled_at=now).execution_options(
            synchronize_session=False)
    )
    token = secrets.token_urlsafe(32)
    invitation = StaffInvitation(
        email=email, role=role, partner_id=partner.id if partner is not None and role == Role.STAFF else None,
        language=language, token_hash=hash_token(token), invited_by_id=inviter.id,
        expires_at=now + timedelta(days=INVITATION_DAYS),
    )
    db.session.add(invitation)
    record("staff_invited", invitation, actor=inviter, email=email, role=role.value,
           partner=partner.name_en if invitation.partner_id else None)
    queue_email(email, "staff_invitation", language, inviter=inviter.full_name, role=role.value,
                partner=(partner.name_cy if language == "cy" else partner.name_en) if invitation.partner_id else None,
                days=INVITATION_DAYS, link=external_url("accounts.accept_staff_invitation", language, token=token))
    return token


def valid_staff_invitation(token):
    """The unused, uncancelled, unexpired invitation for ``token``, or None."""
    if not token:
        return None
    invitation = db.session.scalar(select(StaffInvitation).where(StaffInvitation.token_hash == hash_token(token)))
    if (invitation is None or invitation.used_at is not None or invitation.cancelled_at is not None
            or invitation.expires_at <= utcnow()):
        return None
    return invitation


def accept_staff_invitation(token, full_name, password, language):
    """Create the invited person's account. Returns the user, or None if the link or address is unusable."""
    invitation = valid_staff_invitation(token)
    if invitation is None or user_by_email(invitation.email) is not None:
        return None
    invitation.used_at = utcnow()
    user = User(email=invitation.email, full_name=full_name.strip(), role=invitation.role, language=language,
                partner_id=invitation.partner_id, password_hash=hash_password(password), email_verified_at=utcnow())
    db.session.add(user)
    db.session.flush()
    record("staff_joined", user, actor=user, role=user.role.value, invitation_id=invitation.id)
    return user


def pending_invitations():
    """Invitations not yet used, cancelled or expired, newest first."""
    return db.session.scalars(
        select(StaffInvitation).where(
            StaffInvitation.used_at.is_(None), StaffInvitation.cancelled_at.is_(None),
            StaffInvitation.expires_at > utcnow(),
        ).order_by(StaffInvitation.created_at.desc(), StaffInvitation.id.desc())
    ).all()


def cancel_invitation(invitation, actor):
    """Stop an unused invitation's link from working. Returns False if it was already used or cancelled."""
    if invitation.used_at is not None or invitation.cancelled_at is not None:
        return False
    invitation.cancelled_at = utcnow()
    record("staff_invitation_cancelled", invitation, actor=actor, email=invitation.email)
    return True
