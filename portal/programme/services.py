"""Recording interventions against an organisation's current programme cycle.

Recording or withdrawing an intervention re-judges the current cycle against
the current rules: the moment a cycle first meets the WHP rule is stored with
the rule version that judged it, and the outcome follow-up is scheduled.
"""

import secrets
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload

from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.audit.services import record
from portal.bookings.models import Booking, BookingStatus
from portal.email.services import external_url, queue_email, recipient_language
from portal.extensions import db
from portal.organisations.models import Organisation
from portal.programme.models import (
    EqualityStrategyRecord,
    FollowUpStatus,
    Intervention,
    OutcomeFollowUp,
    ProgrammeCycle,
    RuleVersion,
)
from portal.programme.rules import DEFAULT_RULES, Rules, whp_progress
from portal.security import Role
from portal.timeutil import utcnow
from portal.tokens import hash_token


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
    db.session.flush()
    evaluate_cycle(intervention.cycle_id)
    return intervention


def withdraw_intervention(source):
    """Stop counting ``source`` (e.g. attendance corrected to did-not-attend)."""
    cycle_ids = db.session.scalars(
        select(Intervention.cycle_id).where(
            Intervention.source_type == source.__tablename__, Intervention.source_id == source.id
        )
    ).all()
    db.session.execute(
        delete(Intervention).where(
            Intervention.source_type == source.__tablename__, Intervention.source_id == source.id
        )
    )
    for cycle_id in cycle_ids:
        evaluate_cycle(cycle_id)


# --- rule versions -------------------------------------------------------------


def latest_rule_version():
    """The newest stored rule version, or None while none is stored (nothing is written)."""
    return db.session.scalar(select(RuleVersion).order_by(RuleVersion.number.desc()).limit(1))


def current_rule_version():
    """The newest rule version row, creating version 1 from the defaults if none exists."""
    version = latest_rule_version()
    if version is None:
        version = RuleVersion(
            number=1,
            whp_min_interventions=DEFAULT_RULES.whp_min_interventions,
            whp_distinct_types=DEFAULT_RULES.whp_distinct_types,
            counted_engagement_types=sorted(DEFAULT_RULES.counted_engagement_types),
            follow_up_after_days=DEFAULT_RULES.follow_up_after_days,
            follow_up_response_days=DEFAULT_RULES.follow_up_response_days,
        )
        db.session.add(version)
        db.session.flush()
    return version


def current_rules():
    """The current rules as a plain :class:`Rules` value."""
    return Rules.from_version(current_rule_version())


def rule_versions():
    """Every rule version, newest first."""
    return db.session.scalars(
        select(RuleVersion).options(selectinload(RuleVersion.created_by)).order_by(RuleVersion.number.desc())
    ).all()


def change_rules(actor, whp_min_interventions, whp_distinct_types, counted_engagement_types,
                 follow_up_after_days, follow_up_response_days):
    """Add a new rule version; figures already made keep the version that made them."""
    previous = current_rule_version()
    version = RuleVersion(
        number=previous.number + 1,
        whp_min_interventions=whp_min_interventions,
        whp_distinct_types=whp_distinct_types,
        counted_engagement_types=sorted(counted_engagement_types),
        follow_up_after_days=follow_up_after_days,
        follow_up_response_days=follow_up_response_days,
        created_by_id=actor.id if actor is not None else None,
    )
    db.session.add(version)
    db.session.flush()
    record("programme_rules_changed", version, actor=actor, number=version.number,
           whp_min_interventions=whp_min_interventions, whp_distinct_types=whp_distinct_types,
           counted_engagement_types=",".join(sorted(counted_engagement_types)))
    return version


# --- cycles ----------------------------------------------------------------------


def cycle_support_types(cycle_id):
    """The support type of each intervention counted in a cycle."""
    return tuple(db.session.scalars(select(Intervention.support_type).where(Intervention.cycle_id == cycle_id)))


def evaluate_cycle(cycle_id):
    """Judge an open cycle against the current rules and store when it first met them."""
    cycle = db.session.get(ProgrammeCycle, cycle_id)
    if cycle is None or cycle.ended_at is not None:
        return cycle
    version = current_rule_version()
    progress = whp_progress(cycle_support_types(cycle.id), Rules.from_version(version))
    if progress.complete and cycle.whp_implemented_at is None:
        _tell_contacts_complete(cycle)
        cycle.whp_implemented_at = utcnow()
        cycle.rule_version_id = version.id
        db.session.add(OutcomeFollowUp(
            organisation_id=cycle.organisation_id,
            cycle_id=cycle.id,
            status=FollowUpStatus.SCHEDULED,
            send_after=cycle.whp_implemented_at + timedelta(days=version.follow_up_after_days),
            rule_version_id=version.id,
        ))
        record("programme_whp_implemented", cycle, organisation_id=cycle.organisation_id,
               cycle=cycle.number, rule_version=version.number)
    elif not progress.complete and cycle.whp_implemented_at is not None:
        # An intervention was withdrawn (e.g. did not attend after all): the WHP no longer stands.
        cycle.whp_implemented_at = None
        cycle.rule_version_id = None
        db.session.execute(delete(OutcomeFollowUp).where(
            OutcomeFollowUp.cycle_id == cycle.id, OutcomeFollowUp.status == FollowUpStatus.SCHEDULED
        ))
        record("programme_whp_withdrawn", cycle, organisation_id=cycle.organisation_id, cycle=cycle.number)
    db.session.flush()
    return cycle


def _tell_contacts_complete(cycle):
    """E-mail the employer contacts that their programme is complete: once a cycle, whatever is withdrawn later."""
    told_before = db.session.scalar(
        select(AuditEvent.id).where(AuditEvent.action == "programme_whp_implemented",
                                    AuditEvent.target_type == ProgrammeCycle.__tablename__,
                                    AuditEvent.target_id == cycle.id).limit(1)
    )
    if told_before is not None:
        return
    organisation = db.session.get(Organisation, cycle.organisation_id)
    lang = recipient_language(organisation=organisation)
    contacts = db.session.scalars(
        select(User).where(User.organisation_id == organisation.id, User.role == Role.EMPLOYER,
                           User.active.is_(True)).order_by(User.id)
    ).all()
    for contact in contacts:
        queue_email(contact.email, "programme_complete", lang, name=contact.full_name,
                    organisation=organisation.name, number=cycle.number,
                    link=external_url("programme.overview", lang),
                    certificate_link=external_url("programme.certificate", lang, number=cycle.number))


def can_start_new_cycle(cycle):
    """A new cycle may start once the current one has a WHP implemented."""
    return cycle is not None and cycle.ended_at is None and cycle.whp_implemented_at is not None


def start_new_cycle(organisation, actor=None):
    """End the implemented current cycle and open the next; returns the new cycle or None."""
    cycle = current_cycle(organisation)
    if not can_start_new_cycle(cycle):
        return None
    cycle.ended_at = utcnow()
    new_cycle = ProgrammeCycle(organisation_id=organisation.id, number=cycle.number + 1, started_at=utcnow())
    db.session.add(new_cycle)
    db.session.flush()
    record("programme_cycle_started", new_cycle, actor=actor, organisation_id=organisation.id,
           cycle=new_cycle.number)
    return new_cycle


def cycles_with_interventions(organisation_id):
    """All of an organisation's cycles, newest first, with their interventions (two queries)."""
    return db.session.scalars(
        select(ProgrammeCycle)
        .where(ProgrammeCycle.organisation_id == organisation_id)
        .options(selectinload(ProgrammeCycle.interventions), selectinload(ProgrammeCycle.rule_version))
        .order_by(ProgrammeCycle.number.desc())
    ).all()


def record_equality_strategy(organisation, change, note, actor=None):
    """Record, with staff's note, that the organisation adopted or improved its E&D strategy."""
    cycle = current_cycle(organisation)
    entry = EqualityStrategyRecord(organisation_id=organisation.id, cycle_id=cycle.id, change=change,
                                   note=note.strip(), recorded_by_id=actor.id if actor else None)
    db.session.add(entry)
    db.session.flush()
    record("equality_strategy_recorded", entry, actor=actor, change=change)
    return entry


# --- outcome follow-up -------------------------------------------------------------



def send_due_follow_ups(now=None):
    """E-mail each follow-up that is due a single-use link; returns how many were sent."""

    now = now or utcnow()
    due = db.session.scalars(
        select(OutcomeFollowUp)
        .where(OutcomeFollowUp.status == FollowUpStatus.SCHEDULED, OutcomeFollowUp.send_after <= now)
        .options(selectinload(OutcomeFollowUp.organisation), selectinload(OutcomeFollowUp.rule_version))
    ).all()
    if not due:
        return 0
    contacts = {}
    for user in db.session.scalars(select(User).where(
        User.organisation_id.in_([f.organisation_id for f in due]), User.role == Role.EMPLOYER,
        User.active.is_(True),
    )):
        contacts.setdefault(user.organisation_id, []).append(user)
    for follow_up in due:
        token = secrets.token_urlsafe(32)
        organisation = follow_up.organisation
        lang = recipient_language(organisation=organisation)
        days = follow_up.rule_version.follow_up_response_days if follow_up.rule_version else 28
        follow_up.token_hash = hash_token(token)
        follow_up.status = FollowUpStatus.SENT
        follow_up.sent_at = now
        follow_up.respond_by = now + timedelta(days=days)
        link = external_url("programme.follow_up", lang, token=token)
        for user in contacts.get(organisation.id, []):
            queue_email(user.email, "outcome_follow_up", lang, name=user.full_name,
                        organisation=organisation.name, link=link, respond_by=follow_up.respond_by)
        record("outcome_follow_up_sent", follow_up, organisation_id=organisation.id)
    return len(due)


def close_unanswered_follow_ups(now=None):
    """Close follow-ups past their deadline as *no response* (never as "no"); returns how many."""
    now = now or utcnow()
    overdue = db.session.scalars(
        select(OutcomeFollowUp).where(OutcomeFollowUp.status == FollowUpStatus.SENT,
                                      OutcomeFollowUp.respond_by < now)
    ).all()
    for follow_up in overdue:
        follow_up.status = FollowUpStatus.NO_RESPONSE
        follow_up.closed_at = now
        follow_up.token_hash = None
        record("outcome_follow_up_no_response", follow_up, organisation_id=follow_up.organisation_id)
    return len(overdue)


def follow_up_for_token(token):
    """The follow-up a link's token opens, or None."""
    if not token:
        return None
    return db.session.scalar(
        select(OutcomeFollowUp).where(OutcomeFollowUp.token_hash == hash_token(token))
        .options(selectinload(OutcomeFollowUp.organisation))
    )


def follow_up_is_open(follow_up, now=None):
    """True while ``follow_up`` can be answered: sent, and its deadline not yet passed.

    The deadline holds from the moment it passes, not from when the nightly
    job gets round to closing the follow-up as *no response*.
    """
    now = now or utcnow()
    if follow_up.status != FollowUpStatus.SENT:
        return False
    return follow_up.respond_by is None or now <= follow_up.respond_by


def answer_follow_up(follow_up, changes, choices, now=None):
    """Store the employer's answer; the link stops working (single use).

    Returns None, storing nothing, once the follow-up is closed or its deadline has passed.
    """
    now = now or utcnow()
    if not follow_up_is_open(follow_up, now):
        return None
    follow_up.status = FollowUpStatus.ANSWERED
    follow_up.answered_at = now
    follow_up.changes_in_own_words = (changes or "").strip() or None
    follow_up.choices = sorted(choices)
    follow_up.token_hash = None
    record("outcome_follow_up_answered", follow_up, organisation_id=follow_up.organisation_id)
    return follow_up


def follow_up_figures(start, end, partner_id=None):
    """Follow-ups due in the period counted by answer: answered, no response, awaiting."""

    query = (
        select(OutcomeFollowUp.status, func.count(OutcomeFollowUp.id))
        .join(Organisation, Organisation.id == OutcomeFollowUp.organisation_id)
        .where(OutcomeFollowUp.send_after >= start, OutcomeFollowUp.send_after < end)
        .group_by(OutcomeFollowUp.status)
    )
    if partner_id is not None:
        query = query.where(Organisation.partner_id == partner_id)
    figures = dict.fromkeys(FollowUpStatus, 0)
    figures.update(dict(db.session.execute(query).all()))
    return figures


# --- the employer's view -------------------------------------------------------------


def programme_overview(organisation_id):
    """What the employer's programme page shows: the current cycle, progress, earlier cycles.

    A fixed number of queries whatever the number of interventions or cycles.
    """
    rules = current_rules()
    cycles = cycles_with_interventions(organisation_id)
    current = cycles[0] if cycles and cycles[0].ended_at is None else None
    earlier = [c for c in cycles if c is not current]
    # After a completed cycle ends and before anything is counted in the next, show an empty next cycle.
    number = current.number if current else (cycles[0].number + 1 if cycles else 1)
    interventions = list(current.interventions) if current else []
    if current is not None and current.whp_implemented_at is not None:
        progress = whp_progress(tuple(i.support_type for i in interventions), rules)
        progress = type(progress)(**{**progress.__dict__, "complete": True, "remaining": 0,
                                     "needs_different_type": False})
    else:
        progress = whp_progress(tuple(i.support_type for i in interventions), rules)
    return {
        "rules": rules,
        "not_yet_counted": bookings_not_yet_counted(organisation_id),
        "cycle": current,
        "number": number,
        "interventions": interventions,
        "progress": progress,
        "earlier": earlier,
        "can_start_new_cycle": can_start_new_cycle(current),
    }


def bookings_not_yet_counted(organisation_id):
    """How many of the organisation's confirmed places have no attendance recorded yet (one query).

    A booking counts toward the programme only once staff record that the person attended.
    """
    return db.session.scalar(
        select(func.count(Booking.id)).where(Booking.organisation_id == organisation_id,
                                             Booking.status == BookingStatus.CONFIRMED,
                                             Booking.attendance.is_(None))
    )


def implemented_cycle(organisation_id, number):
    """The organisation's cycle ``number`` if it has a WHP implemented, else None."""
    return db.session.scalar(
        select(ProgrammeCycle).where(
            ProgrammeCycle.organisation_id == organisation_id, ProgrammeCycle.number == number,
            ProgrammeCycle.whp_implemented_at.is_not(None),
        )
    )
