"""Merging a duplicate organisation into the one that stays, keeping all history.

Every table that points at an organisation is listed in ``REFERENCING_COLUMNS``;
features add one line each for their own tables. A merge re-points every row
listed, then removes the duplicate. A test fails if a foreign key to
``organisations`` is missing from the list.
"""

from sqlalchemy import delete, func, select, update

from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.audit.services import record
from portal.bookings.models import Booking
from portal.champions.models import ChampionTraining
from portal.eligibility.models import Decision, Evidence
from portal.engagement.models import CaseloadAssignment, Engagement
from portal.extensions import db
from portal.organisations.models import Invitation, Organisation, organisation_staff_authorities
from portal.programme.models import EqualityStrategyRecord, Intervention, OutcomeFollowUp, ProgrammeCycle
from portal.visits.models import VisitRequest

REFERENCING_COLUMNS = [
    (User, "organisation_id"),
    (AuditEvent, "organisation_id"),
    (Evidence, "organisation_id"),
    (Decision, "organisation_id"),
    (Invitation, "organisation_id"),
    (Intervention, "organisation_id"),
    (Engagement, "organisation_id"),
    (EqualityStrategyRecord, "organisation_id"),
    (OutcomeFollowUp, "organisation_id"),
    (Booking, "organisation_id"),
    (VisitRequest, "organisation_id"),
    (ChampionTraining, "organisation_id"),
]

# Tables the merge handles by their own rules (unique per organisation, renumbered).
HANDLED_SEPARATELY = {
    ("organisation_staff_authorities", "organisation_id"),
    ("programme_cycles", "organisation_id"),
    ("caseload_assignments", "organisation_id"),
}


def _merge_caseload(keep, duplicate):
    # One adviser per organisation: the kept organisation's adviser stays if it has one.
    kept = db.session.scalar(select(CaseloadAssignment).where(CaseloadAssignment.organisation_id == keep.id))
    if kept is not None:
        db.session.execute(delete(CaseloadAssignment).where(CaseloadAssignment.organisation_id == duplicate.id))
    else:
        db.session.execute(
            update(CaseloadAssignment).where(CaseloadAssignment.organisation_id == duplicate.id)
            .values(organisation_id=keep.id).execution_options(synchronize_session=False)
        )


def _renumber_cycles(keep, duplicate):
    # Cycle numbers are unique per organisation: the duplicate's follow the kept ones.
    highest = db.session.scalar(
        select(func.max(ProgrammeCycle.number)).where(ProgrammeCycle.organisation_id == keep.id)
    ) or 0
    cycles = db.session.scalars(
        select(ProgrammeCycle).where(ProgrammeCycle.organisation_id == duplicate.id).order_by(ProgrammeCycle.number)
    ).all()
    for offset, cycle in enumerate(cycles, start=1):
        cycle.organisation_id = keep.id
        cycle.number = highest + offset
    db.session.flush()


def merge_organisations(keep, duplicate, user):
    """Move everything from ``duplicate`` to ``keep`` and delete ``duplicate``."""
    if keep.id == duplicate.id:
        raise ValueError("cannot merge an organisation into itself")
    _renumber_cycles(keep, duplicate)
    _merge_caseload(keep, duplicate)
    moved = {}
    for model, column in REFERENCING_COLUMNS:
        result = db.session.execute(
            update(model).where(getattr(model, column) == duplicate.id).values({column: keep.id})
            .execution_options(synchronize_session=False)
        )
        moved[model.__tablename__] = result.rowcount
    extra = {a.id for a in duplicate.staff_authorities} - {a.id for a in keep.staff_authorities}
    keep.staff_authorities.extend(a for a in duplicate.staff_authorities if a.id in extra)
    db.session.flush()
    db.session.execute(
        delete(organisation_staff_authorities).where(organisation_staff_authorities.c.organisation_id == duplicate.id)
    )
    name, reference = duplicate.name, duplicate.reference
    db.session.expunge(duplicate)
    db.session.execute(delete(Organisation).where(Organisation.id == duplicate.id))
    db.session.expire_all()
    record("organisations_merged", keep, actor=user, merged_name=name, merged_reference=reference,
           **{f"moved_{table}": count for table, count in moved.items()})
    return moved
