"""An organisation's history in one chronological view, built from registered sources.

Each feature registers a source: a function ``(query) -> list[TimelineEntry]``
that reads one kind of record for ``query.organisation_id`` with ONE database
query, so the whole timeline costs a fixed number of queries. The staff
timeline and the employer's own timeline use the same sources; for the
employer (``query.staff`` false) sources leave out staff-internal detail.

A feature adds its records like this (one query, filtered by organisation and
by ``query.bounds()``)::

    @register_source("booking", _l("Bookings and attendance"))
    def booking_entries(query):
        rows = db.session.scalars(select(Booking).where(...).options(selectinload(...)))
        return [TimelineEntry(at=b.created_at, kind="booking", title=...) for b in rows]

and audit actions with :func:`register_audit_action`.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.eligibility.labels import ACTION_LABELS as ELIGIBILITY_ACTION_LABELS
from portal.extensions import db
from portal.i18n import date_filter
from portal.timeutil import LONDON


@dataclass
class TimelineEntry:
    at: datetime
    kind: str
    title: str
    detail: str | None = None
    # Shown to staff only (e.g. an adviser's notes).
    internal_detail: str | None = None
    who: str | None = None
    # Short facts shown under the title, e.g. a duration or follow-up date.
    facts: list = field(default_factory=list)
    # An action on the entry for staff, e.g. setting a follow-up: (url, text, hidden context).
    action: tuple | None = None


@dataclass
class TimelineQuery:
    organisation_id: int
    staff: bool = True
    start: object = None  # a date, inclusive
    end: object = None  # a date, inclusive

    def bounds(self):
        """(from, to) as aware datetimes, either None."""
        start = datetime.combine(self.start, time.min, tzinfo=LONDON) if self.start else None
        end = datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=LONDON) if self.end else None
        return start, end


@dataclass
class Source:
    kind: str
    label: object
    fetch: object
    employer_visible: bool = True


_SOURCES = {}


def register_source(kind, label, employer_visible=True):
    """Decorator: register ``fetch(query)`` as the timeline source for ``kind``.

    ``label`` (lazily translated) names the kind in the timeline's filter.
    Registering the same kind again replaces the earlier source.
    """

    def decorator(fetch):
        _SOURCES[kind] = Source(kind, label, fetch, employer_visible)
        return fetch

    return decorator


def sources(staff=True):
    return [s for s in _SOURCES.values() if staff or s.employer_visible]


def timeline(query, kinds=None):
    """Entries from every registered source (or only ``kinds``), newest first."""
    entries = []
    for source in sources(query.staff):
        if kinds and source.kind not in kinds:
            continue
        entries.extend(source.fetch(query))
    return sorted(entries, key=lambda e: e.at, reverse=True)


def _between(query, column, statement):
    start, end = query.bounds()
    if start is not None:
        statement = statement.where(column >= start)
    if end is not None:
        statement = statement.where(column < end)
    return statement


# --- the sources this package provides ------------------------------------------------


@register_source("engagement", _l("Engagements"))
def engagement_entries(query):
    from portal.engagement.labels import engagement_type_label
    from portal.engagement.models import Engagement

    statement = (
        select(Engagement)
        .where(Engagement.organisation_id == query.organisation_id)
        .options(selectinload(Engagement.adviser))
    )
    if query.start:
        statement = statement.where(Engagement.occurred_on >= query.start)
    if query.end:
        statement = statement.where(Engagement.occurred_on <= query.end)
    entries = []
    for engagement in db.session.scalars(statement):
        entry = TimelineEntry(
            at=datetime.combine(engagement.occurred_on, time(12, 0), tzinfo=LONDON),
            kind="engagement",
            title=engagement_type_label(engagement.type),
        )
        if query.staff:
            entry.who = engagement.adviser.full_name if engagement.adviser else None
            entry.detail = engagement.outcome
            entry.internal_detail = engagement.notes
            if engagement.duration_minutes:
                entry.facts.append(ngettext("%(num)s minute", "%(num)s minutes", engagement.duration_minutes))
            if engagement.follow_up_on and engagement.follow_up_done_at is None:
                entry.facts.append(_("Follow up by %(date)s", date=date_filter(engagement.follow_up_on)))
            entry.action = (url_for("engagement.follow_up", engagement_id=engagement.id), _("Set a follow-up date"),
                            _("for %(what)s on %(date)s", what=entry.title, date=date_filter(engagement.occurred_on)))
        entries.append(entry)
    return entries


@register_source("intervention", _l("Interventions"))
def intervention_entries(query):
    from portal.programme.labels import intervention_kind_label
    from portal.programme.models import Intervention, ProgrammeCycle

    statement = _between(
        query, Intervention.occurred_at,
        select(Intervention, ProgrammeCycle.number).join(ProgrammeCycle, ProgrammeCycle.id == Intervention.cycle_id)
        .where(Intervention.organisation_id == query.organisation_id),
    )
    return [
        TimelineEntry(
            at=intervention.occurred_at,
            kind="intervention",
            title=_("Intervention counted: %(kind)s", kind=intervention_kind_label(intervention.kind)),
            detail=_("Programme %(number)s", number=number),
        )
        for intervention, number in db.session.execute(statement)
    ]


# Audit actions shown on the timeline: (label, shown to the employer). Other
# features add theirs with register_audit_action.
_AUDIT_ACTIONS = {}


def register_audit_action(action, label, employer_visible=False):
    """Show audit events with ``action`` on the timeline, labelled ``label``."""
    _AUDIT_ACTIONS[action] = (label, employer_visible)


register_audit_action("programme_whp_implemented", _l("Workplace health programme implemented"), True)
register_audit_action("programme_whp_withdrawn", _l("Workplace health programme no longer complete"), True)
register_audit_action("programme_cycle_started", _l("New programme started"), True)
register_audit_action("equality_strategy_recorded",
                      _l("Equality and diversity strategy adopted or improved"), True)
register_audit_action("caseload_assigned", _l("Adviser assigned"))
register_audit_action("outcome_follow_up_sent", _l("Outcome follow-up sent"), True)
register_audit_action("outcome_follow_up_answered", _l("Outcome follow-up answered"), True)
register_audit_action("outcome_follow_up_no_response", _l("Outcome follow-up closed with no response"))
# Registration and eligibility decisions, labelled as the eligibility pages label them.
_EMPLOYER_VISIBLE_ELIGIBILITY = {
    "organisation_registered", "eligibility_declared", "evidence_uploaded", "evidence_recorded",
    "eligibility_approved", "eligibility_more_info", "eligibility_refused", "eligibility_exception",
    "organisations_merged",
}
for _action, _label in ELIGIBILITY_ACTION_LABELS.items():
    register_audit_action(_action, _label, _action in _EMPLOYER_VISIBLE_ELIGIBILITY)


@register_source("record", _l("Decisions and status changes"))
def audit_entries(query):
    from portal.audit.models import AuditEvent

    actions = [a for a, (_label, employer) in _AUDIT_ACTIONS.items() if query.staff or employer]
    statement = _between(
        query, AuditEvent.at,
        select(AuditEvent)
        .where(AuditEvent.organisation_id == query.organisation_id, AuditEvent.action.in_(actions))
        .options(selectinload(AuditEvent.actor)),
    )
    entries = []
    for event in db.session.scalars(statement):
        entry = TimelineEntry(at=event.at, kind="record", title=str(_AUDIT_ACTIONS[event.action][0]))
        if query.staff:
            entry.who = event.actor.full_name if event.actor else None
        entries.append(entry)
    return entries


# --- bookings and workplace visits ------------------------------------------------------


@register_source("booking", _l("Bookings and attendance"))
def booking_entries(query):
    from portal.bookings.models import ATTENDED, CANCELLED, DID_NOT_ATTEND, WAITING, Booking
    from portal.i18n import current_lang

    statement = _between(
        query, Booking.created_at,
        select(Booking).where(Booking.organisation_id == query.organisation_id).options(selectinload(Booking.event)),
    )
    entries = []
    for booking in db.session.scalars(statement):
        event = booking.event.text("title", current_lang())
        if booking.attendance == ATTENDED:
            title = _("Attended: %(event)s", event=event)
        elif booking.attendance == DID_NOT_ATTEND:
            title = _("Did not attend: %(event)s", event=event)
        elif booking.status == CANCELLED:
            title = _("Booking cancelled: %(event)s", event=event)
        elif booking.status == WAITING:
            title = _("On the waiting list: %(event)s", event=event)
        else:
            title = _("Booked: %(event)s", event=event)
        entries.append(TimelineEntry(at=booking.created_at, kind="booking", title=title, who=booking.name))
    return entries


@register_source("visit", _l("Workplace visits"))
def visit_entries(query):
    from portal.visits.models import VisitRequest
    from portal.visits.services import STATUS_LABELS, VISIT_TYPES

    statement = _between(
        query, VisitRequest.created_at,
        select(VisitRequest).where(VisitRequest.organisation_id == query.organisation_id),
    )
    return [
        TimelineEntry(
            at=visit.created_at,
            kind="visit",
            title=_("Workplace visit: %(type)s", type=VISIT_TYPES.get(visit.visit_type, visit.visit_type)),
            detail=str(STATUS_LABELS.get(visit.status, visit.status)),
            internal_detail=visit.staff_message or None,
        )
        for visit in db.session.scalars(statement)
    ]
