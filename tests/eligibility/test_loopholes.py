"""Issue 12: every way eligibility could be sidestepped, each shown closed.

Each test was written first and seen to fail on the code before the fix.
"""

import io

from sqlalchemy import func, select

from portal.audit.models import AuditEvent
from portal.bookings.models import Booking
from portal.eligibility.models import Evidence
from portal.extensions import db
from portal.organisations.models import Organisation
from portal.security import Role
from portal.visits.models import VisitRequest
from tests import factories
from tests.helpers import Page


def _staff(slug="south-east"):
    return factories.make_user(Role.STAFF, partner_slug=slug)


def _status(organisation):
    db.session.expire_all()
    return db.session.get(Organisation, organisation.id).eligibility_status


def test_a_300_employee_group_member_cannot_simply_be_approved(sign_in):
    organisation = factories.make_organisation(
        name="Branch of Big Group",
        employee_count=300,
        part_of_group=True,
        group_name="Big Group plc",
        eligibility_status="awaiting_review",
    )
    # Evidence is there (seen by staff), so only the SME rule stands in the way.
    db.session.add(Evidence(organisation_id=organisation.id, method="seen_in_person", note="Payroll seen"))
    db.session.commit()
    client = sign_in(_staff())
    url = f"/en/eligibility/organisations/{organisation.id}"
    response = client.submit(f"{url}/decision", {"outcome": "approved", "message_en": ""}, token_from=url)
    assert response.status_code == 400
    assert "exception" in " ".join(Page(response).error_summary())
    assert _status(organisation) != "verified"


def test_an_exception_needs_exceptions_switched_on(sign_in):
    organisation = factories.make_organisation(
        name="Branch", employee_count=300, part_of_group=True, group_name="Big Group plc"
    )
    settings = factories.make_programme_settings(commit=False)
    settings.exceptions_allowed = False
    db.session.commit()
    client = sign_in(_staff())
    url = f"/en/eligibility/organisations/{organisation.id}"
    response = client.submit(f"{url}/exception", {"reason": "Works like a small business"}, token_from=url)
    assert response.status_code == 400
    assert _status(organisation) == "not_started"


def test_a_refused_organisation_cannot_upload_its_way_to_a_webinar_place(sign_in):
    organisation = factories.make_organisation(name="Refused Ltd", eligibility_status="not_eligible")
    contact = factories.make_user(Role.EMPLOYER, organisation=organisation)
    event = factories.make_event(kind="webinar")
    client = sign_in(contact)
    url = "/en/organisation/evidence"
    client.post(
        url,
        data={"csrf_token": client.csrf_token(url), "document": (io.BytesIO(factories.PDF_BYTES), "any.pdf")},
        content_type="multipart/form-data",
    )
    assert _status(organisation) == "not_eligible"
    assert db.session.scalar(select(func.count(Evidence.id))) == 0
    book = f"/en/events/{event.id}"
    client.submit(f"{book}/book", {"name": "Ann", "email": "ann@example.com"}, token_from=book)
    assert db.session.scalar(select(func.count(Booking.id))) == 0


def test_number_checked_needs_the_number_and_it_must_match_or_be_recorded_as_the_correction(sign_in):
    organisation = factories.make_organisation(name="No Number Ltd", eligibility_status="declared")
    client = sign_in(_staff())
    url = f"/en/eligibility/organisations/{organisation.id}"
    response = client.submit(f"{url}/evidence", {"method": "number_checked", "note": "Checked"}, token_from=url)
    assert response.status_code == 400
    assert _status(organisation) == "declared"
    page = client.page(url)
    assert page.soup.select_one("input[name=checked_number]") is not None


def test_approve_is_not_offered_and_not_accepted_without_evidence(sign_in):
    organisation = factories.make_organisation(name="Nothing Sent Ltd", eligibility_status="declared")
    client = sign_in(_staff())
    url = f"/en/eligibility/organisations/{organisation.id}"
    page = client.page(url)
    assert "No evidence yet." in page.text()
    assert page.soup.select_one("input[name=outcome][value=approved]") is None
    response = client.submit(f"{url}/decision", {"outcome": "approved", "message_en": ""}, token_from=url)
    assert response.status_code == 400
    assert _status(organisation) == "declared"


def _visit_form():
    return {
        "visit_type": "wellbeing-talk",
        "preferred_dates": "Mondays",
        "site_address": "1 High St",
        "staff_count": "12",
        "access_needs": "",
        "language": "en",
    }


def test_a_visit_needs_the_visit_tier_not_just_a_declaration(sign_in):
    organisation = factories.make_organisation(name="Declared Only", eligibility_status="declared")
    client = sign_in(factories.make_user(Role.EMPLOYER, organisation=organisation))
    client.submit("/en/visits/request", _visit_form())
    assert db.session.scalar(select(func.count(VisitRequest.id))) == 0


def test_a_10000_employee_organisation_that_never_declared_cannot_request_a_visit(sign_in):
    organisation = factories.make_organisation(name="Huge Ltd", employee_count=10_000)
    client = sign_in(factories.make_user(Role.EMPLOYER, organisation=organisation))
    page = client.page("/en/visits/request")
    assert page.soup.select_one("textarea[name=preferred_dates], input[name=preferred_dates]") is None
    client.submit("/en/visits/request", _visit_form())
    assert db.session.scalar(select(func.count(VisitRequest.id))) == 0


def test_an_upload_does_not_stand_in_for_the_declaration_or_the_size_rule(sign_in):
    for name, fields, reason in [
        ("Never Declared", {}, "needs_declaration"),
        ("Huge Uploader", {"employee_count": 10_000}, "too_large"),
    ]:
        organisation = factories.make_organisation(name=name, **fields)
        client = sign_in(factories.make_user(Role.EMPLOYER, organisation=organisation))
        page = client.page("/en/organisation/evidence")
        assert page.soup.select_one("input[type=file]") is None
        assert page.soup.select_one("#upload-refused .app-support-decision")["data-reason"] == reason
        url = "/en/organisation/evidence"
        response = client.post(
            url,
            data={
                "csrf_token": client.csrf_token("/en/organisation/"),
                "document": (io.BytesIO(factories.PDF_BYTES), "any.pdf"),
            },
            content_type="multipart/form-data",
        )
        assert response.status_code == 409
        assert _status(organisation) == "not_started"
    assert db.session.scalar(select(func.count(Evidence.id))) == 0


def test_a_number_that_matches_verifies_and_a_different_one_is_recorded_only_as_the_correction(sign_in):
    organisation = factories.make_organisation(
        name="Numbered Ltd", eligibility_status="declared", companies_house_number="01234567"
    )
    client = sign_in(_staff())
    url = f"/en/eligibility/organisations/{organisation.id}"
    response = client.submit(
        f"{url}/evidence", {"method": "number_checked", "checked_number": "07654321", "note": "Checked"}, token_from=url
    )
    assert response.status_code == 400
    assert Page(response).field_value("checked_number") == "07654321"
    assert "not the one registered" in " ".join(Page(response).error_summary())
    assert _status(organisation) == "declared"

    response = client.submit(
        f"{url}/evidence",
        {"method": "number_checked", "checked_number": "1234567", "note": "On the register"},
        token_from=url,
    )
    assert response.status_code == 302  # 1234567 is 01234567 as Companies House writes it
    evidence = db.session.scalar(select(Evidence))
    assert evidence.checked_number == "01234567"
    assert _status(organisation) == "verified"

    other = factories.make_organisation(
        name="Typo Ltd", eligibility_status="declared", companies_house_number="01234568"
    )
    url = f"/en/eligibility/organisations/{other.id}"
    response = client.submit(
        f"{url}/evidence",
        {
            "method": "number_checked",
            "checked_number": "SC123456",
            "correct_number": "y",
            "note": "Register shows SC123456",
        },
        token_from=url,
    )
    assert response.status_code == 302
    db.session.expire_all()
    corrected = db.session.get(Organisation, other.id)
    assert corrected.companies_house_number == "SC123456"
    assert corrected.eligibility_status == "verified"
    audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "organisation_number_corrected"))
    assert audit.details["before"] == "01234568"
    assert audit.details["after"] == "SC123456"


def test_an_exception_with_a_reason_is_the_way_a_large_group_member_takes_part(sign_in):
    organisation = factories.make_organisation(
        name="Branch", employee_count=300, part_of_group=True, group_name="Big Group plc"
    )
    client = sign_in(_staff())
    url = f"/en/eligibility/organisations/{organisation.id}"
    page = client.page(url)
    assert page.soup.select_one("input[name=outcome][value=approved]") is None
    assert "exception" in page.text("#approval-refused")
    response = client.submit(f"{url}/exception", {"reason": "Works like a small business"}, token_from=url)
    assert response.status_code == 302
    assert _status(organisation) == "exception"
