"""Workplace visit requests: asking, answering, scheduling and delivery."""

from datetime import datetime, time, timedelta

from flask import abort
from flask_babel import force_locale
from flask_babel import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from portal.accounts.models import User
from portal.audit.services import record, record_correction
from portal.eligibility.services import may_have
from portal.eligibility.tiers import SupportKind
from portal.email.services import external_url, queue_email, recipient_language
from portal.extensions import db
from portal.i18n import BABEL_LOCALES
from portal.scoping import organisation_scope
from portal.security import Role
from portal.signals import visit_corrected, visit_delivered
from portal.timeutil import LONDON, as_utc, utcnow
from portal.visits.labels import STATUS_LABELS, VISIT_LANGUAGES, VISIT_TYPES
from portal.visits.models import OPEN, VisitRequest, VisitStatus

PER_PAGE = 50
# A visit has a start time but no end: calendars get this long, the length of a usual visit.
VISIT_LENGTH = timedelta(hours=2)


def default_language(organisation):
    """The visit language to suggest: the organisation's support-language preference."""
    return organisation.support_language if organisation.support_language in VISIT_LANGUAGES else "either"


def visit_calendar(visit, lang, when=None, cancelled=False):
    """An .ics calendar (text) for ``visit`` at ``when`` (default: its scheduled time), in ``lang``.

    One UID per visit, so a later file (a new time, or ``cancelled``) updates the
    entry already in the calendar instead of adding another.
    """
    when = when or visit.scheduled_for
    with force_locale(BABEL_LOCALES.get(lang, "en_GB")):
        summary = _("Workplace visit: %(type)s", type=VISIT_TYPES[visit.visit_type])
    calendar = Calendar()
    calendar.add("prodid", "-//Healthy Working Wales//Cymru Iach ar Waith//")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    entry = CalendarEvent()
    entry.add("uid", f"visit-{visit.id}@healthyworking.wales")
    entry.add("summary", summary)
    entry.add("dtstart", when.astimezone(LONDON))
    entry.add("dtend", (when + VISIT_LENGTH).astimezone(LONDON))
    entry.add("dtstamp", utcnow())
    entry.add("location", visit.site_address or "")
    entry.add("sequence", int(utcnow().timestamp()))
    if cancelled:
        entry.add("status", "CANCELLED")
    calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical().decode("utf-8")


def _notify(visit, was_scheduled_for=None):
    """E-mail the contact who asked, with a calendar file for a visit booked (or one no longer happening)."""
    organisation = visit.organisation
    lang = recipient_language(organisation=organisation)
    recipients = _recipients(visit)
    if not recipients:
        return
    with force_locale(BABEL_LOCALES.get(lang, "en_GB")):
        status_label, type_label = str(STATUS_LABELS[visit.status]), str(VISIT_TYPES[visit.visit_type])
    attachments = None
    if visit.status == VisitStatus.SCHEDULED:
        attachments = [_calendar_attachment(visit_calendar(visit, lang))]
    elif was_scheduled_for is not None:
        attachments = [_calendar_attachment(visit_calendar(visit, lang, was_scheduled_for, cancelled=True))]
    for recipient in recipients:
        queue_email(recipient, "visit_update", lang, attachments=attachments, visit=visit, status_label=status_label,
                    type_label=type_label, visit_url=external_url("visits.show", lang, visit_id=visit.id))


def _recipients(visit):
    """Who hears about the visit: the contact who asked; for a visit staff made, every employer contact."""
    if visit.requested_by is not None:
        return [visit.requested_by.email]
    return list(db.session.scalars(
        select(User.email).where(User.organisation_id == visit.organisation_id, User.role == Role.EMPLOYER,
                                 User.active.is_(True)).order_by(User.id)
    ))


def _calendar_attachment(content):
    return {"filename": "visit.ics", "content_type": "text/calendar", "content": content}


class VisitRefused(Exception):
    """The eligibility decision refuses a visit (``decision`` says why and what to do instead)."""

    def __init__(self, decision):
        super().__init__(decision.reason)
        self.decision = decision


def visit_decision(organisation):
    """The eligibility decision for a workplace visit: the visit tier, applied as bookings apply theirs."""
    return may_have(organisation, SupportKind.WORKPLACE_VISIT)


def request_visit(organisation, user, values):
    """The employer asks for a visit; they get an acknowledgement.

    Raises :class:`VisitRefused` unless the eligibility decision allows a visit now.
    """
    decision = visit_decision(organisation)
    if not decision.allowed:
        raise VisitRefused(decision)
    visit = VisitRequest(organisation=organisation, requested_by=user, status=VisitStatus.REQUESTED, **values)
    db.session.add(visit)
    db.session.flush()
    _notify(visit)
    return visit


def create_for_organisation(organisation, staff, values, when=None):
    """Staff make a visit for the organisation (asked for by phone, say): scheduled at ``when`` if given.

    The visit tier applies exactly as for a request: raises :class:`VisitRefused`
    unless the eligibility decision allows a visit now. The employer contacts
    are e-mailed (with the calendar file when it is scheduled), and the visit
    records who made it.
    """
    decision = visit_decision(organisation)
    if not decision.allowed:
        raise VisitRefused(decision)
    status = VisitStatus.SCHEDULED if when is not None else VisitStatus.REQUESTED
    visit = VisitRequest(organisation=organisation, created_by=staff, status=status, scheduled_for=when, **values)
    db.session.add(visit)
    db.session.flush()
    record("visit.created_by_staff", visit, actor=staff, organisation_id=organisation.id, when=when,
           status=status)
    _notify(visit)
    return visit


def _visible(user):
    query = select(VisitRequest).where(organisation_scope(user, VisitRequest.organisation_id))
    if not user.is_staff:
        # A visit voided as recorded by mistake leaves the employer's view.
        query = query.where(VisitRequest.voided_at.is_(None))
    return query


def visit_list(user, page=1, per_page=PER_PAGE):
    """Visit requests ``user`` may see (own organisation's, own partner's, or all), newest first."""
    query = _visible(user)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    visits = db.session.scalars(
        query.options(joinedload(VisitRequest.organisation))
        .order_by(VisitRequest.created_at.desc(), VisitRequest.id.desc())
        .limit(per_page).offset((page - 1) * per_page)
    ).all()
    return visits, total


def get_visit(user, visit_id):
    visit = db.session.scalar(_visible(user).where(VisitRequest.id == visit_id))
    if visit is None:
        abort(404)
    return visit


def respond(visit, decision, when, message):
    """Staff accept and schedule, propose another date, or decline with a reason."""
    if visit.status not in (VisitStatus.REQUESTED, VisitStatus.PROPOSED, VisitStatus.SCHEDULED):
        abort(409)
    was_scheduled_for = visit.scheduled_for if visit.status == VisitStatus.SCHEDULED else None
    visit.status = decision
    visit.scheduled_for = when if decision in (VisitStatus.SCHEDULED, VisitStatus.PROPOSED) else None
    visit.staff_message = message or ""
    record(f"visit.{decision}", visit, when=when, message=message or "")
    _notify(visit, was_scheduled_for if decision != VisitStatus.SCHEDULED else None)
    return visit


def accept_proposal(visit):
    """The employer takes the date staff proposed."""
    if visit.status != VisitStatus.PROPOSED:
        abort(409)
    visit.status = VisitStatus.SCHEDULED
    _notify(visit)
    return visit


def delivery_opens_on(visit):
    """The first day (in Wales) a visit may be recorded as delivered: its scheduled day."""
    return as_utc(visit.scheduled_for).astimezone(LONDON).date() if visit.scheduled_for else None


def may_be_delivered(visit, now=None):
    """False while the visit's scheduled day is still to come: it cannot have happened yet."""
    opens = delivery_opens_on(visit)
    return opens is None or (now or utcnow()).astimezone(LONDON).date() >= opens


def may_withdraw(visit):
    """The employer may withdraw a request until the visit has happened or been turned down."""
    return visit.status in OPEN


def withdraw(visit, user):
    """The employer withdraws their request (or the visit booked); staff see it cancelled, audited."""
    if not may_withdraw(visit):
        abort(409)
    was_scheduled_for = visit.scheduled_for if visit.status == VisitStatus.SCHEDULED else None
    visit.status = VisitStatus.CANCELLED
    record("visit.cancelled", visit, actor=user)
    _notify(visit, was_scheduled_for)
    return visit


def mark_delivered(visit, now=None):
    """Staff record the visit as delivered: it counts as an intervention.

    Returns None, changing nothing and thanking no one, before the scheduled day.
    """
    if visit.status != VisitStatus.SCHEDULED:
        abort(409)
    now = now or utcnow()
    if not may_be_delivered(visit, now):
        return None
    visit.status = VisitStatus.DELIVERED
    visit.delivered_at = now
    # The programme counts the visit as an intervention.
    visit_delivered.send(visit, at=visit.scheduled_for or now)
    record("visit.delivered", visit)
    _notify(visit)
    return visit


# --- corrections of a delivered visit ---------------------------------------------------

CORRECTABLE = ("took_place_on", "visit_type", "staff_count")


def may_be_corrected(visit):
    """Only a delivered visit that stands is corrected or voided: the others are answered, not corrected."""
    return visit.status == VisitStatus.DELIVERED and visit.voided_at is None


def took_place_on(visit):
    """The day (in Wales) a delivered visit took place: its scheduled day (the day it was recorded, if none)."""
    when = visit.scheduled_for or visit.delivered_at
    return as_utc(when).astimezone(LONDON).date() if when else None


def recorded_on(visit):
    """The day (in Wales) staff recorded the visit as delivered: it cannot have taken place after that."""
    return as_utc(visit.delivered_at).astimezone(LONDON).date() if visit.delivered_at else None


def _on_day(visit, day):
    # The visit keeps its time of day on the corrected day (midday when it had none).
    when = as_utc(visit.scheduled_for).astimezone(LONDON) if visit.scheduled_for else None
    clock = when.timetz().replace(tzinfo=None) if when else time(12, 0)
    return datetime.combine(day, clock, tzinfo=LONDON)


def correct_delivered_visit(visit, actor, reason, **values):
    """Correct a delivered visit (the day it took place, what was delivered, staff taking part), with the reason.

    The visit's history keeps the values before and after; its intervention
    moves to the corrected day and type (:data:`portal.signals.visit_corrected`),
    so the WHP and every figure follow in the same transaction. Returns the
    correction, or None when nothing changed (or the visit may not be corrected).
    """
    if not may_be_corrected(visit):
        return None
    before = {"took_place_on": took_place_on(visit), "visit_type": visit.visit_type,
              "staff_count": visit.staff_count}
    changed = [name for name in CORRECTABLE if name in values and values[name] != before[name]]
    if not changed:
        return None
    if "took_place_on" in changed:
        visit.scheduled_for = _on_day(visit, values["took_place_on"])
    visit.visit_type = values.get("visit_type", visit.visit_type)
    visit.staff_count = values.get("staff_count", visit.staff_count)
    db.session.flush()
    visit_corrected.send(visit, at=visit.scheduled_for or visit.delivered_at)
    return record_correction("edited", visit, reason=reason, actor=actor,
                             before={name: before[name] for name in changed},
                             after={name: values[name] for name in changed})


def void_delivered_visit(visit, actor, reason):
    """Void a visit recorded as delivered by mistake: it stops counting and leaves the employer's view."""
    if not may_be_corrected(visit):
        return None
    visit.voided_at = utcnow()
    visit.voided_by_id = actor.id if actor is not None else None
    visit.void_reason = reason.strip()
    db.session.flush()
    visit_corrected.send(visit, at=None)
    return record_correction("voided", visit, reason=reason, actor=actor, before={"voided": False},
                             after={"voided": True})
