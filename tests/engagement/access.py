"""Routes of the engagement log and caseload: who may reach them."""

from datetime import timedelta

from portal.extensions import db
from portal.programme.models import ProgrammeCycle
from portal.security import Role
from portal.timeutil import utcnow
from tests import factories
from tests.routes import STAFF_ONLY, Route

ROUTES = {
    "engagement.organisations": Route("/en/staff/organisations", STAFF_ONLY),
    "engagement.new_organisation": Route("/en/staff/organisations/new", STAFF_ONLY),
    "engagement.claim_invitation": Route(lambda s: f"/en/staff/organisations/{s.organisation.id}/claim-invitation",
                                         STAFF_ONLY),
    "engagement.organisation": Route(lambda s: f"/en/staff/organisations/{s.organisation.id}", STAFF_ONLY),
    "engagement.log_engagement": Route(lambda s: f"/en/staff/organisations/{s.organisation.id}/engagements/new",
                                       STAFF_ONLY),
    "engagement.assign": Route(lambda s: f"/en/staff/organisations/{s.organisation.id}/adviser", STAFF_ONLY,
                               method="POST", page=False),
    "engagement.record_equality": Route(lambda s: f"/en/staff/organisations/{s.organisation.id}/equality",
                                        STAFF_ONLY, method="POST", page=False),
    "engagement.new_cycle": Route(lambda s: f"/en/staff/organisations/{s.organisation.id}/cycles", STAFF_ONLY,
                                  method="POST", page=False),
    "engagement.follow_up": Route(lambda s: f"/en/staff/engagements/{s.engagement.id}/follow-up", STAFF_ONLY),
    "engagement.follow_up_done": Route(lambda s: f"/en/staff/engagements/{s.engagement.id}/done", STAFF_ONLY,
                                       method="POST", page=False),
    "engagement.follow_ups": Route("/en/staff/follow-ups", STAFF_ONLY),
    "engagement.today": Route("/en/staff/today", STAFF_ONLY),
    # The sample follow-up (tests/programme/access.py) is sent and unanswered: staff may record an answer.
    "engagement.record_outcome_answer": Route(
        lambda s: f"/en/staff/organisations/{s.organisation.id}/outcome-follow-ups/{s.follow_up.id}/answer",
        STAFF_ONLY),
    "engagement.correct_engagement": Route(lambda s: f"/en/staff/engagements/{s.engagement.id}", STAFF_ONLY),
    "engagement.void_engagement": Route(lambda s: f"/en/staff/engagements/{s.engagement.id}/void", STAFF_ONLY),
    "engagement.correct_equality": Route(lambda s: f"/en/staff/equality/{s.equality_record.id}", STAFF_ONLY),
    "engagement.void_equality": Route(lambda s: f"/en/staff/equality/{s.equality_record.id}/void", STAFF_ONLY),
    "engagement.correct_visit": Route(lambda s: f"/en/staff/visits/{s.delivered_visit.id}", STAFF_ONLY),
    "engagement.void_visit": Route(lambda s: f"/en/staff/visits/{s.delivered_visit.id}/void", STAFF_ONLY),
    "engagement.correct_cycle": Route(lambda s: f"/en/staff/cycles/{s.second_cycle.id}", STAFF_ONLY),
    "engagement.void_cycle": Route(lambda s: f"/en/staff/cycles/{s.second_cycle.id}/void", STAFF_ONLY),
}


def add_sample_data(sample):
    staff = sample.users[Role.STAFF.value]
    sample.engagement = factories.make_engagement(
        sample.organisation, staff, type="advice_session", notes="Talked about stress at work",
        outcome="Agreed to run a survey", commit=False,
    )
    factories.make_caseload_assignment(sample.organisation, staff, commit=False)
    sample.equality_record = factories.make_equality_strategy_record(sample.organisation, staff, commit=False)
    # A visit delivered yesterday, to correct or void.
    yesterday = utcnow() - timedelta(days=1)
    sample.delivered_visit = factories.make_visit(
        sample.organisation, requested_by=sample.users[Role.EMPLOYER.value], status="delivered",
        scheduled_for=yesterday, delivered_at=yesterday, commit=False)
    # Another organisation of the partner whose second programme, open, may be corrected or voided.
    other = factories.make_organisation(eligibility_status="verified", partner=sample.organisation.partner,
                                        commit=False)
    db.session.add(ProgrammeCycle(organisation=other, number=1, started_at=yesterday - timedelta(days=30),
                                  ended_at=yesterday))
    sample.second_cycle = ProgrammeCycle(organisation=other, number=2, started_at=yesterday)
    db.session.add(sample.second_cycle)
