"""Recording and reading the audit trail."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from portal.accounts.models import User
from portal.audit.models import AuditEvent, RecordCorrection
from portal.extensions import db
from portal.timeutil import LONDON


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
    # Nested before/after values stay structured, so the log can show each field's change.
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)


@dataclass(frozen=True)
class AuditFilters:
    """What the audit log is narrowed to: who, which record, which action, which days (Wales)."""

    person: str = ""
    record_type: str | None = None
    record_id: int | None = None
    organisation_id: int | None = None
    action: str | None = None
    start: date | None = None  # inclusive
    end: date | None = None  # inclusive


def _filtered(query, filters):
    if filters.person:
        text = f"%{filters.person.strip()}%"
        query = query.join(User, User.id == AuditEvent.actor_id).where(
            or_(User.full_name.ilike(text), User.email.ilike(text)))
    if filters.record_type:
        query = query.where(AuditEvent.target_type == filters.record_type)
    if filters.record_id is not None:
        query = query.where(AuditEvent.target_id == filters.record_id)
    if filters.organisation_id is not None:
        query = query.where(AuditEvent.organisation_id == filters.organisation_id)
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.start:
        query = query.where(AuditEvent.at >= datetime.combine(filters.start, time.min, tzinfo=LONDON))
    if filters.end:
        query = query.where(AuditEvent.at < datetime.combine(filters.end + timedelta(days=1), time.min, tzinfo=LONDON))
    return query


def audit_page(page, per_page=50, action=None, filters=None):
    """One page of audit events matching ``filters``, newest first, and the total count (three queries)."""
    filters = filters or AuditFilters(action=action)
    total = db.session.scalar(_filtered(select(func.count(AuditEvent.id)), filters))
    events = db.session.scalars(
        _filtered(select(AuditEvent), filters).options(selectinload(AuditEvent.actor))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return events, total


def audit_events(filters, batch=1000):
    """Every audit event matching ``filters``, newest first, read in batches (for the export)."""
    statement = (_filtered(select(AuditEvent), filters).options(selectinload(AuditEvent.actor))
                 .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).execution_options(yield_per=batch))
    yield from db.session.scalars(statement)
