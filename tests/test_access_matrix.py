"""Every route, every role: who gets in, who is sent to sign in, who is refused.

The sample data is built once for the module and each role signs in once
(through the real form); a POST case may change that data or end a session,
so the case after it starts from freshly built data and fresh sign-ins. The
module empties the tables when it ends, as conftest does after each test.
"""

import pytest

from portal.extensions import db
from tests.conftest import reset_tables
from tests.factories import PASSWORD
from tests.helpers import Page
from tests.routes import ALLOW, FORBIDDEN, NOT_FOUND, ROLES, ROUTES, SIGN_IN, build_sample_data


class Matrix:
    """The URL of every route for the sample data, and one client per role and app.

    Development-only routes are requested on ``dev_app`` (same database), the
    rest on the test app.
    """

    def __init__(self, app, dev_app):
        self.apps = {False: app, True: dev_app}
        self.paths = None
        self.emails = None
        self.clients = {}

    def ready(self):
        """Build the sample data, unless the last case left it usable."""
        if self.paths is None:
            sample = build_sample_data()
            # Paths are worked out now, while the sample's rows are attached to a session.
            self.paths = {endpoint: route.path(sample) for endpoint, route in ROUTES.items()}
            self.emails = {role: user.email for role, user in sample.users.items()}
        return self

    def client(self, role, dev_only=False):
        """The client of ``role`` on the right app, signed in through the form the first time."""
        if (dev_only, role) not in self.clients:
            client = self.apps[dev_only].test_client()
            if role != "anonymous":
                response = client.submit("/en/sign-in", {"email": self.emails[role], "password": PASSWORD})
                assert response.status_code == 302, f"sign-in failed for {role}: {response.status_code}"
            self.clients[dev_only, role] = client
        return self.clients[dev_only, role]

    def spoil(self):
        """Throw the data and sessions away: the next case rebuilds them."""
        self.paths = None
        self.emails = None
        self.clients = {}
        db.session.remove()
        reset_tables()


@pytest.fixture(autouse=True)
def app_context(app):
    """Overrides conftest's: the tables are kept between cases and emptied by ``matrix``."""
    with app.app_context():
        yield
        db.session.rollback()
        db.session.remove()


@pytest.fixture(scope="module")
def matrix(app, dev_app):
    shared = Matrix(app, dev_app)
    yield shared
    with app.app_context():
        db.session.remove()
        reset_tables()


def _endpoints(app):
    return {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"}


def test_every_route_declares_access_for_every_role(app, dev_app):
    endpoints = _endpoints(app)
    dev_endpoints = _endpoints(dev_app) - endpoints
    missing = sorted((endpoints | dev_endpoints) - set(ROUTES))
    assert not missing, f"routes with no declared access expectations: {missing}"
    stale = sorted(set(ROUTES) - endpoints - dev_endpoints)
    assert not stale, f"expectations for routes that no longer exist: {stale}"
    dev_only = {endpoint for endpoint, route in ROUTES.items() if route.dev_only}
    assert dev_only == dev_endpoints, "dev_only=True must mark exactly the routes only development has"
    for endpoint, route in ROUTES.items():
        assert set(route.access) == set(ROLES), f"{endpoint} does not declare every role"


def _undeclared(app):
    return [
        endpoint
        for endpoint, view in app.view_functions.items()
        if endpoint != "static" and getattr(view, "access", None) is None
    ]


def test_every_view_declares_its_audience_in_code(app):
    assert not _undeclared(app)


def test_every_development_view_declares_its_audience_in_code(dev_app):
    assert not _undeclared(dev_app)


def _outcome(response):
    location = response.headers.get("Location", "")
    if response.status_code == 302 and "/sign-in" in location:
        return SIGN_IN
    if response.status_code == 403:
        return FORBIDDEN
    if response.status_code == 404:
        return NOT_FOUND
    return ALLOW


@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_access_matrix(endpoint, matrix):
    route = ROUTES[endpoint]
    shared = matrix.ready()
    path = shared.paths[endpoint]
    try:
        for role in ROLES:
            client = shared.client(role, route.dev_only)
            if route.method == "POST":
                token = client.csrf_token()
                response = client.post(path, data={"csrf_token": token, **route.data})
            else:
                response = client.get(path)
            assert response.status_code < 500, f"{endpoint} as {role}: server error"
            assert _outcome(response) == route.access[role], (
                f"{endpoint} as {role}: got {response.status_code} {response.headers.get('Location', '')}"
            )
            if response.mimetype == "text/html":
                Page(response)  # checks the invariants every page keeps, error pages included
    finally:
        if route.method == "POST":
            matrix.spoil()
