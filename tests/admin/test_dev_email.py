"""The development e-mail page: only development has it, and a newcomer can follow their link."""

from pathlib import Path

import pytest
from sqlalchemy import select

from portal import create_app
from portal.accounts.models import User
from portal.config import TestConfig
from portal.email.sender import deliver_pending
from portal.extensions import db
from portal.security import Role
from tests import factories
from tests.email.test_devsink import running_sink
from tests.helpers import Page

ENDPOINT = "dev_email.messages"


def _has_dev_email(app):
    rules = list(app.url_map.iter_rules())
    return ENDPOINT in app.view_functions or any("dev-email" in rule.rule for rule in rules)


def test_production_has_no_dev_email_page_nor_mail_sink(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 48)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    # The suite's own Redis: Flask-Limiter counts in the storage of the last app set up.
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", TestConfig.RATELIMIT_STORAGE_URI)
    production = create_app("production")
    assert production.config["DEV_MAIL_SINK"] is False
    assert not _has_dev_email(production)
    assert "mail-sink" not in production.cli.commands


def test_the_test_config_has_no_dev_email_page(app):
    assert app.config["DEV_MAIL_SINK"] is False
    assert not _has_dev_email(app)
    assert app.test_client().get("/en/admin/dev-email").status_code == 404


def test_development_has_the_page_and_the_mail_sink():
    # The suite's own Redis, not development's memory: Flask-Limiter counts in the
    # storage of the last app set up, and later tests must count in Redis.
    development = create_app("development", overrides={
        "SQLALCHEMY_DATABASE_URI": "sqlite://", "RATELIMIT_STORAGE_URI": TestConfig.RATELIMIT_STORAGE_URI})
    assert development.config["DEV_MAIL_SINK"] is True
    assert _has_dev_email(development)
    assert "mail-sink" in development.cli.commands


@pytest.fixture
def sink(app, dev_app):
    """The sink on a free port, storing where ``dev_app``'s page reads; the app's sender points at it."""
    with running_sink(app, Path(dev_app.config["DEV_MAIL_DIR"])) as directory:
        yield directory


def test_a_newcomer_reads_their_verification_email_and_follows_the_link(dev_app, sink):
    newcomer = dev_app.test_client()
    response = newcomer.submit("/cy/register/account", {
        "full_name": "Siân Owen", "email": "sian@example.com", "password": "a long enough passphrase",
        "confirm": "a long enough passphrase",
    })
    assert Page(response).h1 == "Gwiriwch eich e-bost"
    assert deliver_pending()["sent"] == 1

    admin = factories.make_user(Role.ADMIN)
    reader = dev_app.test_client()
    assert reader.submit("/en/sign-in", {"email": admin.email, "password": factories.PASSWORD}).status_code == 302
    for lang, language in (("en", "Welsh"), ("cy", "Cymraeg")):
        page = reader.page(f"/{lang}/admin/dev-email")
        card = page.soup.select_one(".govuk-summary-card")
        assert "Cadarnhewch" in card.select_one(".govuk-summary-card__title").get_text()
        assert "sian@example.com" in card.get_text()
        assert language in card.get_text(" ")
    link = page.soup.select_one(".app-dev-email__body a")["href"]
    assert link.startswith("http://portal.test/cy/register/verify/")

    response = newcomer.get(link.replace("http://portal.test", ""))
    assert response.status_code == 302
    db.session.expire_all()
    user = db.session.scalar(select(User).where(User.email == "sian@example.com"))
    assert user.email_verified_at is not None


def test_the_page_says_when_nothing_has_arrived(dev_app, sink):
    admin = factories.make_user(Role.ADMIN)
    reader = dev_app.test_client()
    reader.submit("/cy/sign-in", {"email": admin.email, "password": factories.PASSWORD})
    page = reader.page("/cy/admin/dev-email")
    assert page.soup.select_one(".govuk-summary-card") is None
    assert page.h1 != "Email received in development"


def test_the_email_delivery_page_links_to_it_only_in_development(app, dev_app):
    admin = factories.make_user(Role.ADMIN)
    for which, expected in ((app, 0), (dev_app, 1)):
        client = which.test_client()
        client.submit("/en/sign-in", {"email": admin.email, "password": factories.PASSWORD})
        page = client.page("/en/admin/email")
        assert len(page.soup.select("main a[href='/en/admin/dev-email']")) == expected
