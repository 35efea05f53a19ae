"""Routes of the programme tracker: who may reach them."""

from datetime import timedelta

from portal.programme.models import FollowUpStatus
from portal.timeutil import utcnow
from portal.tokens import hash_token
from tests import factories
from tests.routes import ADMIN_ONLY, ANYONE, EMPLOYER_ONLY, Route

SAMPLE_TOKEN = "sample-follow-up-token"  # noqa: S105 - a test fixture, not a secret

ROUTES = {
    "programme.overview": Route("/en/programme/", EMPLOYER_ONLY),
    "programme.history": Route("/en/programme/history", EMPLOYER_ONLY),
    "programme.new_cycle": Route("/en/programme/new", EMPLOYER_ONLY, method="POST", page=False),
    "programme.certificate": Route("/en/programme/certificate/1", EMPLOYER_ONLY),
    "programme.certificate_download": Route("/en/programme/certificate/1.pdf", EMPLOYER_ONLY, page=False),
    "programme.verify": Route("/en/programme/verify?code=ABCD-EFGH-JKMN-PQRS", ANYONE),
    "programme.follow_up": Route(f"/en/programme/follow-up/{SAMPLE_TOKEN}", ANYONE),
    "programme.rules": Route("/en/programme/rules", ADMIN_ONLY),
}


def add_sample_data(sample):
    """The sample organisation has a WHP implemented (two interventions) and a follow-up link sent."""
    factories.make_intervention(sample.organisation, kind="visit_delivered", support_type="physiotherapy",
                                commit=False)
    follow_up = factories.make_outcome_follow_up(sample.organisation, commit=False)
    follow_up.status = FollowUpStatus.SENT
    follow_up.sent_at = utcnow()
    follow_up.respond_by = utcnow() + timedelta(days=28)
    follow_up.token_hash = hash_token(SAMPLE_TOKEN)
    sample.follow_up = follow_up
