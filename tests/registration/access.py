"""Routes added by registration and eligibility, with who may reach them."""

from portal.security import Role
from tests import factories
from tests.routes import (
    ADMIN_ONLY,
    ALLOW,
    ANYONE,
    EMPLOYER_ONLY,
    FORBIDDEN,
    NOT_FOUND,
    SIGN_IN,
    STAFF_ONLY,
    Route,
    access,
)

ROUTES = {
    "registration.start": Route("/en/register/", ANYONE),
    "registration.create_account": Route("/en/register/account", ANYONE),
    "registration.verify_email": Route("/en/register/verify/not-a-real-token", ANYONE, page=False),
    # An employer who has registered is sent on to their organisation: not pages for them.
    "registration.tasks": Route("/en/register/tasks", EMPLOYER_ONLY, page=False),
    "registration.resend_verification": Route("/en/register/resend", EMPLOYER_ONLY, method="POST", page=False),
    "registration.question": Route("/en/register/questions/name", EMPLOYER_ONLY, page=False),
    "registration.check": Route("/en/register/check", EMPLOYER_ONLY, page=False),
    "registration.confirmation": Route("/en/register/confirmation", EMPLOYER_ONLY),
    "organisations.overview": Route("/en/organisation/", EMPLOYER_ONLY),
    "organisations.declaration": Route("/en/organisation/declaration", EMPLOYER_ONLY),
    "organisations.upload": Route("/en/organisation/evidence", EMPLOYER_ONLY),
    "organisations.colleagues": Route("/en/organisation/colleagues", EMPLOYER_ONLY),
    # A person of another organisation: the sample employer gets 404.
    "organisations.remove_colleague": Route(
        lambda s: f"/en/organisation/colleagues/{s.other_contact.id}/remove",
        access(SIGN_IN, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN), method="POST", page=False,
    ),
    "organisations.accept_invitation": Route("/en/organisation/invitation/not-a-real-token", ANYONE, page=False),
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
    """An uploaded document for the sample organisation, and a contact of another organisation."""
    sample.evidence = factories.make_evidence(sample.organisation, uploaded_by=sample.users[Role.EMPLOYER.value])
    sample.other_contact = factories.make_user(Role.EMPLOYER, organisation=factories.make_organisation())
