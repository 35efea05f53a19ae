"""Recording interventions against an organisation's current programme cycle."""

from sqlalchemy import delete, select

from portal.extensions import db
from portal.programme.models import Intervention, ProgrammeCycle


def current_cycle(organisation):
    """The organisation's open cycle, started now if it has none."""
    cycle = db.session.scalar(
        select(ProgrammeCycle)
        .where(ProgrammeCycle.organisation_id == organisation.id, ProgrammeCycle.ended_at.is_(None))
        .order_by(ProgrammeCycle.number.desc())
    )
    if cycle is None:
        last = db.session.scalar(
            select(ProgrammeCycle.number)
            .where(ProgrammeCycle.organisation_id == organisation.id)
            .order_by(ProgrammeCycle.number.desc())
        )
        cycle = ProgrammeCycle(organisation_id=organisation.id, number=(last or 0) + 1)
        db.session.add(cycle)
        db.session.flush()
    return cycle


def record_intervention(organisation, kind, support_type, source, occurred_at):
    """Count ``source`` (a model instance) as an intervention, once.

    Returns the intervention; recording the same source again returns the
    existing one instead of counting it twice.
    """
    if source.id is None:
        db.session.flush()
    existing = db.session.scalar(
        select(Intervention).where(
            Intervention.source_type == source.__tablename__, Intervention.source_id == source.id
        )
    )
    if existing is not None:
        return existing
    intervention = Intervention(
        organisation_id=organisation.id,
        cycle_id=current_cycle(organisation).id,
        kind=kind,
        support_type=support_type,
        source_type=source.__tablename__,
        source_id=source.id,
        occurred_at=occurred_at,
    )
    db.session.add(intervention)
    return intervention


def withdraw_intervention(source):
    """Stop counting ``source`` (e.g. attendance corrected to did-not-attend)."""
    db.session.execute(
        delete(Intervention).where(
            Intervention.source_type == source.__tablename__, Intervention.source_id == source.id
        )
    )
