"""Time helpers: everything is stored in UTC and shown in Europe/London."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def utcnow():
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def today_in_wales():
    """Today's date in Wales (Europe/London), whatever the server's time zone."""
    return utcnow().astimezone(LONDON).date()


def as_utc(value):
    """``value`` as an aware UTC datetime (SQLite hands back naive UTC values)."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)
