"""Sign-in, throttling, password reset and password change."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select, update

from portal.accounts.models import PasswordResetToken, User, UserSession
from portal.accounts.passwords import hash_password, needs_rehash, verify_password
from portal.audit.services import record
from portal.email.addresses import email_matches, normalise_email
from portal.email.services import external_url, queue_email, render_email
from portal.extensions import db
from portal.ratelimit import clear, hit, refund
from portal.security import Role
from portal.timeutil import utcnow
from portal.tokens import hash_token


def user_by_email(email):
    """The account with ``email`` (any case), or None."""
    return db.session.scalar(select(User).where(email_matches(User.email, email)))


def landing_endpoint(user):
    """Where ``user`` goes after signing in: an unfinished registration's task list, else their account.

    An employer account without an organisation has a registration to finish;
    sending them to "Your account" would leave their saved answers out of reach.
    """
    if user.role == Role.EMPLOYER and user.organisation_id is None:
        return "registration.tasks"
    return "pages.account"


@dataclass
class SignInResult:
    user: User | None = None
    throttled: bool = False


SCOPE = "sign-in"


def _throttles(email, address):
    """The sign-in counters for an attempt, (setting, key): the pair first, then the ceilings."""
    return [
        ("SIGN_IN_LIMIT_PER_ACCOUNT_AND_ADDRESS", f"{email}|{address}"),
        ("SIGN_IN_LIMIT_PER_ACCOUNT", email),
        ("SIGN_IN_LIMIT_PER_ADDRESS", address),
    ]


def clear_account_throttle(email):
    """Let the account's owner try again at once (after a password reset)."""
    clear("SIGN_IN_LIMIT_PER_ACCOUNT", SCOPE, normalise_email(email))


def authenticate(email, password, address):
    """Check a sign-in attempt.

    Every attempt is counted before its password is checked, with an atomic
    increment-and-compare in the shared rate-limit storage (Redis), so parallel
    guesses cannot all slip under the limit. The tight limit is per account and
    address together: a guesser is slowed without locking the owner out from
    elsewhere; the per-account and per-address ceilings are higher. A correct
    password gives its attempt back, so an office's successful sign-ins never
    use up its address's ceiling.

    Attempts are counted whether or not the account exists, the password is
    not checked once throttled, and the answer never says which, so sign-in
    reveals nothing about who has an account.
    """
    email = normalise_email(email)
    pair, *ceilings = _throttles(email, address)
    if not hit(pair[0], SCOPE, pair[1]):
        # Refused before the ceilings count it: one throttled guesser, however
        # persistent, cannot push the account's ceiling up and lock the owner out.
        return SignInResult(throttled=True)
    within = [hit(setting, SCOPE, key) for setting, key in ceilings]
    if not all(within):
        return SignInResult(throttled=True)
    user = user_by_email(email)
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.active:
        return SignInResult()
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_signed_in_at = utcnow()
    clear(pair[0], SCOPE, pair[1])
    for setting, key in ceilings:
        refund(setting, SCOPE, key)
    return SignInResult(user=user)



def request_password_reset(email):
    """E-mail a reset link if the account exists. Returns the raw token, or None.

    An unknown address gets the same work: a token, its hash, its link, the
    e-mail rendered and a token row written (one that belongs to no account and
    opens nothing), so that the time taken, which is mostly the commit of the
    writes, does not tell whether the address has an account.
    """
    user = user_by_email(email)
    found = user is not None and user.active
    lang = user.language if found else "en"
    token = secrets.token_urlsafe(32)
    hours = current_app.config["PASSWORD_RESET_HOURS"]
    context = {"name": user.full_name if found else "", "hours": hours,
               "link": external_url("accounts.reset_password", lang, token=token)}
    retire_reset_tokens(user if found else None)
    db.session.add(PasswordResetToken(user_id=user.id if found else None, token_hash=hash_token(token),
                                      expires_at=utcnow() + timedelta(hours=hours)))
    if not found:
        render_email("password_reset", lang, **context)
        return None
    queue_email(user.email, "password_reset", lang, **context)
    return token


def retire_reset_tokens(user):
    """Stop every outstanding reset link of ``user`` working (a newer one, or a new password).

    ``None`` (an address without an account) runs the same statement for id 0,
    which no user has, so it changes nothing but takes the same time.
    """
    db.session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.user_id == (user.id if user is not None else 0),
               PasswordResetToken.used_at.is_(None))
        .values(used_at=utcnow())
    )


def valid_reset_token(token):
    """The unexpired, unused token record for ``token`` if it is the user's newest, or None."""
    if not token:
        return None
    reset = db.session.scalar(select(PasswordResetToken).where(PasswordResetToken.token_hash == hash_token(token)))
    if reset is None or reset.user_id is None or reset.used_at is not None or reset.expires_at <= utcnow():
        return None
    # Also checked here, not only retired on issue: two requests at once must not leave two live links.
    newest = db.session.scalar(
        select(func.max(PasswordResetToken.id)).where(PasswordResetToken.user_id == reset.user_id)
    )
    if reset.id != newest:
        return None
    return reset


def reset_password(token, new_password):
    """Set a new password with a reset token; the token then stops working."""
    reset = valid_reset_token(token)
    if reset is None:
        return None
    reset.used_at = utcnow()
    set_password(reset.user, new_password)
    # Proof of owning the address: the owner is let in at once, whatever guessers did.
    clear_account_throttle(reset.user.email)
    record("password_reset", reset.user, actor=reset.user)
    return reset.user


def set_password(user, new_password):
    """Change the password, end all the user's sessions and retire their reset links.

    The caller starts a new session where the change was made.
    """
    user.password_hash = hash_password(new_password)
    user.session_version = (user.session_version or 1) + 1
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    retire_reset_tokens(user)


def change_password(user, current_password, new_password):
    """Change the password if ``current_password`` is right. Returns True on success."""
    if not verify_password(user.password_hash, current_password):
        return False
    set_password(user, new_password)
    record("password_changed", user, actor=user)
    return True
