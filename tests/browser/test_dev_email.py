"""The development e-mail page in a real browser: GOV.UK markup that axe finds no fault with."""

import shutil
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import pytest

from portal.email.devsink import store
from portal.security import Role
from tests import factories
from tests.browser.conftest import axe_violations, browser_sign_in, serving

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def dev_live_server(dev_app):
    """``dev_app`` (the page switched on) served on a port of this worker's own."""
    with serving(dev_app) as url:
        yield url


@pytest.fixture
def dev_page(browser, dev_live_server, dev_app):
    context = browser.new_context(base_url=dev_live_server, java_script_enabled=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()
    shutil.rmtree(dev_app.config["DEV_MAIL_DIR"], ignore_errors=True)


def _welsh_message():
    message = EmailMessage()
    message["From"] = "noreply@healthyworking.wales"
    message["To"] = "sian@example.com"
    message["Subject"] = "Cadarnhewch eich cyfeiriad e-bost"
    message.set_content("Helo Siân,\n\nhttp://127.0.0.1:5000/cy/register/verify/abc\n")
    message.add_attachment(b"BEGIN:VCALENDAR", maintype="text", subtype="calendar", filename="digwyddiad.ics")
    message["Content-Language"] = "cy"
    return message.as_bytes()


def test_dev_email_page_passes_axe_in_both_languages(dev_page, dev_app):
    store(Path(dev_app.config["DEV_MAIL_DIR"]), _welsh_message(), received_at=datetime.now(UTC))
    admin = factories.make_user(Role.ADMIN)
    browser_sign_in(dev_page, admin.email, factories.PASSWORD)
    for lang in ("en", "cy"):
        response = dev_page.goto(f"/{lang}/admin/dev-email")
        assert response.status == 200
        assert dev_page.locator("html").get_attribute("lang") == lang
        assert "digwyddiad.ics" in dev_page.locator(".govuk-summary-card").inner_text()
        assert dev_page.locator(".app-dev-email__body a").get_attribute("href").endswith("/cy/register/verify/abc")
        violations = axe_violations(dev_page)
        assert not violations, f"/{lang}/admin/dev-email: {violations}"
