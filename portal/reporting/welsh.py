"""Welsh-language demand and supply for a reporting period (issue 15 item 4).

Demand: organisations engaged in the period by the language they chose for
training and visits, and attendees with a place by the language of their
e-mails. Supply: places offered and taken on Welsh and on bilingual events, by
topic and by area. And how quickly Welsh-language visit requests got a date.

Every figure is one aggregate statement over the same conditions its drill-down
list uses (:func:`drill_down`), so a figure always equals the rows behind it;
the page runs a fixed number of statements whatever the data size.
"""

from dataclasses import dataclass, field
from statistics import median

from flask_babel import gettext as _
from sqlalchemy import String, and_, cast, func, literal, select

from portal.bookings.models import Booking, BookingStatus
from portal.events.models import Event, EventStatus
from portal.events.topics import DELIVERY_LANGUAGES, TOPICS
from portal.extensions import db
from portal.i18n import LANGUAGE_CHOICES
from portal.organisations.models import Organisation
from portal.reference.services import local_authorities
from portal.reporting.services import report_rows
from portal.timeutil import as_utc
from portal.visits.models import VisitRequest

PER_PAGE = 50
# Training and visits language choices (support_language), Welsh first.
SUPPORT_CHOICES = ("cy", "either", "en")
ATTENDEE_CHOICES = ("cy", "en")
# Event languages that offer support in Welsh.
WELSH_SUPPLY = ("cy", "bilingual")
VISIT_STATES = ("requested", "scheduled", "waiting")
FIGURES = ("organisations", "attendees", "places", "visits")
ONLINE = "online"


@dataclass(frozen=True)
class WelshFilters:
    """What a Welsh-language figure or list is narrowed to."""

    period: object
    partner_id: int | None = None
    figure: str | None = None
    choice: str | None = None  # organisations / attendees: the language chosen
    language: str | None = None  # places: cy or bilingual
    topic: str | None = None
    area: str | None = None  # places: a local authority id, or "online"
    state: str | None = None  # visits: requested, scheduled or waiting
    page: int = 1

    def args(self, **changes):
        """Query-string arguments reproducing these filters, with ``changes``."""
        values = {
            "period": self.period.id,
            "partner": self.partner_id,
            "figure": self.figure,
            "choice": self.choice,
            "language": self.language,
            "topic": self.topic,
            "area": self.area,
            "state": self.state,
        }
        values.update(changes)
        return {k: v for k, v in values.items() if v is not None}


# --- the statements every figure and list share ------------------------------------------


def _organisations(filters):
    """Engaged organisations in the period with their training-and-visits language (a subquery)."""
    rows = report_rows(filters.period, filters.partner_id)
    return (
        select(
            rows.c.organisation_id,
            rows.c.name,
            rows.c.reference,
            rows.c.partner_id,
            func.coalesce(Organisation.support_language, "either").label("choice"),
        )
        .join(Organisation, Organisation.id == rows.c.organisation_id)
        .where(rows.c.engaged == literal(True))
        .subquery("welsh_organisations")
    )


def _attendee_language():
    # The attendee's own language for e-mails, else their organisation's correspondence language.
    return func.coalesce(Booking.language, Organisation.correspondence_language, "en")


def _in_period(filters, column):
    return and_(column >= filters.period.start, column < filters.period.end)


def _partner(filters, column):
    return column == filters.partner_id if filters.partner_id is not None else literal(True)


def _attendees(filters):
    """Places held (confirmed) on events starting in the period, with the attendee's language."""
    return (
        select(
            Booking.id.label("booking_id"),
            Booking.name,
            Event.id.label("event_id"),
            Event.title_en,
            Event.title_cy,
            Event.starts_at,
            Event.partner_id,
            Organisation.name.label("organisation"),
            Organisation.reference,
            _attendee_language().label("choice"),
        )
        .join(Event, Event.id == Booking.event_id)
        .join(Organisation, Organisation.id == Booking.organisation_id)
        .where(
            Booking.status == BookingStatus.CONFIRMED,
            Event.status == EventStatus.SCHEDULED,
            _in_period(filters, Event.starts_at),
            _partner(filters, Event.partner_id),
        )
        .subquery("welsh_attendees")
    )


def _events(filters):
    """Welsh and bilingual events starting in the period (not cancelled), with places offered and taken."""
    taken = (
        select(Booking.event_id, func.count(Booking.id).label("taken"))
        .where(Booking.status == BookingStatus.CONFIRMED)
        .group_by(Booking.event_id)
        .subquery()
    )
    area = func.coalesce(cast(Event.local_authority_id, String), ONLINE)
    return (
        select(
            Event.id.label("event_id"),
            Event.title_en,
            Event.title_cy,
            Event.starts_at,
            Event.partner_id,
            Event.language,
            Event.topic,
            area.label("area"),
            Event.capacity.label("offered"),
            func.coalesce(taken.c.taken, 0).label("taken"),
        )
        .outerjoin(taken, taken.c.event_id == Event.id)
        .where(
            Event.language.in_(WELSH_SUPPLY),
            Event.status == EventStatus.SCHEDULED,
            _in_period(filters, Event.starts_at),
            _partner(filters, Event.partner_id),
        )
        .subquery("welsh_events")
    )


def _visits(filters):
    """Welsh-language visit requests made in the period, with when they first got a date."""
    return (
        select(
            VisitRequest.id.label("visit_id"),
            VisitRequest.created_at,
            VisitRequest.first_scheduled_at,
            VisitRequest.visit_type,
            Organisation.name.label("organisation"),
            Organisation.reference,
            Organisation.partner_id,
        )
        .join(Organisation, Organisation.id == VisitRequest.organisation_id)
        .where(
            VisitRequest.language == "cy",
            _in_period(filters, VisitRequest.created_at),
            _partner(filters, Organisation.partner_id),
        )
        .subquery("welsh_visits")
    )


def _visit_state(visits, state):
    if state == "scheduled":
        return visits.c.first_scheduled_at.is_not(None)
    if state == "waiting":
        return visits.c.first_scheduled_at.is_(None)
    return literal(True)


def days_to_schedule(created_at, first_scheduled_at):
    """Whole days (to one decimal) from a request to its first date, or None while it waits."""
    if first_scheduled_at is None:
        return None
    return round((as_utc(first_scheduled_at) - as_utc(created_at)).total_seconds() / 86400, 1)


# --- the figures ---------------------------------------------------------------------------


@dataclass
class PartnerFigures:
    """One partner's Welsh-language figures (or everyone's, with ``partner_id`` None)."""

    partner_id: int | None
    organisations: dict = field(default_factory=lambda: dict.fromkeys(SUPPORT_CHOICES, 0))
    attendees: dict = field(default_factory=lambda: dict.fromkeys(ATTENDEE_CHOICES, 0))
    # {language: {"offered": n, "taken": n}}
    places: dict = field(default_factory=lambda: {lang: {"offered": 0, "taken": 0} for lang in WELSH_SUPPLY})
    visits: dict = field(default_factory=lambda: dict.fromkeys(VISIT_STATES, 0))
    days: list = field(default_factory=list)

    @property
    def median_days(self):
        return median(self.days) if self.days else None

    @property
    def longest_days(self):
        return max(self.days) if self.days else None


@dataclass
class WelshReport:
    """Everything the Welsh-language page shows."""

    total: PartnerFigures
    partners: dict  # {partner_id: PartnerFigures}, for administrators looking at every partner
    by_topic: dict  # {topic: {language: {"offered", "taken"}}}
    by_area: dict  # {area: {language: {"offered", "taken"}}}


def _figures_for(report, partner_id):
    if partner_id not in report.partners:
        report.partners[partner_id] = PartnerFigures(partner_id)
    return report.partners[partner_id]


def _add_places(table, key, language, offered, taken):
    cell = table.setdefault(key, {lang: {"offered": 0, "taken": 0} for lang in WELSH_SUPPLY})[language]
    cell["offered"] += offered
    cell["taken"] += taken


def welsh_report(filters):
    """The figures for ``filters.period`` and partner: four statements whatever the data size."""
    report = WelshReport(total=PartnerFigures(filters.partner_id), partners={}, by_topic={}, by_area={})
    organisations = _organisations(filters)
    for partner_id, choice, n in db.session.execute(
        select(organisations.c.partner_id, organisations.c.choice, func.count()).group_by(
            organisations.c.partner_id, organisations.c.choice
        )
    ):
        choice = choice if choice in SUPPORT_CHOICES else "either"
        report.total.organisations[choice] += n
        _figures_for(report, partner_id).organisations[choice] += n
    attendees = _attendees(filters)
    for partner_id, choice, n in db.session.execute(
        select(attendees.c.partner_id, attendees.c.choice, func.count()).group_by(
            attendees.c.partner_id, attendees.c.choice
        )
    ):
        choice = choice if choice in ATTENDEE_CHOICES else "en"
        report.total.attendees[choice] += n
        _figures_for(report, partner_id).attendees[choice] += n
    events = _events(filters)
    for partner_id, language, topic, area, offered, taken in db.session.execute(
        select(
            events.c.partner_id,
            events.c.language,
            events.c.topic,
            events.c.area,
            func.sum(events.c.offered),
            func.sum(events.c.taken),
        ).group_by(events.c.partner_id, events.c.language, events.c.topic, events.c.area)
    ):
        offered, taken = int(offered or 0), int(taken or 0)
        for figures in (report.total, _figures_for(report, partner_id)):
            figures.places[language]["offered"] += offered
            figures.places[language]["taken"] += taken
        _add_places(report.by_topic, topic, language, offered, taken)
        _add_places(report.by_area, area, language, offered, taken)
    visits = _visits(filters)
    for partner_id, created_at, first_scheduled_at in db.session.execute(
        select(visits.c.partner_id, visits.c.created_at, visits.c.first_scheduled_at)
    ):
        days = days_to_schedule(created_at, first_scheduled_at)
        state = "waiting" if days is None else "scheduled"
        for figures in (report.total, _figures_for(report, partner_id)):
            figures.visits["requested"] += 1
            figures.visits[state] += 1
            if days is not None:
                figures.days.append(days)
    return report


# --- the drill-down lists ------------------------------------------------------------------


def _list_statement(filters):
    """The rows behind one figure, and the columns to order them by; None for an unknown figure."""
    if filters.figure == "organisations" and filters.choice in SUPPORT_CHOICES:
        rows = _organisations(filters)
        return select(rows).where(rows.c.choice == filters.choice), (rows.c.name, rows.c.organisation_id)
    if filters.figure == "attendees" and filters.choice in ATTENDEE_CHOICES:
        rows = _attendees(filters)
        return select(rows).where(rows.c.choice == filters.choice), (rows.c.starts_at, rows.c.booking_id)
    if filters.figure == "places" and filters.language in WELSH_SUPPLY:
        rows = _events(filters)
        conditions = [rows.c.language == filters.language]
        if filters.topic:
            conditions.append(rows.c.topic == filters.topic)
        if filters.area:
            conditions.append(rows.c.area == filters.area)
        return select(rows).where(*conditions), (rows.c.starts_at, rows.c.event_id)
    if filters.figure == "visits" and filters.state in VISIT_STATES:
        rows = _visits(filters)
        return select(rows).where(_visit_state(rows, filters.state)), (rows.c.created_at, rows.c.visit_id)
    return None


def drill_down(filters, per_page=PER_PAGE):
    """One page of the rows behind a figure, how many there are, and (places) their sums: three statements.

    Returns ``(rows, total, sums)`` with ``sums`` {"offered", "taken"} for places
    (else None), or None when the filters name no figure.
    """
    found = _list_statement(filters)
    if found is None:
        return None
    statement, order = found
    listed = statement.subquery()
    total = db.session.scalar(select(func.count()).select_from(listed))
    sums = None
    if filters.figure == "places":
        offered, taken = db.session.execute(
            select(func.coalesce(func.sum(listed.c.offered), 0), func.coalesce(func.sum(listed.c.taken), 0))
        ).one()
        sums = {"offered": int(offered), "taken": int(taken)}
    rows = db.session.execute(
        statement.order_by(*order).limit(per_page).offset((max(filters.page, 1) - 1) * per_page)
    ).all()
    return rows, total, sums


# --- words and the export ------------------------------------------------------------------


def labels(all_partners, lang):
    """Words for every code the page and the export show, in the page's language."""
    areas = {str(a.id): (a.name_cy if lang == "cy" else a.name_en) for a in local_authorities()}
    areas[ONLINE] = _("Online")
    return {
        "choices": {code: str(words) for code, words in LANGUAGE_CHOICES.items()},
        "supply": {code: str(DELIVERY_LANGUAGES[code]) for code in WELSH_SUPPLY},
        "topics": {code: str(words) for code, words in TOPICS.items()},
        "areas": areas,
        "partners": {p.id: p.name for p in all_partners} | {None: _("No delivery partner")},
    }


def list_heading(filters, labels):
    """The heading of a drill-down list, in the page's language."""
    if filters.figure == "organisations":
        return {
            "cy": _("Organisations engaged that chose Welsh for training and visits"),
            "either": _("Organisations engaged that chose either Welsh or English for training and visits"),
            "en": _("Organisations engaged that chose English for training and visits"),
        }[filters.choice]
    if filters.figure == "attendees":
        return {
            "cy": _("Attendees with a place whose emails are in Welsh"),
            "en": _("Attendees with a place whose emails are in English"),
        }[filters.choice]
    if filters.figure == "places":
        return {
            "cy": _("Welsh events: places offered and taken"),
            "bilingual": _("Bilingual events: places offered and taken"),
        }[filters.language]
    return {
        "requested": _("Welsh-language visit requests"),
        "scheduled": _("Welsh-language visit requests given a date"),
        "waiting": _("Welsh-language visit requests still waiting for a date"),
    }[filters.state]


def ordered(table, names):
    """``table``'s (key, value) pairs in the order of their names (as the page lists them)."""
    return sorted(table.items(), key=lambda item: str(names.get(item[0], item[0] or "")))


def place_labels():
    """{(event language, "offered" or "taken"): words}, each its own whole string."""
    return {
        ("cy", "offered"): _("Welsh places offered"),
        ("cy", "taken"): _("Welsh places taken"),
        ("bilingual", "offered"): _("Bilingual places offered"),
        ("bilingual", "taken"): _("Bilingual places taken"),
    }


def figures_table(data, filters, labels, lang, scope, per_partner=False):
    """The page's figures as rows (Figure, Breakdown, Item, Number): what the export holds."""
    period = filters.period
    yield [_("Period"), period.name_in(lang), "", ""]
    yield [_("Delivery partner"), scope, "", ""]
    yield []
    yield [_("Figure"), _("Breakdown"), _("Item"), _("Number")]
    parts = [(_("All"), data.total)]
    if per_partner and filters.partner_id is None:
        parts += [
            (labels["partners"].get(pid, ""), figures)
            for pid, figures in sorted(data.partners.items(), key=lambda item: str(labels["partners"].get(item[0], "")))
        ]
    for breakdown, figures in parts:
        for code in SUPPORT_CHOICES:
            yield [
                _("Organisations engaged, by language for training and visits"),
                breakdown,
                labels["choices"][code],
                figures.organisations[code],
            ]
        for code in ATTENDEE_CHOICES:
            yield [
                _("Attendees with a place, by language of their emails"),
                breakdown,
                labels["choices"][code],
                figures.attendees[code],
            ]
        for code in WELSH_SUPPLY:
            yield [_("Places offered"), breakdown, labels["supply"][code], figures.places[code]["offered"]]
            yield [_("Places taken"), breakdown, labels["supply"][code], figures.places[code]["taken"]]
        for state in VISIT_STATES:
            yield [_("Welsh-language visit requests"), breakdown, visit_state_label(state), figures.visits[state]]
        yield [_("Days from a Welsh-language visit request to its date"), breakdown, _("Median"), figures.median_days]
        yield [_("Days from a Welsh-language visit request to its date"), breakdown, _("Longest"), figures.longest_days]
    words = place_labels()
    for title, table, names in (
        (_("Places by topic"), data.by_topic, labels["topics"]),
        (_("Places by area"), data.by_area, labels["areas"]),
    ):
        for key in sorted(table, key=lambda k: str(names.get(k, k))):
            for code in WELSH_SUPPLY:
                for measure in ("offered", "taken"):
                    yield [title, names.get(key, key), words[(code, measure)], table[key][code][measure]]


def visit_state_label(state):
    """A visit request state of the Welsh-language report in words."""
    return {"requested": _("Requested"), "scheduled": _("Given a date"), "waiting": _("Waiting for a date")}[state]
