"""What the programme adds to shared registries, and the events it counts as interventions.

Imported with the programme blueprint (``portal.programme.routes``):

- its timeline source (interventions) and audit actions;
- its merge rules (cycles are renumbered);
- attendance marked on a booking and a delivered workplace visit count as
  interventions (:mod:`portal.signals`), so bookings and visits need not
  know the programme.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.audit.labels import register_action, register_field, register_record_type, register_values
from portal.bookings.models import Attendance, Booking
from portal.eligibility.tiers import SupportKind
from portal.extensions import db
from portal.organisations.merge import register_merge_columns, register_merge_handler
from portal.programme.labels import (
    ACTION_PLAN_SUPPORT,
    EQUALITY_CHANGES,
    FOLLOW_UP_STATUSES,
    OUTCOME_CHOICES,
    intervention_kind_label,
)
from portal.programme.models import (
    ACTION_PLAN_SOURCE,
    EqualityStrategyRecord,
    Intervention,
    InterventionKind,
    OutcomeFollowUp,
    ProgrammeCycle,
)
from portal.programme.services import (
    current_rules,
    evaluate_organisation,
    record_intervention,
    redate_intervention,
    withdraw_intervention,
)
from portal.signals import attendance_marked, eligibility_changed, plan_agreed, visit_corrected, visit_delivered
from portal.timeline import TimelineEntry, between, register_audit_action, register_source

# --- timeline -----------------------------------------------------------------------


@register_source("intervention", _l("Interventions"), order=20)
def intervention_entries(query):
    """The interventions counted for the organisation, with their programme number."""
    statement = between(
        query, Intervention.occurred_at,
        select(Intervention, ProgrammeCycle.number).join(ProgrammeCycle, ProgrammeCycle.id == Intervention.cycle_id)
        .where(Intervention.organisation_id == query.organisation_id),
    )
    return [
        TimelineEntry(
            at=intervention.occurred_at,
            kind="intervention",
            title=_("Intervention counted: %(kind)s", kind=intervention_kind_label(intervention.kind)),
            detail=_("Programme %(number)s", number=number),
        )
        for intervention, number in db.session.execute(statement)
    ]


register_audit_action("programme_whp_implemented", _l("Workplace health programme implemented"), True)
register_audit_action("programme_whp_withdrawn", _l("Workplace health programme no longer complete"), True)
register_audit_action("programme_whp_redated", _l("Workplace health programme date corrected"), True)
register_audit_action("programme_cycle_started", _l("New programme started"), True)
register_audit_action("programme_cycles_edited", _l("Programme dates corrected"))
register_audit_action("programme_cycles_voided", _l("Programme voided: started by mistake"))
register_field("implemented_on", _l("Implemented on"))
register_audit_action("equality_strategy_records_edited", _l("Equality and diversity record corrected"))
register_audit_action("equality_strategy_records_voided", _l("Equality and diversity record voided"))
register_audit_action("equality_strategy_recorded",
                      _l("Equality and diversity strategy adopted or improved"), True)
register_audit_action("outcome_follow_up_sent", _l("Outcome follow-up sent"), True)
register_audit_action("outcome_follow_up_answered", _l("Outcome follow-up answered"), True)
register_audit_action("outcome_follow_up_no_response", _l("Outcome follow-up closed with no response"))
register_audit_action("outcome_follow_up_not_sent", _l("Outcome follow-up not sent: no one to receive it"))
register_audit_action("outcome_follow_up_reminded", _l("Outcome follow-up reminder sent"), True)
register_audit_action("outcome_follow_up_recorded_by_staff", _l("Outcome follow-up answer recorded by staff"), True)

register_action("programme_rules_changed", _l("Programme rules changed (new rule version)"))
register_record_type("programme_cycles", _l("Programme cycle"))
register_record_type("programme_rule_versions", _l("Programme rule version"))
register_record_type("equality_strategy_records", _l("Equality and diversity record"))
register_record_type("outcome_follow_ups", _l("Outcome follow-up"))
register_record_type("interventions", _l("Intervention"))
for _key, _label in {
    "cycle": _l("Programme number"), "rule_version": _l("Rule version"), "number": _l("Rule version"),
    "whp_min_interventions": _l("Interventions needed"), "whp_distinct_types": _l("Two different types needed"),
    "counted_engagement_types": _l("Engagement types counted"), "change": _l("Change"),
    "previous_status": _l("State before"), "counts_action_plan": _l("Action plan counted"),
}.items():
    register_field(_key, _label)
register_values("change", EQUALITY_CHANGES)
register_values("previous_status", FOLLOW_UP_STATUSES)
register_values("choices", OUTCOME_CHOICES)

# --- merging organisations ------------------------------------------------------------

register_merge_columns(Intervention, EqualityStrategyRecord, OutcomeFollowUp)


@register_merge_handler("programme_cycles")
def renumber_cycles(keep, duplicate):
    """Cycle numbers are unique per organisation: the duplicate's follow the kept ones."""
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


# --- interventions from other features' events ----------------------------------------------


@attendance_marked.connect
def count_attendance(booking, *, attendance):
    """Count the event for the booking's organisation, or stop counting this booking."""
    if attendance != Attendance.ATTENDED:
        withdraw_intervention(booking)
    count_event_for_organisation(booking.event, booking.organisation)


def count_event_for_organisation(event, organisation):
    """One intervention per organisation per event, however many of its staff attended.

    The organisation had one piece of support; counting each attendee would
    let two colleagues at one webinar "implement" a programme. The earliest
    attended booking is the intervention's source; if its attendance is
    corrected, the next attended booking takes over.
    """
    attended = db.session.scalars(
        select(Booking.id).where(
            Booking.event_id == event.id, Booking.organisation_id == organisation.id,
            Booking.attendance == Attendance.ATTENDED,
        ).order_by(Booking.id)
    ).all()
    if not attended:
        return
    counted = db.session.scalar(
        select(Intervention.id).where(Intervention.source_type == Booking.__tablename__,
                                      Intervention.source_id.in_(attended))
    )
    if counted is None:
        kind = (InterventionKind.TRAINING_COMPLETED if event.kind == SupportKind.CHAMPION_TRAINING
                else InterventionKind.SESSION_ATTENDED)
        record_intervention(organisation, kind, event.topic, db.session.get(Booking, attended[0]), event.ends_at)


@eligibility_changed.connect
def rejudge_programme(organisation, *, status):
    """A WHP counts only while the organisation may be counted: judge its cycles again."""
    db.session.flush()
    evaluate_organisation(organisation.id)


@visit_delivered.connect
def count_visit(visit, *, at):
    """A delivered workplace visit counts as an intervention of its type."""
    record_intervention(visit.organisation, InterventionKind.VISIT_DELIVERED, visit.visit_type, visit, at)


@visit_corrected.connect
def recount_visit(visit, *, at):
    """A corrected visit's intervention moves to its day and type; a voided visit's is withdrawn."""
    if at is None:
        withdraw_intervention(visit)
    elif redate_intervention(visit, at, visit.visit_type) is None:
        count_visit(visit, at=at)


@plan_agreed.connect
def count_action_plan(plan, *, organisation, at, results_shown):
    """A survey with results and an agreed plan is an intervention, when the rules in force count it."""
    if results_shown and current_rules().counts_action_plan:
        record_intervention(organisation, InterventionKind.ACTION_PLAN, ACTION_PLAN_SUPPORT, plan, at,
                            source_type=ACTION_PLAN_SOURCE)
