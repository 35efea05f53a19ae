"""Password reset by e-mailed single-use expiring token, and password change."""

import re
from datetime import timedelta

from argon2 import extract_parameters
from sqlalchemy import select

from portal import create_app
from portal.accounts.models import PasswordResetToken
from portal.accounts.passwords import hash_password, needs_rehash
from portal.config import BaseConfig, ProductionConfig
from portal.email.models import OutboxMessage
from portal.extensions import db
from portal.security import Role
from portal.timeutil import utcnow
from tests import factories
from tests.helpers import Page

NEW_PASSWORD = "a brand new passphrase"


def _reset_link(client, user, lang="en"):
    response = client.submit(f"/{lang}/forgotten-password", {"email": user.email})
    assert response.status_code == 200
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == user.email))
    return message, re.search(r"http://portal\.test(/\S+)", message.body_text).group(1)


def test_reset_email_is_in_the_users_language(client):
    user = factories.make_user(Role.EMPLOYER, language="cy")
    message, link = _reset_link(client, user, lang="en")
    assert message.language == "cy"
    assert message.subject == "Ailosod eich cyfrinair Cymru Iach ar Waith"
    assert link.startswith("/cy/reset-password/")


def test_unknown_address_gets_the_same_page_and_no_email(client):
    response = client.submit("/en/forgotten-password", {"email": "nobody@example.com"})
    assert response.status_code == 200
    assert "Check your email" in response.get_data(as_text=True)
    assert db.session.scalar(select(OutboxMessage)) is None


def test_token_resets_once_then_stops_working(client, app):
    user = factories.make_user(Role.STAFF)
    _, link = _reset_link(client, user)
    response = client.submit(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert client.get(link).status_code == 410
    fresh = app.test_client()
    assert fresh.submit("/en/sign-in", {"email": user.email, "password": NEW_PASSWORD}).status_code == 302


def test_expired_token_is_refused(client):
    user = factories.make_user(Role.STAFF)
    _, link = _reset_link(client, user)
    token = db.session.scalar(select(PasswordResetToken))
    token.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert client.get(link).status_code == 410


def test_only_a_hash_of_the_token_is_stored(client):
    user = factories.make_user(Role.STAFF)
    _, link = _reset_link(client, user)
    raw = link.rsplit("/", 1)[1]
    stored = db.session.scalar(select(PasswordResetToken.token_hash))
    assert raw not in stored
    assert len(stored) == 64


def test_change_password_checks_the_current_one_and_ends_other_sessions(sign_in, app):
    user = factories.make_user(Role.EMPLOYER)
    client = sign_in(user)
    other_device = sign_in(user)
    response = client.submit("/en/account/password", {
        "current_password": "not my password", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert "Your current password is not correct" in response.get_data(as_text=True)
    response = client.submit("/en/account/password", {
        "current_password": factories.PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert client.get("/en/account").status_code == 200
    assert other_device.get("/en/account").status_code == 302


def test_new_password_rules_in_welsh(sign_in):
    user = factories.make_user(Role.EMPLOYER)
    client = sign_in(user)
    response = client.submit("/cy/account/password", {
        "current_password": factories.PASSWORD, "password": "short", "confirm": "different"},
        token_from="/cy/account/password")
    errors = Page(response).error_summary()
    assert "Rhaid i'ch cyfrinair fod o leiaf 10 nod o hyd" in errors
    assert "Nid yw'r cyfrineiriau'n cyfateb" in errors


def test_production_hashes_at_full_cost_and_tests_cheaply(app):
    cheap = hash_password("some passphrase")
    assert extract_parameters(cheap).memory_cost == app.config["ARGON2_MEMORY_COST"] < BaseConfig.ARGON2_MEMORY_COST
    # Production's parameters on the test config: another config would also
    # re-point the shared rate limiter at its own storage for later tests.
    names = ("ARGON2_TIME_COST", "ARGON2_MEMORY_COST", "ARGON2_PARALLELISM")
    cost = {name: getattr(ProductionConfig, name) for name in names}
    full_cost = create_app("test", overrides={"SQLALCHEMY_DATABASE_URI": "sqlite://", **cost})
    with full_cost.app_context():
        full = hash_password("some passphrase")
        assert needs_rehash(cheap)
    parameters = extract_parameters(full)
    assert (parameters.time_cost, parameters.memory_cost, parameters.parallelism) == (3, 65536, 4)
