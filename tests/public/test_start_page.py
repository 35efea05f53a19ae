"""The start page: what the service offers and who it is for, the ways in, and the next few events."""

from datetime import timedelta

import pytest

from portal.events.models import EventStatus
from portal.extensions import db
from portal.timeutil import utcnow
from tests import factories
from tests.helpers import count_queries


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_start_page_says_what_and_who_and_links_the_catalogue_and_checker(client, lang):
    page = client.page(f"/{lang}/")
    offer = page.text("#offer")
    assert offer.count(".") == 2
    links = {a["href"] for a in page.soup.select("#ways-in a")}
    assert links == {f"/{lang}/events/", f"/{lang}/visits/types", f"/{lang}/check-eligibility/"}
    assert "No events" in page.text() or "Nid oes digwyddiadau" in page.text()


def test_start_page_shows_the_next_five_events_soonest_first(client):
    now = utcnow()
    factories.make_event(title_en="Already gone", starts_at=now - timedelta(days=1))
    factories.make_event(title_en="Called off", starts_at=now + timedelta(days=1), status=EventStatus.CANCELLED)
    for day in (9, 3, 7, 5, 4, 8):
        factories.make_event(title_en=f"Day {day}", title_cy=f"Diwrnod {day}", starts_at=now + timedelta(days=day))
    page = client.page("/en/")
    titles = [a.get_text(strip=True) for a in page.soup.select("#upcoming a")]
    assert titles == ["Day 3", "Day 4", "Day 5", "Day 7", "Day 8"]
    welsh = client.page("/cy/")
    assert welsh.soup.select_one("#upcoming a").get_text(strip=True) == "Diwrnod 3"


def test_start_page_query_count_does_not_grow_with_events(client):
    factories.make_event()
    with count_queries() as small:
        client.page("/en/")
    for _ in range(200):
        factories.make_event(commit=False)
    db.session.commit()
    with count_queries() as large:
        page = client.page("/en/")
    assert len(page.soup.select("#upcoming li")) == 5
    assert large.count == small.count


def test_the_list_of_events_is_kept_until_an_event_changes(client):
    factories.make_event(title_en="First", starts_at=utcnow() + timedelta(days=2))
    client.page("/en/")
    with count_queries() as kept:
        page = client.page("/en/")
    assert [a.get_text(strip=True) for a in page.soup.select("#upcoming a")] == ["First"]
    assert not any("FROM events" in statement for statement in kept.statements), kept.statements
    factories.make_event(title_en="Sooner", starts_at=utcnow() + timedelta(days=1))
    page = client.page("/en/")
    assert [a.get_text(strip=True) for a in page.soup.select("#upcoming a")] == ["Sooner", "First"]


def test_an_event_that_has_begun_leaves_the_kept_list_within_a_minute(client, monkeypatch):
    now = utcnow()
    factories.make_event(title_en="About to begin", starts_at=now + timedelta(seconds=30))
    assert client.page("/en/").soup.select("#upcoming a")
    later = now + timedelta(minutes=2)
    monkeypatch.setattr("portal.pages.routes.utcnow", lambda: later)
    monkeypatch.setattr("portal.events.services.utcnow", lambda: later)
    assert not client.page("/en/").soup.select("#upcoming a")
