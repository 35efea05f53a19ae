"""A too-large upload (12 MB, over the 10 MB limit) comes back to the same form.

With an inline error on the file field and everything else typed kept, in both
languages, rather than a separate error page whose only link is the start page.
The bodies are real 12 MB multipart requests through the whole app.
"""

import io

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.resources.models import Resource
from portal.security import Role
from tests import factories
from tests.helpers import Page

TWELVE_MB = 12 * 1024 * 1024
BIG_PDF = factories.PDF_BYTES + b"0" * (TWELVE_MB - len(factories.PDF_BYTES))


def _inline_error(page, field):
    """The inline error shown for ``field`` (GOV.UK puts it inside the field's form group)."""
    control = page.soup.find(attrs={"name": field})
    group = control.find_parent(class_="govuk-form-group")
    message = group.select_one(".govuk-error-message")
    return message.get_text(" ", strip=True) if message else None


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_a_12_mb_evidence_upload_returns_to_the_form_with_an_inline_error(sign_in, lang):
    organisation = factories.make_organisation(name="Upload Bakery", eligibility_status="declared")
    client = sign_in(factories.make_user(Role.EMPLOYER, organisation=organisation))
    url = f"/{lang}/organisation/evidence"
    response = client.submit(
        url, {"document": (io.BytesIO(BIG_PDF), "payroll.pdf")}, content_type="multipart/form-data"
    )
    assert response.status_code == 200, response.status_code
    page = Page(response)
    assert page.soup.find(attrs={"name": "document"}) is not None
    error = _inline_error(page, "document")
    assert error, "no inline error on the file field"
    if lang == "en":
        assert "The selected file must be smaller than 10 MB" in error
    else:
        assert "10 MB" in error
        assert "smaller" not in error  # the Welsh message, not the English one
    assert page.error_summary()


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_a_12_mb_resource_file_keeps_everything_else_typed(sign_in, lang):
    client = sign_in(factories.make_user(Role.STAFF))
    url = f"/{lang}/resources/new"
    data = {
        "title_en": "Sleep well",
        "summary_en": "Tips for better sleep",
        "link_en": "",
        "title_cy": "Cysgu'n dda",
        "summary_cy": "Awgrymiadau",
        "link_cy": "",
        "audience": "both",
        "topics": ["sleep"],
        "published": "y",
        "file_en": (io.BytesIO(BIG_PDF), "guide.pdf"),
    }
    response = client.submit(url, data, content_type="multipart/form-data")
    assert response.status_code == 200, response.status_code
    page = Page(response)
    assert _inline_error(page, "file_en"), "no inline error on the file field"
    assert page.field_value("title_en") == "Sleep well"
    assert page.field_value("title_cy") == "Cysgu'n dda"
    assert page.field_value("summary_cy") == "Awgrymiadau"
    assert db.session.scalar(select(Resource)) is None
