"""An organisation's history in one chronological view, built from registered sources.

This registry sits in the core so that no feature has to know the others:
each feature registers its own source (``portal/<feature>/hooks.py``, imported
with the feature's blueprint) and the timeline pages only ask the registry.

Each feature registers a source: a function ``(query) -> list[TimelineEntry]``
that reads one kind of record for ``query.organisation_id`` with ONE database
query, so the whole timeline costs a fixed number of queries. The staff
timeline and the employer's own timeline use the same sources; for the
employer (``query.staff`` false) sources leave out staff-internal detail.

A feature adds its records like this (one query, filtered by organisation and
by ``query.bounds()``)::

    @register_source("booking", _l("Bookings and attendance"), order=40)
    def booking_entries(query):
        rows = db.session.scalars(select(Booking).where(...).options(selectinload(...)))
        return [TimelineEntry(at=b.created_at, kind="booking", title=...) for b in rows]

and audit actions with :func:`register_audit_action`.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.audit.labels import action_label, register_action
from portal.audit.models import AuditEvent, RecordCorrection
from portal.extensions import db
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
    # Correcting or voiding the record, for staff: (url, text, hidden context).
    correction: tuple | None = None
    # A voided record stays on the staff timeline, marked, with the reason.
    voided: bool = False
    void_reason: str | None = None


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
    # Where the kind comes in the timeline's filter (lowest first), whatever
    # order the features happen to be imported in.
    order: int = 100


_SOURCES = {}


def register_source(kind, label, employer_visible=True, order=100):
    """Decorator: register ``fetch(query)`` as the timeline source for ``kind``.

    ``label`` (lazily translated) names the kind in the timeline's filter,
    ``order`` places it there. Registering the same kind again replaces the
    earlier source.
    """

    def decorator(fetch):
        _SOURCES[kind] = Source(kind, label, fetch, employer_visible, order)
        return fetch

    return decorator


def sources(staff=True):
    """The registered sources ``staff`` (or the employer) may see, in filter order."""
    return sorted((s for s in _SOURCES.values() if staff or s.employer_visible), key=lambda s: s.order)


def timeline(query, kinds=None):
    """Entries from every registered source (or only ``kinds``), newest first."""
    entries = []
    for source in sources(query.staff):
        if kinds and source.kind not in kinds:
            continue
        entries.extend(source.fetch(query))
    return sorted(entries, key=lambda e: e.at, reverse=True)


def between(query, column, statement):
    """``statement`` limited to rows whose ``column`` falls within ``query``'s dates."""
    start, end = query.bounds()
    if start is not None:
        statement = statement.where(column >= start)
    if end is not None:
        statement = statement.where(column < end)
    return statement


# --- decisions and status changes, from the audit trail ---------------------------------

# Audit actions shown on the timeline: (label, shown to the employer). Each
# feature adds its own with register_audit_action.
_AUDIT_ACTIONS = {}


def register_audit_action(action, label, employer_visible=False):
    """Show audit events with ``action`` on the timeline, labelled ``label``.

    The words go into the audit trail's one registry of action words
    (:mod:`portal.audit.labels`), so the audit log says the same.
    """
    register_action(action, label)
    _AUDIT_ACTIONS[action] = (label, employer_visible)


@register_source("record", _l("Decisions and status changes"), order=30)
def audit_entries(query):
    """Audit events of the organisation whose action a feature registered."""
    actions = [a for a, (_label, employer) in _AUDIT_ACTIONS.items() if query.staff or employer]
    voided = (
        select(RecordCorrection.id)
        .where(RecordCorrection.target_type == AuditEvent.target_type,
               RecordCorrection.target_id == AuditEvent.target_id, RecordCorrection.action == "voided")
        .exists()
    )
    statement = between(
        query, AuditEvent.at,
        select(AuditEvent, voided)
        .where(AuditEvent.organisation_id == query.organisation_id, AuditEvent.action.in_(actions))
        .options(selectinload(AuditEvent.actor)),
    )
    entries = []
    for event, is_voided in db.session.execute(statement):
        if is_voided and not query.staff:
            # A record voided as a mistake leaves the employer's view altogether.
            continue
        entry = TimelineEntry(at=event.at, kind="record", title=action_label(event.action),
                              voided=bool(is_voided) and not event.action.endswith("_voided"))
        if query.staff:
            entry.who = event.actor.full_name if event.actor else None
        entries.append(entry)
    return entries


def audit_action_label(action):
    """The words for an audit action registered by a feature, or None."""
    found = _AUDIT_ACTIONS.get(action)
    return str(found[0]) if found else None
