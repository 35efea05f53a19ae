"""The central checks behind the bad-input guard rail, one behaviour each."""

from portal.paging import MAX_INT
from portal.security import Role
from tests import factories
from tests.helpers import Page


def test_a_nul_byte_in_the_query_is_refused_with_the_error_page_in_the_pages_language(client):
    response = client.get("/cy/champions/verify?code=ab%00cd")
    assert response.status_code == 400
    assert Page(response).h1 == "Mae'n ddrwg gennym, mae problem gyda'ch cais"


def test_a_nul_byte_in_a_form_field_is_refused(client):
    response = client.submit("/en/sign-in", {"email": "a\x00@example.com", "password": "x"})
    assert response.status_code == 400
    assert Page(response).h1 == "Sorry, there is a problem with your request"


def test_ids_too_large_for_a_column_are_not_found_and_the_largest_is_still_a_route(sign_in):
    client = sign_in(factories.make_user(Role.STAFF))
    assert client.get(f"/en/staff/events/{MAX_INT + 1}").status_code == 404
    assert client.get(f"/en/staff/events/{MAX_INT}").status_code == 404  # matched, then no such event


def test_page_numbers_beyond_64_bits_show_the_first_page_and_large_ones_an_empty_page(sign_in):
    client = sign_in(factories.make_user(Role.STAFF))
    assert client.get(f"/en/staff/events/?page={2**64}").status_code == 200
    assert client.get(f"/en/staff/events/?page={2**40}").status_code == 200


def test_the_toggle_keeps_query_parameters_named_like_route_arguments(sign_in):
    event = factories.make_event()
    client = sign_in(factories.make_user(Role.STAFF))
    page = client.page(f"/en/staff/events/{event.id}?event_id=x&_method=DELETE&lang=fr")
    link = page.soup.select_one("a[hreflang=cy]")["href"]
    assert link == f"/cy/staff/events/{event.id}?event_id=x&_method=DELETE&lang=fr"
