"""Language in the URL, the toggle, and Babel formatting."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from babel import dates
from flask import g, request
from flask_babel import format_date, format_datetime, format_decimal, format_time, refresh

from portal.i18n import date_filter, datetime_filter, number_filter, time_filter
from portal.security import Role
from tests import factories


def test_root_follows_the_language_chosen_on_the_toggle_over_the_accounts(sign_in):
    """Issue 14: choosing English on a page is what ``/`` uses next, whatever the account says.

    Before, a signed-in user whose account is Welsh was sent to /cy/ after choosing English.
    """
    user = factories.make_user(Role.EMPLOYER, language="cy")
    client = sign_in(user, lang="cy")
    assert client.get("/").headers["Location"].endswith("/cy/")
    toggle = client.page("/cy/account").soup.select_one(".app-language-toggle a")["href"]
    client.get(toggle)
    assert client.get("/").headers["Location"].endswith("/en/")
    assert user.language == "cy"  # the account's language (its emails) is not changed by browsing


def test_root_follows_the_signed_in_users_saved_language_on_a_new_device(sign_in):
    user = factories.make_user(Role.EMPLOYER, language="cy")
    client = sign_in(user, lang="en")
    client.delete_cookie("lang")
    assert client.get("/").headers["Location"].endswith("/cy/")


def test_root_follows_the_cookie_then_the_browser(client):
    assert client.get("/", headers={"Accept-Language": "cy,en;q=0.5"}).headers["Location"].endswith("/cy/")
    client.set_cookie("lang", "en")
    assert client.get("/", headers={"Accept-Language": "cy"}).headers["Location"].endswith("/en/")


def test_root_defaults_to_english(client):
    assert client.get("/").headers["Location"].endswith("/en/")


def test_visiting_a_page_remembers_the_language(client):
    client.get("/cy/privacy")
    assert client.get("/").headers["Location"].endswith("/cy/")


def test_unknown_language_is_not_found(client):
    assert client.get("/fr/privacy").status_code == 404


def test_toggle_links_to_the_same_page_with_its_query(sign_in):
    admin = factories.make_user(Role.ADMIN)
    page = sign_in(admin).page("/en/admin/audit?page=1")
    toggle = page.soup.select_one(".app-language-toggle a")
    assert toggle["href"] == "/cy/admin/audit?page=1"
    assert toggle["lang"] == "cy"
    assert toggle["hreflang"] == "cy"
    assert toggle.get_text(strip=True) == "Cymraeg"


def test_pages_declare_language_and_alternates(client):
    page = client.page("/cy/cookies")
    assert page.soup.html["lang"] == "cy"
    alternates = {link["hreflang"]: link["href"] for link in page.soup.select("link[rel=alternate]")}
    assert alternates == {"en": "/en/cookies", "cy": "/cy/cookies"}
    assert page.h1 == "Cwcis"


def test_error_pages_in_both_languages(client):
    assert client.page("/cy/no-such-page", expect=404).h1 == "Heb ddod o hyd i'r dudalen"
    assert client.page("/en/no-such-page", expect=404).h1 == "Page not found"


def test_forbidden_page_in_welsh(sign_in):
    user = factories.make_user(Role.EMPLOYER)
    page = sign_in(user).page("/cy/admin/audit", expect=403)
    assert page.h1 == "Nid oes gennych ganiatâd i weld y dudalen hon"


def test_expired_csrf_token_page_in_welsh(client):
    response = client.post("/cy/sign-in", data={"email": "a@example.com", "password": "x"})
    assert response.status_code == 400
    assert "Mae eich sesiwn wedi dod i ben" in response.get_data(as_text=True)


def _format(app, lang, fn, value):
    with app.test_request_context(f"/{lang}/"):
        g.lang = lang
        refresh()  # Flask-Babel caches the locale on the (shared) app context
        return fn(value)


def test_dates_are_formatted_in_the_pages_language(app):
    day = date(2026, 11, 22)
    assert _format(app, "cy", date_filter, day) == "22 Tachwedd 2026"
    assert _format(app, "en", date_filter, date(2026, 3, 5)) == "5 March 2026"


def test_times_are_shown_in_london_time_across_daylight_saving(app):
    summer = datetime(2026, 7, 1, 9, 0, tzinfo=UTC)
    winter = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    assert _format(app, "en", datetime_filter, summer) == "1 July 2026, 10:00"
    assert _format(app, "en", datetime_filter, winter) == "1 December 2026, 10:00"
    assert _format(app, "cy", datetime_filter, summer) == "1 Gorffennaf 2026, 10:00"


@pytest.mark.parametrize("value", [date(2026, 2, 3), datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
                                   datetime(2026, 10, 25, 1, 30), datetime(2026, 6, 30, 23, 15, tzinfo=UTC)])
def test_kept_date_formats_match_flask_babels_in_each_language_and_zone(app, value):
    """The filters keep what they format; each language, zone and pattern still gets its own text."""
    is_datetime = isinstance(value, datetime)
    aware = value.replace(tzinfo=UTC) if is_datetime and value.tzinfo is None else value
    patterns = ("long", "EEEE d MMMM yyyy, HH:mm", "LLLL yyyy") if is_datetime else ("long", "EEEE d MMMM yyyy")
    seen = set()
    for lang, zone in (("en", "Europe/London"), ("cy", "Europe/London"), ("cy", "UTC"), ("en", "UTC")):
        for pattern in patterns:
            with app.test_request_context(f"/{lang}/"):
                g.lang = lang
                refresh()
                request.babel_tzinfo = dates.get_timezone(zone)  # where Flask-Babel keeps the request's zone
                if is_datetime:
                    shown = datetime_filter(value, pattern)
                    assert shown == format_datetime(aware, pattern)
                    assert time_filter(value) == format_time(aware, "HH:mm")
                else:
                    shown = date_filter(value, pattern)
                    assert shown == format_date(value, pattern)
                seen.add(shown)
    # The cases differ from one another, so a key missing the language or zone would show.
    assert len(seen) > len(patterns)


def test_kept_number_formats_match_flask_babels(app):
    values = (2800, 1234567, 0.5, 2.0, 1, 1.0, Decimal("1234.50"), 1234.5678)
    for lang in ("en", "cy", "en"):
        for value in values:
            with app.test_request_context(f"/{lang}/"):
                g.lang = lang
                refresh()
                assert number_filter(value) == format_decimal(value), (lang, value)


def test_numbers_are_grouped(app):
    assert _format(app, "en", number_filter, 2800) == "2,800"
    assert _format(app, "cy", number_filter, 1400) == "1,400"


@pytest.mark.parametrize(("lang", "text"), [("en", "Contact us to tell us what you think"),
                                             ("cy", "Cysylltwch â ni i ddweud beth yw eich barn")])
def test_beta_banner_links_to_the_contact_page(client, lang, text):
    link = client.page(f"/{lang}/").soup.select_one(".govuk-phase-banner a")
    assert link is not None
    assert link.get_text(strip=True) == text
    assert link["href"] == f"/{lang}/contact"
