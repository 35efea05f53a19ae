"""The public catalogue, event pages and kinds of visit: readable without an account, nothing private on them."""

from urllib.parse import parse_qs, urlsplit

from portal.eligibility.tiers import EligibilityStatus
from portal.security import Role
from tests import factories
from tests.bookings.test_pages import assert_catalogue_queries_do_not_grow
from tests.helpers import LANGUAGES

JOINING = "https://meet.example.com/secret-room-42"
ATTENDEE = "Gwenllian Attendee-Secret"


def _seeded_event():
    """An upcoming event with a joining link and a booked attendee, to look for on public pages."""
    event = factories.make_event(title_en="Sleep well at work", title_cy="Cysgu'n dda yn y gwaith",
                                 joining_details_en=JOINING, joining_details_cy=JOINING)
    organisation = factories.make_organisation(eligibility_status=EligibilityStatus.VERIFIED)
    factories.make_booking(event, organisation, name=ATTENDEE, email="gwenllian.secret@example.com")
    return event


def test_no_public_page_shows_joining_details_or_attendee_names(client):
    event = _seeded_event()
    for lang in LANGUAGES:
        for url in (f"/{lang}/events/", f"/{lang}/events/{event.id}", f"/{lang}/visits/types", f"/{lang}/",
                    f"/{lang}/events/?kind=webinar"):
            page = client.page(url)
            assert JOINING not in page.html, url
            assert "secret-room" not in page.html, url
            assert ATTENDEE not in page.html, url
            assert "gwenllian.secret" not in page.html, url
            assert "csrf_token" not in page.html, url


def test_booked_attendee_and_staff_still_see_joining_details(sign_in):
    event = _seeded_event()
    staff = factories.make_user(Role.STAFF)
    assert JOINING in sign_in(staff).page(f"/en/events/{event.id}").html


def test_anonymous_catalogue_has_the_same_filters_and_plural_text(client):
    factories.make_event(title_en="Calm minds", kind="webinar", topic="mindfulness", language="cy", capacity=3)
    factories.make_event(title_en="Money talk", kind="event", topic="financial-wellbeing", language="en")
    page = client.page("/en/events/?kind=webinar&topic=&language=&mode=")
    assert "1 event found" in page.text("#result-count")
    assert "Calm minds" in page.html
    assert "Money talk" not in page.html
    assert "3 places left" in page.text(".app-places-left")
    welsh = client.page("/cy/events/?language=cy")
    assert "3 lle ar ôl" in welsh.text(".app-places-left")
    for name in ("kind", "topic", "language", "mode"):
        assert welsh.soup.find(attrs={"name": name}) is not None


def test_book_on_a_public_event_page_leads_to_sign_in_and_back(client, sign_in):
    event = factories.make_event()
    page = client.page(f"/en/events/{event.id}")
    assert page.soup.select_one("main form") is None
    link = page.soup.select_one("#sign-in-to-book")["href"]
    parts = urlsplit(link)
    assert parts.path == "/en/sign-in"
    assert parse_qs(parts.query)["next"] == [f"/en/events/{event.id}"]
    register = page.soup.select_one("#register-to-book")["href"]
    assert parse_qs(urlsplit(register).query)["next"] == [f"/en/events/{event.id}"]
    organisation = factories.make_organisation(eligibility_status=EligibilityStatus.VERIFIED)
    user = factories.make_user(Role.EMPLOYER, organisation=organisation)
    signed = sign_in(user)
    response = signed.submit(link, {"email": user.email, "password": "correct horse battery"}, token_from=link)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/en/events/{event.id}")
    landed = signed.page(f"/en/events/{event.id}")
    assert landed.soup.select_one(f"form[action='/en/events/{event.id}/book']") is not None


def test_sign_in_ignores_a_next_that_leaves_the_site(client):
    user = factories.make_user(Role.EMPLOYER)
    url = "/en/sign-in?next=//evil.example.com/en/events/1"
    response = client.submit(url, {"email": user.email, "password": "correct horse battery"}, token_from=url)
    assert response.status_code == 302
    assert "evil.example.com" not in response.headers["Location"]


def test_kinds_of_visit_are_listed_with_what_each_is(client):
    page = client.page("/en/visits/types")
    assert page.h1 == "Kinds of workplace visit"
    assert "Physiotherapy outreach" in page.text()
    assert "physiotherapist" in page.text()
    assert len(page.soup.select("main h2")) == 4
    welsh = client.page("/cy/visits/types")
    assert welsh.h1 == "Mathau o ymweliad â'r gweithle"


def test_public_catalogue_query_count_does_not_grow_with_events(client):
    assert_catalogue_queries_do_not_grow(client)


def test_an_organisation_yet_to_declare_is_led_to_the_declaration_and_back(sign_in):
    event = factories.make_event()
    organisation = factories.make_organisation(eligibility_status=EligibilityStatus.NOT_STARTED)
    client = sign_in(factories.make_user(Role.EMPLOYER, organisation=organisation))
    link = client.page(f"/en/events/{event.id}").soup.select_one("#declare-and-return")["href"]
    assert parse_qs(urlsplit(link).query)["next"] == [f"/en/events/{event.id}"]
    response = client.submit(link, {"confirm": "y"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/en/events/{event.id}")
    page = client.page(f"/en/events/{event.id}")
    assert page.soup.select_one(f"form[action='/en/events/{event.id}/book']") is not None
