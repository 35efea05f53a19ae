"""Decisions' messages are asked for, and sent, in the organisation's correspondence language (issue 13 part 7)."""

from sqlalchemy import select

from portal.eligibility.models import Decision
from portal.email.models import OutboxMessage
from portal.extensions import db
from portal.security import Role
from tests import factories
from tests.helpers import Page

WELSH = "Anfonwch grynodeb o'r gyflogres, os gwelwch yn dda"


def _awaiting(correspondence):
    organisation = factories.make_organisation(
        name="Cwmni Bach", eligibility_status="awaiting_review", correspondence_language=correspondence
    )
    contact = factories.make_user(Role.EMPLOYER, organisation=organisation, email="perchennog@example.com")
    return organisation, contact


def test_a_welsh_employers_more_information_email_has_only_the_welsh_text(sign_in):
    organisation, contact = _awaiting("cy")
    client = sign_in(factories.make_user(Role.STAFF))
    url = f"/en/eligibility/organisations/{organisation.id}"
    page = client.page(url)
    assert "The organisation chose Welsh for emails and paperwork" in page.text(".app-recipient-languages")
    assert page.soup.select_one("textarea[name=message_cy]")["lang"] == "cy"
    assert page.soup.select_one("textarea[name=message_en]") is None
    assert "Message to the employer in Welsh" in page.text("main")

    # Blank: the error names the Welsh message.
    refused = Page(client.submit(url + "/decision", {"outcome": "more_info", "message_cy": ""}, token_from=url))
    assert refused.error_summary() == ["Enter a message in Welsh saying what is needed or why"]

    # An English version sent anyway (a tampered form) is dropped: the e-mail is all Welsh.
    response = client.submit(
        url + "/decision",
        {"outcome": "more_info", "message_cy": WELSH, "message_en": "Please send a payroll summary"},
        token_from=url,
    )
    assert response.status_code == 302
    [email] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == "eligibility_decision"))
    assert email.to_address == contact.email
    assert email.language == "cy"
    assert WELSH in email.body_text
    assert "payroll" not in email.body_text
    assert "We need" not in email.body_text
    assert db.session.scalar(select(Decision.message)) == WELSH


def test_an_english_employer_is_asked_in_english(sign_in):
    organisation, _contact = _awaiting("en")
    client = sign_in(factories.make_user(Role.STAFF), lang="cy")
    page = client.page(f"/cy/eligibility/organisations/{organisation.id}")
    assert page.soup.select_one("textarea[name=message_en]")["lang"] == "en"
    assert page.soup.select_one("textarea[name=message_cy]") is None


def test_the_visit_answer_is_asked_in_the_organisations_language(sign_in):
    organisation, contact = _awaiting("cy")
    organisation.eligibility_status = "verified"
    db.session.commit()
    visit = factories.make_visit(organisation, requested_by=contact)
    client = sign_in(factories.make_user(Role.STAFF))
    url = f"/en/visits/{visit.id}"
    assert client.page(url).soup.select_one("textarea[name=message_en]") is None
    refused = Page(client.submit(url + "/respond", {"decision": "declined", "message_cy": ""}, token_from=url))
    assert refused.error_summary() == ["Enter the reason for declining in Welsh"]
    assert (
        client.submit(
            url + "/respond", {"decision": "declined", "message_cy": "Y tu allan i'n hardal"}, token_from=url
        ).status_code
        == 302
    )
    [email] = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.template == "visit_update").order_by(OutboxMessage.id.desc())
    ).all()[:1]
    assert email.language == "cy"
    assert "Y tu allan i'n hardal" in email.body_text
