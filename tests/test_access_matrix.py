"""Every route, every role: who gets in, who is sent to sign in, who is refused."""

import pytest

from tests.routes import ALLOW, FORBIDDEN, NOT_FOUND, ROLES, ROUTES, SIGN_IN, build_sample_data


def test_every_route_declares_access_for_every_role(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    missing = sorted(endpoints - set(ROUTES))
    assert not missing, f"routes with no declared access expectations: {missing}"
    stale = sorted(set(ROUTES) - endpoints)
    assert not stale, f"expectations for routes that no longer exist: {stale}"
    for endpoint, route in ROUTES.items():
        assert set(route.access) == set(ROLES), f"{endpoint} does not declare every role"


def test_every_view_declares_its_audience_in_code(app):
    undeclared = [
        endpoint
        for endpoint, view in app.view_functions.items()
        if endpoint != "static" and getattr(view, "access", None) is None
    ]
    assert not undeclared


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
def test_access_matrix(endpoint, app, sign_in):
    sample = build_sample_data()
    route = ROUTES[endpoint]
    path = route.path(sample)
    for role in ROLES:
        client = app.test_client() if role == "anonymous" else sign_in(sample.users[role])
        if route.method == "POST":
            token = client.csrf_token()
            response = client.post(path, data={"csrf_token": token, **route.data})
        else:
            response = client.get(path)
        assert response.status_code < 500, f"{endpoint} as {role}: server error"
        assert _outcome(response) == route.access[role], (
            f"{endpoint} as {role}: got {response.status_code} {response.headers.get('Location', '')}"
        )
