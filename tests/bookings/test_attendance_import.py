"""Attendance at scale: the whole register in one form, and the meeting tool's report, previewed first."""

import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.bookings.attendance_import import ReportError, match_report, read_report
from portal.bookings.models import Attendance, Booking
from portal.extensions import db
from portal.programme.models import Intervention
from portal.security import Role
from portal.timeutil import utcnow
from tests import factories
from tests.helpers import Page, count_queries

TEAMS = (
    "1. Summary\n"
    "Meeting title\tManaging stress at work\n"
    "Attended participants\t3\n"
    "\n"
    "2. Participants\n"
    "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole\n"
    "Cerys Hughes\t02/12/2026, 10:01:12\t02/12/2026, 11:00:03\t58m 51s\tCERYS@Example.com\tcerys@example.com"
    "\tAttendee\n"
    "Cerys Hughes\t02/12/2026, 10:20:00\t02/12/2026, 10:25:00\t5m\tcerys@example.com\tcerys@example.com\tAttendee\n"
    "Walk In\t02/12/2026, 10:03:00\t02/12/2026, 10:59:00\t56m\twalk.in@example.com\t\tAttendee\n"
).encode("utf-16")

ZOOM = ("\ufeffName (original name),User Email,Join time,Leave time,Duration (minutes),Guest\n"
        "Ifan Jones,ifan@example.com,12/02/2026 10:00:05 AM,12/02/2026 11:00:00 AM,60,Yes\n").encode("utf-8")


def test_reports_of_teams_and_zoom_are_read_by_their_headings():
    teams = read_report("attendance.csv", TEAMS)
    assert [(p.name, p.email) for p in teams] == [("Cerys Hughes", "cerys@example.com"),
                                                   ("Walk In", "walk.in@example.com")]
    assert teams[0].joined == "02/12/2026, 10:01:12"
    [zoom] = read_report("participants_123.csv", ZOOM)
    assert (zoom.name, zoom.email, zoom.left) == ("Ifan Jones", "ifan@example.com", "12/02/2026 11:00:00 AM")


@pytest.mark.parametrize(("filename", "data", "reason"), [
    ("report.xlsx", b"PK\x03\x04", "extension"),
    ("report.csv", b"", "empty"),
    ("report.csv", b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40, "type"),
    ("report.csv", b"Name,Joined\nCerys,10:00\n", "no_email_column"),
    ("report.csv", b"Name,Email\nCerys,not an address\n", "no_people"),
    ("report.csv", b"a" * (2 * 1024 * 1024 + 1), "size"),
])
def test_a_file_that_is_not_a_readable_report_is_refused_with_the_reason(filename, data, reason):
    with pytest.raises(ReportError) as refused:
        read_report(filename, data)
    assert refused.value.reason == reason


def _past_event(**fields):
    return factories.make_event(starts_at=utcnow() - timedelta(hours=3), **fields)


def test_an_import_with_unmatched_rows_saves_nothing_until_the_register_is_confirmed(sign_in):
    staff = factories.make_user(Role.STAFF)
    event = _past_event()
    organisation = factories.make_organisation(name="Caffi Cwm")
    cerys = factories.make_booking(event, organisation, name="Cerys Hughes", email="cerys@example.com")
    absent = factories.make_booking(event, organisation, name="Absent Person", email="absent@example.com")
    client = sign_in(staff)
    url = f"/en/staff/events/{event.id}/register"
    response = client.submit(f"{url}/import", {"report": (io.BytesIO(TEAMS), "attendance.csv")},
                             token_from=url, content_type="multipart/form-data")
    assert response.status_code == 200
    page = Page(response)
    summary = page.text("#report-summary")
    assert "Matched to a place 1" in summary
    assert "With a place but not in the report 1" in summary
    assert "In the report without a place 1" in summary
    assert "walk.in@example.com" in page.text("#unmatched")
    ticked = {box["value"] for box in page.soup.select("input[name=attended][checked]")}
    assert ticked == {str(cerys.id)}
    db.session.expire_all()
    assert [b.attendance for b in db.session.scalars(select(Booking).order_by(Booking.id))] == [None, None]
    assert db.session.scalar(select(func.count(Intervention.id))) == 0

    response = client.submit(url, {"attended": [str(cerys.id)]})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Booking, cerys.id).attendance == Attendance.ATTENDED
    assert db.session.get(Booking, absent.id).attendance == Attendance.DID_NOT_ATTEND
    assert db.session.scalar(select(func.count(Intervention.id))) == 1


def test_mark_everyone_attended_with_exceptions_and_the_register_shows_what_was_kept(sign_in):
    staff = factories.make_user(Role.STAFF)
    event = _past_event()
    organisation = factories.make_organisation()
    people = [factories.make_booking(event, organisation) for _ in range(4)]
    factories.make_booking(event, organisation, status="waiting")
    client = sign_in(staff)
    url = f"/en/staff/events/{event.id}/register"
    page = client.page(url)
    assert {b["value"] for b in page.soup.select("input[name=attended][checked]")} == {str(p.id) for p in people}
    assert len(page.soup.select("input[name=attended]")) == 4  # the waiting list is not on the register
    response = client.submit(url, {"attended": [str(p.id) for p in people[1:]]})
    assert response.status_code == 302
    db.session.expire_all()
    assert [db.session.get(Booking, p.id).attendance for p in people] == [
        Attendance.DID_NOT_ATTEND, Attendance.ATTENDED, Attendance.ATTENDED, Attendance.ATTENDED]
    kept = client.page(url)
    # Marked places leave the form: changing one is a correction, with a reason.
    assert kept.soup.select("input[name=attended]") == []
    assert len(kept.soup.select("#marked a")) == 4
    late = factories.make_booking(event, organisation)
    # A tampered value is not a place on this register: ignored, never a 500; marks already kept stay.
    assert client.submit(url, {"attended": ["not-a-number", "999999"]}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Booking, late.id).attendance == Attendance.DID_NOT_ATTEND
    assert db.session.get(Booking, people[1].id).attendance == Attendance.ATTENDED


def test_the_register_refuses_marks_before_the_session_has_started(sign_in):
    staff = factories.make_user(Role.STAFF)
    event = factories.make_event(starts_at=utcnow() + timedelta(days=2))
    booking = factories.make_booking(event, factories.make_organisation())
    client = sign_in(staff)
    url = f"/cy/staff/events/{event.id}/register"
    response = client.submit(url, {"attended": [str(booking.id)]})
    assert response.status_code == 400
    assert len(Page(response).error_summary()) == 1
    db.session.expire_all()
    assert db.session.get(Booking, booking.id).attendance is None


def test_a_bad_upload_is_an_inline_error_in_the_pages_language(sign_in):
    staff = factories.make_user(Role.STAFF)
    event = _past_event()
    factories.make_booking(event, factories.make_organisation())
    client = sign_in(staff)
    url = f"/cy/staff/events/{event.id}/register"
    response = client.submit(f"{url}/import", {"report": (io.BytesIO(b"Name\nCerys\n"), "r.csv")},
                             token_from=url, content_type="multipart/form-data")
    assert response.status_code == 400
    [message] = Page(response).error_summary()
    assert "cyfeiriadau e-bost" in message
    missing = client.submit(f"{url}/import", {}, token_from=url, content_type="multipart/form-data")
    assert Page(missing).error_summary() == ["Dewiswch yr adroddiad presenoldeb i'w uwchlwytho"]


def test_another_partners_register_is_not_found(sign_in):
    staff = factories.make_user(Role.STAFF)
    theirs = _past_event(partner_slug="north-west")
    client = sign_in(staff)
    assert client.get(f"/en/staff/events/{theirs.id}/register").status_code == 404
    token = client.csrf_token("/en/staff/events/")
    response = client.post(f"/en/staff/events/{theirs.id}/register/import", data={"csrf_token": token})
    assert response.status_code == 404


def test_matching_ignores_case_and_lists_people_already_marked():
    event = _past_event()
    organisation = factories.make_organisation()
    marked = factories.make_booking(event, organisation, email="Cerys@Example.com", attendance="attended")
    preview = match_report(event, read_report("a.csv", TEAMS))
    assert [b.id for b, _row in preview.already_marked] == [marked.id]
    assert preview.attended_ids == {marked.id}
    assert [p.email for p in preview.unmatched] == ["walk.in@example.com"]


def test_the_register_page_issues_the_same_queries_for_5_or_50_places(sign_in):
    staff = factories.make_user(Role.STAFF)
    event = _past_event(capacity=100)
    client = sign_in(staff)
    for _ in range(5):
        factories.make_booking(event, factories.make_organisation(commit=False), commit=False)
    db.session.commit()
    with count_queries() as few:
        client.page(f"/en/staff/events/{event.id}/register")
    for _ in range(45):
        factories.make_booking(event, factories.make_organisation(commit=False), commit=False)
    db.session.commit()
    with count_queries() as many:
        client.page(f"/en/staff/events/{event.id}/register")
    assert many.count == few.count
