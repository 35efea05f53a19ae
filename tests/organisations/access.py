"""Routes of the organisations feature (the employer's organisation pages) and who may reach them."""

from portal.security import Role
from tests import factories
from tests.routes import ANYONE, EMPLOYER_ONLY, FORBIDDEN, NOT_FOUND, SIGN_IN, Route, access

ROUTES = {
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
}


def add_sample_data(sample):
    """A contact of another organisation, whom the sample employer may not remove."""
    sample.other_contact = factories.make_user(Role.EMPLOYER, organisation=factories.make_organisation())
