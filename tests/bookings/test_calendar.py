"""Calendar files: parse with icalendar, carry TZID=Europe/London, right either side of a clock change."""

from datetime import date, time

import pytest
from icalendar import Calendar

from portal.eligibility.tiers import EligibilityStatus
from portal.events.services import london_datetime
from portal.security import Role
from tests import factories
from tests.helpers import Page


@pytest.mark.parametrize("day", [date(2027, 7, 15), date(2027, 12, 15)], ids=["july", "december"])
def test_ten_oclock_is_ten_oclock_on_the_page_and_in_the_file(day, sign_in):
    starts = london_datetime(day, time(10, 0))
    event = factories.make_event(starts_at=starts)
    organisation = factories.make_organisation(eligibility_status=EligibilityStatus.DECLARED)
    employer = factories.make_user(Role.EMPLOYER, organisation=organisation)
    booking = factories.make_booking(event, organisation)
    client = sign_in(employer)

    page = client.page(f"/en/events/{event.id}")
    assert page.text(".app-session-time").split(", ")[-1].startswith("10:00–11:00")
    upcoming = client.page("/en/bookings/")
    assert "10:00" in upcoming.text("#upcoming")

    response = client.get(f"/en/bookings/{booking.id}/calendar.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    text = response.get_data(as_text=True)
    assert f"DTSTART;TZID=Europe/London:{day:%Y%m%d}T100000" in text
    assert f"DTEND;TZID=Europe/London:{day:%Y%m%d}T110000" in text
    calendar = Calendar.from_ical(text)
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/London"
    entry = calendar.walk("VEVENT")[0]
    start = entry.decoded("DTSTART")
    assert (start.hour, start.minute) == (10, 0)
    assert entry["DTSTART"].params["TZID"] == "Europe/London"
    assert start.utcoffset().total_seconds() == (3600 if day.month == 7 else 0)


def test_a_course_keeps_its_london_time_across_the_clock_change():
    from portal.events.models import EventSession
    from portal.events.services import calendar_file, session_times
    from portal.extensions import db

    # Clocks go back on 31 October 2027: the same 10:00 London slot is 09:00 UTC, then 10:00 UTC.
    times = session_times(date(2027, 10, 19), time(10, 0), time(12, 0), 3)
    assert [s.hour for s, _e in times] == [9, 9, 10]
    course = factories.make_event(kind="champion_training", starts_at=times[0][0])
    course.sessions = [EventSession(starts_at=s, ends_at=e) for s, e in times]
    db.session.commit()
    entries = Calendar.from_ical(calendar_file(course, "en")).walk("VEVENT")
    assert [e.decoded("DTSTART").strftime("%d %H:%M") for e in entries] == ["19 10:00", "26 10:00", "02 10:00"]
    assert all(e["DTSTART"].params["TZID"] == "Europe/London" for e in entries)


def test_page_shows_london_time_in_welsh(sign_in):
    event = factories.make_event(starts_at=london_datetime(date(2027, 7, 15), time(10, 0)))
    employer = factories.make_user(Role.EMPLOYER)
    page = sign_in(employer).page(f"/cy/events/{event.id}")
    assert "10:00" in page.text(".app-session-time")
    assert "Gorffennaf" in page.text(".app-session-time")
    assert isinstance(page, Page)
