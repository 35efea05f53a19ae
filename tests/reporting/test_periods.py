"""Reporting periods: edited and removed with an audit trail, never overlapping, and each
user's dashboard period their own choice, kept in the URL, defaulting to the one containing today."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.reporting import services
from portal.reporting.models import ReportingPeriod, Target
from portal.security import Role
from portal.timeutil import today_in_wales
from tests import factories
from tests.helpers import Page

Q3 = {"name_en": "Q3 2026", "name_cy": "Ch3 2026", "starts_on": ["1", "10", "2026"], "ends_on": ["31", "12", "2026"]}


def _count():
    return db.session.scalar(select(func.count()).select_from(ReportingPeriod))


def _audit(action):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


@pytest.mark.parametrize(("lang", "message"), [
    ("en", "Q3 2026 already covers some of these days (1 October 2026 to 31 December 2026). Periods cannot overlap."),
    ("cy", "Mae Ch3 2026 eisoes yn cynnwys rhai o'r diwrnodau hyn (1 Hydref 2026 i 31 Rhagfyr 2026). "
           "Ni all cyfnodau orgyffwrdd."),
])
def test_a_second_period_with_the_same_dates_is_refused(sign_in, lang, message):
    client = sign_in(factories.make_user(Role.ADMIN), lang=lang)
    assert client.submit(f"/{lang}/reports/targets", Q3).status_code == 302
    response = client.submit(f"/{lang}/reports/targets", {**Q3, "name_en": "Q3 again"})
    page = Page(response)
    assert response.status_code == 400
    assert page.error_summary() == [message]
    assert page.field_value("name_en") == "Q3 again"
    assert _count() == 1


@pytest.mark.parametrize(("starts", "ends"), [
    (["1", "12", "2026"], ["28", "2", "2027"]),  # starts inside
    (["1", "9", "2026"], ["1", "10", "2026"]),  # ends on its first day
    (["1", "1", "2026"], ["31", "12", "2027"]),  # covers it
])
def test_overlapping_periods_are_refused(sign_in, starts, ends):
    client = sign_in(factories.make_user(Role.ADMIN))
    client.submit("/en/reports/targets", Q3)
    response = client.submit("/en/reports/targets", {"name_en": "Other", "name_cy": "Arall",
                                                     "starts_on": starts, "ends_on": ends})
    assert response.status_code == 400
    assert "Periods cannot overlap" in Page(response).error_summary()[0]
    assert _count() == 1


def test_a_period_next_to_another_and_a_duplicate_name_are_told_apart(sign_in):
    client = sign_in(factories.make_user(Role.ADMIN))
    client.submit("/en/reports/targets", Q3)
    next_quarter = {"name_en": "Q4 2026", "name_cy": "Ch4 2026", "starts_on": ["1", "1", "2027"],
                    "ends_on": ["31", "3", "2027"]}
    assert client.submit("/en/reports/targets", next_quarter).status_code == 302
    response = client.submit("/en/reports/targets", {**next_quarter, "name_en": "q3 2026",
                                                     "starts_on": ["1", "4", "2027"], "ends_on": ["30", "6", "2027"]})
    assert Page(response).error_summary() == ["There is already a period called q3 2026"]
    assert _count() == 2


def test_the_rule_holds_in_the_service_too():
    factories.make_reporting_period(name_en="Q3 2026", name_cy="Ch3 2026", starts_on=date(2026, 10, 1),
                                    ends_on=date(2026, 12, 31))
    with pytest.raises(services.PeriodClash):
        services.add_period("Copy", "Copi", date(2026, 10, 1), date(2026, 12, 31))


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_an_admin_changes_a_period_and_the_change_is_audited_with_before_and_after(sign_in, lang):
    admin = factories.make_user(Role.ADMIN)
    client = sign_in(admin, lang=lang)
    period = factories.make_reporting_period(name_en="Q3 2026", name_cy="Ch3 2026", starts_on=date(2026, 10, 1),
                                             ends_on=date(2026, 12, 31))
    factories.make_reporting_period(name_en="Q4 2026", name_cy="Ch4 2026", starts_on=date(2027, 1, 1),
                                    ends_on=date(2027, 3, 31))
    url = f"/{lang}/reports/targets/{period.id}/edit"
    page = client.page(url)
    assert page.field_value("name_en") == "Q3 2026"
    # Moving it over the next period is refused, with what was typed kept.
    response = client.submit(url, {**Q3, "name_en": "Quarter 3", "ends_on": ["15", "1", "2027"]})
    assert response.status_code == 400
    assert Page(response).field_value("name_en") == "Quarter 3"
    # Its own dates do not count as an overlap with itself.
    response = client.submit(url, {**Q3, "name_en": "Quarter 3", "ends_on": ["30", "12", "2026"]})
    assert response.status_code == 302
    db.session.expire_all()
    stored = db.session.get(ReportingPeriod, period.id)
    assert (stored.name_en, stored.ends_on) == ("Quarter 3", date(2026, 12, 30))
    [event] = _audit("reporting_period_changed")
    assert event.actor_id == admin.id
    assert event.details["name_en_old"] == "Q3 2026"
    assert event.details["name_en_new"] == "Quarter 3"
    assert event.details["ends_on_old"] == "2026-12-31"
    assert event.details["ends_on_new"] == "2026-12-30"
    assert "starts_on_old" not in event.details


def test_a_period_without_targets_is_removed_at_once_and_audited(sign_in):
    admin = factories.make_user(Role.ADMIN)
    client = sign_in(admin)
    period = factories.make_reporting_period()
    name = period.name_en
    response = client.submit(f"/en/reports/targets/{period.id}/remove", {}, token_from="/en/reports/targets")
    assert response.status_code == 302
    assert _count() == 0
    [event] = _audit("reporting_period_removed")
    assert event.actor_id == admin.id
    assert event.details["name_en"] == name
    assert event.details["targets"] == 0


@pytest.mark.parametrize(("lang", "question"), [
    ("en", "This period has targets"), ("cy", "Mae gan y cyfnod hwn dargedau"),
])
def test_a_period_with_targets_asks_first_and_then_goes_with_its_targets(sign_in, lang, question):
    client = sign_in(factories.make_user(Role.ADMIN), lang=lang)
    period = factories.make_reporting_period()
    factories.make_target(period, engaged=2800, supported=1400)
    url = f"/{lang}/reports/targets/{period.id}/remove"
    response = client.submit(url, {}, token_from=f"/{lang}/reports/targets")
    assert response.status_code == 200
    page = Page(response)
    assert question in page.h1
    assert "2,800" in page.text("#targets")
    assert _count() == 1
    response = client.submit(url, {"confirm": "yes"})
    assert response.status_code == 302
    assert _count() == 0
    assert db.session.scalar(select(func.count()).select_from(Target)) == 0
    [event] = _audit("reporting_period_removed")
    assert event.details["targets"] == 1


def test_the_default_period_is_the_one_containing_today_not_the_newest(sign_in):
    today = today_in_wales()
    past = factories.make_reporting_period(name_en="Long ago", name_cy="Amser maith yn ôl",
                                           starts_on=date(2020, 4, 1), ends_on=date(2021, 3, 31))
    future = factories.make_reporting_period(name_en="Next year", name_cy="Y flwyddyn nesaf",
                                             starts_on=today + timedelta(days=400),
                                             ends_on=today + timedelta(days=700))
    client = sign_in(factories.make_user(Role.STAFF))
    page = client.page("/en/reports/")
    # No stored period contains today: the financial year containing today, said plainly.
    year = services.financial_year(today)
    assert year.name_en in page.text("main")
    assert "No reporting period contains today" in page.text("main")
    assert future.name_en not in page.text("h1")
    current = factories.make_reporting_period(name_en="This quarter", name_cy="Y chwarter hwn",
                                              starts_on=today - timedelta(days=10), ends_on=today + timedelta(days=10))
    page = client.page("/en/reports/")
    assert page.soup.select_one("select[name=period] option[selected]")["value"] == str(current.id)
    # Choosing another period is kept in the URL, and every link from the page keeps it.
    page = client.page(f"/en/reports/?period={past.id}")
    assert "Long ago" in page.text("main")
    links = [a["href"] for a in page.soup.select("main a[href*='/reports/']")]
    assert links
    assert all(f"period={past.id}" in href for href in links)
    # Another person's dashboard still opens on today's period.
    other = sign_in(factories.make_user(Role.ADMIN)).page("/en/reports/")
    assert other.soup.select_one("select[name=period] option[selected]")["value"] == str(current.id)


def test_a_removed_period_in_an_old_link_says_so_and_shows_the_default(sign_in):
    client = sign_in(factories.make_user(Role.STAFF))
    page = client.page("/en/reports/?period=999999")
    assert "That reporting period no longer exists" in page.text("main")
