"""Every route, how to reach it, and who may.

The access-matrix test fails on any route in ``app.url_map`` missing here, and
the page tests (pseudo-locale, axe) walk the GET routes listed.

Each feature keeps its own ``tests/<feature>/access.py`` with a ``ROUTES`` dict
and an ``add_sample_data(sample)`` function that adds the records its URLs
need to the shared sample, and lists that module in ``FEATURE_ROUTE_MODULES``.
"""

import importlib
from dataclasses import dataclass, field
from types import SimpleNamespace

from portal.email.models import OutboxMessage, OutboxStatus
from portal.extensions import db
from portal.security import Role
from tests import factories

ROLES = ("anonymous", Role.EMPLOYER.value, Role.CHAMPION.value, Role.STAFF.value, Role.ADMIN.value)

ALLOW = "allow"
SIGN_IN = "sign-in"
FORBIDDEN = "forbidden"
NOT_FOUND = "not-found"


def access(anonymous, employer, champion, staff, admin):
    return dict(zip(ROLES, (anonymous, employer, champion, staff, admin), strict=True))


ANYONE = access(ALLOW, ALLOW, ALLOW, ALLOW, ALLOW)
SIGNED_IN = access(SIGN_IN, ALLOW, ALLOW, ALLOW, ALLOW)
ADMIN_ONLY = access(SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN, ALLOW)
STAFF_ONLY = access(SIGN_IN, FORBIDDEN, FORBIDDEN, ALLOW, ALLOW)
EMPLOYER_ONLY = access(SIGN_IN, ALLOW, FORBIDDEN, FORBIDDEN, FORBIDDEN)


@dataclass
class Route:
    url: object  # str, or a function of the sample data returning the path
    access: dict
    method: str = "GET"
    data: dict = field(default_factory=dict)
    # Pages a person reaches; excluded from page walks when False (downloads, redirects).
    page: bool = True
    # Registered only when DEV_MAIL_SINK is on (development): the matrix checks
    # it on the ``dev_app`` fixture, and that the test app does not have it.
    dev_only: bool = False

    def path(self, sample):
        return self.url(sample) if callable(self.url) else self.url


def build_sample_data():
    """Records the parametrised routes point at; committed."""
    organisation = factories.make_organisation(name="Sample Bakery Ltd")
    users = {
        Role.EMPLOYER.value: factories.make_user(Role.EMPLOYER, organisation=organisation),
        Role.CHAMPION.value: factories.make_user(Role.CHAMPION, organisation=organisation),
        Role.STAFF.value: factories.make_user(Role.STAFF),
        Role.ADMIN.value: factories.make_user(Role.ADMIN),
    }
    message = OutboxMessage(
        to_address="someone@example.com", subject="Sample", body_text="Body", language="en",
        template="password_reset", status=OutboxStatus.FAILED, last_error="Connection refused",
    )
    db.session.add(message)
    db.session.commit()
    sample = SimpleNamespace(
        organisation=organisation,
        users=users,
        message=message,
        partner=factories.partner(),
        authority=factories.authority(),
        sector=factories.sector(),
    )
    for module in _feature_modules():
        module.add_sample_data(sample)
    db.session.commit()
    return sample


ROUTES = {
    "root.index": Route("/", ANYONE, page=False),
    "root.healthz": Route("/healthz", ANYONE, page=False),
    "pages.start": Route("/en/", ANYONE),
    "pages.account": Route("/en/account", SIGNED_IN),
    "pages.privacy": Route("/en/privacy", ANYONE),
    "pages.cookies": Route("/en/cookies", ANYONE),
    "pages.accessibility": Route("/en/accessibility", ANYONE),
    "pages.contact": Route("/en/contact", ANYONE),
    "accounts.sign_in": Route("/en/sign-in", ANYONE),
    "accounts.sign_out": Route("/en/sign-out", ANYONE, method="POST", page=False),
    "accounts.forgotten_password": Route("/en/forgotten-password", ANYONE),
    "accounts.reset_password": Route("/en/reset-password/not-a-real-token", ANYONE, page=False),
    "accounts.change_password": Route("/en/account/password", SIGNED_IN),
    "admin.audit": Route("/en/admin/audit", ADMIN_ONLY),
    "admin.audit_export": Route("/en/admin/audit.csv", ADMIN_ONLY, page=False),
    "admin.outbox": Route("/en/admin/email", ADMIN_ONLY),
    "admin.retry_email": Route(lambda s: f"/en/admin/email/{s.message.id}/retry", ADMIN_ONLY, method="POST",
                               page=False),
    "admin.reference": Route("/en/admin/reference", ADMIN_ONLY),
    "admin.edit_reference": Route(lambda s: f"/en/admin/reference/sector/{s.sector.id}", ADMIN_ONLY),
    "admin.edit_partner": Route(lambda s: f"/en/admin/reference/partner/{s.partner.id}", ADMIN_ONLY),
    "dev_email.messages": Route("/en/admin/dev-email", ADMIN_ONLY, dev_only=True),
}


# One line per feature: the module holding that feature's ROUTES and add_sample_data.
# Order matters: a module may use records an earlier one added (visits use the sample event).
FEATURE_ROUTE_MODULES = [
    # First: the sample organisation is verified before anything is counted for it.
    "tests.eligibility.access",
    "tests.engagement.access", "tests.programme.access",
    "tests.registration.access",
    "tests.organisations.access",
    "tests.events.access",
    "tests.bookings.access",
    "tests.visits.access",
    "tests.referrals.access",
    "tests.surveys.results_access",
    "tests.surveys.access",
    "tests.plans.access",
    "tests.engagement.behalf_access",
    "tests.champions.access",
    "tests.resources.access",
    "tests.reporting.access",
    "tests.admin.access",
]


def _feature_modules():
    return [importlib.import_module(name) for name in FEATURE_ROUTE_MODULES]


for _module in _feature_modules():
    ROUTES.update(_module.ROUTES)
