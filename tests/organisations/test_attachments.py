"""Files staff attach to an organisation's record: checked as evidence is, scoped, downloadable, removed audited."""

import io

import pytest
from sqlalchemy import func, select

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.organisations import attachments
from portal.organisations.models import OrganisationAttachment
from portal.security import Role
from tests import factories
from tests.helpers import Page

BIG_PDF = factories.PDF_BYTES + b"0" * (12 * 1024 * 1024)
# (language, the record page's heading, the refusal for a file that is not a PDF/PNG/JPEG, audit words)
LANGUAGES = [
    ("en", "Files on the record", "The selected file must be a PDF, PNG or JPEG", "File attached to the record",
     "File removed from the record"),
    ("cy", "Ffeiliau ar y cofnod", "Rhaid i'r ffeil a ddewiswyd fod yn PDF, PNG neu JPEG",
     "Ffeil wedi'i hatodi i'r cofnod", "Ffeil wedi'i thynnu o'r cofnod"),
]


def _staff_and_organisation():
    organisation = factories.make_organisation(name="Caerphilly Cakes")
    staff = factories.make_user(Role.STAFF, full_name="Siân Staff")
    return staff, organisation


def _upload(client, lang, organisation, content, filename, description="Letter from the owner"):
    url = f"/{lang}/staff/organisations/{organisation.id}/attachments/new"
    return client.post(
        url,
        data={"csrf_token": client.csrf_token(url), "description": description,
              "document": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


def _inline_error(page, field):
    group = page.soup.find(attrs={"name": field}).find_parent(class_="govuk-form-group")
    message = group.select_one(".govuk-error-message")
    return message.get_text(" ", strip=True) if message else None


@pytest.mark.parametrize(("lang", "heading", "_refusal", "added", "_removed"), LANGUAGES)
def test_staff_attach_a_file_and_it_is_listed_on_the_record_and_audited(sign_in, lang, heading, _refusal, added,
                                                                        _removed):
    staff, organisation = _staff_and_organisation()
    client = sign_in(staff, lang=lang)
    response = _upload(client, lang, organisation, factories.PDF_BYTES, "letter.pdf", "Letter about staff numbers")
    assert response.status_code == 302
    attachment = db.session.scalar(select(OrganisationAttachment))
    assert (attachment.organisation_id, attachment.uploaded_by_id, attachment.filename, attachment.content_type) == (
        organisation.id, staff.id, "letter.pdf", "application/pdf")
    assert attachments.path_of(attachment).read_bytes() == factories.PDF_BYTES
    page = client.page(f"/{lang}/staff/organisations/{organisation.id}")
    assert heading in page.text("#files")
    listed = page.text("#attachments")
    for expected in ("Letter about staff numbers", "letter.pdf", "Siân Staff"):
        assert expected in listed
    entry = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "organisation_attachment_added"))
    assert (entry.actor_id, entry.organisation_id, entry.details["filename"]) == (staff.id, organisation.id,
                                                                                   "letter.pdf")
    audit = sign_in(factories.make_user(Role.ADMIN), lang=lang).page(f"/{lang}/admin/audit")
    row = audit.soup.select_one("#audit tr[data-action=organisation_attachment_added]").get_text(" ", strip=True)
    assert added in row
    assert "Letter about staff numbers" in row


@pytest.mark.parametrize(("lang", "_heading", "refusal", "_added", "_removed"), LANGUAGES)
def test_a_file_that_is_not_what_it_claims_is_refused_inline_and_the_description_kept(sign_in, lang, _heading,
                                                                                       refusal, _added, _removed):
    staff, organisation = _staff_and_organisation()
    client = sign_in(staff, lang=lang)
    # Text named .pdf: the content decides, as for evidence.
    response = _upload(client, lang, organisation, b"not a pdf at all", "letter.pdf", "Email from the owner")
    assert response.status_code == 400
    page = Page(response)
    assert _inline_error(page, "document") == f"{'Error' if lang == 'en' else 'Gwall'}: {refusal}"
    assert page.error_summary()
    assert page.field_value("description") == "Email from the owner"
    # Too large: the same inline error in the user's language, the description kept.
    too_big = Page(_upload(client, lang, organisation, BIG_PDF, "letter.pdf", "Email from the owner"))
    assert "10 MB" in _inline_error(too_big, "document")
    assert ("smaller" in _inline_error(too_big, "document")) == (lang == "en")
    assert too_big.field_value("description") == "Email from the owner"
    assert db.session.scalar(select(func.count(OrganisationAttachment.id))) == 0


def test_a_description_is_asked_for(sign_in):
    staff, organisation = _staff_and_organisation()
    response = _upload(sign_in(staff), "en", organisation, factories.PDF_BYTES, "letter.pdf", "   ")
    assert response.status_code == 400
    assert "Enter what the file is" in Page(response).error_summary()
    assert db.session.scalar(select(func.count(OrganisationAttachment.id))) == 0


def test_download_gives_the_bytes_as_a_download(sign_in):
    staff, organisation = _staff_and_organisation()
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
    attachment = factories.make_attachment(organisation, staff, content=png, filename="photo.png")
    response = sign_in(staff).get(f"/en/staff/organisations/{organisation.id}/attachments/{attachment.id}")
    assert response.status_code == 200
    assert response.data == png
    assert response.mimetype == "image/png"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    # An administrator may too.
    admin = sign_in(factories.make_user(Role.ADMIN))
    assert admin.get(f"/en/staff/organisations/{organisation.id}/attachments/{attachment.id}").data == png


def test_another_partners_staff_get_404_for_list_download_and_remove(sign_in):
    staff, organisation = _staff_and_organisation()
    attachment = factories.make_attachment(organisation, staff)
    other_org = factories.make_organisation(name="Other Org")
    other = sign_in(factories.make_user(Role.STAFF, partner_slug="north-west"))
    base = f"/en/staff/organisations/{organisation.id}"
    for path in (base, f"{base}/attachments/new", f"{base}/attachments/{attachment.id}",
                 f"{base}/attachments/{attachment.id}/remove"):
        assert other.get(path).status_code == 404, path
    token = other.csrf_token("/en/staff/organisations")
    assert other.post(f"{base}/attachments/{attachment.id}/remove", data={"csrf_token": token}).status_code == 404
    # The attachment's id under an organisation it is not on is not found either, even for its own partner.
    own = sign_in(staff)
    assert own.get(f"/en/staff/organisations/{other_org.id}/attachments/{attachment.id}").status_code == 404
    assert db.session.scalar(select(func.count(OrganisationAttachment.id))) == 1
    assert attachments.path_of(attachment).is_file()


@pytest.mark.parametrize(("lang", "_heading", "_refusal", "_added", "removed"), LANGUAGES)
def test_remove_deletes_the_file_and_is_audited_with_the_reason(sign_in, lang, _heading, _refusal, _added, removed):
    staff, organisation = _staff_and_organisation()
    attachment = factories.make_attachment(organisation, staff, description="Wrong letter")
    path = attachments.path_of(attachment)
    client = sign_in(staff, lang=lang)
    url = f"/{lang}/staff/organisations/{organisation.id}/attachments/{attachment.id}/remove"
    confirm = client.page(url)
    assert "Wrong letter" in confirm.text("#attachment-description")
    response = client.submit(url, {"reason": "Sent for another organisation"})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(OrganisationAttachment.id))) == 0
    assert not path.exists()
    entry = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "organisation_attachment_removed"))
    assert entry.actor_id == staff.id
    assert entry.details == {"filename": "letter.pdf", "description": "Wrong letter",
                             "reason": "Sent for another organisation"}
    audit = sign_in(factories.make_user(Role.ADMIN), lang=lang).page(f"/{lang}/admin/audit")
    row = audit.soup.select_one("#audit tr[data-action=organisation_attachment_removed]").get_text(" ", strip=True)
    assert removed in row
    assert "Sent for another organisation" in row


def test_removing_without_a_reason_is_allowed(sign_in):
    staff, organisation = _staff_and_organisation()
    attachment_id = factories.make_attachment(organisation, staff).id
    response = sign_in(staff).submit(f"/en/staff/organisations/{organisation.id}/attachments/{attachment_id}/remove")
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(OrganisationAttachment.id))) == 0
    entry = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "organisation_attachment_removed"))
    assert entry.details["reason"] == ""
