"""The "check your email" page: send the e-mail again, correct the address, and come back through sign-in."""

from sqlalchemy import select

from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.email.models import OutboxMessage
from portal.extensions import db
from portal.organisations.models import EmailVerificationToken
from portal.security import Role
from tests import factories
from tests.helpers import Page
from tests.registration.helpers import answer, answers, registrant

PASSPHRASE = "a long enough passphrase"


def _outbox(template):
    return db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.template == template).order_by(OutboxMessage.id)).all()


def _link(message):
    return next(line for line in message.body_text.splitlines() if line.startswith("http")).replace(
        "http://portal.test", "")


def _register(client, email, lang="en"):
    return client.submit(f"/{lang}/register/account", {
        "full_name": "Siân Owen", "email": email, "password": PASSPHRASE, "confirm": PASSPHRASE,
    })


def test_the_check_email_page_offers_to_resend_and_to_change_the_address(client):
    page = Page(_register(client, "sian@example.com", "cy"))
    assert page.h1 == "Gwiriwch eich e-bost"
    assert page.soup.select_one("form[action='/cy/register/check-email/resend'] button") is not None
    assert page.soup.select_one("a[href='/cy/register/check-email/change']") is not None


def test_resending_sends_a_new_link_in_the_account_language(client):
    _register(client, "sian@example.com", "cy")
    response = client.submit("/cy/register/check-email/resend", token_from="/cy/register/check-email")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/cy/register/check-email")
    page = client.page("/cy/register/check-email")
    assert "Rydym wedi anfon yr e-bost eto" in page.text()
    first, second = _outbox("verify_email")
    assert second.language == "cy"
    assert second.to_address == "sian@example.com"
    # Either link works: the newer one does not retire the older.
    assert client.get(_link(second)).headers["Location"].endswith("/cy/register/tasks")


def test_resending_for_an_address_that_already_had_an_account_tells_them_at_most_once_an_hour(client):
    factories.make_user(Role.STAFF, email="taken@example.com")
    _register(client, "taken@example.com")
    page = client.page("/en/register/check-email")
    assert page.h1 == "Check your email"
    client.submit("/en/register/check-email/resend", token_from="/en/register/check-email")
    assert len(_outbox("account_exists")) == 1
    assert not _outbox("verify_email")


def test_resending_is_rate_limited_per_account(client, limits):
    limits(VERIFICATION_RESEND_LIMIT_PER_ACCOUNT="2 per hour")
    _register(client, "sian@example.com")
    for _ in range(2):
        assert client.submit("/en/register/check-email/resend",
                             token_from="/en/register/check-email").status_code == 302
    response = client.submit("/en/register/check-email/resend", token_from="/en/register/check-email")
    assert response.status_code == 429
    assert len(_outbox("verify_email")) == 3


def test_without_an_account_just_created_the_pages_send_you_to_create_one(client):
    assert client.get("/en/register/check-email").headers["Location"].endswith("/en/register/account")
    assert client.get("/en/register/check-email/change").headers["Location"].endswith("/en/register/account")


def test_changing_the_address_moves_the_account_and_retires_the_old_link(client):
    _register(client, "sian@exmaple.com", "cy")
    [old] = _outbox("verify_email")
    page = client.page("/cy/register/check-email/change")
    assert page.h1 == "Newid eich cyfeiriad e-bost"
    assert page.field_value("email") == "sian@exmaple.com"
    response = client.submit("/cy/register/check-email/change", {"email": "sian@example.com",
                                                                  "password": PASSPHRASE})
    assert response.status_code == 302
    page = client.page("/cy/register/check-email")
    assert "sian@example.com" in page.text()
    user = db.session.scalar(select(User).where(User.email == "sian@example.com"))
    assert user is not None
    assert db.session.scalar(select(User).where(User.email == "sian@exmaple.com")) is None
    old_message, new_message = _outbox("verify_email")
    assert new_message.to_address == "sian@example.com"
    assert new_message.language == "cy"
    assert client.get(_link(old)).status_code == 410
    assert client.get(_link(new_message)).headers["Location"].endswith("/cy/register/tasks")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "email_changed"))
    assert event.details == {"old": "sian@exmaple.com", "new": "sian@example.com"}


def test_a_wrong_password_keeps_the_address_typed_and_names_the_field(client):
    _register(client, "sian@exmaple.com")
    response = client.submit("/en/register/check-email/change", {"email": "sian@example.com",
                                                                  "password": "not the password at all"})
    page = Page(response)
    assert response.status_code == 200
    assert "The password is not correct" in page.error_summary()
    assert page.field_value("email") == "sian@example.com"
    assert db.session.scalar(select(User).where(User.email == "sian@exmaple.com")) is not None
    assert len(_outbox("verify_email")) == 1


def test_a_bad_new_address_gets_an_inline_error_in_welsh(client):
    _register(client, "sian@exmaple.com", "cy")
    page = Page(client.submit("/cy/register/check-email/change", {"email": "nid-e-bost", "password": PASSPHRASE}))
    assert page.title.startswith("Gwall:")
    assert page.field_value("email") == "nid-e-bost"


def test_correcting_after_typing_someone_elses_address_registers_the_new_one(client):
    """Nothing shows that the first address had an account: the new one gets a link as usual."""
    factories.make_user(Role.STAFF, email="taken@example.com")
    _register(client, "taken@example.com")
    response = client.submit("/en/register/check-email/change", {"email": "mine@example.com",
                                                                  "password": PASSPHRASE})
    assert response.status_code == 302
    [message] = _outbox("verify_email")
    assert message.to_address == "mine@example.com"
    created = db.session.scalar(select(User).where(User.email == "mine@example.com"))
    assert created.role == Role.EMPLOYER
    assert created.email_verified_at is None
    # The account that was there is untouched.
    assert db.session.scalar(select(User).where(User.email == "taken@example.com")).role == Role.STAFF


def test_a_confirmed_address_is_never_changed_from_this_page(client):
    _register(client, "sian@example.com")
    [message] = _outbox("verify_email")
    client.get(_link(message))
    client.submit("/en/sign-out", token_from="/en/register/tasks")
    tokens = db.session.scalars(select(EmailVerificationToken)).all()
    assert len(tokens) == 1
    assert client.get("/en/register/check-email").headers["Location"].endswith("/en/register/account")


# --- coming back through sign-in -----------------------------------------------

def test_signing_in_with_an_unfinished_registration_lands_on_the_task_list(sign_in):
    user = registrant(lang="cy")
    client = sign_in(user, lang="cy")
    answer(client, "name", answers(factories.sector().id, factories.authority("W06000015").id)["name"], lang="cy")
    client.submit("/cy/sign-out", token_from="/cy/register/tasks")
    response = client.submit("/cy/sign-in", {"email": user.email, "password": "correct horse battery"})
    assert response.headers["Location"].endswith("/cy/register/tasks")
    page = client.page("/cy/register/tasks")
    assert page.h1 == "Cofrestru eich sefydliad"
    assert "Ar y gweill" in page.text()


def test_the_account_page_links_back_to_an_unfinished_registration(sign_in):
    page = sign_in(registrant()).page("/en/account")
    link = page.soup.select_one("main a[href='/en/register/tasks']")
    assert link is not None
    assert link.get_text(strip=True) == "Continue registering your organisation"


def test_a_registered_employer_still_lands_on_their_account(sign_in):
    organisation = factories.make_organisation()
    user = factories.make_user(Role.EMPLOYER, organisation=organisation)
    client = sign_in(user)
    response = client.submit("/en/sign-in", {"email": user.email, "password": "correct horse battery"})
    assert response.headers["Location"].endswith("/en/account")
    assert client.page("/en/account").soup.select_one("main a[href='/en/register/tasks']") is None
