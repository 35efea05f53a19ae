"""Public pages are cached safely: briefly and publicly for anonymous visitors, never when signed in."""

import pytest

from portal.security import PUBLIC_MAX_AGE, Role
from tests import factories

PUBLIC_PAGES = ["/{lang}/", "/{lang}/events/", "/{lang}/events/{event}", "/{lang}/visits/types",
                "/{lang}/privacy", "/{lang}/contact"]


def _urls(event_id, lang="en"):
    return [url.format(lang=lang, event=event_id) for url in PUBLIC_PAGES]


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_anonymous_public_pages_may_be_cached_briefly_and_vary_on_the_cookie(client, lang):
    event = factories.make_event()
    client.get(f"/{lang}/")  # the first visit sets the language cookie, so it is not shared
    for url in _urls(event.id, lang):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == f"public, max-age={PUBLIC_MAX_AGE}", url
        assert "Cookie" in response.headers["Vary"], url
        assert "Set-Cookie" not in response.headers, url
        assert "csrf_token" not in response.get_data(as_text=True), url


def test_a_response_that_sets_a_cookie_is_never_public(client):
    response = client.get("/en/events/")  # no language cookie yet: this response sets it
    assert "Set-Cookie" in response.headers
    assert "public" not in response.headers.get("Cache-Control", "")


def test_signed_in_views_of_public_pages_are_never_stored(sign_in):
    event = factories.make_event()
    client = sign_in(factories.make_user(Role.EMPLOYER))
    for url in _urls(event.id):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url
        assert "Cookie" in response.headers["Vary"], url


def test_pages_with_a_form_for_anonymous_visitors_are_not_cached(client):
    client.get("/en/")
    for url in ("/en/sign-in", "/en/register/account", "/en/forgotten-password"):
        response = client.get(url)
        assert "csrf_token" in response.get_data(as_text=True), url
        assert "public" not in response.headers.get("Cache-Control", ""), url


def test_a_missing_event_is_not_cached(client):
    client.get("/en/")
    response = client.get("/en/events/999999")
    assert response.status_code == 404
    assert "public" not in response.headers.get("Cache-Control", "")
