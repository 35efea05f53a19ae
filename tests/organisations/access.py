"""Routes of the organisations feature (the employer's organisation pages) and who may reach them."""

from portal.extensions import db
from portal.organisations.models import OrganisationChange
from portal.security import Role
from tests import factories
from tests.routes import ANYONE, EMPLOYER_ONLY, FORBIDDEN, NOT_FOUND, SIGN_IN, STAFF_ONLY, Route, access

ROUTES = {
    "organisations.overview": Route("/en/organisation/", EMPLOYER_ONLY),
    "organisations.declaration": Route("/en/organisation/declaration", EMPLOYER_ONLY),
    "organisations.upload": Route("/en/organisation/evidence", EMPLOYER_ONLY),
    "organisations.colleagues": Route("/en/organisation/colleagues", EMPLOYER_ONLY),
    "organisations.details_page": Route("/en/organisation/details", EMPLOYER_ONLY),
    "organisations.edit_details": Route("/en/organisation/details/employees", EMPLOYER_ONLY),
    "organisations.evaluation_consent": Route("/en/organisation/details/evaluation-consent", EMPLOYER_ONLY),
    # The sample organisation is verified, so its upload is decided and stays: 404 for its contact
    # (tests/organisations/test_details.py removes and replaces undecided ones).
    "organisations.remove_evidence": Route(lambda s: f"/en/organisation/evidence/{s.evidence.id}/remove",
                                           access(SIGN_IN, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    "organisations.replace_evidence": Route(lambda s: f"/en/organisation/evidence/{s.evidence.id}/replace",
                                            access(SIGN_IN, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    # A change the sample contact sent, for the organisation's partner staff to decide. Posted
    # without a decision (the form's error), so the change waits for every role in turn.
    "eligibility.decide_change": Route(
        lambda s: f"/en/eligibility/organisations/{s.organisation.id}/changes/{s.change.id}", STAFF_ONLY,
        method="POST", page=False,
    ),
    # A person of another organisation: the sample employer gets 404.
    "organisations.remove_colleague": Route(
        lambda s: f"/en/organisation/colleagues/{s.other_contact.id}/remove",
        access(SIGN_IN, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN), method="POST", page=False,
    ),
    "organisations.accept_invitation": Route("/en/organisation/invitation/not-a-real-token", ANYONE, page=False),
    "organisations.accept_claim": Route("/en/organisation/claim/not-a-real-token", ANYONE, page=False),
}


def add_sample_data(sample):
    """A contact of another organisation, whom the sample employer may not remove; a change to check."""
    sample.other_contact = factories.make_user(Role.EMPLOYER, organisation=factories.make_organisation())
    sample.change = OrganisationChange(organisation_id=sample.organisation.id, proposed={"employee_count": 14},
                                       previous={"employee_count": sample.organisation.employee_count},
                                       requested_by_id=sample.users[Role.EMPLOYER.value].id)
    db.session.add(sample.change)
    db.session.commit()
