"""Declarations, uploads and who may download evidence; ids changed in URLs give 404."""

import io
import os

import pytest
from sqlalchemy import func, select

from portal.eligibility.models import Evidence
from portal.eligibility.services import MAX_UPLOAD_BYTES, evidence_path
from portal.extensions import db
from portal.organisations.models import Organisation
from portal.security import Role
from tests import factories
from tests.helpers import Page

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 200


@pytest.fixture
def contact():
    organisation = factories.make_organisation(name="Upload Bakery", eligibility_status="declared")
    return factories.make_user(Role.EMPLOYER, organisation=organisation)


def _upload(client, content, filename, lang="en"):
    url = f"/{lang}/organisation/evidence"
    return client.post(url, data={"csrf_token": client.csrf_token(url),
                                  "document": (io.BytesIO(content), filename)},
                       content_type="multipart/form-data")


def _refused(response, message):
    page = Page(response)
    assert response.status_code == 200
    assert page.error_summary() == [message]
    assert any(message in e for e in page.inline_errors())
    assert db.session.scalar(select(func.count(Evidence.id))) == 0


def test_declaration_moves_the_status_and_is_audited(sign_in):
    organisation = factories.make_organisation(name="Declaring Bakery")
    contact = factories.make_user(Role.EMPLOYER, organisation=organisation)
    client = sign_in(contact)
    overview = client.page("/en/organisation/")
    assert overview.text("#eligibility-status") == "Not started"
    assert "Confirm the declaration" in overview.text("#next-step")
    page = Page(client.submit("/en/organisation/declaration", {}))
    assert page.error_summary() == ["Confirm the declaration to continue"]
    assert client.submit("/en/organisation/declaration", {"confirm": "y"}).status_code == 302
    organisation = db.session.get(Organisation, contact.organisation_id)
    assert organisation.eligibility_status == "declared"
    assert organisation.declared_at is not None
    overview = client.page("/en/organisation/")
    assert overview.text("#eligibility-status") == "Declared"
    assert "Upload a document" in overview.text("#next-step")
    rows = [r.get_text(" ", strip=True) for r in overview.soup.select("#support-table .govuk-summary-list__row")]
    assert any(r.startswith("Webinars") and "You can use this now" in r for r in rows)
    assert any(r.startswith("Workplace visits") and "one check of your organisation's eligibility" in r for r in rows)


def test_a_large_employer_cannot_declare_unless_allowed(sign_in):
    organisation = factories.make_organisation(employee_count=250)
    user = factories.make_user(Role.EMPLOYER, organisation=organisation)
    client = sign_in(user)
    assert "Contact us" in client.page("/en/organisation/").text("#next-step")
    client.submit("/en/organisation/declaration", {"confirm": "y"})
    assert db.session.get(Organisation, organisation.id).eligibility_status == "not_started"
    factories.make_programme_settings(allow_large_employers=True)
    client.submit("/en/organisation/declaration", {"confirm": "y"})
    assert db.session.get(Organisation, organisation.id).eligibility_status == "declared"


def test_an_executable_renamed_pdf_is_refused(sign_in, contact):
    client = sign_in(contact)
    _refused(_upload(client, EXECUTABLE, "payroll.pdf"), "The selected file must be a PDF, PNG or JPEG")
    _refused(_upload(client, ELF, "payroll.pdf"), "The selected file must be a PDF, PNG or JPEG")


def test_a_file_over_10_mb_is_refused(sign_in, contact):
    client = sign_in(contact)
    big = factories.PDF_BYTES + b"0" * (MAX_UPLOAD_BYTES + 1 - len(factories.PDF_BYTES))
    _refused(_upload(client, big, "big.pdf"), "The selected file must be smaller than 10 MB")


def test_an_empty_file_is_refused(sign_in, contact):
    client = sign_in(contact)
    _refused(_upload(client, b"", "empty.pdf"), "The selected file is empty")


@pytest.mark.parametrize("name", ["../../etc/passwd.pdf", "..\\..\\boot.pdf", "C:\\temp\\a.pdf", "/tmp/x.pdf"])
def test_a_file_name_with_path_characters_is_refused(sign_in, contact, name):
    client = sign_in(contact)
    _refused(_upload(client, factories.PDF_BYTES, name),
             "The file name must not contain folder names or the characters / \\ : or ..")


def test_no_file_and_wrong_extension_are_refused(sign_in, contact):
    client = sign_in(contact)
    _refused(_upload(client, PNG, "photo.gif"), "The selected file must be a PDF, PNG or JPEG")
    url = "/en/organisation/evidence"
    response = client.post(url, data={"csrf_token": client.csrf_token(url)}, content_type="multipart/form-data")
    _refused(response, "Select a file to upload")


@pytest.mark.parametrize(("content", "name"), [(PNG, "payroll.pdf"), (factories.PDF_BYTES, "rates bill.png"),
                                             (JPEG, "letter.png"), (PNG, "photo.jpeg")],
                         ids=["png-named-pdf", "pdf-named-png", "jpeg-named-png", "png-named-jpeg"])
def test_a_file_whose_content_does_not_match_its_name_is_refused(sign_in, contact, content, name):
    client = sign_in(contact)
    _refused(_upload(client, content, name), "The selected file is not the type its name says: a PDF must end in "
                                             ".pdf, a PNG in .png and a JPEG in .jpg or .jpeg")


def test_upload_errors_are_in_welsh_on_welsh_pages(sign_in, contact):
    client = sign_in(contact, lang="cy")
    _refused(_upload(client, b"", "gwag.pdf", lang="cy"), "Mae'r ffeil a ddewiswyd yn wag")


@pytest.mark.parametrize(("content", "name", "content_type"),
                         [(factories.PDF_BYTES, "Payroll March.pdf", "application/pdf"),
                          (PNG, "rates bill.PNG", "image/png"), (JPEG, "letter.jpeg", "image/jpeg")])
def test_a_valid_file_is_stored_outside_static_and_awaits_review(app, sign_in, contact, content, name,
                                                                 content_type):
    client = sign_in(contact)
    response = _upload(client, content, name)
    assert response.status_code == 302
    evidence = db.session.scalar(select(Evidence))
    assert evidence.filename == name
    assert evidence.content_type == content_type
    path = evidence_path(evidence)
    assert path.read_bytes() == content
    assert str(path).startswith(app.config["UPLOAD_FOLDER"])
    assert not str(path).startswith(app.static_folder)
    assert name not in os.listdir(path.parent)
    assert db.session.get(Organisation, contact.organisation_id).eligibility_status == "awaiting_review"


def test_download_only_for_contacts_partner_staff_and_admins(sign_in, contact):
    organisation = db.session.get(Organisation, contact.organisation_id)
    evidence = factories.make_evidence(organisation, uploaded_by=contact)
    url = f"/en/eligibility/evidence/{evidence.id}"
    allowed = {
        "contact": contact,
        "second contact": factories.make_user(Role.EMPLOYER, organisation=organisation),
        "partner staff": factories.make_user(Role.STAFF, partner_slug=organisation.partner.slug),
        "admin": factories.make_user(Role.ADMIN),
    }
    for who, user in allowed.items():
        response = sign_in(user).get(url)
        assert response.status_code == 200, who
        assert response.data == factories.PDF_BYTES
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Content-Disposition"].startswith("attachment")
        assert response.mimetype == "application/pdf"
    other_partner = "north-west" if organisation.partner.slug != "north-west" else "south-east"
    refused = {
        "champion of the organisation": factories.make_user(Role.CHAMPION, organisation=organisation),
        "contact of another organisation": factories.make_user(Role.EMPLOYER),
        "staff of another partner": factories.make_user(Role.STAFF, partner_slug=other_partner),
    }
    for who, user in refused.items():
        assert sign_in(user).get(url).status_code == 404, who
    assert sign_in(contact).get(f"/en/eligibility/evidence/{evidence.id + 1000}").status_code == 404


def test_a_contact_cannot_reach_another_organisations_people(sign_in, contact):
    other_organisation = factories.make_organisation()
    other = factories.make_user(Role.EMPLOYER, organisation=other_organisation)
    second = factories.make_user(Role.EMPLOYER, organisation=other_organisation)
    client = sign_in(contact)
    response = client.submit(f"/en/organisation/colleagues/{second.id}/remove", {},
                             token_from="/en/organisation/colleagues")
    assert response.status_code == 404
    db.session.expire_all()
    assert second.active is True
    assert other.active is True
    page = client.page("/en/organisation/colleagues")
    assert second.email not in page.html
    assert other.email not in page.html


def test_more_information_request_shows_on_the_organisation_page_in_welsh(sign_in, contact):
    organisation = db.session.get(Organisation, contact.organisation_id)
    organisation.eligibility_status = "more_info_requested"
    factories.make_decision(organisation, "more_info", "Anfonwch grynodeb cyflogres")
    page = sign_in(contact, lang="cy").page("/cy/organisation/")
    assert page.text("#eligibility-status") == "Gofynnwyd am ragor o wybodaeth"
    assert "Anfonwch grynodeb cyflogres" in page.text("#next-step")
    assert page.soup.select_one("#next-step a.govuk-button")["href"] == "/cy/organisation/evidence"


def test_organisation_page_queries_do_not_grow_with_evidence(sign_in, contact):
    from tests.helpers import count_queries

    organisation = db.session.get(Organisation, contact.organisation_id)
    factories.make_programme_settings()
    factories.make_evidence(organisation, uploaded_by=contact)
    client = sign_in(contact)
    with count_queries() as small:
        client.page("/en/organisation/")
    for _ in range(6):
        factories.make_evidence(organisation, uploaded_by=contact)
        factories.make_decision(organisation, "more_info", "More please")
    with count_queries() as large:
        page = client.page("/en/organisation/")
    assert len(page.soup.select("a[href^='/en/eligibility/evidence/']")) == 7
    assert large.count == small.count, "\n".join(large.statements)
