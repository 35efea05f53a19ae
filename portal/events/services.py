"""Catalogue queries, staff event management and calendar files."""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import abort, url_for
from flask_babel import force_locale, gettext
from icalendar import Calendar
from icalendar import Event as CalendarEvent
from sqlalchemy import false, func, or_, select
from sqlalchemy.orm import selectinload

from portal.audit.services import record
from portal.events.models import Event, EventSession, EventStatus
from portal.events.topics import KINDS
from portal.extensions import db
from portal.i18n import BABEL_LOCALES, in_page_order
from portal.pages.highlights import Highlight, register_upcoming
from portal.paging import parse_int
from portal.reference.models import LocalAuthority, partner_authorities
from portal.reference.services import local_authorities, partners
from portal.scoping import manage_scope
from portal.timeutil import LONDON, utcnow

PER_PAGE = 20
LINK = re.compile(r"https?://[^\s<>\"']+")


@dataclass
class CatalogueFilters:
    kind: str | None = None
    topic: str | None = None
    language: str | None = None
    mode: str | None = None  # "online" or "in_person"
    date_from: object = None  # a date, London time
    # A local authority id, or "region-<partner id>" for the area a delivery partner covers.
    area: str | None = None


REGION = "region-"


def area_choices():
    """(value, label) for the area filter: each delivery partner's region and each local authority,
    one list in the page's alphabet (a region's label says it is a partner's area)."""
    regions = [p for p in partners() if p.active]
    region_ids = {id(p) for p in regions}
    areas = in_page_order(regions + list(local_authorities()))
    return [(f"{REGION}{a.id}" if id(a) in region_ids else str(a.id), a.name) for a in areas]


def _area_authorities(area):
    """The local authority ids an ``area`` value stands for (none for an unknown value)."""
    if area.startswith(REGION):
        partner_id = parse_int(area.removeprefix(REGION))
        return select(partner_authorities.c.local_authority_id).where(
            partner_authorities.c.partner_id == partner_id if partner_id is not None else false()
        )
    authority_id = parse_int(area)
    return select(LocalAuthority.id).where(LocalAuthority.id == authority_id if authority_id is not None else false())


def _filtered(filters, now):
    query = select(Event).where(Event.status == EventStatus.SCHEDULED, Event.starts_at >= now)
    if filters.kind:
        query = query.where(Event.kind == filters.kind)
    if filters.topic:
        query = query.where(Event.topic == filters.topic)
    if filters.language in ("cy", "en"):
        # A bilingual event is as much a Welsh one as an English one.
        query = query.where(Event.language.in_([filters.language, "bilingual"]))
    elif filters.language:
        query = query.where(Event.language == filters.language)
    if filters.area:
        query = query.where(or_(Event.online.is_(True), Event.local_authority_id.in_(_area_authorities(filters.area))))
    if filters.mode == "online":
        query = query.where(Event.online.is_(True))
    elif filters.mode == "in_person":
        query = query.where(Event.online.is_(False))
    if filters.date_from:
        start = datetime.combine(filters.date_from, datetime.min.time(), tzinfo=LONDON).astimezone(UTC)
        query = query.where(Event.starts_at >= start)
    return query


def catalogue_page(filters, page=1, per_page=PER_PAGE, now=None):
    """One page of upcoming events matching ``filters``, soonest first, and the total.

    Three queries whatever the size of the catalogue (the count, the page, its
    sessions): places left are kept on the event row, so no bookings are counted here.
    """
    now = now or utcnow()
    query = _filtered(filters, now)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    events = db.session.scalars(
        query.options(selectinload(Event.sessions))
        .order_by(Event.starts_at, Event.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return events, total


@register_upcoming
def upcoming_events(limit, lang, now=None):
    """The next ``limit`` scheduled events for the start page: one query, whatever the catalogue's size."""
    events = db.session.scalars(
        _filtered(CatalogueFilters(), now or utcnow()).order_by(Event.starts_at, Event.id).limit(limit)
    ).all()
    return [
        Highlight(
            title=e.text("title", lang),
            url=url_for("events.detail", event_id=e.id),
            starts_at=e.starts_at,
            kind=str(KINDS[e.kind]),
        )
        for e in events
    ]


def get_event(event_id):
    """A scheduled or cancelled event anyone signed in may look at, or 404."""
    event = db.session.scalar(select(Event).where(Event.id == event_id).options(selectinload(Event.sessions)))
    if event is None:
        abort(404)
    return event


def staff_events_query(user):
    """Events staff may manage: their own partner's (administrators: all)."""
    return select(Event).where(manage_scope(user, Event.partner_id))


def get_staff_event(user, event_id):
    """An event ``user`` may manage, or 404 (another partner's event is not found)."""
    event = db.session.scalar(
        staff_events_query(user).where(Event.id == event_id).options(selectinload(Event.sessions))
    )
    if event is None:
        abort(404)
    return event


def staff_event_list(user, page=1, per_page=PER_PAGE):
    query = staff_events_query(user)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    events = db.session.scalars(
        query.order_by(Event.starts_at.desc(), Event.id.desc()).limit(per_page).offset((page - 1) * per_page)
    ).all()
    return events, total


def london_datetime(day, clock):
    """A London wall-clock date and time as aware UTC (right either side of a clock change)."""
    return datetime.combine(day, clock, tzinfo=LONDON).astimezone(UTC)


def session_times(first_day, start, end, count, weeks_between=1):
    """(start, end) in UTC for ``count`` sessions at the same London time, a set number of weeks apart."""
    times = []
    for number in range(count):
        day = first_day + timedelta(weeks=number * weeks_between)
        times.append((london_datetime(day, start), london_datetime(day, end)))
    return times


FIELDS = (
    "kind",
    "topic",
    "title_en",
    "title_cy",
    "description_en",
    "description_cy",
    "joining_details_en",
    "joining_details_cy",
    "language",
    "online",
    "venue",
    "town",
    "local_authority_id",
    "capacity",
    "per_organisation_limit",
)


def save_event(user, values, times, deadline, event=None):
    """Create ``event`` (or update it) from form ``values`` and session ``times``."""
    creating = event is None
    if creating:
        event = Event(partner_id=user.partner_id, status=EventStatus.SCHEDULED, places_taken=0, booking_sequence=0)
        db.session.add(event)
    for name in FIELDS:
        setattr(event, name, values[name])
    event.booking_deadline = deadline
    event.sessions = [EventSession(starts_at=s, ends_at=e) for s, e in times]
    event.starts_at = times[0][0]
    event.ends_at = times[-1][1]
    db.session.flush()
    record("event.created" if creating else "event.updated", event, title=event.title_en)
    return event


def copy_values(event):
    """Form values for a new event copied from ``event`` (dates are chosen afresh)."""
    return {name: getattr(event, name) for name in FIELDS}


def reason_details(reasons):
    """Audit details for a reason written per language: ``reason``, plus ``reason_cy`` when both were written."""
    if len(set(reasons.values())) > 1:
        return {"reason": reasons["en"], "reason_cy": reasons["cy"]}
    return {"reason": next(iter(reasons.values()), "")}


def mark_cancelled(event, reasons):
    """The event is off; ``reasons`` ({lang: text}) is what its page and everyone told show."""
    event.status = EventStatus.CANCELLED
    event.cancel_reason = reasons.get("en") or reasons.get("cy")
    event.cancel_reason_cy = reasons.get("cy") or reasons.get("en")
    record("event.cancelled", event, **reason_details(reasons))


def first_link(text):
    """The first web address in ``text``, or None."""
    match = LINK.search(text or "")
    return match.group(0).rstrip(".,);") if match else None


def calendar_file(event, lang, uid_prefix="booking", joining=False):
    """An .ics calendar (text) for ``event`` with one entry per session, times in Europe/London.

    With ``joining`` (for someone holding a confirmed place) the joining details go
    in each entry, and an online event's joining link becomes its location and URL,
    so the calendar opens the meeting.
    """
    calendar = Calendar()
    calendar.add("prodid", "-//Healthy Working Wales//Cymru Iach ar Waith//")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    title = event.text("title", lang)
    location = ", ".join(part for part in (event.venue, event.town) if part) if not event.online else ""
    description = event.text("description", lang)
    details = event.text("joining_details", lang) if joining else ""
    link = first_link(details)
    if details:
        with force_locale(BABEL_LOCALES.get(lang, "en_GB")):
            description = f"{description}\n\n{gettext('How to join:')}\n{details}"
    if event.online and link:
        location = link
    for number, session in enumerate(event.sessions or [], start=1):
        entry = CalendarEvent()
        entry.add("uid", f"{uid_prefix}-{event.id}-{number}@healthyworking.wales")
        entry.add("summary", title)
        entry.add("dtstart", session.starts_at.astimezone(LONDON))
        entry.add("dtend", session.ends_at.astimezone(LONDON))
        entry.add("dtstamp", utcnow())
        entry.add("description", description)
        if location:
            entry.add("location", location)
        if link:
            entry.add("url", link)
        if event.cancelled:
            entry.add("status", "CANCELLED")
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical().decode("utf-8")
