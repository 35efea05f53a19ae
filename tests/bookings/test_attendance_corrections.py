"""Correcting an attendance mark: a reason, a history, the audit in words, and the
programme recomputed in the same transaction."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.audit.models import AuditEvent, RecordCorrection
from portal.bookings import services
from portal.eligibility.tiers import EligibilityStatus
from portal.extensions import db
from portal.programme.models import Intervention, ProgrammeCycle
from portal.security import Role
from portal.timeutil import utcnow
from tests import factories

LATER = utcnow() + timedelta(days=400)


def _marked(attendance="attended", **event_fields):
    organisation = factories.make_organisation(eligibility_status=EligibilityStatus.VERIFIED)
    event = factories.make_event(starts_at=utcnow() - timedelta(days=60), **event_fields)
    booking = factories.make_booking(event, organisation, name="Ana Attendee")
    services.mark_attendance(booking, attendance)
    db.session.commit()
    return booking


def _interventions():
    return db.session.scalar(select(func.count(Intervention.id)))


def test_a_mark_cannot_be_changed_without_a_reason():
    booking = _marked()
    with pytest.raises(services.BookingRefused) as refused:
        services.mark_attendance(booking, "did_not_attend")
    assert refused.value.reason == "already_marked"
    db.session.rollback()
    assert booking.attendance == "attended"
    assert _interventions() == 1


def test_a_correction_needs_a_reason_and_a_mark_to_correct():
    booking = _marked()
    staff = factories.make_user(Role.STAFF)
    with pytest.raises(ValueError, match="reason"):
        services.correct_attendance(booking, "did_not_attend", staff, "   ")
    unmarked = factories.make_booking(booking.event, booking.organisation)
    with pytest.raises(services.BookingRefused):
        services.correct_attendance(unmarked, "attended", staff, "Was there")


def test_correcting_a_mark_keeps_its_history_and_withdraws_the_intervention_and_whp_at_once():
    booking = _marked()
    staff = factories.make_user(Role.STAFF)
    factories.make_engagement(booking.organisation, staff, type="advice_session")
    cycle = db.session.scalar(select(ProgrammeCycle).where(ProgrammeCycle.organisation_id == booking.organisation_id))
    assert cycle.whp_implemented_at is not None
    correction = services.correct_attendance(booking, "did_not_attend", staff, "Signed in for a colleague")
    db.session.commit()
    assert booking.attendance == "did_not_attend"
    assert _interventions() == 1
    db.session.refresh(cycle)
    assert cycle.whp_implemented_at is None
    stored = db.session.scalar(select(RecordCorrection).where(RecordCorrection.target_type == "bookings"))
    assert stored.id == correction.id
    assert (stored.action, stored.reason, stored.before, stored.after, stored.actor_id) == (
        "edited", "Signed in for a colleague", {"attendance": "attended"}, {"attendance": "did_not_attend"}, staff.id)
    audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "bookings_edited"))
    assert audit.details["reason"] == "Signed in for a colleague"


def test_removing_a_mark_made_by_mistake_voids_it_and_the_course_certificate():
    booking = _marked(kind="champion_training", sessions=2)
    staff = factories.make_user(Role.STAFF)
    assert _interventions() == 1
    services.correct_attendance(booking, "not_marked", staff, "Marked the wrong person")
    db.session.commit()
    assert booking.attendance is None
    assert _interventions() == 0
    assert db.session.scalar(select(RecordCorrection.action)) == "voided"


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_staff_correct_a_mark_on_its_page_with_the_history_and_audit_in_words(sign_in, lang):
    booking = _marked()
    staff = factories.make_user(Role.STAFF)
    admin = factories.make_user(Role.ADMIN)
    client = sign_in(staff, lang=lang)
    url = f"/{lang}/bookings/staff/{booking.id}/attendance/correct"
    register = client.page(f"/{lang}/staff/events/{booking.event_id}")
    assert register.soup.select_one(f"#register a[href='{url}']") is not None
    page = client.page(url)
    assert page.soup.select_one("input[name=attendance][value=attended][checked]") is not None

    refused = client.submit(url, {"attendance": "did_not_attend", "reason": ""})
    assert refused.status_code == 200
    text = refused.get_data(as_text=True)
    assert ("Enter the reason for the correction" if lang == "en" else "Rhowch y rheswm dros y cywiriad") in text
    assert 'value="did_not_attend" checked' in text
    assert booking.attendance == "attended"

    done = client.submit(url, {"attendance": "did_not_attend", "reason": "Signed in for a colleague"})
    assert done.status_code == 302
    db.session.refresh(booking)
    assert booking.attendance == "did_not_attend"
    history = client.page(url).text("#history")
    assert "Signed in for a colleague" in history
    assert ("Did not attend" if lang == "en" else "Heb fynychu") in history

    audit = sign_in(admin, lang=lang).page(f"/{lang}/admin/audit").text("main")
    assert ("Attendance corrected" if lang == "en" else "Presenoldeb wedi'i gywiro") in audit
    assert "bookings_edited" not in audit
