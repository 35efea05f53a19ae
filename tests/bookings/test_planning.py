"""A catalogue you can plan with: where and when, every session, area and language filters, several
attendees in one form with their language, the joining link, the place in the queue, headcount."""

from datetime import timedelta

from icalendar import Calendar
from sqlalchemy import select

from portal.bookings.models import Booking
from portal.eligibility.tiers import EligibilityStatus
from portal.email.models import OutboxMessage
from portal.extensions import db
from portal.security import Role
from portal.timeutil import LONDON
from portal.visits.models import VisitRequest
from tests import factories
from tests.helpers import Page, count_queries


def _employer(lang="cy", **fields):
    organisation = factories.make_organisation(eligibility_status=EligibilityStatus.VERIFIED,
                                               correspondence_language=lang, **fields)
    return factories.make_user(Role.EMPLOYER, organisation=organisation)


def _in_person(code, town, **fields):
    authority = factories.authority(code)
    return factories.make_event(online=False, venue="Neuadd y Dref", town=town, local_authority_id=authority.id,
                                **fields)


def _titles(page):
    return [a.get_text(strip=True) for a in page.soup.select(".app-event h2 a")]


def test_the_catalogue_shows_town_venue_and_every_session_with_times(client):
    course = _in_person("W06000016", "Pontypridd", kind="champion_training", sessions=4, title_en="Champions course")
    page = client.page("/en/events/")
    card = page.soup.select_one(".app-event")
    assert "Neuadd y Dref, Pontypridd" in card.select_one(".app-where").get_text()
    sessions = card.select(".app-session-time")
    assert len(sessions) == 4
    first = course.sessions[0].starts_at.astimezone(LONDON)
    assert all(f"{first:%H:%M}–{first + timedelta(hours=1):%H:%M}" in s.get_text() for s in sessions)
    detail = client.page(f"/cy/events/{course.id}")
    assert len(detail.soup.select(".app-session-time")) == 4
    assert "Pontypridd" in detail.text(".app-where")


def test_the_area_filter_matches_in_person_events_there_and_every_online_event(client):
    _in_person("W06000016", "Pontypridd", title_en="In Pontypridd")
    _in_person("W06000002", "Bangor", title_en="In Bangor")
    factories.make_event(title_en="Online one")
    gwynedd = factories.authority("W06000002")
    page = client.page(f"/en/events/?area={gwynedd.id}")
    assert sorted(_titles(page)) == ["In Bangor", "Online one"]
    north = factories.partner("north-west")
    assert sorted(_titles(client.page(f"/en/events/?area=region-{north.id}"))) == ["In Bangor", "Online one"]
    # An edited address with a made-up area is ignored, never an error page.
    assert len(_titles(client.page("/en/events/?area=region-x"))) == 3
    assert len(_titles(client.page(f"/en/events/?area={2**64}"))) == 3
    assert client.page("/cy/events/").soup.select_one(f"select[name=area] option[value='region-{north.id}']")


def test_bilingual_events_match_both_language_filters(client):
    factories.make_event(language="bilingual", title_en="Both")
    factories.make_event(language="cy", title_en="Welsh only")
    factories.make_event(language="en", title_en="English only")
    assert sorted(_titles(client.page("/en/events/?language=cy"))) == ["Both", "Welsh only"]
    assert sorted(_titles(client.page("/en/events/?language=en"))) == ["Both", "English only"]
    assert _titles(client.page("/en/events/?language=bilingual")) == ["Both"]


def test_an_impossible_date_gets_an_inline_error_and_the_other_filters_still_apply(client):
    factories.make_event(language="cy", title_cy="Welsh only")
    factories.make_event(language="en", title_cy="English only")
    page = client.page("/cy/events/?language=cy&date_from=31&date_from=2&date_from=2027")
    assert page.title.startswith("Gwall:")
    assert any("ddyddiad go iawn" in e for e in page.error_summary())
    assert page.soup.select_one("#date_from-error") is not None or page.inline_errors()
    assert _titles(page) == ["Welsh only"]
    english = client.page("/en/events/?date_from=31&date_from=2&date_from=2027")
    assert "From date must be a real date, like 27 3 2027" in english.error_summary()


def test_the_catalogue_query_count_stays_the_same_with_many_courses(client):
    for _ in range(3):
        factories.make_event(sessions=3)
    with count_queries() as small:
        client.page("/en/events/")
    for _ in range(15):
        _in_person("W06000002", "Bangor", sessions=4)
    with count_queries() as large:
        client.page("/en/events/")
    assert large.count == small.count


def test_three_staff_booked_in_one_form_each_in_their_language(sign_in):
    event = factories.make_event(capacity=2, per_organisation_limit=5)
    contact = _employer("cy")
    client = sign_in(contact, lang="cy")
    page = client.page(f"/cy/events/{event.id}")
    assert len(page.soup.select("fieldset.app-attendee")) == 5
    response = client.submit(f"/cy/events/{event.id}/book", {
        "name_1": "Eleri Jones", "email_1": "eleri@example.com", "language_1": "cy",
        "name_2": "Sam Smith", "email_2": "sam@example.com", "language_2": "en",
        "name_3": "Ffion Rees", "email_3": "ffion@example.com", "language_3": "cy",
    }, token_from=f"/cy/events/{event.id}")
    assert response.status_code == 302
    bookings = {b.email: b for b in db.session.scalars(select(Booking))}
    assert bookings["eleri@example.com"].status == "confirmed"
    assert bookings["sam@example.com"].status == "confirmed"
    assert bookings["ffion@example.com"].status == "waiting"
    confirmations = {m.to_address: m for m in db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.template == "booking_confirmed"))}
    assert confirmations["sam@example.com"].language == "en"
    assert confirmations["eleri@example.com"].language == "cy"
    page = client.page(f"/cy/events/{event.id}")
    # Not a green "success" for the waiting list: the place in the queue, plainly.
    banner = page.soup.select_one("#important-banner")
    assert "Rhif ar y rhestr aros: 1" in banner.get_text()
    assert "govuk-notification-banner--success" not in banner["class"]
    assert "Rhif 1 ar y rhestr aros" in page.text(".app-waiting-place")
    assert "Rhif 1 ar y rhestr aros" in client.page("/cy/bookings/").text(".app-waiting-place")
    waiting = db.session.scalar(select(OutboxMessage).where(OutboxMessage.template == "booking_waiting"))
    assert "Eich rhif ar y rhestr aros yw 1." in waiting.body_text


def test_a_refused_attendee_books_nobody_and_names_the_row(sign_in):
    event = factories.make_event(per_organisation_limit=3)
    contact = _employer("en")
    factories.make_booking(event, contact.organisation, email="already@example.com")
    client = sign_in(contact)
    page = Page(client.submit(f"/en/events/{event.id}/book", {
        "name_1": "New Person", "email_1": "new@example.com",
        "name_2": "Already", "email_2": "already@example.com"}, token_from=f"/en/events/{event.id}"))
    assert "This person already has a place on this event or is on its waiting list." in page.error_summary()
    assert page.field_value("name_1") == "New Person"
    assert db.session.scalar(select(Booking).where(Booking.email == "new@example.com")) is None


def test_the_form_names_each_attendee_in_its_errors(sign_in):
    event = factories.make_event()
    client = sign_in(_employer("cy"), lang="cy")
    page = Page(client.submit(f"/cy/events/{event.id}/book", {
        "name_1": "Eleri", "email_1": "eleri@example.com", "name_2": "", "email_2": "sam@example.com",
        "name_3": "Ffion", "email_3": "eleri@example.com"}, token_from=f"/cy/events/{event.id}"))
    summary = page.error_summary()
    assert "Rhowch enw llawn mynychwr 2" in summary
    assert "Mae gan fynychwr 3 yr un cyfeiriad e-bost â mynychwr arall yn y ffurflen hon" in summary
    empty = Page(client.submit(f"/cy/events/{event.id}/book", {}, token_from=f"/cy/events/{event.id}"))
    assert "Rhowch enw llawn a chyfeiriad e-bost o leiaf un mynychwr" in empty.error_summary()


def test_the_joining_link_is_clickable_and_in_the_calendar_for_booked_attendees_only(client, sign_in):
    event = factories.make_event(joining_details_en="Join at https://meet.example.com/room-42 with code 7")
    contact = _employer("en")
    booking = factories.make_booking(event, contact.organisation, name="Nia")
    waiting = factories.make_booking(event, contact.organisation, name="Wyn", status="waiting")
    public = client.page(f"/en/events/{event.id}")
    assert "room-42" not in public.html
    signed_in = sign_in(contact)
    link = signed_in.page(f"/en/events/{event.id}").soup.select_one("#joining-details a")
    assert link["href"] == "https://meet.example.com/room-42"
    [entry, *_] = Calendar.from_ical(signed_in.get(f"/en/bookings/{booking.id}/calendar.ics").data).walk("VEVENT")
    assert str(entry["url"]) == "https://meet.example.com/room-42"
    assert str(entry["location"]) == "https://meet.example.com/room-42"
    assert "code 7" in str(entry["description"])
    waiting_ics = signed_in.get(f"/en/bookings/{waiting.id}/calendar.ics").get_data(as_text=True)
    assert "room-42" not in waiting_ics


def test_a_visit_cannot_have_more_participants_than_the_headcount(sign_in):
    contact = _employer("cy", employee_count=12)
    client = sign_in(contact, lang="cy")
    data = {"visit_type": "wellbeing-talk", "preferred_dates": "Dydd Mawrth", "site_address": "1 Stryd Fawr",
            "staff_count": "500", "language": "cy"}
    response = client.submit("/cy/visits/request", data)
    page = Page(response)
    assert response.status_code == 200
    assert "(12)" in " ".join(page.error_summary())
    assert page.field_value("staff_count") == "500"
    assert db.session.scalar(select(VisitRequest)) is None
    assert client.submit("/cy/visits/request", {**data, "staff_count": "12"}).status_code == 302


def test_staff_record_the_town_and_local_authority_of_an_event_in_person(sign_in):
    staff = sign_in(factories.make_user(Role.STAFF))
    page = staff.page("/en/staff/events/new")
    assert page.soup.select_one("select[name=local_authority_id]") is not None
    start = (factories.make_event().starts_at + timedelta(days=7)).date()
    response = staff.submit("/en/staff/events/new", {
        "kind": "event", "topic": "sleep", "title_en": "Sleep", "title_cy": "Cwsg", "description_en": "D",
        "description_cy": "D", "language": "cy", "mode": "in_person", "venue": "Neuadd", "town": "",
        "local_authority_id": "", "capacity": "10", "per_organisation_limit": "2",
        "first_date": [str(start.day), str(start.month), str(start.year)], "start_time": "10:00",
        "end_time": "12:00", "session_count": "1",
        "deadline_date": [str(start.day), str(start.month), str(start.year)]})
    summary = Page(response).error_summary()
    assert "Enter the town of the venue" in summary
    assert "Select the local authority of the venue" in summary
