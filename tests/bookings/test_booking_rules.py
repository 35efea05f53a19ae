"""Booking rules called directly: capacity, waiting list, offers, changes, attendance, reminders."""

from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from portal.bookings import services
from portal.bookings.models import Booking
from portal.eligibility.tiers import EligibilityStatus
from portal.email.models import OutboxMessage
from portal.extensions import db
from portal.programme.models import Intervention, InterventionKind
from portal.security import Role
from portal.spreadsheets import neutralise
from portal.timeutil import utcnow
from tests import factories

# Attendance is recorded after the event: the factory's events start in 30 days.
LATER = utcnow() + timedelta(days=400)


def _org(**fields):
    fields.setdefault("eligibility_status", EligibilityStatus.VERIFIED)
    return factories.make_organisation(**fields)


def _book(event, organisation, name, now=None):
    booking = services.book_place(event.id, organisation, None, name, f"{name.lower()}@example.com", now=now)
    db.session.commit()
    return booking


def _messages(template):
    return db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.template == template).order_by(OutboxMessage.id)
    ).all()


def test_places_are_confirmed_until_full_then_waiting_list_in_order():
    event = factories.make_event(capacity=2)
    first, second = _org(), _org()
    a = _book(event, first, "Ana")
    b = _book(event, second, "Bryn")
    c = _book(event, first, "Cai")
    d = _book(event, second, "Dewi")
    assert [x.status for x in (a, b, c, d)] == ["confirmed", "confirmed", "waiting", "waiting"]
    assert [x.name for x in services.waiting_list(event)] == ["Cai", "Dewi"]
    db.session.refresh(event)
    assert event.places_taken == 2
    assert event.places_left == 0


def test_confirmation_is_in_the_organisations_language_with_a_calendar_file():
    event = factories.make_event(title_en="Sleep well", title_cy="Cysgu'n dda")
    _book(event, _org(correspondence_language="cy"), "Nia")
    message = _messages("booking_confirmed")[0]
    assert message.to_address == "nia@example.com"
    assert message.language == "cy"
    assert "Cysgu'n dda" in message.subject
    assert "wedi'i gadarnhau" in message.subject
    assert "https://meet.example.com/cyfrinach" in message.body_text
    ics = message.attachments[0]
    assert ics["content_type"] == "text/calendar"
    assert Calendar.from_ical(ics["content"]).walk("VEVENT")[0]["SUMMARY"] == "Cysgu'n dda"


def test_waiting_list_email_in_english():
    event = factories.make_event(capacity=1)
    _book(event, _org(), "Ana")
    _book(event, _org(correspondence_language="en"), "Bryn")
    message = _messages("booking_waiting")[0]
    assert message.language == "en"
    assert message.subject.startswith("You are on the waiting list")


def test_per_organisation_limit_and_duplicates_are_refused():
    event = factories.make_event(capacity=10, per_organisation_limit=2)
    organisation = _org()
    _book(event, organisation, "Ana")
    with pytest.raises(services.BookingRefused) as refused:
        services.book_place(event.id, organisation, None, "Ana again", "ANA@example.com")
    assert refused.value.reason == "duplicate"
    db.session.rollback()
    _book(event, organisation, "Bryn")
    with pytest.raises(services.BookingRefused) as refused:
        services.book_place(event.id, organisation, None, "Cai", "cai@example.com")
    assert refused.value.reason == "limit"


def test_booking_closes_at_the_deadline():
    event = factories.make_event()
    with pytest.raises(services.BookingRefused) as refused:
        services.book_place(
            event.id, _org(), None, "Ana", "ana@example.com", now=event.booking_deadline + timedelta(seconds=1)
        )
    assert refused.value.reason == "deadline"


def test_training_needs_a_verified_organisation_a_webinar_a_declaration():
    declared = _org(eligibility_status=EligibilityStatus.DECLARED)
    webinar = factories.make_event(kind="webinar")
    course = factories.make_event(kind="champion_training", sessions=3)
    assert _book(webinar, declared, "Ana").status == "confirmed"
    with pytest.raises(services.BookingRefused) as refused:
        services.book_place(course.id, declared, None, "Bryn", "bryn@example.com")
    assert refused.value.reason == "evidence"
    not_started = _org(eligibility_status=EligibilityStatus.NOT_STARTED)
    assert services.refusal_before_booking(webinar, not_started) == "evidence"


def test_cancellation_offers_the_place_to_the_next_person(app):
    event = factories.make_event(capacity=1)
    organisation = _org(correspondence_language="cy")
    ana = _book(event, organisation, "Ana")
    bryn = _book(event, organisation, "Bryn")
    cai = _book(event, organisation, "Cai")
    services.cancel_booking(ana)
    db.session.commit()
    db.session.refresh(bryn)
    db.session.refresh(cai)
    assert bryn.status == "offered"
    assert cai.status == "waiting"
    hold = bryn.offer_expires_at - utcnow()
    assert timedelta(hours=47, minutes=59) < hold <= timedelta(hours=48)
    offer = _messages("place_offered")[0]
    assert offer.to_address == "bryn@example.com"
    assert offer.language == "cy"
    db.session.refresh(event)
    assert event.places_taken == 1


def test_the_hold_is_configurable(app):
    event = factories.make_event(capacity=1)
    organisation = _org()
    ana = _book(event, organisation, "Ana")
    bryn = _book(event, organisation, "Bryn")
    app.config["OFFER_HOLD_HOURS"] = 6
    try:
        services.cancel_booking(ana)
        db.session.commit()
    finally:
        app.config["OFFER_HOLD_HOURS"] = 48
    db.session.refresh(bryn)
    assert bryn.offer_expires_at - utcnow() <= timedelta(hours=6)


def test_an_expired_hold_passes_to_the_one_after():
    event = factories.make_event(capacity=1)
    organisation = _org()
    ana = _book(event, organisation, "Ana")
    bryn = _book(event, organisation, "Bryn")
    cai = _book(event, organisation, "Cai")
    services.cancel_booking(ana)
    db.session.commit()
    db.session.refresh(bryn)
    assert services.expire_offers(now=bryn.offer_expires_at - timedelta(minutes=1)) == 0
    assert services.expire_offers(now=bryn.offer_expires_at + timedelta(minutes=1)) == 1
    db.session.commit()
    db.session.refresh(bryn)
    db.session.refresh(cai)
    assert bryn.status == "offer_expired"
    assert cai.status == "offered"
    assert [m.to_address for m in _messages("offer_expired")] == ["bryn@example.com"]
    db.session.refresh(event)
    assert event.places_taken == 1


def test_accepting_within_the_hold_confirms_the_place():
    event = factories.make_event(capacity=1)
    organisation = _org()
    ana = _book(event, organisation, "Ana")
    bryn = _book(event, organisation, "Bryn")
    services.cancel_booking(ana)
    db.session.commit()
    services.accept_offer(bryn)
    db.session.commit()
    db.session.refresh(bryn)
    assert bryn.status == "confirmed"
    assert bryn.offer_expires_at is None
    assert [m.to_address for m in _messages("booking_confirmed")][-1] == "bryn@example.com"


def test_accepting_after_expiry_is_refused_and_the_place_passes_on():
    event = factories.make_event(capacity=1)
    organisation = _org()
    ana = _book(event, organisation, "Ana")
    bryn = _book(event, organisation, "Bryn")
    cai = _book(event, organisation, "Cai")
    services.cancel_booking(ana)
    db.session.commit()
    db.session.refresh(bryn)
    with pytest.raises(services.BookingRefused) as refused:
        services.accept_offer(bryn, now=bryn.offer_expires_at + timedelta(seconds=1))
    assert refused.value.reason == "offer_expired"
    db.session.commit()
    db.session.refresh(cai)
    assert cai.status == "offered"


def test_employer_passes_a_place_to_a_colleague():
    event = factories.make_event()
    organisation = _org()
    ana = _book(event, organisation, "Ana")
    services.change_attendee(ana, "Bryn", "bryn@example.com")
    db.session.commit()
    db.session.refresh(ana)
    assert (ana.name, ana.email, ana.status) == ("Bryn", "bryn@example.com", "confirmed")
    assert _messages("place_passed_on")[0].to_address == "ana@example.com"
    assert _messages("booking_confirmed")[-1].to_address == "bryn@example.com"
    with pytest.raises(services.BookingRefused):
        services.change_attendee(ana, "Cai", "cai@example.com", now=event.booking_deadline + timedelta(minutes=1))


def test_employer_cannot_cancel_after_the_deadline_but_staff_can():
    event = factories.make_event()
    ana = _book(event, _org(), "Ana")
    late = event.booking_deadline + timedelta(minutes=1)
    with pytest.raises(services.BookingRefused):
        services.cancel_booking(ana, now=late)
    db.session.rollback()
    services.cancel_booking(ana, reason="Trainer ill", by_staff=True, now=late)
    db.session.commit()
    assert "Trainer ill" in _messages("booking_cancelled")[0].body_text


def test_staff_cancelling_the_event_tells_everyone_why_in_their_language():
    event = factories.make_event(capacity=1, title_en="Sleep", title_cy="Cwsg")
    _book(event, _org(correspondence_language="cy"), "Ana")
    _book(event, _org(correspondence_language="en"), "Bryn")
    assert services.cancel_event(event, "Venue flooded") == 2
    db.session.commit()
    messages = _messages("event_cancelled")
    assert {(m.to_address, m.language) for m in messages} == {("ana@example.com", "cy"), ("bryn@example.com", "en")}
    welsh = next(m for m in messages if m.language == "cy")
    assert welsh.subject == "Digwyddiad wedi'i ganslo: Cwsg"
    assert "Venue flooded" in welsh.body_text
    assert db.session.scalar(select(func.count(Booking.id)).where(Booking.status == "cancelled")) == 2


def test_attendance_counts_an_intervention_and_correcting_it_withdraws_it():
    event = factories.make_event(topic="mindfulness")
    organisation = _org()
    ana = _book(event, organisation, "Ana")
    services.mark_attendance(ana, "attended", now=LATER)
    db.session.commit()
    intervention = db.session.scalar(select(Intervention))
    assert (intervention.kind, intervention.support_type, intervention.organisation_id) == (
        InterventionKind.SESSION_ATTENDED,
        "mindfulness",
        organisation.id,
    )
    services.correct_attendance(ana, "did_not_attend", factories.make_user(Role.STAFF), "Marked by mistake")
    db.session.commit()
    assert db.session.scalar(select(func.count(Intervention.id))) == 0


def test_a_completed_course_counts_as_training_completed():
    course = factories.make_event(kind="champion_training", sessions=3, topic="stress-management")
    booking = _book(course, _org(), "Ana")
    services.mark_attendance(booking, "attended", now=LATER)
    db.session.commit()
    intervention = db.session.scalar(select(Intervention))
    assert intervention.kind == InterventionKind.TRAINING_COMPLETED
    assert intervention.occurred_at == course.ends_at


def test_waiting_list_entries_cannot_be_marked_attended():
    event = factories.make_event(capacity=0)
    booking = _book(event, _org(), "Ana")
    with pytest.raises(services.BookingRefused):
        services.mark_attendance(booking, "attended", now=LATER)


def test_reminders_run_twice_queue_each_reminder_once(app):
    start = utcnow() + timedelta(days=1)
    soon = factories.make_event(starts_at=start, booking_deadline=start)
    later = factories.make_event(starts_at=utcnow() + timedelta(days=10))
    organisation = _org()
    _book(soon, organisation, "Ana")
    _book(soon, organisation, "Bryn")
    _book(later, organisation, "Cai")
    runner = app.test_cli_runner()
    first = runner.invoke(args=["send-reminders"])
    second = runner.invoke(args=["send-reminders"])
    assert first.exit_code == 0
    assert "reminders queued 2" in first.output
    assert "reminders queued 0" in second.output
    assert sorted(m.to_address for m in _messages("booking_reminder")) == ["ana@example.com", "bryn@example.com"]
    wider = runner.invoke(args=["send-reminders", "--days", "14"])
    assert "reminders queued 1" in wider.output


def test_expire_offers_command_passes_places_on(app):
    event = factories.make_event(capacity=1)
    organisation = _org()
    ana = _book(event, organisation, "Ana")
    bryn = _book(event, organisation, "Bryn")
    _book(event, organisation, "Cai")
    services.cancel_booking(ana)
    db.session.commit()
    db.session.refresh(bryn)
    bryn.offer_expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["expire-offers"])
    assert "offers lapsed 1" in result.output
    statuses = dict(db.session.execute(select(Booking.name, Booking.status)).all())
    assert statuses == {"Ana": "cancelled", "Bryn": "offer_expired", "Cai": "offered"}


def test_feedback_requests_go_once_after_the_event(app):
    event = factories.make_event(starts_at=utcnow() - timedelta(days=2))
    factories.make_booking(event, _org(correspondence_language="cy"), email="ana@example.com")
    factories.make_booking(event, _org(), email="dna@example.com", attendance="did_not_attend")
    assert services.send_feedback_requests() == 1
    assert services.send_feedback_requests() == 0
    message = _messages("feedback_request")[0]
    assert message.to_address == "ana@example.com"
    assert "/cy/bookings/feedback/" in message.body_text
    assert "/en/bookings/feedback/" in message.body_text


def test_csv_cells_cannot_run_formulas():
    event = factories.make_event()
    factories.make_booking(event, _org(name='=HYPERLINK("http://evil")'), name="+SUM(A1)", email="a@example.com")
    text = services.attendees_csv(event)
    assert "'+SUM(A1)" in text
    assert "'=HYPERLINK" in text
    assert neutralise("-1") == "'-1"
    assert neutralise("@x") == "'@x"
    assert neutralise("ok") == "ok"


def test_feedback_summary_per_event_and_topic():
    sleep = factories.make_event(topic="sleep")
    money = factories.make_event(topic="financial-wellbeing")
    organisation = _org()
    factories.make_feedback(factories.make_booking(sleep, organisation), rating=5)
    factories.make_feedback(factories.make_booking(sleep, organisation), rating=2, will_use="no")
    factories.make_feedback(factories.make_booking(money, organisation), rating=4)
    by_event, by_topic = services.feedback_summary()
    assert by_event[sleep.id]["responses"] == 2
    assert by_event[sleep.id]["average"] == 3.5
    assert by_topic["financial-wellbeing"]["average"] == 4.0
    assert by_topic["sleep"]["no"] == 1


def test_joining_details_are_for_the_booked_only():
    event = factories.make_event()
    booked, other = _org(), _org()
    employer = factories.make_user(Role.EMPLOYER, organisation=booked)
    outsider = factories.make_user(Role.EMPLOYER, organisation=other)
    champion = factories.make_user(Role.CHAMPION, organisation=booked, email="champ@example.com")
    assert not services.is_booked(employer, event)
    _book(event, booked, "Champ")
    db.session.execute(Booking.__table__.update().values(email="champ@example.com"))
    db.session.commit()
    assert services.is_booked(employer, event)
    assert services.is_booked(champion, event)
    assert not services.is_booked(outsider, event)


def test_a_new_booking_passes_on_a_lapsed_hold_first():
    event = factories.make_event(capacity=1)
    organisation = _org()
    factories.make_booking(
        event, organisation, name="Ana", status="offered", offer_expires_at=utcnow() - timedelta(minutes=1)
    )
    factories.make_booking(event, organisation, name="Bryn", status="waiting")
    cai = _book(event, organisation, "Cai")
    statuses = dict(db.session.execute(select(Booking.name, Booking.status)).all())
    assert statuses == {"Ana": "offer_expired", "Bryn": "offered", "Cai": "waiting"}
    assert cai.sequence == 3


def test_changing_the_time_tells_everyone_holding_a_place(sign_in):
    from datetime import date

    from werkzeug.datastructures import MultiDict

    event = factories.make_event(topic="sleep", capacity=1)
    holder = factories.make_booking(event, _org(correspondence_language="cy"), email="ana@example.com")
    factories.make_booking(event, _org(), email="waiting@example.com", status="waiting")
    client = sign_in(factories.make_user(Role.STAFF))
    day = date.today() + timedelta(days=50)
    form = MultiDict(
        {
            "kind": "webinar",
            "topic": "sleep",
            "title_en": "Sleep",
            "title_cy": "Cwsg",
            "description_en": "d",
            "description_cy": "d",
            "language": "en",
            "mode": "online",
            "capacity": "1",
            "per_organisation_limit": "5",
            "start_time": "14:00",
            "end_time": "15:00",
            "session_count": "1",
        }
    )
    for value in (day.day, day.month, day.year):
        form.add("first_date", str(value))
        form.add("deadline_date", str(value))
    form.add("csrf_token", client.csrf_token(f"/en/staff/events/{event.id}/edit"))
    assert client.post(f"/en/staff/events/{event.id}/edit", data=form).status_code == 302
    messages = _messages("event_changed")
    assert [m.to_address for m in messages] == [holder.email]
    assert messages[0].language == "cy"
    assert f"{day:%Y%m%d}T140000" in messages[0].attachments[0]["content"]


def test_colleagues_at_one_event_count_as_one_intervention():
    """Two staff of one organisation at one webinar are one piece of support, not two."""
    from sqlalchemy import func, select

    from portal.bookings.models import Attendance, Booking
    from portal.bookings.services import mark_attendance
    from portal.extensions import db
    from portal.programme.models import Intervention
    from tests import factories

    event = factories.make_event(capacity=10)
    organisation = factories.make_organisation()
    first = factories.make_booking(event, organisation)
    second = factories.make_booking(event, organisation)
    mark_attendance(first, Attendance.ATTENDED, now=LATER)
    mark_attendance(second, Attendance.ATTENDED, now=LATER)
    db.session.commit()
    count = select(func.count(Intervention.id)).where(Intervention.organisation_id == organisation.id)
    assert db.session.scalar(count) == 1
    # The first attendee's attendance is corrected: the colleague's attendance still counts, once.
    services.correct_attendance(first, Attendance.DID_NOT_ATTEND, factories.make_user(Role.STAFF), "Left early")
    db.session.commit()
    assert db.session.scalar(count) == 1
    source = db.session.scalar(select(Intervention.source_id).where(Intervention.organisation_id == organisation.id))
    assert source == second.id
    services.correct_attendance(
        db.session.get(Booking, second.id), Attendance.DID_NOT_ATTEND, factories.make_user(Role.STAFF), "Never arrived"
    )
    db.session.commit()
    assert db.session.scalar(count) == 0


def test_completed_champion_course_goes_on_the_champions_training_record():
    from sqlalchemy import select

    from portal.bookings.models import Attendance
    from portal.bookings.services import mark_attendance
    from portal.champions.models import ChampionTraining
    from portal.extensions import db
    from portal.security import Role
    from tests import factories

    organisation = factories.make_organisation()
    champion = factories.make_user(Role.CHAMPION, organisation=organisation, email="gwen@example.com")
    course = factories.make_event(kind="champion_training", sessions=3, capacity=10)
    booking = factories.make_booking(course, organisation, email="Gwen@Example.com", name="Gwen Hughes")
    mark_attendance(booking, Attendance.ATTENDED, now=LATER)
    db.session.commit()
    training = db.session.scalar(select(ChampionTraining))
    assert training.user_id == champion.id
    assert training.course_title_en == course.title_en
    assert training.certificate_code
    # A webinar does not make anyone a trained champion.
    webinar = factories.make_event(kind="webinar")
    mark_attendance(
        factories.make_booking(webinar, organisation, email="gwen@example.com"), Attendance.ATTENDED, now=LATER
    )
    db.session.commit()
    assert len(db.session.scalars(select(ChampionTraining)).all()) == 1
    # Attendance corrected: the record (and its certificate) goes.
    services.correct_attendance(booking, Attendance.DID_NOT_ATTEND, factories.make_user(Role.STAFF), "Missed a session")
    db.session.commit()
    assert db.session.scalar(select(ChampionTraining)) is None
