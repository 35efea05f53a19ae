"""Rate limits on registration, password reset, verification resend and certificate checks.

The limits are counted for real in Redis (``TEST_REDIS_URL``, database 3 by
default), which the ``rate_limits`` fixture in conftest.py empties between tests.
"""

import pytest
from sqlalchemy import select

from portal import create_app
from portal.email.models import OutboxMessage
from portal.extensions import db
from portal.security import Role
from tests import factories
from tests.helpers import Page
from tests.registration.helpers import registrant

PASSPHRASE = "a long enough passphrase"


def _outbox(template):
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == template)).all()


def _register(client, email, lang="en", address="192.0.2.1"):
    return client.submit(f"/{lang}/register/account", {
        "full_name": "Siân Owen", "email": email, "password": PASSPHRASE, "confirm": PASSPHRASE,
    }, environ_base={"REMOTE_ADDR": address})


def _forgotten(client, email, lang="en", address="192.0.2.1"):
    return client.submit(f"/{lang}/forgotten-password", {"email": email},
                         environ_base={"REMOTE_ADDR": address})



def test_registration_is_limited_per_address_with_a_welsh_429_page(client, limits):
    limits(REGISTRATION_LIMIT_PER_ADDRESS="2 per hour")
    assert _register(client, "one@example.com", "cy").status_code == 200
    assert _register(client, "two@example.com", "cy").status_code == 200
    response = _register(client, "three@example.com", "cy")
    assert response.status_code == 429
    page = Page(response)
    assert page.h1 == "Gormod o geisiadau"
    assert page.soup.html["lang"] == "cy"
    # Another address is not held back.
    assert _register(client, "three@example.com", "cy", address="192.0.2.2").status_code == 200


def test_registration_is_limited_per_email_address_across_addresses(client, limits):
    limits(REGISTRATION_LIMIT_PER_EMAIL="2 per hour")
    for n in range(2):
        assert _register(client, "same@example.com", address=f"192.0.2.{n + 10}").status_code == 200
    response = _register(client, "Same@Example.com", address="192.0.2.99")
    assert response.status_code == 429
    assert Page(response).h1 == "Too many requests"


def test_repeat_registrations_send_one_account_exists_email_an_hour(client):
    factories.make_user(Role.STAFF, email="taken@example.com")
    for n in range(3):
        response = _register(client, "taken@example.com", address=f"192.0.2.{n + 20}")
        assert response.status_code == 200
        assert Page(response).h1 == "Check your email"
    assert len(_outbox("account_exists")) == 1


def test_password_reset_is_limited_per_address_and_per_email(client, limits):
    limits(PASSWORD_RESET_LIMIT_PER_ADDRESS="2 per hour", PASSWORD_RESET_LIMIT_PER_EMAIL="2 per hour")
    user = factories.make_user(Role.EMPLOYER)
    assert _forgotten(client, "a@example.com").status_code == 200
    assert _forgotten(client, "b@example.com").status_code == 200
    assert _forgotten(client, "c@example.com").status_code == 429
    assert _forgotten(client, user.email, address="192.0.2.30").status_code == 200
    assert _forgotten(client, user.email, address="192.0.2.31").status_code == 200
    response = _forgotten(client, user.email, "cy", address="192.0.2.32")
    assert response.status_code == 429
    assert Page(response).h1 == "Gormod o geisiadau"
    assert len(_outbox("password_reset")) == 2


def test_verification_resend_is_limited_per_account(sign_in, limits):
    limits(VERIFICATION_RESEND_LIMIT_PER_ACCOUNT="2 per hour")
    user = registrant(verified=False)
    client = sign_in(user)
    for _ in range(2):
        response = client.submit("/en/register/resend", token_from="/en/register/tasks")
        assert response.status_code == 302
    response = client.submit("/en/register/resend", token_from="/en/register/tasks",
                             environ_base={"REMOTE_ADDR": "192.0.2.40"})
    assert response.status_code == 429
    assert len(_outbox("verify_email")) == 2


def test_verification_resend_is_limited_per_address(sign_in, limits):
    limits(VERIFICATION_RESEND_LIMIT_PER_ADDRESS="1 per hour")
    first, second = sign_in(registrant(verified=False)), sign_in(registrant(verified=False))
    assert first.submit("/en/register/resend", token_from="/en/register/tasks").status_code == 302
    assert second.submit("/en/register/resend", token_from="/en/register/tasks").status_code == 429


def test_certificate_checks_are_limited_per_address(client, limits):
    limits(CERTIFICATE_CHECK_LIMIT_PER_ADDRESS="3 per hour")
    for _ in range(3):
        assert client.get("/en/champions/verify?code=ABCD-EFGH-JKMN-PQRS").status_code == 200
    # Opening the empty form is not a check and is never refused.
    assert client.get("/en/champions/verify").status_code == 200
    response = client.get("/cy/champions/verify?code=ABCD-EFGH-JKMN-PQRS")
    assert response.status_code == 429
    assert Page(response).h1 == "Gormod o geisiadau"
    other = client.get("/en/champions/verify?code=ABCD-EFGH-JKMN-PQRS", environ_base={"REMOTE_ADDR": "192.0.2.50"})
    assert other.status_code == 200


@pytest.fixture
def app_without_redis(app):
    """The test app's settings with rate limits counted in a Redis that does not answer."""
    keys = ("SQLALCHEMY_DATABASE_URI", "SQLALCHEMY_ENGINE_OPTIONS", "UPLOAD_FOLDER", "SERVICE_BASE_URL")
    overrides = {key: app.config[key] for key in keys}
    broken = create_app("test", overrides={**overrides, "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:9/0"})
    broken.test_client_class = type(app.test_client())
    yield broken
    # Flask-Limiter keeps the storage of the last app it was set up for: put the suite's back.
    create_app("test", overrides=overrides)


@pytest.mark.parametrize(("lang", "heading"), [
    ("en", "Sorry, the service is unavailable"),
    ("cy", "Mae'n ddrwg gennym, nid yw'r gwasanaeth ar gael"),
])
def test_rate_limited_pages_say_the_service_is_unavailable_when_redis_is_down(app_without_redis, lang, heading):
    client = app_without_redis.test_client()
    response = client.submit(f"/{lang}/sign-in", {"email": "someone@example.com", "password": "a guess at it"})
    assert response.status_code == 503
    assert Page(response).h1 == heading
