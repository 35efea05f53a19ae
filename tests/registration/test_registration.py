"""The registration journey through the real routes."""

from sqlalchemy import func, select

from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.email.models import OutboxMessage
from portal.extensions import db
from portal.organisations.models import EmailVerificationToken, Organisation, RegistrationDraft
from portal.reference.models import Intermediary
from portal.security import Role
from tests import factories
from tests.helpers import Page
from tests.registration.helpers import answer, answers, registrant


def _outbox(template):
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == template)).all()


def _link(message):
    return next(line for line in message.body_text.splitlines() if line.startswith("http")).replace(
        "http://portal.test", "")


def test_start_page_and_sign_in_offer_registration(client):
    assert client.page("/en/").soup.find("a", href="/en/register/")
    assert client.page("/cy/sign-in").soup.find("a", href="/cy/register/")


def test_create_account_sends_a_verification_link_in_the_page_language(client):
    response = client.submit("/cy/register/account", {
        "full_name": "Siân Owen", "email": "Sian@Example.com", "password": "a long enough passphrase",
        "confirm": "a long enough passphrase",
    })
    page = Page(response)
    assert page.h1 == "Gwiriwch eich e-bost"
    user = db.session.scalar(select(User).where(User.email == "sian@example.com"))
    assert user.role == Role.EMPLOYER
    assert user.organisation_id is None
    assert user.email_verified_at is None
    [message] = _outbox("verify_email")
    assert message.language == "cy"
    assert message.to_address == "sian@example.com"
    assert "Cadarnhewch" in message.subject

    # The link signs them in, once.
    link = _link(message)
    response = client.get(link)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/cy/register/tasks")
    db.session.expire_all()
    assert db.session.get(User, user.id).email_verified_at is not None
    assert client.get(link).status_code == 410


def test_an_existing_address_is_told_by_email_not_on_the_page(client):
    existing = factories.make_user(Role.STAFF, email="taken@example.com")
    response = client.submit("/en/register/account", {
        "full_name": "Someone", "email": "taken@example.com", "password": "a long enough passphrase",
        "confirm": "a long enough passphrase",
    })
    assert Page(response).h1 == "Check your email"
    assert db.session.scalar(select(func.count(User.id))) == 1
    [message] = _outbox("account_exists")
    assert message.to_address == existing.email
    assert not _outbox("verify_email")


def test_account_errors_use_the_error_summary_and_keep_values(client):
    response = client.submit("/en/register/account", {
        "full_name": "", "email": "not-an-email", "password": "short", "confirm": "other",
    })
    page = Page(response)
    assert response.status_code == 200
    assert page.title.startswith("Error:")
    assert "Enter your full name" in page.error_summary()
    assert "Enter an email address in the correct format, like name@example.com" in page.error_summary()
    assert any("Enter your full name" in e for e in page.inline_errors())
    assert page.field_value("email") == "not-an-email"


def test_validation_errors_in_welsh_keep_everything_entered(sign_in):
    user = registrant(lang="cy")
    client = sign_in(user, lang="cy")
    response = answer(client, "address", {"address_line_1": "2 Heol y Frenhines", "town": "Abertawe",
                                          "postcode": "NOT A CODE", "local_authority_id": ""}, lang="cy")
    page = Page(response)
    assert page.title.startswith("Gwall:")
    summary = page.error_summary()
    assert "Rhowch god post go iawn, fel CF10 1AA" in summary
    assert "Dewiswch yr awdurdod lleol lle mae eich sefydliad wedi'i leoli" in summary
    assert page.soup.select_one(".govuk-error-summary__title").get_text(strip=True) == "Mae problem wedi codi"
    assert any("Rhowch god post go iawn" in e for e in page.inline_errors())
    assert page.field_value("address_line_1") == "2 Heol y Frenhines"
    assert page.field_value("town") == "Abertawe"
    assert page.field_value("postcode") == "NOT A CODE"
    # Nothing invalid was saved.
    assert "address" not in (db.session.scalar(select(RegistrationDraft.answers)) or {}).get("done", [])


def test_the_group_name_is_needed_when_part_of_a_group(sign_in):
    client = sign_in(registrant())
    page = Page(answer(client, "group", {"part_of_group": "yes", "group_name": "", "group_size": "30"}))
    assert page.error_summary() == ["Enter the name of the group"]
    assert page.field_value("part_of_group") == "yes"
    assert page.field_value("group_size") == "30"


def test_company_and_charity_numbers_are_format_checked(sign_in):
    client = sign_in(registrant())
    page = Page(answer(client, "numbers", {"companies_house_number": "12-34", "charity_number": "abc"}))
    assert len(page.error_summary()) == 2
    assert page.field_value("companies_house_number") == "12-34"
    response = answer(client, "numbers", {"companies_house_number": "sc123456", "charity_number": "1234567"})
    assert response.status_code == 302
    draft = db.session.scalar(select(RegistrationDraft))
    assert draft.answers["companies_house_number"] == "SC123456"
    assert draft.answers["charity_number"] == "1234567"


def _answer_all(client, data, lang, slugs=None):
    for slug, values in data.items():
        if slugs is not None and slug not in slugs:
            continue
        response = answer(client, slug, values, lang=lang)
        assert response.status_code == 302, f"{slug}: {Page(response).error_summary()}"


def test_leave_return_switch_language_and_register(app, sign_in):
    sector, authority = factories.sector(), factories.authority("W06000015")
    user = registrant(lang="en")
    data = answers(sector.id, authority.id)
    client = sign_in(user)
    _answer_all(client, data, "en", slugs=["name", "numbers", "sector", "employees"])
    tasks = client.page("/en/register/tasks")
    assert "In progress" in tasks.text(".govuk-task-list")

    # Leave, come back another day in Welsh: every answer is still there.
    client = sign_in(user, lang="cy")
    page = client.page("/cy/register/questions/employees")
    assert page.field_value("employee_count") == "12"
    assert client.page("/cy/register/questions/name").field_value("name") == "Caffi Cwtsh"
    _answer_all(client, data, "cy", slugs=["group", "address", "staff-areas", "contact", "correspondence-language",
                                           "support-language", "consent"])
    check = client.page("/cy/register/check")
    text = check.text("main")
    assert "Caffi Cwtsh" in text
    assert "CF10 1AA" in text
    assert authority.name_cy in text
    assert check.soup.select(".govuk-summary-list__actions .govuk-visually-hidden")

    response = client.submit("/cy/register/check", {})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/cy/register/confirmation")
    organisation = db.session.scalar(select(Organisation))
    assert organisation.name == "Caffi Cwtsh"
    assert organisation.companies_house_number == "01234567"
    assert organisation.postcode == "CF10 1AA"
    assert organisation.correspondence_language == "cy"
    assert organisation.support_language == "either"
    assert organisation.partner_id == authority.partners[0].id
    assert organisation.consent_given_at is not None
    assert organisation.privacy_notice_seen_at is not None
    assert organisation.large_employer is False
    assert organisation.eligibility_status == "not_started"
    assert db.session.get(User, user.id).organisation_id == organisation.id
    assert db.session.scalar(select(func.count(RegistrationDraft.id))) == 0
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "organisation_registered"))
    [message] = _outbox("registration_received")
    assert message.language == "cy"
    assert organisation.reference in message.subject

    confirmation = client.page("/cy/register/confirmation")
    assert organisation.reference in confirmation.text(".govuk-panel")
    # Registered: the journey now leads to the organisation page.
    assert client.get("/cy/register/tasks").headers["Location"].endswith("/cy/organisation/")


def test_registration_needs_a_confirmed_email_address(sign_in):
    sector, authority = factories.sector(), factories.authority()
    user = registrant(verified=False)
    client = sign_in(user)
    assert "Send the link again" in client.page("/en/register/tasks").text("main")
    _answer_all(client, answers(sector.id, authority.id), "en")
    page = Page(client.submit("/en/register/check", {}))
    assert page.error_summary() == ["Confirm your email address first: use the link we sent you"]
    assert db.session.scalar(select(func.count(Organisation.id))) == 0
    client.submit("/en/register/resend", {}, token_from="/en/register/tasks")
    assert db.session.scalar(select(func.count(EmailVerificationToken.id))) == 1


def test_incomplete_registration_cannot_be_sent(sign_in):
    client = sign_in(registrant())
    page = Page(client.submit("/en/register/check", {}))
    assert page.error_summary() == ["Answer every question before you register"]


def test_duplicate_company_number_is_stopped_with_how_to_join(sign_in):
    sector, authority = factories.sector(), factories.authority()
    existing = factories.make_organisation(name="Existing Ltd", companies_house_number="01234567")
    client = sign_in(registrant())
    _answer_all(client, answers(sector.id, authority.id), "en")
    page = Page(client.submit("/en/register/check", {}))
    assert page.error_summary() == ["Existing Ltd is already registered with Healthy Working Wales"]
    assert "invite you" in page.text("#duplicate")
    assert existing.reference in page.text("#duplicate")
    assert db.session.scalar(select(func.count(Organisation.id))) == 1


def test_duplicate_name_and_postcode_is_stopped(sign_in):
    sector, authority = factories.sector(), factories.authority()
    factories.make_organisation(name="CAFFI  cwtsh", postcode="CF10 1AA")
    client = sign_in(registrant())
    _answer_all(client, answers(sector.id, authority.id, numbers={"companies_house_number": ""}), "en")
    page = Page(client.submit("/en/register/check", {}))
    assert len(page.error_summary()) == 1
    assert db.session.scalar(select(func.count(Organisation.id))) == 1


def test_large_group_member_is_flagged_and_partner_found_from_staff_areas(sign_in):
    sector = factories.sector()
    outside = factories.authority("W06000001")  # located here
    covered = factories.authority("W06000015")
    client = sign_in(registrant())
    data = answers(sector.id, outside.id, group={"part_of_group": "yes", "group_name": "Big Group plc",
                                                 "group_size": "400"},
                   **{"staff-areas": {"staff_authority_ids": [str(covered.id)]}})
    _answer_all(client, data, "en")
    assert client.submit("/en/register/check", {}).status_code == 302
    organisation = db.session.scalar(select(Organisation))
    assert organisation.large_employer is True
    assert organisation.group_name == "Big Group plc"
    assert organisation.group_size == 400
    expected = outside.partners[0].id if outside.partners else covered.partners[0].id
    assert organisation.partner_id == expected
    assert [a.id for a in organisation.staff_authorities] == [covered.id]


def test_organisation_and_contact_fields_support_autofill(sign_in):
    """WCAG 1.3.5: the browser can fill in the organisation's name, address and the contact's phone."""
    client = sign_in(registrant())
    expected = {
        "name": {"name": "organization"},
        "address": {"address_line_1": "address-line1", "address_line_2": "address-line2",
                    "town": "address-level2", "postcode": "postal-code"},
        "contact": {"job_title": "organization-title", "phone": "tel"},
    }
    for step, fields in expected.items():
        page = client.page(f"/en/register/questions/{step}")
        for name, token in fields.items():
            assert page.soup.select_one(f"input[name={name}]").get("autocomplete") == token, (step, name)


def test_registration_asks_how_they_heard_and_for_evaluation_consent(sign_in):
    user = registrant()
    client = sign_in(user)
    fsb = db.session.scalar(select(Intermediary).where(Intermediary.name_en == "Federation of Small Businesses Wales"))
    data = answers(factories.sector().id, factories.authority().id,
                   consent={"privacy_notice": "y", "consent": "y", "evaluation_consent": "y"})
    # Naming an intermediary needs the one chosen; the question says which field.
    response = answer(client, "how-you-heard", {"heard_via": "intermediary", "intermediary_id": ""}, lang="cy")
    assert response.status_code == 200
    page = Page(response)
    assert len(page.error_summary()) == 1
    assert page.soup.select_one(".govuk-error-summary a[href='#intermediary_id']") is not None
    assert answer(client, "how-you-heard", {"heard_via": "intermediary", "intermediary_id": str(fsb.id)}
                  ).status_code == 302
    for slug, values in data.items():
        assert answer(client, slug, values).status_code == 302, slug
    check = client.page("/en/register/check")
    assert "Intermediary: Federation of Small Businesses Wales" in check.text()
    assert client.submit("/en/register/check").status_code == 302
    organisation = db.session.get(User, user.id).organisation
    assert (organisation.heard_via, organisation.intermediary_id) == ("intermediary", fsb.id)
    assert organisation.evaluation_consent
    assert organisation.evaluation_consent_at is not None


def test_how_they_heard_may_be_left_unanswered(sign_in):
    user = registrant()
    client = sign_in(user)
    for slug, values in answers(factories.sector().id, factories.authority().id).items():
        assert answer(client, slug, values).status_code == 302, slug
    assert client.submit("/en/register/check").status_code == 302
    organisation = db.session.get(User, user.id).organisation
    assert organisation.heard_via is None
    assert not organisation.evaluation_consent
    assert organisation.evaluation_consent_at is None
