"""Workplace visit requests: asking, answering, scheduling and delivery."""

from flask import abort
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from portal.audit.services import record
from portal.email.services import external_url, queue_email
from portal.extensions import db
from portal.i18n import BABEL_LOCALES
from portal.organisations.models import Organisation
from portal.programme.models import InterventionKind
from portal.programme.services import record_intervention
from portal.security import Role, in_scope
from portal.timeutil import utcnow
from portal.visits.models import DECLINED, DELIVERED, PROPOSED, REQUESTED, SCHEDULED, VisitRequest

VISIT_TYPES = {
    "physiotherapy-outreach": _l("Physiotherapy outreach"),
    "wellbeing-talk": _l("Well-being talk"),
    "staff-survey": _l("Staff survey facilitation"),
    "policy-support": _l("Policy support"),
}
VISIT_LANGUAGES = {"cy": _l("Welsh"), "en": _l("English"), "either": _l("Welsh or English")}
STATUS_LABELS = {
    REQUESTED: _l("Requested"),
    PROPOSED: _l("Another date proposed"),
    SCHEDULED: _l("Scheduled"),
    DECLINED: _l("Declined"),
    DELIVERED: _l("Delivered"),
    "cancelled": _l("Cancelled"),
}
PER_PAGE = 50


def default_language(organisation):
    """The visit language to suggest: the organisation's support-language preference."""
    return organisation.support_language if organisation.support_language in VISIT_LANGUAGES else "either"


def _notify(visit):
    organisation = visit.organisation
    lang = organisation.correspondence_language or "en"
    recipient = visit.requested_by.email if visit.requested_by else None
    if not recipient:
        return
    with force_locale(BABEL_LOCALES.get(lang, "en_GB")):
        status_label, type_label = str(STATUS_LABELS[visit.status]), str(VISIT_TYPES[visit.visit_type])
    queue_email(recipient, "visit_update", lang, visit=visit, status_label=status_label, type_label=type_label,
                visit_url=external_url("visits.show", lang, visit_id=visit.id))


def request_visit(organisation, user, values):
    """The employer asks for a visit; they get an acknowledgement."""
    visit = VisitRequest(organisation=organisation, requested_by=user, status=REQUESTED, **values)
    db.session.add(visit)
    db.session.flush()
    _notify(visit)
    return visit


def _visible(user):
    query = select(VisitRequest).join(Organisation, VisitRequest.organisation_id == Organisation.id)
    if user.role == Role.EMPLOYER:
        return query.where(in_scope(VisitRequest.organisation_id, user.organisation_id))
    if user.role == Role.STAFF:
        return query.where(in_scope(Organisation.partner_id, user.partner_id))
    if user.role == Role.ADMIN:
        return query
    return query.where(VisitRequest.id.is_(None))


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
    if visit.status not in (REQUESTED, PROPOSED, SCHEDULED):
        abort(409)
    visit.status = decision
    visit.scheduled_for = when if decision in (SCHEDULED, PROPOSED) else None
    visit.staff_message = message or ""
    record(f"visit.{decision}", visit, when=when, message=message or "")
    _notify(visit)
    return visit


def accept_proposal(visit):
    """The employer takes the date staff proposed."""
    if visit.status != PROPOSED:
        abort(409)
    visit.status = SCHEDULED
    _notify(visit)
    return visit


def mark_delivered(visit, now=None):
    """Staff record the visit as delivered: it counts as an intervention."""
    if visit.status != SCHEDULED:
        abort(409)
    now = now or utcnow()
    visit.status = DELIVERED
    visit.delivered_at = now
    record_intervention(visit.organisation, InterventionKind.VISIT_DELIVERED, visit.visit_type, visit,
                        visit.scheduled_for or now)
    record("visit.delivered", visit)
    _notify(visit)
    return visit
