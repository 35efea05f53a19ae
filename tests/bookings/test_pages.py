"""Booking pages through HTTP: catalogue, event page, your bookings, staff management, access."""

from datetime import date, time, timedelta

from sqlalchemy import select

from portal.bookings.models import Booking
from portal.eligibility.tiers import EligibilityStatus
from portal.email.models import OutboxMessage
from portal.events.models import Event
from portal.events.services import london_datetime
from portal.extensions import db
from portal.security import Role
from portal.timeutil import utcnow
from tests import factories
from tests.helpers import count_queries


def _employer(status=EligibilityStatus.VERIFIED, **fields):
    organisation = factories.make_organisation(eligibility_status=status, **fields)
    return factories.make_user(Role.EMPLOYER, organisation=organisation), organisation


# --- catalogue -----------------------------------------------------------------


def test_catalogue_filters_by_type_topic_language_mode_and_date(sign_in):
    base = utcnow() + timedelta(days=20)
    factories.make_event(title_en="Calm minds", kind="webinar", topic="mindfulness", language="cy", starts_at=base)
    factories.make_event(
        title_en="Money talk",
        kind="event",
        topic="financial-wellbeing",
        language="en",
        online=False,
        venue="Swansea",
        starts_at=base + timedelta(days=40),
    )
    factories.make_event(
        title_en="Champions",
        kind="champion_training",
        topic="stress-management",
        language="bilingual",
        sessions=3,
        starts_at=base,
    )
    factories.make_event(title_en="Gone", topic="sleep", starts_at=utcnow() - timedelta(days=1))
    user, _org = _employer()
    client = sign_in(user)

    def titles(query=""):
        page = client.page(f"/en/events/?{query}")
        return sorted(a.get_text(strip=True) for a in page.soup.select(".app-event h2 a"))

    assert titles() == ["Calm minds", "Champions", "Money talk"]
    assert titles("topic=mindfulness") == ["Calm minds"]
    assert titles("language=bilingual") == ["Champions"]
    assert titles("mode=in_person") == ["Money talk"]
    assert titles("kind=champion_training") == ["Champions"]
    later = (base + timedelta(days=20)).date()
    assert titles(f"date_from={later.day}&date_from={later.month}&date_from={later.year}") == ["Money talk"]
    page = client.page("/en/events/?topic=mindfulness")
    assert page.field_value("topic") == "mindfulness"


def test_catalogue_pages_through_many_events(sign_in):
    for _ in range(25):
        factories.make_event(commit=False)
    db.session.commit()
    client = sign_in(factories.make_user(Role.CHAMPION))
    first = client.page("/en/events/?topic=sleep")
    assert len(first.soup.select(".app-event")) == 20
    assert "25 events found" in first.text("#result-count")
    next_link = first.soup.select_one(".govuk-pagination__next a")["href"]
    assert "topic=sleep" in next_link
    assert "page=2" in next_link
    assert len(client.page(next_link).soup.select(".app-event")) == 5


def test_places_left_uses_welsh_plurals(sign_in):
    two = factories.make_event(capacity=2, title_en="Two left")
    one = factories.make_event(capacity=3, title_en="One left")
    organisation = factories.make_organisation()
    factories.make_booking(one, organisation)
    factories.make_booking(one, organisation)
    full = factories.make_event(capacity=1)
    factories.make_booking(full, organisation)
    client = sign_in(_employer()[0])
    assert client.page(f"/cy/events/{two.id}").text(".app-places-left") == "2 le ar ôl"
    assert client.page(f"/cy/events/{one.id}").text(".app-places-left") == "1 lle ar ôl"
    assert client.page(f"/en/events/{two.id}").text(".app-places-left") == "2 places left"
    assert client.page(f"/en/events/{one.id}").text(".app-places-left") == "1 place left"
    full_page = client.page(f"/cy/events/{full.id}")
    assert "rhestr aros" in full_page.text(".app-places-left")
    assert full_page.soup.select_one("main form button").get_text(strip=True) == "Ymuno â'r rhestr aros"


def assert_catalogue_queries_do_not_grow(client):
    """The catalogue issues as many statements for ``client`` with 1,000 events as with 10."""
    for _ in range(10):
        factories.make_event(commit=False)
    db.session.commit()
    with count_queries() as small:
        client.page("/en/events/")
    for _ in range(990):
        factories.make_event(commit=False)
    db.session.commit()
    with count_queries() as large:
        page = client.page("/en/events/")
    assert "1,000 events found" in page.text("#result-count")
    assert large.count == small.count


def test_catalogue_query_count_does_not_grow_with_events(sign_in):
    assert_catalogue_queries_do_not_grow(sign_in(factories.make_user(Role.EMPLOYER)))


def test_your_bookings_query_count_does_not_grow_with_bookings(sign_in):
    user, organisation = _employer()
    client = sign_in(user)

    def add(count, past=False):
        for number in range(count):
            start = utcnow() + (timedelta(days=-5 - number % 30) if past else timedelta(days=5 + number % 30))
            event = factories.make_event(starts_at=start, commit=False)
            factories.make_booking(event, organisation, commit=False)
        db.session.commit()

    add(5)
    add(5, past=True)
    with count_queries() as small:
        client.page("/en/bookings/")
    add(495)
    add(495, past=True)
    with count_queries() as large:
        page = client.page("/en/bookings/")
    assert len(page.soup.select("#upcoming tbody tr")) == 20
    assert len(page.soup.select("#past tbody tr")) == 20
    assert large.count == small.count


# --- booking through the event page ---------------------------------------------


def test_employer_books_and_then_sees_joining_details(sign_in):
    event = factories.make_event(joining_details_en="https://meet.example.com/private-room")
    user, organisation = _employer(correspondence_language="cy")
    client = sign_in(user)
    before = client.page(f"/en/events/{event.id}")
    assert "private-room" not in before.html
    response = client.submit(
        f"/en/events/{event.id}/book",
        {"name_1": "Nia Jones", "email_1": "nia@example.com"},
        token_from=f"/en/events/{event.id}",
    )
    assert response.status_code == 302
    after = client.page(f"/en/events/{event.id}")
    assert "Booked: Nia Jones" in after.text(".govuk-notification-banner")
    assert "private-room" in after.text("#joining-details")
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == "nia@example.com"))
    assert message.language == "cy"
    assert message.attachments[0]["filename"].endswith(".ics")


def test_booking_form_errors_keep_what_was_entered(sign_in):
    event = factories.make_event()
    user, _org = _employer()
    client = sign_in(user)
    response = client.submit(
        f"/en/events/{event.id}/book",
        {"name_1": "Nia Jones", "email_1": "not-an-email"},
        token_from=f"/en/events/{event.id}",
    )
    assert response.status_code == 400
    from tests.helpers import Page

    page = Page(response)
    assert page.error_summary()
    assert page.field_value("name_1") == "Nia Jones"
    assert page.field_value("email_1") == "not-an-email"


def test_refused_for_lack_of_evidence_says_what_is_needed(sign_in):
    course = factories.make_event(kind="champion_training", sessions=2)
    user, _org = _employer(status=EligibilityStatus.DECLARED)
    client = sign_in(user)
    page = client.page(f"/en/events/{course.id}")
    refusal = page.soup.select_one("#booking-refused")
    assert "one check of your organisation's eligibility" in refusal.get_text()
    assert refusal.select_one("a")["href"] == "/en/organisation/evidence"
    assert refusal.select("a")[-1]["href"] == "/en/organisation/"
    assert page.soup.find("input", attrs={"name": "email_1"}) is None
    response = client.submit(
        f"/en/events/{course.id}/book", {"name_1": "A", "email_1": "a@example.com"}, token_from="/en/account"
    )
    assert response.status_code == 409
    assert db.session.scalar(select(Booking)) is None


def test_nobody_sees_another_organisations_attendees(sign_in):
    event = factories.make_event()
    ours_user, ours = _employer()
    _theirs_user, theirs = _employer()
    mine = factories.make_booking(event, ours, name="Our Person", email="ours@example.com")
    other = factories.make_booking(event, theirs, name="Their Person", email="theirs@example.com")
    client = sign_in(ours_user)
    page = client.page(f"/en/events/{event.id}")
    assert "Our Person" in page.html
    assert "Their Person" not in page.html
    assert "theirs@example.com" not in page.html
    bookings = client.page("/en/bookings/")
    assert "Our Person" in bookings.html
    assert "Their Person" not in bookings.html
    for path in (f"/en/bookings/{other.id}/calendar.ics", f"/en/bookings/{other.id}/change"):
        assert client.get(path).status_code == 404
    token = client.csrf_token("/en/bookings/")
    assert client.post(f"/en/bookings/{other.id}/cancel", data={"csrf_token": token}).status_code == 404
    db.session.refresh(other)
    assert other.status == "confirmed"
    assert client.get(f"/en/bookings/{other.id}/cancel").status_code == 404
    assert client.get(f"/en/bookings/{mine.id}/calendar.ics").status_code == 200


def test_joining_details_hidden_from_those_not_booked(sign_in):
    event = factories.make_event(joining_details_en="https://meet.example.com/only-booked")
    outsider, _org = _employer()
    champion = factories.make_user(Role.CHAMPION)
    for user in (outsider, champion):
        page = sign_in(user).page(f"/en/events/{event.id}")
        assert "only-booked" not in page.html
    booked_champion = factories.make_user(Role.CHAMPION, email="champ@example.com")
    factories.make_booking(event, booked_champion.organisation, email="champ@example.com")
    assert "only-booked" in sign_in(booked_champion).page(f"/en/events/{event.id}").html
    staff = factories.make_user(Role.STAFF)
    assert "only-booked" in sign_in(staff).page(f"/en/events/{event.id}").html


def test_cancel_from_your_bookings_offers_the_place_on(sign_in):
    event = factories.make_event(capacity=1)
    user, organisation = _employer()
    ana = factories.make_booking(event, organisation, name="Ana")
    bryn = factories.make_booking(event, organisation, name="Bryn", status="waiting")
    client = sign_in(user)
    confirm = client.page(f"/en/bookings/{ana.id}/cancel")
    assert confirm.h1 == "Cancel the booking for Ana"
    assert confirm.soup.select_one("main form button").get_text(strip=True) == "Cancel the booking"
    db.session.refresh(ana)
    assert ana.status == "confirmed"
    token = client.csrf_token("/en/bookings/")
    assert client.post(f"/en/bookings/{ana.id}/cancel", data={"csrf_token": token}).status_code == 302
    db.session.refresh(bryn)
    assert bryn.status == "offered"
    page = client.page("/en/bookings/")
    assert "Accept the place" in page.text("#upcoming")
    assert "Held until" in page.text("#upcoming")
    assert client.post(f"/en/bookings/{bryn.id}/accept", data={"csrf_token": token}).status_code == 302
    db.session.refresh(bryn)
    assert bryn.status == "confirmed"


def test_accepting_after_expiry_is_refused_politely(sign_in):
    event = factories.make_event(capacity=1)
    user, organisation = _employer()
    factories.make_booking(event, organisation, name="Cai", status="waiting")
    late = factories.make_booking(
        event, organisation, name="Bryn", status="offered", offer_expires_at=utcnow() - timedelta(minutes=5)
    )
    client = sign_in(user, lang="cy")
    token = client.csrf_token("/cy/bookings/")
    response = client.post(f"/cy/bookings/{late.id}/accept", data={"csrf_token": token})
    assert response.status_code == 302
    page = client.page("/cy/bookings/")
    assert "Mae'n ddrwg gennym" in page.text(".govuk-notification-banner")
    statuses = dict(db.session.execute(select(Booking.name, Booking.status)).all())
    assert statuses == {"Bryn": "offer_expired", "Cai": "offered"}


def test_employer_passes_a_place_to_a_colleague_through_the_form(sign_in):
    event = factories.make_event()
    user, organisation = _employer()
    booking = factories.make_booking(event, organisation, name="Ana", email="ana@example.com")
    client = sign_in(user)
    response = client.submit(f"/en/bookings/{booking.id}/change", {"name": "Bryn", "email": "bryn@example.com"})
    assert response.status_code == 302
    db.session.refresh(booking)
    assert booking.name == "Bryn"


# --- staff ------------------------------------------------------------------------


def _event_form(**overrides):
    day = date.today() + timedelta(days=60)
    deadline = day - timedelta(days=2)
    data = {
        "kind": "webinar",
        "topic": "menopause",
        "title_en": "Menopause at work",
        "title_cy": "Y menopos yn y gwaith",
        "description_en": "Support",
        "description_cy": "Cymorth",
        "joining_details_en": "link",
        "joining_details_cy": "dolen",
        "language": "bilingual",
        "mode": "online",
        "venue": "",
        "capacity": "30",
        "per_organisation_limit": "3",
        "start_time": "10:00",
        "end_time": "11:30",
        "session_count": "1",
    }
    data.update(overrides)
    body = list(data.items())
    body += [("first_date", str(day.day)), ("first_date", str(day.month)), ("first_date", str(day.year))]
    body += [
        ("deadline_date", str(deadline.day)),
        ("deadline_date", str(deadline.month)),
        ("deadline_date", str(deadline.year)),
    ]
    return body, day


def _post_form(client, url, body):
    from werkzeug.datastructures import MultiDict

    form = MultiDict(body)
    form.add("csrf_token", client.csrf_token(url))
    return client.post(url, data=form)


def test_staff_create_copy_edit_and_cancel_an_event(sign_in):
    staff = factories.make_user(Role.STAFF)
    client = sign_in(staff)
    body, day = _event_form()
    assert _post_form(client, "/en/staff/events/new", body).status_code == 302
    event = db.session.scalar(select(Event))
    assert event.starts_at == london_datetime(day, time(10, 0))
    assert event.partner_id == staff.partner_id
    assert len(event.sessions) == 1
    assert event.capacity == 30

    copy_page = client.page(f"/en/staff/events/{event.id}/copy")
    assert copy_page.field_value("title_cy") == "Y menopos yn y gwaith"
    body, _day = _event_form(title_en="Menopause again", session_count="4", kind="champion_training")
    assert _post_form(client, f"/en/staff/events/{event.id}/copy", body).status_code == 302
    copy = db.session.scalar(select(Event).where(Event.title_en == "Menopause again"))
    assert len(copy.sessions) == 4

    edit_page = client.page(f"/en/staff/events/{event.id}/edit")
    assert edit_page.field_value("start_time") == "10:00"
    body, _day = _event_form(capacity="40")
    assert _post_form(client, f"/en/staff/events/{event.id}/edit", body).status_code == 302
    db.session.refresh(event)
    assert event.capacity == 40

    factories.make_booking(event, factories.make_organisation(correspondence_language="cy"))
    response = client.submit(f"/en/staff/events/{event.id}/cancel", {"reason_cy": "Mae’r hyfforddwr yn sâl"})
    assert response.status_code == 302
    db.session.refresh(event)
    assert event.cancelled
    assert event.cancel_reason_in("cy") == "Mae’r hyfforddwr yn sâl"
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.template == "event_cancelled"))
    assert message.language == "cy"
    assert "Mae’r hyfforddwr yn sâl" in message.body_text


def test_event_form_errors_are_shown_and_values_kept(sign_in):
    client = sign_in(factories.make_user(Role.STAFF))
    body, _day = _event_form(end_time="09:00", mode="in_person", venue="")
    response = _post_form(client, "/en/staff/events/new", body)
    from tests.helpers import Page

    page = Page(response)
    assert "The end time must be after the start time" in page.error_summary()
    assert "Enter the venue" in page.error_summary()
    assert page.field_value("title_en") == "Menopause at work"
    assert db.session.scalar(select(Event)) is None


def test_staff_register_export_and_other_partners_events(sign_in):
    event = factories.make_event(starts_at=utcnow() - timedelta(hours=2))
    booking = factories.make_booking(event, factories.make_organisation(name="=cmd|' /C calc'!A0"), name="Ana")
    staff = factories.make_user(Role.STAFF)
    client = sign_in(staff)
    page = client.page(f"/en/staff/events/{event.id}")
    assert "Ana" in page.text("#register")
    token = client.csrf_token(f"/en/staff/events/{event.id}")
    response = client.post(
        f"/en/bookings/staff/{booking.id}/attendance", data={"csrf_token": token, "attendance": "attended"}
    )
    assert response.status_code == 302
    db.session.refresh(booking)
    assert booking.attendance == "attended"
    csv_response = client.get(f"/en/staff/events/{event.id}/attendees.csv")
    assert csv_response.mimetype == "text/csv"
    assert "'=cmd" in csv_response.get_data(as_text=True)

    other = factories.make_event(partner_slug="north-west")
    assert client.get(f"/en/staff/events/{other.id}").status_code == 404
    other_booking = factories.make_booking(other, factories.make_organisation())
    assert client.get(f"/en/bookings/staff/{other_booking.id}/cancel").status_code == 404
    admin = sign_in(factories.make_user(Role.ADMIN))
    assert admin.get(f"/en/staff/events/{other.id}").status_code == 200


def test_staff_cancel_one_attendee_with_a_reason(sign_in):
    event = factories.make_event()
    booking = factories.make_booking(event, factories.make_organisation(correspondence_language="cy"))
    client = sign_in(factories.make_user(Role.STAFF))
    empty = client.submit(f"/en/bookings/staff/{booking.id}/cancel", {"reason_cy": ""})
    assert empty.status_code == 200
    response = client.submit(f"/en/bookings/staff/{booking.id}/cancel", {"reason_cy": "Wedi cofrestru ddwywaith"})
    assert response.status_code == 302
    db.session.refresh(booking)
    assert booking.status == "cancelled"
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.template == "booking_cancelled"))
    assert message.language == "cy"
    assert "Wedi cofrestru ddwywaith" in message.body_text


def test_feedback_form_is_bilingual_and_results_show_per_topic(client, sign_in):
    event = factories.make_event(starts_at=utcnow() - timedelta(days=1), topic="positive-ageing")
    booking = factories.make_booking(event, factories.make_organisation())
    welsh = client.page(f"/cy/bookings/feedback/{booking.feedback_token}")
    assert welsh.h1 == "Dywedwch wrthym beth oeddech chi'n ei feddwl"
    response = client.submit(
        f"/en/bookings/feedback/{booking.feedback_token}", {"rating": "5", "will_use": "yes", "comments": "Great"}
    )
    assert "Thank you for your feedback" in response.get_data(as_text=True)
    staff = sign_in(factories.make_user(Role.STAFF))
    results = staff.page("/en/staff/events/feedback")
    assert "Positive ageing" in results.text()
    assert "5" in results.text()
    assert "Great" in staff.page(f"/en/staff/events/{event.id}").text()
    assert client.get("/en/bookings/feedback/not-a-token").status_code == 404


def test_demo_data_fills_the_catalogue(sign_in):
    from portal.demo import seed_demo
    from portal.events.demo import DEMO_EVENTS

    assert seed_demo()
    db.session.commit()
    page = sign_in(factories.make_user(Role.CHAMPION)).page("/en/events/")
    assert len(page.soup.select(".app-event")) == len(DEMO_EVENTS)
    full = db.session.scalar(select(Event).where(Event.title_en == "Sleep and shift work"))
    assert full.places_left == 0
    assert [b.status for b in services_waiting(full)] == ["waiting"]


def services_waiting(event):
    from portal.bookings.services import waiting_list

    return waiting_list(event)


def test_no_booking_form_once_the_organisation_limit_is_reached(sign_in):
    event = factories.make_event(per_organisation_limit=1)
    user, organisation = _employer()
    factories.make_booking(event, organisation)
    page = sign_in(user).page(f"/en/events/{event.id}")
    assert "booked as many places" in page.text("#booking-refused")
    assert page.soup.find("input", attrs={"name": "email_1"}) is None
