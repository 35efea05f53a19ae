"""Recording and reading the audit trail."""

from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.audit.models import AuditEvent, RecordCorrection
from portal.extensions import db


def record(action, target, *, actor=None, organisation_id=None, **details):
    """Record that ``actor`` (default: the signed-in user) did ``action`` to ``target``.

    ``target`` is a model instance (flushed, so it has an id). Written in the
    same transaction as the change itself, so the two stand or fall together.
    """
    if actor is None and current_user and current_user.is_authenticated:
        actor = current_user
    if target.id is None:
        db.session.flush()
    if organisation_id is None and target.__tablename__ == "organisations":
        organisation_id = target.id
    if organisation_id is None:
        organisation_id = getattr(target, "organisation_id", None)
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        action=action,
        target_type=target.__tablename__,
        target_id=target.id,
        organisation_id=organisation_id,
        details={k: _plain(v) for k, v in details.items()},
    )
    db.session.add(event)
    return event


def record_correction(action, target, *, reason, before, after, actor=None, organisation_id=None):
    """Keep the history of a correction to ``target`` and audit it, in the caller's transaction.

    ``action`` is ``edited`` or ``voided``; ``before`` and ``after`` map field
    names to plain values (only the fields that changed). The audit event's
    action is ``<table>_<action>``, e.g. ``engagements_voided``.
    """
    if actor is None and current_user and current_user.is_authenticated:
        actor = current_user
    organisation_id = organisation_id or getattr(target, "organisation_id", None)
    before = {k: _plain(v) for k, v in before.items()}
    after = {k: _plain(v) for k, v in after.items()}
    correction = RecordCorrection(
        actor_id=actor.id if actor is not None else None, organisation_id=organisation_id,
        target_type=target.__tablename__, target_id=target.id, action=action, reason=reason.strip(),
        before=before, after=after,
    )
    db.session.add(correction)
    record(f"{target.__tablename__}_{action}", target, actor=actor, organisation_id=organisation_id,
           reason=reason.strip(), **{f"{k}_before": v for k, v in before.items()},
           **{f"{k}_after": v for k, v in after.items()})
    return correction


def corrections_of(target_type, target_ids):
    """Every correction of the records ``target_ids`` of ``target_type``, oldest first, by record id (one query)."""
    found = {}
    if not target_ids:
        return found
    for correction in db.session.scalars(
        select(RecordCorrection)
        .where(RecordCorrection.target_type == target_type, RecordCorrection.target_id.in_(list(target_ids)))
        .options(selectinload(RecordCorrection.actor))
        .order_by(RecordCorrection.at, RecordCorrection.id)
    ):
        found.setdefault(correction.target_id, []).append(correction)
    return found


def _plain(value):
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def audit_page(page, per_page=50, action=None):
    """One page of audit events, newest first, and the total count."""
    query = select(AuditEvent)
    count_query = select(func.count(AuditEvent.id))
    if action:
        query = query.where(AuditEvent.action == action)
        count_query = count_query.where(AuditEvent.action == action)
    total = db.session.scalar(count_query)
    events = db.session.scalars(
        query.options(selectinload(AuditEvent.actor))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return events, total
