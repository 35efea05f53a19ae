"""What action plans add to shared registries, and how they learn of bookings made from them.

Imported with the plans blueprint (``portal.plans.routes``):

- the audit words for what is done to a plan, and its timeline source;
- the plan's progress on the programme page (:mod:`portal.page_parts`), so
  the programme, lower in the layers, need not import the plans;
- a booking or visit request made from an action is linked to it
  (:data:`portal.signals.booked_from_plan`);
- merging organisations moves their plans.
"""

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.audit.labels import register_action, register_field, register_record_type
from portal.events.topics import LABELS as EVENT_LABELS
from portal.extensions import db
from portal.forms import ActionForm
from portal.organisations.merge import register_merge_columns
from portal.page_parts import register_part
from portal.plans import services
from portal.plans.labels import PROGRESS, PROGRESS_TAGS
from portal.plans.models import ActionPlan
from portal.plans.services import PLAN_PEOPLE
from portal.signals import booked_from_plan, plan_action_shown
from portal.timeline import TimelineEntry, register_source
from portal.visits.labels import VISIT_TYPES

register_merge_columns(ActionPlan)
register_record_type("survey_action_plans", _l("Workplace health action plan"))
for _action, _label in {
    "action_plan_started": _l("Workplace health action plan started"),
    "action_plan_agreed": _l("Workplace health action plan agreed"),
    "action_plan_goal_added": _l("Goal added to the action plan"),
    "action_plan_goal_edited": _l("Goal of the action plan changed"),
    "action_plan_goal_removed": _l("Goal removed from the action plan"),
    "action_plan_action_added": _l("Action added to the action plan"),
    "action_plan_action_edited": _l("Action of the action plan changed"),
    "action_plan_action_removed": _l("Action removed from the action plan"),
    "action_plan_action_done": _l("Action of the action plan marked done"),
    "action_plan_action_not_done": _l("Action of the action plan marked not done"),
    "action_plan_action_booked": _l("Action of the action plan booked"),
}.items():
    # Words for the audit log only: the timeline shows plans from their own source below.
    register_action(_action, _label)
for _key, _label in {
    "survey": _l("Survey"), "goals": _l("Goals"), "theme": _l("Theme"), "offer": _l("Offer from the catalogue"),
    "text_en": _l("Text in English"), "text_cy": _l("Text in Welsh"),
}.items():
    register_field(_key, _label)


@register_source("action_plan", _l("Action plans"), order=60)
def plan_entries(query):
    """When each of the organisation's plans was started and agreed (one query)."""
    start, end = query.bounds()
    entries = []
    for plan in db.session.scalars(select(ActionPlan).where(ActionPlan.organisation_id == query.organisation_id)):
        for at, title in ((plan.created_at, _("Workplace health action plan started")),
                          (plan.agreed_at, _("Workplace health action plan agreed"))):
            if at is not None and (start is None or at >= start) and (end is None or at < end):
                entries.append(TimelineEntry(at=at, kind="action_plan", title=title))
    return entries


@register_part("programme_overview", "plans/_programme_part.html", order=10)
def programme_part(organisation):
    """The latest plan's actions and which are done, on the employer's programme page."""
    summary = services.programme_summary(organisation)
    if summary is None or summary["plan"] is None:
        return summary
    done = [action_id for action_id, state in summary["progress"].items() if state.done]
    return {**summary, "done_ids": done, "text_of": services.text_of,
            "labels": {"progress": PROGRESS, "tags": PROGRESS_TAGS, "visit_types": VISIT_TYPES, **EVENT_LABELS}}


@register_part("survey_results", "plans/_results_part.html", order=10)
def results_part(survey, user):
    """On a survey's results page: the plan built from them, or a way to start one (one query).

    Champions read the results but do not build the plan (the employer and
    their adviser do), so they get nothing here.
    """
    if user.role not in PLAN_PEOPLE:
        return None
    return {"survey": survey, "plan": services.plan_for_survey(survey), "start_form": ActionForm()}


@booked_from_plan.connect
def link_to_action(made, *, plan_action):
    """A booking or visit request made from an action of the plan is recorded on that action.

    Returns where the employer goes next: back to the action on the plan (None
    when nothing was linked, and the booking page chooses).
    """
    action = services.link_record(made, plan_action)
    return _action_address(action) if action is not None else None


@plan_action_shown.connect
def action_shown_at(organisation, *, plan_action):
    """Where the action a page was opened from is shown, if it is on one of the organisation's plans."""
    action = services.organisation_action(organisation.id, plan_action)
    return _action_address(action) if action is not None else None


def _action_address(action):
    return url_for("plans.show", plan_id=action.goal.plan_id, _anchor=f"action-{action.id}")
