"""Administrators read the audit log in words and filter it, in English and Welsh, at 1,280 px
and 320 px, with no accessibility violations and no sideways scrolling."""

from datetime import date

import pytest
from playwright.sync_api import expect

from portal.extensions import db
from portal.reporting.services import set_target
from portal.security import Role
from tests import factories
from tests.browser.conftest import axe_violations, browser_sign_in

pytestmark = pytest.mark.browser

WORDS = {"en": "Targets set", "cy": "Targedau wedi'u gosod"}


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_admin_reads_and_filters_the_audit_log(page, lang):
    admin = factories.make_user(Role.ADMIN, full_name="Gwen Admin")
    period = factories.make_reporting_period(name_en="Q3 2026", name_cy="Ch3 2026", starts_on=date(2026, 10, 1),
                                             ends_on=date(2026, 12, 31))
    set_target(period.id, None, {"engaged": 100}, actor=admin)
    set_target(period.id, None, {"engaged": 120}, actor=admin)
    db.session.commit()
    email = admin.email
    db.session.rollback()
    browser_sign_in(page, email, factories.PASSWORD, lang=lang)
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/{lang}/admin/audit")
        page.select_option("select[name=action]", "reporting_target_set")
        page.click("#audit-filters button")
        page.wait_for_load_state()
        rows = page.locator("#audit tbody tr")
        expect(rows).to_have_count(2)
        expect(rows.first).to_contain_text(WORDS[lang])
        expect(rows.first.locator("ins")).to_contain_text("120")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), width
        violations = axe_violations(page)
        assert not violations, f"{page.url}: {violations}"
        page.screenshot(path=f"/tmp/outcomes-audit-{lang}-{width}.png", full_page=True)
