"""An employer whose registration is not finished is asked to register first, never shown 404 or 500."""

import pytest

from portal.security import Role
from tests.helpers import Page
from tests.registration.helpers import registrant
from tests.routes import ALLOW, ROUTES, build_sample_data

EMPLOYER_ROUTES = sorted(endpoint for endpoint, route in ROUTES.items() if route.access[Role.EMPLOYER.value] == ALLOW)
# Views any employer may use before registering (registration itself, their account, public pages).
NEEDS_NO_ORGANISATION = {
    "events.catalogue", "organisations.overview", "pages.account", "accounts.change_password",
    "resources.library", "resources.detail", "resources.download",
}


def test_every_employer_view_declares_whether_it_needs_an_organisation(app):
    """A new employer view must either need an organisation or be listed as working without one."""
    undecided = [
        endpoint for endpoint in EMPLOYER_ROUTES
        if not endpoint.startswith(("registration.", "pages.", "accounts.", "root."))
        and ROUTES[endpoint].access["anonymous"] != ALLOW
        and endpoint not in NEEDS_NO_ORGANISATION
        and not getattr(app.view_functions[endpoint], "needs_organisation", False)
    ]
    assert not undecided, f"employer views that fail without an organisation: {undecided}"


@pytest.mark.parametrize("endpoint", EMPLOYER_ROUTES)
def test_an_unregistered_employer_never_gets_404_or_500(endpoint, app, sign_in):
    sample = build_sample_data()
    route = ROUTES[endpoint]
    client = sign_in(registrant())
    path = route.path(sample)
    if route.method == "POST":
        response = client.post(path, data={"csrf_token": client.csrf_token(), **route.data})
    else:
        response = client.get(path)
    assert response.status_code not in (404, 500), f"{endpoint}: {response.status_code}"
    if getattr(app.view_functions[endpoint], "needs_organisation", False):
        page = Page(response)
        assert response.status_code == 403
        assert page.h1 == "Register your organisation first"
        assert page.soup.select_one("main a[href='/en/register/tasks']") is not None


def test_the_register_first_page_is_in_welsh_on_welsh_pages(sign_in):
    client = sign_in(registrant(lang="cy"), lang="cy")
    response = client.get("/cy/programme/")
    page = Page(response)
    assert response.status_code == 403
    assert page.h1 == "Cofrestrwch eich sefydliad yn gyntaf"
    assert page.soup.select_one("main a[href='/cy/register/tasks']") is not None
