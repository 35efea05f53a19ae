"""A decision's confirmation says the employer was e-mailed only when an e-mail was queued."""

import pytest
from sqlalchemy import func, select

from portal.email.models import OutboxMessage
from portal.extensions import db
from portal.security import Role
from tests import factories


@pytest.mark.parametrize(
    ("lang", "emailed", "not_emailed"),
    [
        ("en", "the employer has been emailed", "no one to email"),
        ("cy", "e-bost", "Nid oes cyswllt yn y sefydliad"),
    ],
)
def test_a_refusal_for_an_organisation_without_contacts_does_not_claim_an_email(sign_in, lang, emailed, not_emailed):
    organisation = factories.make_organisation(name="Nobody Here Ltd", eligibility_status="awaiting_review")
    client = sign_in(factories.make_user(Role.STAFF), lang=lang)
    page_url = f"/{lang}/eligibility/organisations/{organisation.id}"
    response = client.submit(
        page_url + "/decision", {"outcome": "refused", "message_en": "Head office in England"}, token_from=page_url
    )
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0
    banner = client.page(page_url).text(".govuk-notification-banner")
    assert not_emailed in banner
    if lang == "en":
        assert emailed not in banner


def test_a_refusal_with_a_contact_says_the_employer_was_emailed(sign_in):
    organisation = factories.make_organisation(name="Somebody Ltd", eligibility_status="awaiting_review")
    factories.make_user(Role.EMPLOYER, organisation=organisation)
    client = sign_in(factories.make_user(Role.STAFF))
    page_url = f"/en/eligibility/organisations/{organisation.id}"
    client.submit(
        page_url + "/decision", {"outcome": "refused", "message_en": "Head office in England"}, token_from=page_url
    )
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 1
    assert "the employer has been emailed" in client.page(page_url).text(".govuk-notification-banner")
