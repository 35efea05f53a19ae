"""Administrators add periods and set targets; every change is audited."""

from datetime import date

from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.reporting.models import ReportingPeriod, Target
from portal.reporting.services import choose_period, financial_year, periods, set_target
from portal.security import Role
from tests import factories
from tests.helpers import Page


def _audit(action):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_admin_adds_a_period_then_sets_programme_and_partner_targets(sign_in):
    admin = factories.make_user(Role.ADMIN)
    client = sign_in(admin)
    response = client.submit("/en/reports/targets", {
        "name_en": "Calendar year 2026", "name_cy": "Blwyddyn galendr 2026",
        "starts_on": ["1", "1", "2026"], "ends_on": ["31", "12", "2026"],
    })
    assert response.status_code == 302
    period = db.session.scalar(select(ReportingPeriod))
    assert (period.name_cy, period.starts_on.isoformat(), period.ends_on.isoformat()) == (
        "Blwyddyn galendr 2026", "2026-01-01", "2026-12-31")
    assert _audit("reporting_period_added")[0].actor_id == admin.id

    partner = factories.partner()
    url = f"/en/reports/targets/{period.id}"
    form = client.page(url)
    assert form.soup.select_one(f"#scope-{partner.id} legend").get_text(strip=True) == partner.name_en
    response = client.submit(url, {"programme-engaged": "2800", "programme-supported": "1400",
                                   "programme-whp_implemented": "700", "programme-equality_strategy": "700",
                                   f"{partner.id}-engaged": "1600", f"{partner.id}-supported": "800",
                                   f"{partner.id}-whp_implemented": "400"})
    assert response.status_code == 302
    targets = {t.partner_id: t for t in db.session.scalars(select(Target))}
    assert (targets[None].engaged, targets[None].equality_strategy) == (2800, 700)
    assert (targets[partner.id].engaged, targets[partner.id].equality_strategy) == (1600, None)
    events = _audit("reporting_target_set")
    assert len(events) == 2
    assert all(e.actor_id == admin.id for e in events)
    assert client.page(url).field_value(f"{partner.id}-whp_implemented") == "400"


def test_a_change_is_audited_with_old_and_new_values_and_no_change_is_not():
    period = factories.make_reporting_period()
    set_target(period.id, None, {"engaged": 100})
    set_target(period.id, None, {"engaged": 120})
    set_target(period.id, None, {"engaged": 120})
    db.session.commit()
    events = _audit("reporting_target_set")
    assert len(events) == 2
    assert events[1].details["engaged_old"] == 100
    assert events[1].details["engaged_new"] == 120


def test_invalid_targets_and_dates_are_explained_and_kept(sign_in):
    client = sign_in(factories.make_user(Role.ADMIN))
    period = factories.make_reporting_period()
    page_url = f"/en/reports/targets/{period.id}"
    response = client.submit(page_url, {"programme-engaged": "lots", "programme-supported": "12"})
    assert response.status_code == 200
    page = Page(response)
    assert page.error_summary() == ["Enter the target as a whole number between 0 and 1000000, or leave it blank"]
    assert page.field_value("programme-supported") == "12"
    response = client.submit("/en/reports/targets", {"name_en": "Backwards", "name_cy": "",
                                                     "starts_on": ["1", "4", "2026"], "ends_on": ["1", "1", "2026"]})
    errors = Page(response).error_summary()
    assert "Enter the name of the period in Welsh" in errors
    assert Page(response).field_value("name_en") == "Backwards"
    assert db.session.scalar(select(db.func.count()).select_from(ReportingPeriod)) == 1


def test_last_day_before_first_day_is_refused(sign_in):
    client = sign_in(factories.make_user(Role.ADMIN))
    response = client.submit("/en/reports/targets", {"name_en": "A", "name_cy": "B",
                                                     "starts_on": ["1", "4", "2026"], "ends_on": ["1", "1", "2026"]})
    assert "The last day must be on or after the first day" in Page(response).error_summary()


def test_period_choice_prefers_the_asked_then_the_current_then_this_financial_year():
    old = factories.make_reporting_period(name_en="Old", name_cy="Hen", starts_on=date(2020, 1, 1),
                                          ends_on=date(2020, 12, 31))
    new = factories.make_reporting_period(name_en="New", name_cy="Newydd", starts_on=date(2021, 1, 1),
                                          ends_on=date(2021, 12, 31))
    available = periods()
    assert choose_period(available, old.id).id == old.id
    assert choose_period(available, new.id, today=date(2020, 6, 1)).id == new.id
    assert choose_period(available, None, today=date(2020, 6, 1)).id == old.id
    # The newest period is never everyone's default: outside every period, the financial year.
    assert choose_period(available, None, today=date(2030, 1, 1)) == financial_year(date(2030, 1, 1))
    assert choose_period([], None, today=date(2026, 2, 1)) == financial_year(date(2026, 2, 1))
    assert financial_year(date(2026, 2, 1)).starts_on == date(2025, 4, 1)
