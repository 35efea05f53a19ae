"""Time helpers: everything is stored in UTC and shown in Europe/London."""

import calendar
from datetime import UTC, date, datetime
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


def add_months(day, months):
    """``day`` moved by ``months`` calendar months, clamped to the month's end."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
