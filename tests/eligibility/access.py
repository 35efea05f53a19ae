"""Routes of the eligibility feature (evidence, review, decisions, settings) and who may reach them."""

from portal.eligibility import services as eligibility
from portal.security import Role
from tests import factories
from tests.routes import ADMIN_ONLY, ALLOW, ANYONE, NOT_FOUND, SIGN_IN, STAFF_ONLY, Route, access

ROUTES = {
    # The public checker: anyone, before signing up (issue 18).
    "checker.start": Route("/en/check-eligibility/", ANYONE),
    "checker.question": Route("/en/check-eligibility/questions/where", ANYONE),
    "checker.result": Route(lambda s: f"/en/check-eligibility/result?where=wales&authority={s.authority.id}"
                            "&employees=12&group=no", ANYONE),
    "eligibility.download": Route(
        lambda s: f"/en/eligibility/evidence/{s.evidence.id}",
        access(SIGN_IN, ALLOW, NOT_FOUND, ALLOW, ALLOW), page=False,
    ),
    "eligibility.queue": Route("/en/eligibility/review", STAFF_ONLY),
    "eligibility.organisation": Route(lambda s: f"/en/eligibility/organisations/{s.organisation.id}", STAFF_ONLY),
    "eligibility.decide": Route(lambda s: f"/en/eligibility/organisations/{s.organisation.id}/decision", STAFF_ONLY,
                                method="POST", data={"outcome": "approved"}, page=False),
    "eligibility.record_evidence": Route(
        lambda s: f"/en/eligibility/organisations/{s.organisation.id}/evidence", STAFF_ONLY, method="POST",
        data={"method": "seen_by_phone", "note": "Payroll summary read out"}, page=False,
    ),
    "eligibility.grant_exception": Route(
        lambda s: f"/en/eligibility/organisations/{s.organisation.id}/exception", STAFF_ONLY, method="POST",
        data={"reason": "Branch works like an SME"}, page=False,
    ),
    "eligibility.merge": Route(lambda s: f"/en/eligibility/organisations/{s.organisation.id}/merge", STAFF_ONLY),
    "eligibility.settings": Route("/en/eligibility/settings", ADMIN_ONLY),
}


def add_sample_data(sample):
    """The sample organisation uploaded a document and staff verified it.

    It is a supported organisation the other features build on: its WHP
    (tests.programme.access) counts only because it was verified first.
    """
    sample.evidence = factories.make_evidence(sample.organisation, uploaded_by=sample.users[Role.EMPLOYER.value],
                                              commit=False)
    eligibility.decide(sample.organisation, sample.users[Role.STAFF.value], eligibility.Outcome.APPROVED)
