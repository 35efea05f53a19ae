"""Routes of the champions hub and who may reach them."""

from portal.security import Role
from tests import factories
from tests.routes import (
    ADMIN_ONLY,
    ALLOW,
    ANYONE,
    EMPLOYER_ONLY,
    FORBIDDEN,
    SIGN_IN,
    SIGNED_IN,
    STAFF_ONLY,
    Route,
    access,
)

CHAMPION_ONLY = access(SIGN_IN, FORBIDDEN, ALLOW, FORBIDDEN, FORBIDDEN)
NETWORK = access(SIGN_IN, FORBIDDEN, ALLOW, ALLOW, ALLOW)


def add_sample_data(sample):
    champion = sample.users[Role.CHAMPION.value]
    sample.training = factories.make_training(champion, commit=False)
    sample.thread = factories.make_thread(champion, title="Walking lunches", body="Who walks at lunch?",
                                          commit=False)
    sample.post = factories.make_post(sample.thread, champion, body="We do, on Fridays.", commit=False)
    sample.report = factories.make_report(sample.post, champion, commit=False)


ROUTES = {
    "champions.home": Route("/en/champions/", CHAMPION_ONLY),
    "champions.settings": Route("/en/champions/settings", CHAMPION_ONLY),
    "champions.certificate": Route(lambda s: f"/en/champions/certificates/{s.training.certificate_code}", SIGNED_IN),
    "champions.certificate_download": Route(
        lambda s: f"/en/champions/certificates/{s.training.certificate_code}.pdf", SIGNED_IN, page=False),
    "champions.verify": Route("/en/champions/verify", ANYONE),
    "champions.team": Route("/en/champions/team", EMPLOYER_ONLY),
    "champions.staff_list": Route("/en/champions/all", STAFF_ONLY),
    "champions.invite": Route("/en/champions/invite", STAFF_ONLY),
    "champions.directory": Route("/en/champions/directory", NETWORK),
    "champions.noticeboard": Route("/en/champions/network", NETWORK),
    "champions.new_thread": Route("/en/champions/network/new", NETWORK),
    "champions.thread": Route(lambda s: f"/en/champions/network/{s.thread.id}", NETWORK),
    "champions.report_post": Route(lambda s: f"/en/champions/network/posts/{s.post.id}/report", NETWORK),
    "champions.moderate_post": Route(lambda s: f"/en/champions/network/posts/{s.post.id}/hide", STAFF_ONLY,
                                     method="POST", page=False),
    "champions.moderate_thread": Route(lambda s: f"/en/champions/network/{s.thread.id}/lock", STAFF_ONLY,
                                       method="POST", page=False),
    "champions.reports": Route("/en/champions/network/reports", STAFF_ONLY),
    "champions.dismiss_report": Route(lambda s: f"/en/champions/network/reports/{s.report.id}/dismiss",
                                      STAFF_ONLY, method="POST", page=False),
    "champions.validity": Route("/en/champions/validity", ADMIN_ONLY),
}
