"""Signed-in sessions, recorded on the server.

Flask's session cookie is signed but lives in the browser, so on its own a
copy saved before sign-out would keep working. Each sign-in therefore makes a
:class:`UserSession` row and puts a random key in the cookie; the user loader
accepts the cookie only while that row exists and has neither been idle for
``SESSION_IDLE_MINUTES`` nor lasted ``SESSION_ABSOLUTE_HOURS``. The rows are in
the database, so every app server agrees at once.
"""

import secrets
from datetime import timedelta

from flask import current_app, g, request, session
from flask_login import current_user, login_user, logout_user
from sqlalchemy import delete, select

from portal.accounts.models import User, UserSession
from portal.extensions import db
from portal.timeutil import utcnow
from portal.tokens import hash_token

SESSION_KEY = "session_key"
SIGNED_OUT_REASON = "signed_out_reason"
IDLE, ABSOLUTE = "idle", "absolute"
# Recording activity at most this often keeps most requests free of writes.
TOUCH_EVERY = timedelta(minutes=1)


def start_session(user):
    """Sign ``user`` in on this browser with a new server-side session (committed by the caller)."""
    end_session()
    key = secrets.token_urlsafe(32)
    db.session.add(UserSession(user_id=user.id, token_hash=hash_token(key)))
    session[SESSION_KEY] = key
    session.pop(SIGNED_OUT_REASON, None)
    login_user(user)


def end_session():
    """Sign out this browser and delete its server-side session (committed by the caller).

    Once deleted, a copy of the cookie saved before sign-out stops working.
    """
    key = session.pop(SESSION_KEY, None)
    if key:
        db.session.execute(delete(UserSession).where(UserSession.token_hash == hash_token(key)))
    logout_user()


def _expiry_reason(record, now):
    config = current_app.config
    if record.created_at <= now - timedelta(hours=config["SESSION_ABSOLUTE_HOURS"]):
        return ABSOLUTE
    if record.last_seen_at <= now - timedelta(minutes=config["SESSION_IDLE_MINUTES"]):
        return IDLE
    return None


def load_user(session_id):
    """The user for a session id ``"<id>:<version>"`` with a live server-side session, else None.

    None once the password changed (the version), after sign-out (no row), or
    after the idle or absolute time limit (the row is deleted and the reason kept
    for the sign-in page).
    """
    try:
        user_id, version = (int(part) for part in session_id.split(":", 1))
    except (ValueError, AttributeError):
        return None
    key = session.get(SESSION_KEY)
    if not key:
        return None
    # The user and the server-side session in one statement: this runs on every signed-in request.
    found = db.session.execute(
        select(User, UserSession)
        .join(UserSession, UserSession.user_id == User.id)
        .where(User.id == user_id, UserSession.token_hash == hash_token(key))
    ).first()
    if found is None:
        return None
    user, record = found
    if user.session_version != version:
        return None
    now = utcnow()
    reason = _expiry_reason(record, now)
    if reason:
        db.session.delete(record)
        g.session_expired = reason
        return None
    if record.last_seen_at <= now - TOUCH_EVERY:
        record.last_seen_at = now
    return user


def check_session():
    """Before each request: load the user now, so expiry and activity are saved before the view runs.

    Loading here, first, keeps these writes out of the view's own transaction.
    """
    if request.endpoint == "static":
        return
    current_user._get_current_object()
    reason = g.pop("session_expired", None)
    if reason:
        session.pop(SESSION_KEY, None)
        logout_user()
        session[SIGNED_OUT_REASON] = reason
    if db.session.dirty or db.session.deleted:
        _commit_keeping_what_is_loaded()


def _commit_keeping_what_is_loaded():
    """Commit the session's activity or expiry without expiring the user just loaded.

    The user and session rows were read a moment ago in this request; expiring them
    on commit would only make the view read the user again (one statement more,
    once a minute per user, at random for the query-count tests).
    """
    session_ = db.session()
    previous, session_.expire_on_commit = session_.expire_on_commit, False
    try:
        session_.commit()
    finally:
        session_.expire_on_commit = previous


def signed_out_reason():
    """Why the last session ended by itself (``"idle"`` or ``"absolute"``), once; None otherwise."""
    return session.pop(SIGNED_OUT_REASON, None)
