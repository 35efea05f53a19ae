"""Routes of registration (account and registration answers) and who may reach them."""

from tests.routes import ANYONE, EMPLOYER_ONLY, Route

ROUTES = {
    "registration.start": Route("/en/register/", ANYONE),
    "registration.create_account": Route("/en/register/account", ANYONE),
    # Without an account just created in this browser, these send you back to create one.
    "registration.check_email": Route("/en/register/check-email", ANYONE, page=False),
    "registration.resend_email": Route("/en/register/check-email/resend", ANYONE, method="POST", page=False),
    "registration.change_email": Route("/en/register/check-email/change", ANYONE, page=False),
    "registration.verify_email": Route("/en/register/verify/not-a-real-token", ANYONE, page=False),
    # An employer who has registered is sent on to their organisation: not pages for them.
    "registration.tasks": Route("/en/register/tasks", EMPLOYER_ONLY, page=False),
    "registration.resend_verification": Route("/en/register/resend", EMPLOYER_ONLY, method="POST", page=False),
    "registration.question": Route("/en/register/questions/name", EMPLOYER_ONLY, page=False),
    "registration.check": Route("/en/register/check", EMPLOYER_ONLY, page=False),
    "registration.confirmation": Route("/en/register/confirmation", EMPLOYER_ONLY),
}


def add_sample_data(sample):
    """Registration's URLs need nothing beyond the shared sample."""
