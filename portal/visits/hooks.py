"""What workplace visits add to shared registries: their timeline source and merge rules.

Imported with the visits blueprint (``portal.visits.routes``).
"""

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.audit.labels import register_action, register_record_type, register_values
from portal.extensions import db
from portal.organisations.merge import register_merge_columns
from portal.timeline import TimelineEntry, between, register_audit_action, register_source
from portal.visits.labels import STATUS_LABELS, VISIT_TYPES
from portal.visits.models import VisitRequest, VisitStatus

register_merge_columns(VisitRequest)
register_action("visit.scheduled", _l("Workplace visit scheduled"))
register_action("visit.proposed", _l("Another date proposed for a workplace visit"))
register_action("visit.declined", _l("Workplace visit request declined"))
register_action("visit.cancelled", _l("Workplace visit cancelled"))
register_action("visit.delivered", _l("Workplace visit delivered"))
register_action("visit.created_by_staff", _l("Workplace visit made by staff for the organisation"))
register_record_type("visit_requests", _l("Workplace visit"))
register_audit_action("visit_requests_edited", _l("Delivered workplace visit corrected"))
register_audit_action("visit_requests_voided", _l("Delivered workplace visit voided"))
register_values("visit_type", VISIT_TYPES)


@register_source("visit", _l("Workplace visits"), order=50)
def visit_entries(query):
    """The organisation's visit requests and where each stands; a voided visit for staff only, marked."""
    statement = between(
        query, VisitRequest.created_at,
        select(VisitRequest).where(VisitRequest.organisation_id == query.organisation_id),
    )
    if not query.staff:
        # A visit voided as recorded by mistake leaves the employer's view.
        statement = statement.where(VisitRequest.voided_at.is_(None))
    entries = []
    for visit in db.session.scalars(statement):
        entry = TimelineEntry(
            at=visit.created_at,
            kind="visit",
            title=_("Workplace visit: %(type)s", type=VISIT_TYPES.get(visit.visit_type, visit.visit_type)),
            detail=str(STATUS_LABELS.get(visit.status, visit.status)),
            internal_detail=visit.staff_message or None,
            voided=visit.voided_at is not None,
            void_reason=visit.void_reason if query.staff else None,
        )
        if query.staff and visit.status == VisitStatus.DELIVERED and visit.voided_at is None:
            entry.correction = (url_for("engagement.correct_visit", visit_id=visit.id), _("Correct or void"),
                                entry.title)
        entries.append(entry)
    return entries
