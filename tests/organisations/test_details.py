"""Keeping the organisation's details up to date: changes, staff review of rule changes, evidence."""

import io

import pytest
from sqlalchemy import func, select

from portal.audit.models import AuditEvent
from portal.eligibility.models import Evidence
from portal.eligibility.services import evidence_path
from portal.eligibility.tiers import EligibilityStatus
from portal.email.models import OutboxMessage
from portal.extensions import db
from portal.organisations import details
from portal.organisations.models import Organisation, OrganisationChange
from portal.security import Role
from tests import factories
from tests.helpers import Page, count_queries

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _organisation(status=EligibilityStatus.VERIFIED, **fields):
    values = {
        "employee_count": 12,
        "contact_phone": "029 2018 0000",
        "address_line_1": "1 Stryd Fawr",
        "town": "Caerdydd",
        "correspondence_language": "en",
        "support_language": "either",
        **fields,
    }
    return factories.make_organisation(name="Caffi Cwtsh", eligibility_status=status, **values)


@pytest.fixture
def contact():
    return factories.make_user(Role.EMPLOYER, organisation=_organisation(), full_name="Eleri Jones")


def _reload(organisation_id):
    db.session.expire_all()
    return db.session.get(Organisation, organisation_id)


def _actions():
    return [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_the_details_page_lists_what_a_contact_may_change(sign_in, contact):
    page = sign_in(contact, lang="cy").page("/cy/organisation/details")
    assert page.h1 == "Manylion eich sefydliad"
    hrefs = {a["href"] for a in page.soup.select(".govuk-summary-list__actions a")}
    assert "/cy/organisation/details/employees" in hrefs
    assert "/cy/organisation/details/correspondence-language" in hrefs
    assert "/cy/organisation/details/support-language" in hrefs
    assert "/cy/organisation/details/address" in hrefs
    # The overview links to it.
    overview = sign_in(contact).page("/en/organisation/")
    assert overview.soup.select_one("a[href='/en/organisation/details']") is not None


def test_phone_and_both_language_preferences_change_at_once_and_are_audited(sign_in, contact):
    client = sign_in(contact)
    response = client.submit("/en/organisation/details/contact", {"job_title": "Owner", "phone": "01248 383 000"})
    assert response.status_code == 302
    client.submit("/en/organisation/details/correspondence-language", {"correspondence_language": "cy"})
    client.submit("/en/organisation/details/support-language", {"support_language": "cy"})
    organisation = _reload(contact.organisation_id)
    assert organisation.contact_phone == "01248 383 000"
    assert organisation.contact_job_title == "Owner"
    assert organisation.correspondence_language == "cy"
    assert organisation.support_language == "cy"
    assert organisation.eligibility_status == EligibilityStatus.VERIFIED
    assert _actions().count("organisation_details_changed") == 3
    assert db.session.scalar(select(OrganisationChange)) is None
    page = client.page("/en/organisation/details")
    assert "Your organisation's details have been updated" in page.text()
    assert "01248 383 000" in page.text()


def test_a_headcount_change_waits_for_staff_and_the_decision_is_kept(sign_in, contact):
    client = sign_in(contact)
    response = client.submit("/en/organisation/details/employees", {"employee_count": "14"})
    assert response.status_code == 302
    organisation = _reload(contact.organisation_id)
    assert organisation.employee_count == 12
    assert organisation.eligibility_status == EligibilityStatus.VERIFIED
    change = db.session.scalar(select(OrganisationChange))
    assert change.status == "pending"
    assert change.proposed == {"employee_count": 14}
    assert change.previous == {"employee_count": 12}
    page = client.page("/en/organisation/details")
    assert "keeps its current eligibility" in page.text()
    assert page.soup.select_one("#pending-change") is not None
    # The form shows what was asked for.
    assert client.page("/en/organisation/details/employees").field_value("employee_count") == "14"
    assert "organisation_change_requested" in _actions()


def test_before_any_declaration_a_rule_change_applies_at_once(sign_in):
    contact = factories.make_user(Role.EMPLOYER, organisation=_organisation(EligibilityStatus.NOT_STARTED))
    sign_in(contact).submit("/en/organisation/details/employees", {"employee_count": "30"})
    assert _reload(contact.organisation_id).employee_count == 30
    assert db.session.scalar(select(OrganisationChange)) is None


def test_the_review_rule_is_one_function():
    organisation = _organisation(EligibilityStatus.DECLARED)
    assert details.change_needs_review(organisation, {"employee_count": 300})
    assert not details.change_needs_review(organisation, {})
    organisation.eligibility_status = EligibilityStatus.NOT_STARTED
    assert not details.change_needs_review(organisation, {"local_authority_id": 1})


def test_changing_back_withdraws_the_change(sign_in, contact):
    client = sign_in(contact)
    client.submit("/en/organisation/details/employees", {"employee_count": "300"})
    client.submit("/en/organisation/details/employees", {"employee_count": "12"})
    assert db.session.scalar(select(OrganisationChange)).status == "withdrawn"
    assert details.pending_change(_reload(contact.organisation_id)) is None


def test_staff_accept_a_move_and_the_partner_follows(sign_in, contact):
    client = sign_in(contact)
    bangor = factories.authority("W06000002")
    client.submit(
        "/en/organisation/details/address",
        {
            "address_line_1": "2 Ffordd y Coleg",
            "address_line_2": "",
            "town": "Bangor",
            "postcode": "LL57 2DG",
            "local_authority_id": str(bangor.id),
        },
    )
    organisation = _reload(contact.organisation_id)
    # The street and town change at once; the local authority (which the area rule reads) waits.
    assert organisation.town == "Bangor"
    assert organisation.local_authority.code == "W06000015"
    assert organisation.partner.slug == "south-east"

    staff = factories.make_user(Role.STAFF, partner_slug="south-east")
    other = factories.make_user(Role.STAFF, partner_slug="north-west")
    staff_client = sign_in(staff)
    queue = staff_client.page("/en/eligibility/review")
    assert "Caffi Cwtsh" in queue.text("#changes")
    assert sign_in(other).page("/en/eligibility/review").soup.select_one("#changes") is None
    page = staff_client.page(f"/en/eligibility/organisations/{organisation.id}")
    rows = [r.get_text(" ", strip=True) for r in page.soup.select("#change ~ table tbody tr")]
    assert rows == ["Local authority Cardiff Gwynedd"]
    change = details.pending_change(organisation)
    response = staff_client.submit(
        f"/en/eligibility/organisations/{organisation.id}/changes/{change.id}",
        {"change-outcome": "accept"},
        token_from=f"/en/eligibility/organisations/{organisation.id}",
    )
    assert response.status_code == 302
    organisation = _reload(organisation.id)
    assert organisation.local_authority.code == "W06000002"
    assert organisation.partner.slug == "north-west"
    assert organisation.eligibility_status == EligibilityStatus.VERIFIED
    [message] = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.template == "organisation_change_decided")
    ).all()
    assert message.to_address == contact.email
    assert "accepted" in message.subject
    assert "organisation_change_accepted" in _actions()


def test_staff_refuse_with_a_message_in_the_contacts_language(sign_in):
    organisation = _organisation(correspondence_language="cy")
    contact = factories.make_user(Role.EMPLOYER, organisation=organisation, language="cy")
    sign_in(contact).submit(
        "/en/organisation/details/group", {"part_of_group": "yes", "group_name": "Big plc", "group_size": "400"}
    )
    change = details.pending_change(_reload(organisation.id))
    assert change.proposed == {"part_of_group": True, "group_size": 400, "group_name": "Big plc"}
    staff_client = sign_in(factories.make_user(Role.STAFF, partner_slug="south-east"))
    url = f"/en/eligibility/organisations/{organisation.id}/changes/{change.id}"
    page = Page(
        staff_client.submit(
            url,
            {"change-outcome": "refuse", "change-message_cy": ""},
            token_from=f"/en/eligibility/organisations/{organisation.id}",
        )
    )
    assert "Enter a message in Welsh saying why the change is refused" in page.error_summary()
    staff_client.submit(
        url,
        {"change-outcome": "refuse", "change-message_cy": "Rhowch wybod enw'r grŵp llawn"},
        token_from=f"/en/eligibility/organisations/{organisation.id}",
    )
    organisation = _reload(organisation.id)
    assert organisation.part_of_group is False
    assert organisation.group_name is None
    [message] = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.template == "organisation_change_decided")
    ).all()
    assert message.language == "cy"
    assert "Rhowch wybod enw'r grŵp llawn" in message.body_text
    assert "Methu derbyn" in message.subject or "gallu derbyn" in message.subject


def test_a_bad_headcount_keeps_what_was_typed_with_a_welsh_error(sign_in, contact):
    client = sign_in(contact, lang="cy")
    response = client.submit("/cy/organisation/details/employees", {"employee_count": "deuddeg"})
    page = Page(response)
    assert response.status_code == 200
    assert page.title.startswith("Gwall:")
    assert page.field_value("employee_count") == "deuddeg"
    assert db.session.scalar(select(OrganisationChange)) is None


def test_only_the_listed_questions_can_be_changed(sign_in, contact):
    client = sign_in(contact)
    assert client.get("/en/organisation/details/name").status_code == 404
    assert client.get("/en/organisation/details/consent").status_code == 404


def test_the_queue_of_changes_costs_the_same_for_many(sign_in):
    staff_client = sign_in(factories.make_user(Role.STAFF, partner_slug="south-east"))

    def add_changes(count):
        for _ in range(count):
            organisation = _organisation()
            db.session.add(
                OrganisationChange(
                    organisation_id=organisation.id, proposed={"employee_count": 40}, previous={"employee_count": 12}
                )
            )
        db.session.commit()

    add_changes(2)
    with count_queries() as small:
        staff_client.page("/en/eligibility/review")
    add_changes(20)
    with count_queries() as large:
        staff_client.page("/en/eligibility/review")
    assert large.count == small.count


# --- evidence not yet decided ------------------------------------------------------


def _uploaded(contact):
    organisation = _reload(contact.organisation_id)
    organisation.eligibility_status = EligibilityStatus.DECLARED
    organisation.declared_at = organisation.created_at
    db.session.commit()
    return factories.make_evidence(organisation, uploaded_by=contact)


def test_an_undecided_document_can_be_removed_and_the_status_goes_back(sign_in, contact):
    evidence = _uploaded(contact)
    path, evidence_id = evidence_path(evidence), evidence.id
    client = sign_in(contact, lang="cy")
    overview = client.page("/cy/organisation/")
    assert overview.soup.select_one(f"a[href='/cy/organisation/evidence/{evidence.id}/remove']") is not None
    page = client.page(f"/cy/organisation/evidence/{evidence.id}/remove")
    assert page.h1.startswith("Tynnu")
    response = client.submit(f"/cy/organisation/evidence/{evidence.id}/remove")
    assert response.status_code == 302
    assert db.session.get(Evidence, evidence_id) is None
    assert not path.exists()
    assert _reload(contact.organisation_id).eligibility_status == EligibilityStatus.DECLARED
    assert "evidence_removed" in _actions()


def test_an_undecided_document_can_be_replaced(sign_in, contact):
    evidence = _uploaded(contact)
    client = sign_in(contact)
    url = f"/en/organisation/evidence/{evidence.id}/replace"
    response = client.post(
        url,
        data={"csrf_token": client.csrf_token(url), "document": (io.BytesIO(PNG), "payslips.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    [kept] = db.session.scalars(select(Evidence)).all()
    assert kept.filename == "payslips.png"
    assert _reload(contact.organisation_id).eligibility_status == EligibilityStatus.AWAITING_REVIEW
    assert "evidence_replaced" in _actions()


def test_a_refused_replacement_keeps_the_old_document(sign_in, contact):
    evidence = _uploaded(contact)
    client = sign_in(contact)
    url = f"/en/organisation/evidence/{evidence.id}/replace"
    response = client.post(
        url,
        data={"csrf_token": client.csrf_token(url), "document": (io.BytesIO(b"MZ" + b"\x00" * 64), "virus.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert Page(response).error_summary()
    assert db.session.get(Evidence, evidence.id) is not None


def test_a_decided_document_stays(sign_in, contact):
    evidence = _uploaded(contact)
    factories.make_decision(_reload(contact.organisation_id), outcome="approved")
    organisation = _reload(contact.organisation_id)
    organisation.eligibility_status = EligibilityStatus.VERIFIED
    db.session.commit()
    client = sign_in(contact)
    assert client.get(f"/en/organisation/evidence/{evidence.id}/remove").status_code == 404
    assert client.get(f"/en/organisation/evidence/{evidence.id}/replace").status_code == 404
    assert (
        client.page("/en/organisation/").soup.select_one(f"a[href='/en/organisation/evidence/{evidence.id}/remove']")
        is None
    )


def test_another_organisations_document_is_not_found(sign_in, contact):
    other = factories.make_user(Role.EMPLOYER, organisation=_organisation(EligibilityStatus.DECLARED))
    evidence = _uploaded(other)
    assert sign_in(contact).get(f"/en/organisation/evidence/{evidence.id}/remove").status_code == 404


def test_the_contact_changes_evaluation_consent_at_once_with_its_date_audited(sign_in):
    contact = factories.make_user(Role.EMPLOYER)
    organisation = contact.organisation
    client = sign_in(contact)
    page = client.page("/en/organisation/details")
    assert page.text("#evaluation-consent") == "Not agreed"
    url = "/en/organisation/details/evaluation-consent"
    response = client.submit(url, {})
    assert response.status_code == 200
    assert Page(response).error_summary() == ["Select yes if your organisation's records may be used"]
    assert client.submit(url, {"evaluation_consent": "yes"}).status_code == 302
    db.session.refresh(organisation)
    assert organisation.evaluation_consent
    assert organisation.evaluation_consent_at is not None
    # Not an eligibility fact: nothing waits for staff.
    assert db.session.scalar(select(func.count(OrganisationChange.id))) == 0
    assert client.page("/en/organisation/details").text("#evaluation-consent").startswith("Agreed on ")
    assert client.submit(url, {"evaluation_consent": "no"}).status_code == 302
    db.session.refresh(organisation)
    assert not organisation.evaluation_consent
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "evaluation_consent_changed")
                                .order_by(AuditEvent.id)).all()
    assert [e.details["evaluation_consent_new"] for e in events] == [True, False]
