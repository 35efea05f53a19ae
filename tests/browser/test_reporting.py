"""Reporting in the browser: the dashboard with charts, a drill-down and the targets pages,
in English and Welsh, with no accessibility violations; the charts need no JavaScript."""

from datetime import timedelta

import pytest

from portal.extensions import db
from portal.security import Role
from portal.timeutil import utcnow
from tests import factories
from tests.browser.conftest import axe_violations, browser_sign_in

pytestmark = pytest.mark.browser


def _clean(page):
    violations = axe_violations(page)
    assert not violations, f"{page.url}: {violations}"


def _data():
    today = utcnow().date()
    period = factories.make_reporting_period(starts_on=today - timedelta(days=300), ends_on=today + timedelta(days=60))
    factories.make_target(period)
    for n, size in enumerate((12, 400, 60)):
        organisation = factories.make_organisation(name=f"Caffi Gwŷr {n}", employee_count=size,
                                                   eligibility_status="verified", commit=False)
        factories.make_intervention(organisation, support_type="stress", commit=False)
        factories.make_intervention(organisation, support_type="sleep", commit=False)
        factories.make_equality_strategy_record(organisation, commit=False)
    db.session.commit()
    return period


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_admin_dashboard_drill_down_and_targets_are_accessible(page, lang):
    period = _data()
    admin = factories.make_user(Role.ADMIN)
    browser_sign_in(page, admin.email, factories.PASSWORD, lang=lang)
    page.goto(f"/{lang}/reports/?period={period.id}")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("svg[role=img]").count() == 3
    _clean(page)
    page.click("#figures td[data-figure=whp_implemented] a")
    page.wait_for_load_state()
    assert "/reports/organisations" in page.url
    assert page.locator("#organisations tbody tr").count() == 3
    _clean(page)
    page.goto(f"/{lang}/reports/targets")
    _clean(page)
    page.click("form[method=post] button[type=submit]:not(.app-link-button)")
    page.wait_for_selector(".govuk-error-summary")
    _clean(page)
    page.goto(f"/{lang}/reports/targets/{period.id}")
    _clean(page)


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_staff_dashboard_charts_work_without_javascript(page_without_js, lang):
    period = _data()
    staff = factories.make_user(Role.STAFF)
    browser_sign_in(page_without_js, staff.email, factories.PASSWORD, lang=lang)
    page_without_js.goto(f"/{lang}/reports/?period={period.id}")
    chart = page_without_js.locator("svg[role=img]").first
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box["width"] > 200
    assert box["height"] > 100
    assert page_without_js.locator("#months tbody tr").count() >= 11
    # Without JavaScript axe cannot run; the same page is scanned with it below.


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_staff_dashboard_is_accessible(page, lang):
    period = _data()
    staff = factories.make_user(Role.STAFF)
    browser_sign_in(page, staff.email, factories.PASSWORD, lang=lang)
    page.goto(f"/{lang}/reports/?period={period.id}")
    assert page.locator("html").get_attribute("lang") == lang
    _clean(page)
