"""Routes of self-referral and who may reach them."""

from portal.extensions import db
from portal.referrals import services
from tests.routes import ANYONE, EMPLOYER_ONLY, STAFF_ONLY, Route

ROUTES = {
    # The employee's form: anyone with the link, no account.
    "referrals.start": Route(lambda s: f"/en/refer/{s.referral_code}/", ANYONE),
    "referrals.question": Route(lambda s: f"/en/refer/{s.referral_code}/name", ANYONE),
    # Until every question is answered it sends people back to the first one.
    "referrals.check": Route(lambda s: f"/en/refer/{s.referral_code}/check", ANYONE, page=False),
    "referrals.sent": Route(lambda s: f"/en/refer/{s.referral_code}/sent", ANYONE),
    "referrals.share": Route("/en/organisation/staff-support", EMPLOYER_ONLY),
    "referrals.qr_code": Route("/en/organisation/staff-support/qr-code.svg", EMPLOYER_ONLY, page=False),
    "referrals.poster_pdf": Route("/en/organisation/staff-support/poster.pdf", EMPLOYER_ONLY, page=False),
    "referrals.counts": Route("/en/staff/self-referrals", STAFF_ONLY),
}


def add_sample_data(sample):
    """The sample organisation's referral link."""
    sample.referral_code = services.link_for(sample.organisation).code
    db.session.commit()
