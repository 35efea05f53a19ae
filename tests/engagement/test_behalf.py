"""Staff acting on an employer's behalf: bookings, walk-ins and visits, through the employer's own rules."""

import io
from collections import Counter
from datetime import timedelta

from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from portal.audit.models import AuditEvent
from portal.bookings.models import Booking
from portal.eligibility.models import Evidence
from portal.eligibility.services import may_have
from portal.eligibility.tiers import EligibilityStatus, SupportKind
from portal.email.models import OutboxMessage
from portal.engagement.models import OrganisationNote
from portal.extensions import db
from portal.security import Role
from portal.timeutil import utcnow
from portal.visits.models import VisitRequest
from tests import factories
from tests.helpers import Page, count_queries

NORTH_WEST_LA = "W06000001"


def _organisation(lang="cy", **fields):
    fields.setdefault("eligibility_status", EligibilityStatus.VERIFIED)
    organisation = factories.make_organisation(
        name="Bara Brith Bakery",
        correspondence_language=lang,
        contact_phone="029 2000 1234",
        contact_job_title="Owner",
        **fields,
    )
    contact = factories.make_user(
        Role.EMPLOYER, organisation=organisation, full_name="Ffion Rees", email="ffion@example.com"
    )
    return organisation, contact


def _messages(template=None):
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if template:
        query = query.where(OutboxMessage.template == template)
    return db.session.scalars(query).all()


def _attendees(*people):
    data = {}
    for number, (name, email, language) in enumerate(people, start=1):
        data.update({f"name_{number}": name, f"email_{number}": email, f"language_{number}": language})
    return data


def _book_url(organisation, event):
    return f"/en/staff/organisations/{organisation.id}/book/{event.id}"


def test_staff_book_two_people_as_the_employer_would_and_the_contact_hears_in_welsh(sign_in):
    organisation, contact = _organisation("cy")
    staff = factories.make_user(Role.STAFF, full_name="Siân Staff")
    event = factories.make_event()
    client = sign_in(staff)
    response = client.submit(
        _book_url(organisation, event),
        _attendees(("Aled Jones", "aled@example.com", "cy"), ("Beth Evans", "beth@example.com", "en")),
    )
    assert response.status_code == 302
    bookings = db.session.scalars(select(Booking).order_by(Booking.sequence)).all()
    assert [(b.name, b.status, b.booked_by_id) for b in bookings] == [
        ("Aled Jones", "confirmed", staff.id),
        ("Beth Evans", "confirmed", staff.id),
    ]
    confirmations = _messages("booking_confirmed")
    assert [(m.to_address, m.language) for m in confirmations] == [
        ("aled@example.com", "cy"),
        ("beth@example.com", "en"),
    ]
    copies = _messages("booking_copy")
    # The contact did not book these places: they get a copy of each, in their correspondence language.
    assert [(m.to_address, m.language) for m in copies] == [(contact.email, "cy"), (contact.email, "cy")]
    assert "Siân Staff" in copies[0].body_text
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.actor_id == staff.id)).all()
    assert actions.count("booking.booked_by_staff") == 2
    # The employer sees who booked them.
    page = sign_in(contact).page("/en/bookings/")
    assert page.soup.select_one("#upcoming .app-booked-by").get_text(strip=True) == "Booked by staff: Siân Staff"


def test_staff_bookings_respect_capacity_and_the_waiting_list(sign_in):
    organisation, _contact = _organisation("en")
    event = factories.make_event(capacity=1)
    client = sign_in(factories.make_user(Role.STAFF))
    client.submit(
        _book_url(organisation, event),
        _attendees(("Aled Jones", "aled@example.com", "en"), ("Beth Evans", "beth@example.com", "en")),
    )
    assert [b.status for b in db.session.scalars(select(Booking).order_by(Booking.sequence))] == [
        "confirmed",
        "waiting",
    ]
    db.session.refresh(event)
    assert event.places_taken == 1
    assert [m.to_address for m in _messages("booking_waiting")] == ["beth@example.com"]


def test_staff_bookings_respect_the_per_organisation_limit(sign_in):
    organisation, _contact = _organisation("en")
    event = factories.make_event(per_organisation_limit=1)
    factories.make_booking(event, organisation)
    page = sign_in(factories.make_user(Role.STAFF)).page(_book_url(organisation, event))
    assert page.soup.select_one("#booking-refused") is not None
    assert page.soup.select_one("input[name=name_1]") is None


def test_staff_cannot_book_what_the_eligibility_decision_refuses(sign_in):
    """Found first: nothing; written as a guard. Training needs a verified organisation, as for employers."""
    organisation, _contact = _organisation("en", eligibility_status=EligibilityStatus.DECLARED)
    event = factories.make_event(kind="champion_training")
    client = sign_in(factories.make_user(Role.STAFF))
    response = client.submit(_book_url(organisation, event), _attendees(("Aled Jones", "aled@example.com", "en")))
    assert response.status_code == 409
    page = Page(response)
    assert page.soup.select_one(".govuk-error-summary") is not None
    # Nothing typed is lost.
    assert page.soup.select_one("input[name=name_1]")["value"] == "Aled Jones"
    assert db.session.scalar(select(func.count(Booking.id))) == 0
    assert _messages() == []


def test_another_partners_organisation_is_not_found(sign_in):
    organisation, _contact = _organisation("en")
    event = factories.make_event()
    other = factories.make_user(Role.STAFF, partner_slug="north-west")
    client = sign_in(other)
    base = f"/en/staff/organisations/{organisation.id}"
    for path in (f"{base}/book", f"{base}/book/{event.id}", f"{base}/walk-in/{event.id}", f"{base}/visits/new"):
        assert client.get(path).status_code == 404, path
    response = client.submit(
        f"{base}/book/{event.id}", _attendees(("A", "a@example.com", "en")), token_from="/en/staff/organisations"
    )
    assert response.status_code == 404
    assert client.submit(f"{base}/notes", {"body": "x"}, token_from="/en/staff/organisations").status_code == 404
    assert db.session.scalar(select(func.count(Booking.id))) == 0


def test_a_walk_in_is_added_as_attended_from_the_start_only(sign_in):
    organisation, contact = _organisation("cy")
    staff = factories.make_user(Role.STAFF)
    client = sign_in(staff)
    later = factories.make_event()
    url = f"/en/staff/organisations/{organisation.id}/walk-in/{later.id}"
    response = client.submit(url, {"name": "Cai Walk", "email": "cai@example.com", "language": "cy"})
    # Before the event starts: the same date rule as an attendance mark.
    assert response.status_code == 409
    assert "once the event" in Page(response).soup.select_one(".govuk-error-summary").get_text()
    started = factories.make_event(
        starts_at=utcnow() - timedelta(minutes=30), capacity=1, booking_deadline=utcnow() - timedelta(days=1)
    )
    factories.make_booking(started, factories.make_organisation())
    url = f"/en/staff/organisations/{organisation.id}/walk-in/{started.id}"
    response = client.submit(url, {"name": "Cai Walk", "email": "cai@example.com", "language": "cy"})
    assert response.status_code == 302
    booking = db.session.scalar(select(Booking).where(Booking.email == "cai@example.com"))
    assert (booking.status, booking.attendance, booking.booked_by_id) == ("confirmed", "attended", staff.id)
    db.session.refresh(started)
    # Someone already in the room is not turned away by a full event.
    assert started.places_taken == 2
    [copy] = _messages("booking_copy")
    assert (copy.to_address, copy.language) == (contact.email, "cy")
    # Twice is a duplicate: mark the register instead.
    response = client.submit(url, {"name": "Cai Walk", "email": "cai@example.com", "language": "cy"})
    assert response.status_code == 409


def test_staff_make_a_scheduled_visit_the_contact_is_emailed_in_their_language(sign_in):
    organisation, contact = _organisation("cy")
    staff = factories.make_user(Role.STAFF, full_name="Siân Staff")
    client = sign_in(staff)
    day = (utcnow() + timedelta(days=14)).date()
    url = f"/en/staff/organisations/{organisation.id}/visits/new"
    response = client.post(
        url,
        data=MultiDict(
            [
                ("csrf_token", client.csrf_token(url)),
                ("visit_type", "wellbeing-talk"),
                ("preferred_dates", "Tuesdays"),
                ("site_address", "1 High Street"),
                ("staff_count", "5"),
                ("language", "cy"),
                ("visit_date", str(day.day)),
                ("visit_date", str(day.month)),
                ("visit_date", str(day.year)),
                ("visit_time", "10:00"),
            ]
        ),
    )
    assert response.status_code == 302, Page(response).inline_errors()
    visit = db.session.scalar(select(VisitRequest))
    assert (visit.status, visit.created_by_id, visit.requested_by_id) == ("scheduled", staff.id, None)
    [message] = _messages("visit_update")
    assert (message.to_address, message.language) == (contact.email, "cy")
    assert message.attachments
    page = sign_in(contact).page(f"/en/visits/{visit.id}")
    assert page.soup.select_one("#visit-made-by").get_text(strip=True) == "Siân Staff"


def test_the_visit_tier_applies_to_a_visit_staff_make(sign_in):
    organisation, _contact = _organisation("en", eligibility_status=EligibilityStatus.NOT_STARTED)
    client = sign_in(factories.make_user(Role.STAFF))
    page = client.page(f"/en/staff/organisations/{organisation.id}/visits/new")
    assert page.soup.select_one("#visit-refused") is not None
    response = client.submit(
        f"/en/staff/organisations/{organisation.id}/visits/new",
        {
            "visit_type": "wellbeing-talk",
            "preferred_dates": "Tuesdays",
            "site_address": "1 High Street",
            "staff_count": "5",
            "language": "en",
        },
        token_from="/en/staff/organisations",
    )
    assert response.status_code == 409
    assert db.session.scalar(select(func.count(VisitRequest.id))) == 0


def test_the_record_shows_the_contacts_panel_and_keeps_staff_notes(sign_in):
    organisation, contact = _organisation("cy", support_language="either")
    staff = factories.make_user(Role.STAFF, full_name="Siân Staff")
    factories.make_caseload_assignment(organisation, staff)
    client = sign_in(staff)
    page = client.page(f"/en/staff/organisations/{organisation.id}")
    panel = page.soup.select_one("#contacts-panel").get_text(" ", strip=True)
    for expected in ("Ffion Rees", "Owner", "ffion@example.com", "029 2000 1234", "Welsh", "Either Welsh or English"):
        assert expected in panel
    url = f"/en/staff/organisations/{organisation.id}/notes"
    empty = client.submit(url, {"body": "  "}, token_from=f"/en/staff/organisations/{organisation.id}")
    assert empty.status_code == 400
    assert "Enter the note" in Page(empty).soup.select_one(".govuk-error-summary").get_text()
    client.submit(url, {"body": "Prefers calls after 2pm"}, token_from=f"/en/staff/organisations/{organisation.id}")
    assert db.session.scalar(select(OrganisationNote.body)) == "Prefers calls after 2pm"
    assert "Prefers calls after 2pm" in client.page(f"/en/staff/organisations/{organisation.id}").html
    # The employer sees the adviser named, and never the note.
    employer_page = sign_in(contact).page("/en/organisation/")
    assert employer_page.soup.select_one("#adviser").get_text(strip=True) == "Siân Staff"
    assert "Prefers calls" not in employer_page.html


def test_the_record_and_the_booking_page_do_not_grow_queries_with_data(sign_in):
    organisation, _contact = _organisation("en")
    staff = factories.make_user(Role.STAFF)
    event = factories.make_event(capacity=2000, per_organisation_limit=2000)
    client = sign_in(staff)

    def add(count):
        for number in range(count):
            db.session.add(OrganisationNote(organisation_id=organisation.id, body=f"Note {number}", author_id=staff.id))
            factories.make_user(Role.EMPLOYER, organisation=organisation, commit=False)
            factories.make_booking(event, organisation, booked_by_id=staff.id, commit=False)
            factories.make_organisation(commit=False)
        db.session.commit()

    add(10)
    pages = (
        f"/en/staff/organisations/{organisation.id}",
        _book_url(organisation, event),
        f"/en/staff/organisations/{organisation.id}/book",
    )
    for path in pages:
        client.page(path)
    small = []
    for path in pages:
        with count_queries() as counter:
            client.page(path)
        small.append(counter.statements)
    add(990)
    for path in pages:
        client.page(path)
    large = []
    for path in pages:
        with count_queries() as counter:
            client.page(path)
        large.append(counter.statements)
    assert [len(s) for s in large] == [len(s) for s in small], [
        (Counter(b) - Counter(a), Counter(a) - Counter(b)) for a, b in zip(small, large, strict=True)]


def test_staff_upload_evidence_the_employer_emailed_checked_by_content(sign_in):
    organisation, _contact = _organisation("en", eligibility_status=EligibilityStatus.DECLARED)
    staff = factories.make_user(Role.STAFF)
    client = sign_in(staff)
    url = f"/en/staff/organisations/{organisation.id}/evidence/upload"
    token = client.csrf_token(url)
    # A PNG named .pdf is refused, as for an employer.
    refused = client.post(
        url,
        data={"csrf_token": token, "document": (io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"0" * 64), "payroll.pdf")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 400
    assert Page(refused).soup.select_one(".govuk-error-summary") is not None
    assert db.session.scalar(select(func.count(Evidence.id))) == 0
    response = client.post(
        url,
        data={
            "csrf_token": token,
            "note": "Emailed by the owner",
            "document": (io.BytesIO(factories.PDF_BYTES), "payroll.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    evidence = db.session.scalar(select(Evidence))
    assert (evidence.recorded_by_id, evidence.method, evidence.note) == (staff.id, "upload", "Emailed by the owner")
    db.session.refresh(organisation)
    assert organisation.eligibility_status == EligibilityStatus.AWAITING_REVIEW


def _details(organisation, **changes):
    values = {
        "name": organisation.name,
        "sector_id": str(organisation.sector_id),
        "part_of_group": "no",
        "employee_count": str(organisation.employee_count),
        "local_authority_id": str(organisation.local_authority_id),
        "address_line_1": "1 High Street",
        "address_line_2": "",
        "town": "Cardiff",
        "postcode": "CF10 1AA",
        "contact_job_title": "Owner",
        "contact_phone": "029 2000 1234",
        "correspondence_language": "cy",
        "support_language": "either",
    }
    values.update(changes)
    return values


def test_staff_edit_details_audited_and_the_eligibility_decision_follows_the_new_size(sign_in):
    organisation, _contact = _organisation(
        "cy", address_line_1="1 High Street", town="Cardiff", support_language="either"
    )
    staff = factories.make_user(Role.STAFF)
    client = sign_in(staff)
    url = f"/en/staff/organisations/{organisation.id}/details"
    assert may_have(organisation, SupportKind.WEBINAR).allowed
    # An error names the field and keeps what was typed.
    bad = client.submit(url, _details(organisation, employee_count="", town="Newport"))
    assert bad.status_code == 400
    page = Page(bad)
    assert "Enter the number of employees" in page.soup.select_one(".govuk-error-summary").get_text()
    assert page.soup.select_one("input[name=town]")["value"] == "Newport"
    response = client.submit(url, _details(organisation, employee_count="400", contact_phone="01248 999999"))
    assert response.status_code == 302
    db.session.refresh(organisation)
    assert (organisation.employee_count, organisation.contact_phone) == (400, "01248 999999")
    entry = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "organisation_details_edited"))
    assert entry.actor_id == staff.id
    assert entry.details["before"] == {"employee_count": 20, "contact_phone": "029 2000 1234"}
    assert entry.details["after"] == {"employee_count": 400, "contact_phone": "01248 999999"}
    # 400 people is not an SME: the decision, worked out from the new facts, no longer allows a webinar.
    assert not may_have(organisation, SupportKind.WEBINAR).allowed
