"""Sign-in, throttling, password reset and password change."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from portal.accounts.models import PasswordResetToken, SignInFailure, User
from portal.accounts.passwords import hash_password, needs_rehash, verify_password
from portal.audit.services import record
from portal.email.addresses import email_matches, normalise_email
from portal.email.services import external_url, queue_email
from portal.extensions import db
from portal.timeutil import utcnow
from portal.tokens import hash_token


def user_by_email(email):
    """The account with ``email`` (any case), or None."""
    return db.session.scalar(select(User).where(email_matches(User.email, email)))


@dataclass
class SignInResult:
    user: User | None = None
    throttled: bool = False


def _recent_failures(column, value):
    window = timedelta(minutes=current_app.config["SIGN_IN_WINDOW_MINUTES"])
    return db.session.scalar(
        select(func.count(SignInFailure.id)).where(column == value, SignInFailure.at >= utcnow() - window)
    )


def is_throttled(email, address):
    """True after too many recent failures for this account or this address."""
    config = current_app.config
    return (
        _recent_failures(SignInFailure.email, normalise_email(email)) >= config["SIGN_IN_MAX_FAILURES_PER_ACCOUNT"]
        or _recent_failures(SignInFailure.address, address) >= config["SIGN_IN_MAX_FAILURES_PER_ADDRESS"]
    )


def authenticate(email, password, address):
    """Check a sign-in attempt.

    Failures are recorded whether or not the account exists, and the answer
    never says which, so sign-in reveals nothing about who has an account.
    """
    email = normalise_email(email)
    if is_throttled(email, address):
        return SignInResult(throttled=True)
    user = user_by_email(email)
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.active:
        db.session.add(SignInFailure(email=email, address=address))
        return SignInResult()
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_signed_in_at = utcnow()
    db.session.execute(delete(SignInFailure).where(SignInFailure.email == email))
    return SignInResult(user=user)



def request_password_reset(email):
    """E-mail a reset link if the account exists. Returns the raw token, or None."""
    user = user_by_email(email)
    if user is None or not user.active:
        return None
    token = secrets.token_urlsafe(32)
    hours = current_app.config["PASSWORD_RESET_HOURS"]
    db.session.add(
        PasswordResetToken(
            user_id=user.id, token_hash=hash_token(token), expires_at=utcnow() + timedelta(hours=hours)
        )
    )
    queue_email(
        user.email,
        "password_reset",
        user.language,
        name=user.full_name,
        link=external_url("accounts.reset_password", user.language, token=token),
        hours=hours,
    )
    return token


def valid_reset_token(token):
    """The unexpired, unused token record for ``token``, or None."""
    if not token:
        return None
    reset = db.session.scalar(select(PasswordResetToken).where(PasswordResetToken.token_hash == hash_token(token)))
    if reset is None or reset.used_at is not None or reset.expires_at <= utcnow():
        return None
    return reset


def reset_password(token, new_password):
    """Set a new password with a reset token; the token then stops working."""
    reset = valid_reset_token(token)
    if reset is None:
        return None
    reset.used_at = utcnow()
    set_password(reset.user, new_password)
    record("password_reset", reset.user, actor=reset.user)
    return reset.user


def set_password(user, new_password):
    """Change the password and end the user's other sessions."""
    user.password_hash = hash_password(new_password)
    user.session_version = (user.session_version or 1) + 1
    db.session.execute(delete(SignInFailure).where(SignInFailure.email == user.email))


def change_password(user, current_password, new_password):
    """Change the password if ``current_password`` is right. Returns True on success."""
    if not verify_password(user.password_hash, current_password):
        return False
    set_password(user, new_password)
    record("password_changed", user, actor=user)
    return True
