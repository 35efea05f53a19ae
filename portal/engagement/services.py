"""Logging engagements, follow-ups, caseloads and finding organisations.

Staff see the organisations of their own delivery partner; administrators
see all. Every loader here takes the user so a changed id in a URL is a 404.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased, selectinload

from portal.accounts.models import User
from portal.audit.services import corrections_of, record, record_correction
from portal.engagement.models import CaseloadAssignment, Engagement
from portal.extensions import db
from portal.organisations.models import Organisation
from portal.programme.models import EqualityStrategyRecord, Intervention, InterventionKind, ProgrammeCycle
from portal.programme.rules import Rules, counts_as_intervention
from portal.programme.services import (
    current_rule_version,
    record_intervention,
    redate_intervention,
    withdraw_intervention,
)
from portal.scoping import is_admin, manage_scope, organisation_scope, visible_organisations
from portal.security import Role
from portal.timeutil import LONDON, utcnow
from portal.timeutil import today_in_wales as today  # the engagement log's (and its tests') name
from portal.visits.models import VisitRequest

PER_PAGE = 25


def organisation_for_staff(user, organisation_id):
    """The organisation if ``user`` may see it, else None."""
    query = select(Organisation).where(Organisation.id == organisation_id, visible_organisations(user))
    return db.session.scalar(
        query.options(selectinload(Organisation.sector), selectinload(Organisation.local_authority),
                      selectinload(Organisation.partner))
    )


def advisers_for(organisation):
    """Staff who may be chosen as adviser for ``organisation``: its partner's staff and admins."""
    return db.session.scalars(
        select(User)
        .where(User.active.is_(True),
               or_(User.role == Role.ADMIN, (User.role == Role.STAFF) & (User.partner_id == organisation.partner_id)))
        .order_by(User.full_name)
    ).all()


def advisers_visible_to(user):
    """Staff ``user`` can filter the caseload by."""
    query = select(User).where(User.role.in_([Role.STAFF, Role.ADMIN]), User.active.is_(True),
                               manage_scope(user, User.partner_id))
    return db.session.scalars(query.order_by(User.full_name)).all()


def log_engagement(organisation, actor, *, type, occurred_on, adviser_id, duration_minutes=None, notes=None,
                   outcome=None, follow_up_on=None, follow_up_note=None):
    """Record an engagement; if the current rules count its type, record an intervention too."""
    version = current_rule_version()
    counted = counts_as_intervention(type, Rules.from_version(version))
    engagement = Engagement(
        organisation_id=organisation.id,
        type=type,
        occurred_on=occurred_on,
        duration_minutes=duration_minutes,
        adviser_id=adviser_id,
        notes=(notes or "").strip() or None,
        outcome=(outcome or "").strip() or None,
        follow_up_on=follow_up_on,
        follow_up_note=((follow_up_note or "").strip() or None) if follow_up_on else None,
        rule_version_id=version.id,
        counted=counted,
        created_by_id=actor.id,
    )
    db.session.add(engagement)
    db.session.flush()
    if counted:
        record_intervention(organisation, InterventionKind.SUPPORT_LOGGED, type, engagement,
                            _start_of_day(occurred_on))
        if organisation.prospect:
            # The lead has had counted support: from now on it counts like any organisation.
            organisation.prospect = False
            record("prospect_converted", organisation, actor=actor, engagement_id=engagement.id)
    record("engagement_logged", engagement, actor=actor, type=type, counted=counted,
           rule_version=version.number)
    return engagement


def _start_of_day(day):
    # Midday in Wales, so the stored UTC time stays on the same calendar day.
    return datetime.combine(day, time(12, 0), tzinfo=LONDON)


CORRECTABLE = ("type", "occurred_on", "duration_minutes", "adviser_id", "outcome", "notes")


def correct_engagement(engagement, actor, reason, **values):
    """Correct what was logged, with the reason; its history keeps the values before and after.

    Whether it counts as an intervention is judged again by the current rules
    (and the version named), and its intervention moves to the corrected date,
    so the WHP and every figure follow in the same transaction. Returns the
    correction, or None when nothing changed.
    """
    if engagement.voided_at is not None:
        return None
    values["notes"] = (values.get("notes") or "").strip() or None
    values["outcome"] = (values.get("outcome") or "").strip() or None
    before = {name: getattr(engagement, name) for name in CORRECTABLE}
    changed = [name for name in CORRECTABLE if name in values and values[name] != before[name]]
    if not changed:
        return None
    for name in changed:
        setattr(engagement, name, values[name])
    version = current_rule_version()
    counted = counts_as_intervention(engagement.type, Rules.from_version(version))
    if counted != engagement.counted:
        changed.append("counted")
        before["counted"] = engagement.counted
    engagement.counted, engagement.rule_version_id = counted, version.id
    db.session.flush()
    if not counted:
        withdraw_intervention(engagement)
    elif redate_intervention(engagement, _start_of_day(engagement.occurred_on), engagement.type) is None:
        record_intervention(engagement.organisation, InterventionKind.SUPPORT_LOGGED, engagement.type, engagement,
                            _start_of_day(engagement.occurred_on))
    after = {name: getattr(engagement, name) for name in changed}
    before = {name: before[name] for name in changed}
    if "adviser_id" in changed:
        # The history reads in words: the advisers' names, not their ids.
        names = dict(db.session.execute(select(User.id, User.full_name).where(
            User.id.in_([before["adviser_id"], after["adviser_id"]]))).all())
        before["adviser_id"], after["adviser_id"] = names.get(before["adviser_id"]), names.get(after["adviser_id"])
    return record_correction("edited", engagement, reason=reason, actor=actor, before=before, after=after)


def void_engagement(engagement, actor, reason):
    """Void an engagement logged by mistake: it stops counting everywhere and stays, marked, for staff."""
    if engagement.voided_at is not None:
        return None
    engagement.voided_at = utcnow()
    engagement.voided_by_id = actor.id
    engagement.void_reason = reason.strip()
    engagement.follow_up_on = None
    db.session.flush()
    withdraw_intervention(engagement)
    return record_correction("voided", engagement, reason=reason, actor=actor, before={"voided": False},
                             after={"voided": True})


def equality_record_for_staff(user, record_id):
    """The E&D record if it belongs to an organisation ``user`` may see, else None."""
    return db.session.scalar(select(EqualityStrategyRecord).where(
        EqualityStrategyRecord.id == record_id, organisation_scope(user, EqualityStrategyRecord.organisation_id)))


def history_of(record):
    """A record's corrections, oldest first."""
    return corrections_of(record.__tablename__, [record.id]).get(record.id, [])


def engagement_history(engagement):
    """The engagement's corrections, oldest first."""
    return corrections_of(Engagement.__tablename__, [engagement.id]).get(engagement.id, [])


def cycle_for_staff(user, cycle_id):
    """The programme cycle if it belongs to an organisation ``user`` may see, else None."""
    return db.session.scalar(select(ProgrammeCycle).where(
        ProgrammeCycle.id == cycle_id, organisation_scope(user, ProgrammeCycle.organisation_id)))


def visit_for_staff(user, visit_id):
    """The workplace visit if it belongs to an organisation ``user`` may see, else None."""
    return db.session.scalar(select(VisitRequest).where(
        VisitRequest.id == visit_id, organisation_scope(user, VisitRequest.organisation_id)))


def engagement_for_staff(user, engagement_id):
    """The engagement if it belongs to an organisation ``user`` may see, else None."""
    return db.session.scalar(select(Engagement).where(
        Engagement.id == engagement_id, organisation_scope(user, Engagement.organisation_id)))


def set_follow_up(engagement, follow_up_on, actor, note=None, owner=None):
    """Set the follow-up's date, note and owner; a new date reopens a done follow-up.

    ``owner`` is who will follow up (default: whoever has it now); giving it to
    someone else is recorded with the before and after, so a reassignment shows
    in the audit trail.
    """
    before_owner = engagement.follow_up_owner_id or engagement.adviser_id
    engagement.follow_up_on = follow_up_on
    engagement.follow_up_done_at = None
    engagement.follow_up_note = (note or "").strip() or None
    if owner is not None:
        engagement.follow_up_owner_id = None if owner.id == engagement.adviser_id else owner.id
    after_owner = engagement.follow_up_owner_id or engagement.adviser_id
    record("engagement_follow_up_set", engagement, actor=actor, follow_up_on=follow_up_on,
           note=engagement.follow_up_note, before_owner=before_owner, owner=after_owner)


def complete_follow_up(engagement, actor):
    engagement.follow_up_done_at = utcnow()
    record("engagement_follow_up_done", engagement, actor=actor)


def open_follow_up_of(user):
    """A where-clause: an engagement's follow-up is open and is ``user``'s.

    A follow-up is the logging adviser's until it is reassigned to someone else.
    """
    return and_(func.coalesce(Engagement.follow_up_owner_id, Engagement.adviser_id) == user.id,
                Engagement.follow_up_on.is_not(None), Engagement.follow_up_done_at.is_(None),
                Engagement.voided_at.is_(None))


def team_follow_ups(user, owner_id=None, limit=500):
    """Every open follow-up on organisations ``user`` may see (their partner's team), soonest first.

    ``owner_id`` narrows it to one person's. Split into (overdue, due).
    """
    owner = func.coalesce(Engagement.follow_up_owner_id, Engagement.adviser_id)
    query = (
        select(Engagement)
        .where(Engagement.follow_up_on.is_not(None), Engagement.follow_up_done_at.is_(None),
               organisation_scope(user, Engagement.organisation_id))
        .options(selectinload(Engagement.organisation), selectinload(Engagement.adviser),
                 selectinload(Engagement.follow_up_owner))
        .order_by(Engagement.follow_up_on, Engagement.id)
        .limit(limit)
    )
    if owner_id is not None:
        query = query.where(owner == owner_id)
    rows = db.session.scalars(query).all()
    now = today()
    return [e for e in rows if e.follow_up_on < now], [e for e in rows if e.follow_up_on >= now]


def follow_ups(adviser, limit=200):
    """The adviser's open follow-ups split into (overdue, due), soonest first.

    Only on organisations the adviser may still see: one that has moved to
    another partner drops off their list (its page would be a 404 to them).
    """
    rows = db.session.scalars(
        select(Engagement)
        .where(open_follow_up_of(adviser), organisation_scope(adviser, Engagement.organisation_id))
        .options(selectinload(Engagement.organisation))
        .order_by(Engagement.follow_up_on, Engagement.id)
        .limit(limit)
    ).all()
    now = today()
    return [e for e in rows if e.follow_up_on < now], [e for e in rows if e.follow_up_on >= now]


def assign_adviser(organisation, adviser, actor):
    """Put ``organisation`` on ``adviser``'s caseload (replacing any other adviser)."""
    assignment = db.session.scalar(
        select(CaseloadAssignment).where(CaseloadAssignment.organisation_id == organisation.id)
    )
    if assignment is None:
        assignment = CaseloadAssignment(organisation_id=organisation.id, adviser_id=adviser.id)
        db.session.add(assignment)
    else:
        assignment.adviser_id = adviser.id
        assignment.assigned_at = utcnow()
    db.session.flush()
    record("caseload_assigned", assignment, actor=actor, organisation_id=organisation.id, adviser=adviser.id)
    return assignment


def assigned_adviser(organisation_id):
    return db.session.scalar(
        select(User).join(CaseloadAssignment, CaseloadAssignment.adviser_id == User.id)
        .where(CaseloadAssignment.organisation_id == organisation_id)
    )


SORTS = ("name", "reference", "last_contact", "next_follow_up", "interventions")


@dataclass
class Search:
    text: str = ""
    local_authority_id: int | None = None
    sector_id: int | None = None
    status: str | None = None
    adviser: str | None = None  # a user id, or "none" for unassigned
    partner_id: int | None = None
    sort: str = "name"
    descending: bool = False
    page: int = 1


@dataclass
class OrganisationRow:
    organisation: Organisation
    adviser: User | None
    last_contact: date | None
    next_follow_up: date | None
    interventions: int


REFERENCE_PREFIX = "HWW-"
_PHONE_PUNCTUATION = (" ", "-", "(", ")", "+", ".")


def _digits_of(column):
    # The stored number without the punctuation people type in many ways.
    for character in _PHONE_PUNCTUATION:
        column = func.replace(column, character, "")
    return column


def text_matches(text):
    """A where-clause for the search box: name, reference (with or without the prefix), postcode,
    or an employer contact's name, e-mail address or phone number."""
    text = " ".join(text.split())
    lowered = text.lower()
    pattern = f"%{lowered}%"
    compact = lowered.replace(" ", "")
    reference = compact.upper().removeprefix(REFERENCE_PREFIX)
    # Its own alias: the list also joins users (the adviser), which must not be correlated here.
    contact = aliased(User)
    contacts = select(contact.id).where(
        contact.organisation_id == Organisation.id, contact.active.is_(True),
        or_(func.lower(contact.full_name).like(pattern), func.lower(contact.email) == lowered),
    ).correlate(Organisation).exists()
    clauses = [
        func.lower(Organisation.name).like(pattern),
        contacts,
        func.upper(Organisation.reference).like(f"%{reference}%") if len(reference) >= 4 else None,
        func.lower(func.replace(Organisation.postcode, " ", "")).like(f"{compact}%") if len(compact) >= 2 else None,
    ]
    digits = "".join(c for c in text if c.isdigit())
    if len(digits) >= 6:
        # The last ten digits ignore how the number starts: 029…, +44 29…, 0044 29….
        clauses.append(_digits_of(Organisation.contact_phone).like(f"%{digits[-10:]}%"))
    return or_(*(c for c in clauses if c is not None))


def search_organisations(user, search):
    """One page of organisations ``user`` may see matching ``search``, and the total.

    Each row carries the last contact (latest engagement) and the next open
    follow-up, so the list can be worked from and sorted by either. Sorted by
    name or reference (as the list opens), the page's organisations are chosen
    first and the contacts and interventions counted for them alone; sorted by
    one of those figures, they are counted for every organisation to sort by.
    """
    query = select(Organisation).where(visible_organisations(user))
    if search.text.strip():
        query = query.where(text_matches(search.text))
    if search.local_authority_id:
        query = query.where(Organisation.local_authority_id == search.local_authority_id)
    if search.sector_id:
        query = query.where(Organisation.sector_id == search.sector_id)
    if search.status:
        query = query.where(Organisation.eligibility_status == search.status)
    if search.partner_id and is_admin(user):
        query = query.where(Organisation.partner_id == search.partner_id)
    query = query.outerjoin(CaseloadAssignment, CaseloadAssignment.organisation_id == Organisation.id)
    if search.adviser == "none":
        query = query.where(CaseloadAssignment.id.is_(None))
    elif search.adviser:
        query = query.where(CaseloadAssignment.adviser_id == int(search.adviser))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    offset = (search.page - 1) * PER_PAGE

    def ordered(column):
        # Empty values last whichever way the column is sorted; then a stable order.
        return (column.is_(None), column.desc() if search.descending else column.asc(),
                Organisation.name, Organisation.id)

    by_figure = search.sort in ("last_contact", "next_follow_up", "interventions")
    on_page = None
    if not by_figure:
        own_column = Organisation.reference if search.sort == "reference" else func.lower(Organisation.name)
        on_page = (query.with_only_columns(Organisation.id).order_by(*ordered(own_column))
                   .limit(PER_PAGE).offset(offset).cte("on_page"))

    def only_on_page(statement, column):
        return statement if on_page is None else statement.where(column.in_(select(on_page.c.id)))

    last_contact = only_on_page(
        select(Engagement.organisation_id, func.max(Engagement.occurred_on).label("day"))
        .where(Engagement.voided_at.is_(None)), Engagement.organisation_id,
    ).group_by(Engagement.organisation_id).subquery()
    next_follow_up = only_on_page(
        select(Engagement.organisation_id, func.min(Engagement.follow_up_on).label("day"))
        .where(Engagement.follow_up_on.is_not(None), Engagement.follow_up_done_at.is_(None),
               Engagement.voided_at.is_(None)), Engagement.organisation_id,
    ).group_by(Engagement.organisation_id).subquery()
    intervention_counts = only_on_page(
        select(Intervention.organisation_id, func.count(Intervention.id).label("n")), Intervention.organisation_id,
    ).group_by(Intervention.organisation_id).subquery()
    interventions = func.coalesce(intervention_counts.c.n, 0)
    sort_column = {
        "last_contact": last_contact.c.day,
        "next_follow_up": next_follow_up.c.day,
        "interventions": interventions,
    }[search.sort] if by_figure else own_column
    rows = (query.add_columns(User, last_contact.c.day, next_follow_up.c.day, interventions)
            .outerjoin(User, User.id == CaseloadAssignment.adviser_id)
            .outerjoin(last_contact, last_contact.c.organisation_id == Organisation.id)
            .outerjoin(next_follow_up, next_follow_up.c.organisation_id == Organisation.id)
            .outerjoin(intervention_counts, intervention_counts.c.organisation_id == Organisation.id)
            .options(selectinload(Organisation.local_authority), selectinload(Organisation.sector))
            .order_by(*ordered(sort_column)))
    if on_page is None:
        rows = rows.limit(PER_PAGE).offset(offset)
    else:
        rows = rows.where(Organisation.id.in_(select(on_page.c.id)))
    rows = db.session.execute(rows).all()
    return [OrganisationRow(*row) for row in rows], total

