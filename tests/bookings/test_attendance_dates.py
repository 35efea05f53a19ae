"""Attendance cannot be marked before the session has started, so no certificate precedes its training."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.bookings.attendance import mark_attendance
from portal.bookings.models import Attendance
from portal.bookings.places import BookingRefused
from portal.champions.models import ChampionTraining
from portal.extensions import db
from portal.programme.models import Intervention
from portal.security import Role
from portal.timeutil import utcnow
from tests import factories


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_webinar_not_yet_started_cannot_be_marked_attended(sign_in):
    event = factories.make_event(starts_at=utcnow() + timedelta(days=2))
    booking = factories.make_booking(event, factories.make_organisation(eligibility_status="verified"))
    with pytest.raises(BookingRefused) as refused:
        mark_attendance(booking, Attendance.ATTENDED)
    assert refused.value.reason == "not_started"
    db.session.rollback()
    staff = sign_in(factories.make_user(Role.STAFF), lang="cy")
    token = staff.csrf_token(f"/cy/staff/events/{event.id}")
    response = staff.post(f"/cy/bookings/staff/{booking.id}/attendance",
                          data={"csrf_token": token, "attendance": "attended"}, follow_redirects=True)
    assert "unwaith y bydd y sesiwn wedi dechrau" in response.get_data(as_text=True)
    db.session.refresh(booking)
    assert booking.attendance is None
    assert _count(Intervention) == 0


def test_a_course_is_not_completed_before_its_last_session_has_started():
    start = utcnow() - timedelta(days=1)
    course = factories.make_event(kind="champion_training", sessions=3, starts_at=start)
    booking = factories.make_booking(course, factories.make_organisation(eligibility_status="verified"))
    with pytest.raises(BookingRefused):
        mark_attendance(booking, Attendance.ATTENDED)
    db.session.rollback()
    assert _count(ChampionTraining) == 0
    assert _count(Intervention) == 0
    mark_attendance(booking, Attendance.ATTENDED, now=start + timedelta(days=14, minutes=5))
    db.session.commit()
    assert _count(ChampionTraining) == 1
