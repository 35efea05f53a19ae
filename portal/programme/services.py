"""Recording interventions against an organisation's current programme cycle.

Recording or withdrawing an intervention re-judges the current cycle against
the current rules: the moment a cycle first meets the WHP rule is stored with
the rule version that judged it, and the outcome follow-up is scheduled.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import selectinload

from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.audit.services import record, record_correction
from portal.bookings.models import Booking, BookingStatus
from portal.certificate_codes import new_certificate_code
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
from portal.programme.rules import DEFAULT_RULES, Rules, may_be_counted, whp_progress
from portal.security import Role
from portal.timeutil import LONDON, as_utc, utcnow
from portal.tokens import hash_token


def current_cycle(organisation):
    """The organisation's open cycle, started now if it has none."""
    cycle = db.session.scalar(
        select(ProgrammeCycle)
        .where(ProgrammeCycle.organisation_id == organisation.id, ProgrammeCycle.ended_at.is_(None),
               ProgrammeCycle.voided_at.is_(None))
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


def record_intervention(organisation, kind, support_type, source, occurred_at, source_type=None):
    """Count ``source`` (a model instance) as an intervention, once.

    ``source_type`` names the source when its table name is not the name to
    keep (a higher feature's record, such as an action plan). Returns the
    intervention; recording the same source again returns the existing one
    instead of counting it twice.
    """
    if source.id is None:
        db.session.flush()
    source_type = source_type or source.__tablename__
    existing = db.session.scalar(
        select(Intervention).where(
            Intervention.source_type == source_type, Intervention.source_id == source.id
        )
    )
    if existing is not None:
        return existing
    intervention = Intervention(
        organisation_id=organisation.id,
        cycle_id=current_cycle(organisation).id,
        kind=kind,
        support_type=support_type,
        source_type=source_type,
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
            counts_action_plan=DEFAULT_RULES.counts_action_plan,
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
                 follow_up_after_days, follow_up_response_days, counts_action_plan=None):
    """Add a new rule version; figures already made keep the version that made them.

    ``counts_action_plan`` None keeps the previous version's choice.
    """
    previous = current_rule_version()
    if counts_action_plan is None:
        counts_action_plan = previous.counts_action_plan
    version = RuleVersion(
        number=previous.number + 1,
        whp_min_interventions=whp_min_interventions,
        whp_distinct_types=whp_distinct_types,
        counted_engagement_types=sorted(counted_engagement_types),
        follow_up_after_days=follow_up_after_days,
        follow_up_response_days=follow_up_response_days,
        counts_action_plan=bool(counts_action_plan),
        created_by_id=actor.id if actor is not None else None,
    )
    db.session.add(version)
    db.session.flush()
    record("programme_rules_changed", version, actor=actor, number=version.number,
           whp_min_interventions=whp_min_interventions, whp_distinct_types=whp_distinct_types,
           counted_engagement_types=",".join(sorted(counted_engagement_types)),
           counts_action_plan=bool(counts_action_plan))
    return version


# --- cycles ----------------------------------------------------------------------


def cycle_support_types(cycle_id):
    """The support type of each intervention counted in a cycle."""
    return tuple(db.session.scalars(select(Intervention.support_type).where(Intervention.cycle_id == cycle_id)))


def threshold_reached_at(interventions, rules):
    """When ``interventions`` (each with ``occurred_at`` and ``support_type``) first met ``rules``.

    Taken in the order they happened, not the order they were entered: the
    WHP is dated by the intervention that reached the threshold. None if they
    do not meet the rules.
    """
    done = []
    for intervention in sorted(interventions, key=lambda i: (as_utc(i.occurred_at), i.id or 0)):
        done.append(intervention.support_type)
        if whp_progress(tuple(done), rules).complete:
            return as_utc(intervention.occurred_at)
    return None


def evaluate_cycle(cycle_id):
    """Judge a cycle and store when (by the interventions' own dates) it first met the rules.

    Run whenever an intervention is added, re-dated or voided, and when the
    organisation's eligibility changes, so the WHP and its date are always
    those of the interventions as they now stand. A WHP already judged keeps
    the rule version that judged it while it still meets that version; a new
    one is judged by the current rules. Only interventions of an organisation
    that may be counted (:func:`portal.programme.rules.may_be_counted`) make a WHP.
    """
    cycle = db.session.get(ProgrammeCycle, cycle_id)
    if cycle is None:
        return cycle
    interventions = db.session.scalars(select(Intervention).where(Intervention.cycle_id == cycle.id)).all()
    version = cycle.rule_version if cycle.whp_implemented_at is not None and cycle.rule_version else None
    if version is None:
        if cycle.ended_at is not None:
            return cycle
        version = current_rule_version()
    organisation = db.session.get(Organisation, cycle.organisation_id)
    reached = threshold_reached_at(interventions, Rules.from_version(version))
    if reached is not None and not may_be_counted(organisation.eligibility_status):
        reached = None
    if reached is not None and cycle.whp_implemented_at is None:
        _tell_contacts_complete(cycle)
        cycle.whp_implemented_at = reached
        cycle.rule_version_id = version.id
        if cycle.certificate_code is None:
            cycle.certificate_code = new_certificate_code()
        # A follow-up already sent for this cycle (before the WHP was withdrawn) is kept, never repeated.
        if db.session.scalar(select(OutcomeFollowUp.id).where(OutcomeFollowUp.cycle_id == cycle.id)) is None:
            db.session.add(OutcomeFollowUp(
                organisation_id=cycle.organisation_id,
                cycle_id=cycle.id,
                status=FollowUpStatus.SCHEDULED,
                send_after=reached + timedelta(days=version.follow_up_after_days),
                rule_version_id=version.id,
            ))
        record("programme_whp_implemented", cycle, organisation_id=cycle.organisation_id,
               cycle=cycle.number, rule_version=version.number, implemented_on=reached.date())
    elif reached is not None and as_utc(cycle.whp_implemented_at) != reached:
        previous = as_utc(cycle.whp_implemented_at)
        cycle.whp_implemented_at = reached
        db.session.execute(
            update(OutcomeFollowUp)
            .where(OutcomeFollowUp.cycle_id == cycle.id, OutcomeFollowUp.status == FollowUpStatus.SCHEDULED)
            .values(send_after=reached + timedelta(days=version.follow_up_after_days))
            .execution_options(synchronize_session=False)
        )
        record("programme_whp_redated", cycle, organisation_id=cycle.organisation_id, cycle=cycle.number,
               implemented_on_before=previous.date(), implemented_on_after=reached.date())
    elif reached is None and cycle.whp_implemented_at is not None:
        # An intervention was withdrawn or voided, or the organisation may no longer be counted.
        cycle.whp_implemented_at = None
        cycle.rule_version_id = None
        db.session.execute(delete(OutcomeFollowUp).where(
            OutcomeFollowUp.cycle_id == cycle.id,
            OutcomeFollowUp.status.in_([FollowUpStatus.SCHEDULED, FollowUpStatus.NOT_SENT]),
        ))
        record("programme_whp_withdrawn", cycle, organisation_id=cycle.organisation_id, cycle=cycle.number)
    db.session.flush()
    return cycle


def evaluate_organisation(organisation_id):
    """Re-judge every cycle of an organisation (e.g. after its eligibility changed)."""
    for cycle_id in db.session.scalars(
        select(ProgrammeCycle.id).where(ProgrammeCycle.organisation_id == organisation_id)
        .order_by(ProgrammeCycle.number)
    ).all():
        evaluate_cycle(cycle_id)


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
    # After the numbers of any cycle voided as started by mistake (they stay, marked).
    highest = db.session.scalar(
        select(func.max(ProgrammeCycle.number)).where(ProgrammeCycle.organisation_id == organisation.id))
    new_cycle = ProgrammeCycle(organisation_id=organisation.id, number=highest + 1, started_at=utcnow())
    db.session.add(new_cycle)
    db.session.flush()
    record("programme_cycle_started", new_cycle, actor=actor, organisation_id=organisation.id,
           cycle=new_cycle.number)
    return new_cycle


def current_of(cycles):
    """The open cycle among ``cycles`` (newest first), or None: a voided cycle is never current."""
    standing = [c for c in cycles if c.voided_at is None]
    return standing[0] if standing and standing[0].ended_at is None else None


def cycles_with_interventions(organisation_id):
    """All of an organisation's cycles (voided ones too), newest first, with their interventions (two queries)."""
    return db.session.scalars(
        select(ProgrammeCycle)
        .where(ProgrammeCycle.organisation_id == organisation_id)
        .options(selectinload(ProgrammeCycle.interventions), selectinload(ProgrammeCycle.rule_version))
        .order_by(ProgrammeCycle.number.desc())
    ).all()


class DuplicateEqualityRecord(Exception):
    """A cycle has one E&D record; ``existing`` is the one already there."""

    def __init__(self, existing):
        super().__init__(existing.id)
        self.existing = existing


def equality_record_for_cycle(cycle_id):
    """The cycle's E&D record that stands (not voided), or None."""
    return db.session.scalar(select(EqualityStrategyRecord).where(
        EqualityStrategyRecord.cycle_id == cycle_id, EqualityStrategyRecord.voided_at.is_(None)))


def midday_in_wales(day):
    """Midday in Wales on ``day``: a moment that stays on that calendar day in UTC too."""
    return datetime.combine(day, time(12, 0), tzinfo=LONDON)


def record_equality_strategy(organisation, change, note, actor=None, occurred_on=None):
    """Record, with staff's note, that the organisation adopted or improved its E&D strategy.

    Dated ``occurred_on`` (a date; default today). One record per cycle: a
    second raises :class:`DuplicateEqualityRecord` naming the first.
    """
    cycle = current_cycle(organisation)
    existing = equality_record_for_cycle(cycle.id)
    if existing is not None:
        raise DuplicateEqualityRecord(existing)
    entry = EqualityStrategyRecord(organisation_id=organisation.id, cycle_id=cycle.id, change=change,
                                   note=note.strip(), recorded_by_id=actor.id if actor else None,
                                   recorded_at=midday_in_wales(occurred_on) if occurred_on else utcnow())
    db.session.add(entry)
    db.session.flush()
    record("equality_strategy_recorded", entry, actor=actor, change=change)
    return entry


def correct_equality_record(entry, actor, reason, *, change, note, occurred_on):
    """Correct an E&D record; its history keeps the values before and after. Returns the correction or None."""
    before = {"change": entry.change, "note": entry.note, "date": as_utc(entry.recorded_at).date()}
    after = {"change": change, "note": note.strip(), "date": occurred_on}
    changed = {k for k in before if before[k] != after[k]}
    if not changed:
        return None
    entry.change, entry.note = change, note.strip()
    if "date" in changed:
        entry.recorded_at = midday_in_wales(occurred_on)
    db.session.flush()
    return record_correction("edited", entry, reason=reason, actor=actor,
                             before={k: before[k] for k in changed}, after={k: after[k] for k in changed})


def void_equality_record(entry, actor, reason):
    """Void an E&D record made by mistake: it leaves every figure and stays, marked, for staff."""
    if entry.voided_at is not None:
        return None
    entry.voided_at = utcnow()
    entry.voided_by_id = actor.id if actor else None
    entry.void_reason = reason.strip()
    db.session.flush()
    return record_correction("voided", entry, reason=reason, actor=actor, before={"voided": False},
                             after={"voided": True})


def _wales_day(moment):
    return as_utc(moment).astimezone(LONDON).date() if moment is not None else None


def cycle_dates(cycle):
    """The days (in Wales) a cycle started and ended (None while it is open)."""
    return {"started_on": _wales_day(cycle.started_at), "ended_on": _wales_day(cycle.ended_at)}


def cycle_neighbours(cycle):
    """The standing cycles just before and just after ``cycle`` (either None): its dates fit between them."""
    standing = select(ProgrammeCycle).where(ProgrammeCycle.organisation_id == cycle.organisation_id,
                                            ProgrammeCycle.voided_at.is_(None))
    before = db.session.scalar(standing.where(ProgrammeCycle.number < cycle.number)
                               .order_by(ProgrammeCycle.number.desc()).limit(1))
    after = db.session.scalar(standing.where(ProgrammeCycle.number > cycle.number)
                              .order_by(ProgrammeCycle.number).limit(1))
    return before, after


def correct_cycle(cycle, actor, reason, *, started_on, ended_on=None):
    """Correct the days a cycle started and (if it has) ended, with the reason; its history keeps both.

    An open cycle keeps no end date. The cycle is judged again in the same
    transaction. Returns the correction, or None when nothing changed.
    """
    if cycle.voided_at is not None:
        return None
    before = cycle_dates(cycle)
    after = {"started_on": started_on, "ended_on": ended_on if cycle.ended_at is not None else None}
    changed = [name for name in before if before[name] != after[name]]
    if not changed:
        return None
    if "started_on" in changed:
        cycle.started_at = midday_in_wales(started_on)
    if "ended_on" in changed:
        cycle.ended_at = midday_in_wales(ended_on)
    db.session.flush()
    evaluate_cycle(cycle.id)
    return record_correction("edited", cycle, reason=reason, actor=actor,
                             before={k: before[k] for k in changed}, after={k: after[k] for k in changed})


class CycleVoidRefused(Exception):
    """The cycle cannot be voided: ``reason`` is ``not_latest`` or ``equality`` (both cycles have an E&D record)."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def cycle_void_refusal(cycle):
    """Why ``cycle`` may not be voided, or None.

    Only an open cycle after the first, started by mistake, is voided
    (``not_latest`` otherwise): the one before it is reopened. ``equality``:
    both have an E&D record, and a cycle has one.
    """
    previous = cycle_neighbours(cycle)[0]
    if cycle.voided_at is not None or cycle.ended_at is not None or previous is None:
        return "not_latest"
    if equality_record_for_cycle(cycle.id) is not None and equality_record_for_cycle(previous.id) is not None:
        return "equality"
    return None


def void_cycle(cycle, actor, reason):
    """Void a cycle started by mistake: the cycle before is reopened and takes back its support.

    The voided cycle's interventions (and its E&D record) move to the cycle
    before, which is judged again with the voided one, in the same
    transaction, so the WHP, its date and every figure follow. The voided cycle
    leaves the employer's view and stays, marked, on the staff record.
    Raises :class:`CycleVoidRefused` when it may not be voided.
    """
    refusal = cycle_void_refusal(cycle)
    if refusal is not None:
        raise CycleVoidRefused(refusal)
    previous = cycle_neighbours(cycle)[0]
    equality = equality_record_for_cycle(cycle.id)
    if equality is not None:
        equality.cycle_id = previous.id
    db.session.execute(update(Intervention).where(Intervention.cycle_id == cycle.id).values(cycle_id=previous.id)
                       .execution_options(synchronize_session=False))
    cycle.voided_at = utcnow()
    cycle.voided_by_id = actor.id if actor is not None else None
    cycle.void_reason = reason.strip()
    previous.ended_at = None
    db.session.flush()
    evaluate_cycle(cycle.id)
    evaluate_cycle(previous.id)
    return record_correction("voided", cycle, reason=reason, actor=actor, before={"voided": False},
                             after={"voided": True})


def redate_intervention(source, occurred_at, support_type=None):
    """Move ``source``'s intervention to when it really happened; the WHP is re-dated to match."""
    intervention = db.session.scalar(select(Intervention).where(
        Intervention.source_type == source.__tablename__, Intervention.source_id == source.id))
    if intervention is None:
        return None
    intervention.occurred_at = occurred_at
    if support_type is not None:
        intervention.support_type = support_type
    db.session.flush()
    evaluate_cycle(intervention.cycle_id)
    return intervention


# --- outcome follow-up -------------------------------------------------------------

# Days before the deadline that an unanswered follow-up gets its one reminder.
REMINDER_DAYS_BEFORE = 7


@dataclass
class FollowUpRun:
    """What one run did: follow-ups sent, e-mails queued, follow-ups nobody could receive."""

    sent: int = 0
    emails: int = 0
    not_sent: int = 0


def _contacts_by_organisation(organisation_ids):
    """Active employer contacts of each organisation (one query)."""
    contacts = {}
    if not organisation_ids:
        return contacts
    for user in db.session.scalars(select(User).where(
        User.organisation_id.in_(organisation_ids), User.role == Role.EMPLOYER, User.active.is_(True),
    ).order_by(User.id)):
        contacts.setdefault(user.organisation_id, []).append(user)
    return contacts


def send_due_follow_ups(now=None):
    """E-mail each follow-up that is due a single-use link to every contact of its organisation.

    A follow-up whose organisation has no one to receive it is marked *not
    sent* (never *sent*, so it can never close as *no response*) and is tried
    again on later runs. Returns a :class:`FollowUpRun` whose ``emails`` is
    exactly the number of messages queued.
    """
    now = now or utcnow()
    run = FollowUpRun()
    due = db.session.scalars(
        select(OutcomeFollowUp)
        .where(OutcomeFollowUp.status.in_([FollowUpStatus.SCHEDULED, FollowUpStatus.NOT_SENT]),
               OutcomeFollowUp.send_after <= now)
        .options(selectinload(OutcomeFollowUp.organisation), selectinload(OutcomeFollowUp.rule_version))
    ).all()
    contacts = _contacts_by_organisation([f.organisation_id for f in due])
    for follow_up in due:
        organisation = follow_up.organisation
        recipients = contacts.get(organisation.id, [])
        if not recipients:
            if follow_up.status != FollowUpStatus.NOT_SENT:
                follow_up.status = FollowUpStatus.NOT_SENT
                run.not_sent += 1
                record("outcome_follow_up_not_sent", follow_up, organisation_id=organisation.id)
            continue
        token = secrets.token_urlsafe(32)
        lang = recipient_language(organisation=organisation)
        days = follow_up.rule_version.follow_up_response_days if follow_up.rule_version else 28
        follow_up.token_hash = hash_token(token)
        follow_up.status = FollowUpStatus.SENT
        follow_up.sent_at = now
        follow_up.respond_by = now + timedelta(days=days)
        link = external_url("programme.follow_up", lang, token=token)
        for user in recipients:
            queue_email(user.email, "outcome_follow_up", lang, name=user.full_name,
                        organisation=organisation.name, link=link, respond_by=follow_up.respond_by)
        run.sent += 1
        run.emails += len(recipients)
        record("outcome_follow_up_sent", follow_up, organisation_id=organisation.id, emails=len(recipients))
    return run


def send_follow_up_reminders(now=None):
    """Remind, once, each contact of a follow-up still unanswered a week before its deadline.

    The reminder carries a second single-use link; the first keeps working.
    Returns a :class:`FollowUpRun` (``emails`` is the number queued).
    """
    now = now or utcnow()
    run = FollowUpRun()
    due = db.session.scalars(
        select(OutcomeFollowUp)
        .where(OutcomeFollowUp.status == FollowUpStatus.SENT, OutcomeFollowUp.reminded_at.is_(None),
               OutcomeFollowUp.respond_by > now,
               OutcomeFollowUp.respond_by <= now + timedelta(days=REMINDER_DAYS_BEFORE))
        .options(selectinload(OutcomeFollowUp.organisation))
    ).all()
    contacts = _contacts_by_organisation([f.organisation_id for f in due])
    for follow_up in due:
        recipients = contacts.get(follow_up.organisation_id, [])
        if not recipients:
            continue
        token = secrets.token_urlsafe(32)
        organisation = follow_up.organisation
        lang = recipient_language(organisation=organisation)
        follow_up.reminder_token_hash = hash_token(token)
        follow_up.reminded_at = now
        link = external_url("programme.follow_up", lang, token=token)
        for user in recipients:
            queue_email(user.email, "outcome_follow_up_reminder", lang, name=user.full_name,
                        organisation=organisation.name, link=link, respond_by=follow_up.respond_by)
        run.sent += 1
        run.emails += len(recipients)
        record("outcome_follow_up_reminded", follow_up, organisation_id=organisation.id, emails=len(recipients))
    return run


def _close_links(follow_up):
    follow_up.token_hash = None
    follow_up.reminder_token_hash = None


def close_unanswered_follow_ups(now=None):
    """Close follow-ups past their deadline as *no response* (never as "no"); returns how many.

    Only a follow-up that was sent can be unanswered: *not sent* ones stay as they are.
    """
    now = now or utcnow()
    overdue = db.session.scalars(
        select(OutcomeFollowUp).where(OutcomeFollowUp.status == FollowUpStatus.SENT,
                                      OutcomeFollowUp.respond_by < now)
    ).all()
    for follow_up in overdue:
        follow_up.status = FollowUpStatus.NO_RESPONSE
        follow_up.closed_at = now
        _close_links(follow_up)
        record("outcome_follow_up_no_response", follow_up, organisation_id=follow_up.organisation_id)
    return len(overdue)


def follow_up_for_token(token):
    """The follow-up a link's token opens, or None."""
    if not token:
        return None
    hashed = hash_token(token)
    return db.session.scalar(
        select(OutcomeFollowUp)
        .where(or_(OutcomeFollowUp.token_hash == hashed, OutcomeFollowUp.reminder_token_hash == hashed))
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
    _close_links(follow_up)
    record("outcome_follow_up_answered", follow_up, organisation_id=follow_up.organisation_id)
    return follow_up


# Staff may record an answer given to them (by phone, say) while the employer could
# still answer, when nobody could receive the e-mail, or after it went unanswered.
STAFF_ANSWERABLE = (FollowUpStatus.SENT, FollowUpStatus.NOT_SENT, FollowUpStatus.NO_RESPONSE)


def can_record_staff_answer(follow_up):
    """True if staff may record an answer for ``follow_up`` now."""
    return follow_up is not None and follow_up.status in STAFF_ANSWERABLE


def record_staff_answer(follow_up, actor, changes, choices, now=None):
    """Store an answer the employer gave staff, marked as recorded by ``actor``.

    Returns None, storing nothing, when the follow-up is not open to a staff answer
    (not due yet, or already answered).
    """
    if not can_record_staff_answer(follow_up):
        return None
    now = now or utcnow()
    previous = follow_up.status
    follow_up.status = FollowUpStatus.ANSWERED
    follow_up.answered_at = now
    follow_up.closed_at = None
    follow_up.changes_in_own_words = (changes or "").strip() or None
    follow_up.choices = sorted(choices)
    follow_up.recorded_by_id = actor.id
    _close_links(follow_up)
    record("outcome_follow_up_recorded_by_staff", follow_up, actor=actor,
           organisation_id=follow_up.organisation_id, previous_status=str(previous),
           choices=",".join(follow_up.choices))
    return follow_up


def follow_ups_for_organisation(organisation_id):
    """The organisation's outcome follow-ups, newest first, with who recorded them (two queries)."""
    return db.session.scalars(
        select(OutcomeFollowUp)
        .where(OutcomeFollowUp.organisation_id == organisation_id)
        .options(selectinload(OutcomeFollowUp.recorded_by), selectinload(OutcomeFollowUp.cycle))
        .order_by(OutcomeFollowUp.send_after.desc(), OutcomeFollowUp.id.desc())
    ).all()


def organisation_follow_up(organisation_id, follow_up_id):
    """One follow-up of the organisation, or None."""
    return db.session.scalar(select(OutcomeFollowUp).where(
        OutcomeFollowUp.id == follow_up_id, OutcomeFollowUp.organisation_id == organisation_id))


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
    # A cycle voided as started by mistake leaves the employer's view.
    cycles = [c for c in cycles_with_interventions(organisation_id) if c.voided_at is None]
    current = current_of(cycles)
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
