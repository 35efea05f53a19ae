"""Routes of the action plans and who may reach them: the organisation's employer contacts and their adviser."""

from tests.plans.helpers import plan_records
from tests.routes import ALLOW, FORBIDDEN, SIGN_IN, Route, access

# The employer contact, and staff of the organisation's partner or administrators; champions are not asked.
PLAN_PEOPLE = access(SIGN_IN, ALLOW, FORBIDDEN, ALLOW, ALLOW)


def _plan(path):
    return lambda s: f"/en/plans/{s.plan.id}{path}"


ROUTES = {
    "plans.index": Route("/en/plans/", PLAN_PEOPLE),
    "plans.start": Route(lambda s: f"/en/plans/survey/{s.plan_survey.id}/start", PLAN_PEOPLE, method="POST",
                         page=False),
    "plans.show": Route(_plan(""), PLAN_PEOPLE),
    "plans.add_goal": Route(_plan("/goals/new"), PLAN_PEOPLE),
    "plans.edit_goal": Route(lambda s: f"/en/plans/{s.plan.id}/goals/{s.plan_goal.id}", PLAN_PEOPLE),
    "plans.remove_goal": Route(lambda s: f"/en/plans/{s.plan.id}/goals/{s.plan_goal.id}/remove", PLAN_PEOPLE),
    "plans.add_action": Route(lambda s: f"/en/plans/{s.plan.id}/goals/{s.plan_goal.id}/actions/new", PLAN_PEOPLE),
    "plans.add_offer": Route(lambda s: f"/en/plans/{s.plan.id}/goals/{s.plan_goal.id}/offers", PLAN_PEOPLE,
                             method="POST", data={"offer": "visit:physiotherapy-outreach"}, page=False),
    "plans.edit_action": Route(lambda s: f"/en/plans/{s.plan.id}/actions/{s.plan_action.id}", PLAN_PEOPLE),
    "plans.remove_action": Route(lambda s: f"/en/plans/{s.plan.id}/actions/{s.plan_action.id}/remove",
                                 PLAN_PEOPLE),
    "plans.mark_done": Route(lambda s: f"/en/plans/{s.plan.id}/actions/{s.plan_action.id}/done", PLAN_PEOPLE,
                             method="POST", data={"done": "1"}, page=False),
    "plans.agree": Route(_plan("/agree"), PLAN_PEOPLE, method="POST", page=False),
}


def add_sample_data(sample):
    """The sample organisation's surveys and plan (the sample event is one of its actions)."""
    for name, value in plan_records(sample.organisation, getattr(sample, "event", None)).items():
        setattr(sample, name, value)
