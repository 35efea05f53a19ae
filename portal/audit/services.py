"""Recording and reading the audit trail."""

from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.audit.models import AuditEvent
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
