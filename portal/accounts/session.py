"""Flask-Login's user loader."""

from portal.accounts.models import User
from portal.extensions import db


def load_user(session_id):
    """The user for a session id ``"<id>:<version>"``; None once the password changed."""
    try:
        user_id, version = (int(part) for part in session_id.split(":", 1))
    except (ValueError, AttributeError):
        return None
    user = db.session.get(User, user_id)
    if user is None or user.session_version != version:
        return None
    return user
