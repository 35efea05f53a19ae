"""Each role signs in, visits every page reachable from the navigation in both
languages, and axe-core finds no accessibility violations on any of them."""

import pytest

from portal.pages.navigation import navigation_endpoints
from portal.security import Role
from tests import factories
from tests.browser.conftest import axe_violations, browser_sign_in
from tests.routes import ROUTES

pytestmark = pytest.mark.browser

PUBLIC_PAGES = ["pages.start", "pages.privacy", "pages.cookies", "pages.accessibility", "pages.contact",
                "accounts.sign_in", "accounts.forgotten_password"]


def _visit_and_scan(page, path):
    response = page.goto(path)
    assert response.status == 200, f"{path}: {response.status}"
    violations = axe_violations(page)
    assert not violations, f"{path}: {violations}"


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_public_pages_are_accessible(page, lang):
    for endpoint in PUBLIC_PAGES:
        _visit_and_scan(page, ROUTES[endpoint].path(None).replace("/en/", f"/{lang}/", 1))
    assert page.locator("html").get_attribute("lang") == lang


@pytest.mark.parametrize("role", list(Role))
def test_each_role_walks_its_navigation_in_both_languages(page, role):
    user = factories.make_user(role, language="cy" if role == Role.EMPLOYER else "en")
    browser_sign_in(page, user.email, factories.PASSWORD)
    # Staff start from their work list; everyone else from their account.
    assert page.url.endswith("/staff/today" if user.is_staff else "/account")
    for endpoint in navigation_endpoints(role):
        for lang in ("en", "cy"):
            _visit_and_scan(page, ROUTES[endpoint].path(None).replace("/en/", f"/{lang}/", 1))
            assert page.locator("html").get_attribute("lang") == lang


def test_language_toggle_keeps_the_same_page(page):
    page.goto("/en/privacy")
    page.click(".app-language-toggle a[hreflang=cy]")
    assert page.url.endswith("/cy/privacy")
    assert page.locator("h1").inner_text() == "Hysbysiad preifatrwydd"
    page.click(".app-language-toggle a[hreflang=en]")
    assert page.url.endswith("/en/privacy")


def test_sign_in_and_out_work_without_javascript(page_without_js):
    user = factories.make_user(Role.STAFF)
    browser_sign_in(page_without_js, user.email, factories.PASSWORD, lang="cy")
    assert page_without_js.url.endswith("/cy/staff/today")
    page_without_js.click("button:has-text('Allgofnodi')")
    page_without_js.wait_for_load_state()
    assert page_without_js.url.endswith("/cy/")
    assert "Rydych wedi allgofnodi" in page_without_js.content()
