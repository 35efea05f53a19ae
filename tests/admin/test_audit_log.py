"""The audit log people can read: words in both languages, before and after, filters, a CSV export."""

import csv
import io
import re
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.audit import labels
from portal.audit.labels import is_registered, register_action, register_field, register_record_type
from portal.audit.models import AuditEvent
from portal.audit.services import record
from portal.eligibility.tiers import EligibilityStatus
from portal.extensions import db
from portal.reporting.services import set_target
from portal.security import Role
from portal.timeutil import utcnow
from tests import factories
from tests.helpers import Page, count_queries

PORTAL = Path(__file__).resolve().parents[2] / "portal"
# Codes built at run time (f-strings), and every value they can take.
FAMILIES = {
    "eligibility_{outcome}": ["eligibility_approved", "eligibility_more_info", "eligibility_refused",
                              "eligibility_exception"],
    "visit.{decision}": ["visit.scheduled", "visit.proposed", "visit.declined", "visit.cancelled"],
    "network_thread_{action}": ["network_thread_hide", "network_thread_restore", "network_thread_lock",
                                "network_thread_unlock"],
    "network_post_{'hidden' if post.hidden else 'restored'}": ["network_post_hidden", "network_post_restored"],
    "organisation_change_{change.status}": ["organisation_change_accepted", "organisation_change_refused"],
    # Corrections (portal.audit.services.record_correction): the record's table and what was done.
    "{target.__tablename__}_{action}": [
        f"{table}_{action}" for table in ("engagements", "equality_strategy_records", "bookings")
        for action in ("edited", "voided")],
}


def _recorded_actions():
    """Every action code the service records, read from its source."""
    codes, families = set(), set()
    for path in PORTAL.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for fstring, code in re.findall(r"\brecord\(\s*(f?)\"([^\"]+)\"", text):
            (families if fstring else codes).add(code)
        # record("a" if creating else "b", ...)
        for first, second in re.findall(r"\brecord\(\s*\"([^\"]+)\" if \w+ else \"([^\"]+)\"", text):
            codes.update((first, second))
    return codes, families


def test_every_action_the_service_records_has_words():
    codes, families = _recorded_actions()
    assert len(codes) > 30
    assert families <= set(FAMILIES), f"a new family of audit codes needs its values listed: {families}"
    for family in families:
        codes.update(FAMILIES[family])
    assert sorted(c for c in codes if not is_registered(c)) == []


def _target_change(admin):
    period = factories.make_reporting_period(name_en="Q3 2026", name_cy="Ch3 2026", starts_on=date(2026, 10, 1),
                                             ends_on=date(2026, 12, 31))
    set_target(period.id, None, {"engaged": 100}, actor=admin)
    set_target(period.id, None, {"engaged": 120}, actor=admin)
    db.session.commit()
    return period


@pytest.mark.parametrize(("lang", "action", "record", "field"), [
    ("en", "Targets set", "Targets", "Organisations engaged"),
    ("cy", "Targedau wedi'u gosod", "Targedau", "Sefydliadau yr ymgysylltwyd â nhw"),
])
def test_entries_read_in_words_with_before_and_after(sign_in, lang, action, record, field):
    admin = factories.make_user(Role.ADMIN, full_name="Gwen Admin")
    _target_change(admin)
    page = sign_in(admin, lang=lang).page(f"/{lang}/admin/audit")
    row = page.soup.select_one("#audit tr[data-action=reporting_target_set]")
    text = row.get_text(" ", strip=True)
    assert action in text
    assert record in text
    assert "Gwen Admin" in text
    assert field in text
    assert "100" in row.select_one("del").get_text()
    assert "120" in row.select_one("ins").get_text()
    table = page.text("#audit")
    assert "reporting_targets" not in table
    assert "reporting_target_set" not in table


def test_filters_by_person_action_record_and_date(sign_in):
    admin = factories.make_user(Role.ADMIN, full_name="Gwen Admin")
    other = factories.make_user(Role.ADMIN, full_name="Huw Other")
    period = _target_change(admin)
    organisation = factories.make_organisation(name="Filtered Ltd")
    factories.make_engagement(organisation, other)
    old = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "engagement_logged"))
    old.at = utcnow() - timedelta(days=40)
    db.session.commit()
    client = sign_in(admin)

    def actions(query):
        page = client.page(f"/en/admin/audit?{query}")
        return sorted({tr["data-action"] for tr in page.soup.select("#audit tbody tr")})

    assert actions("person=huw") == ["engagement_logged"]
    assert actions("person=gwen&action=reporting_target_set") == ["reporting_target_set"]
    assert actions(f"record_type=reporting_periods&record_id={period.id}") == ["reporting_period_added"]
    day = (utcnow() - timedelta(days=40)).date()
    assert actions(f"start={day.day}&start={day.month}&start={day.year}"
                   f"&end={day.day}&end={day.month}&end={day.year}") == ["engagement_logged"]
    # A date that is not one is explained, and nothing breaks.
    response = client.get("/en/admin/audit?start=31&start=2&start=2026")
    assert response.status_code == 200
    assert Page(response).error_summary() == ["Enter the first day as a real date, like 1 4 2026"]


@pytest.mark.parametrize(("lang", "header", "action"), [
    ("en", "Action", "Targets set"), ("cy", "Cam gweithredu", "Targedau wedi'u gosod"),
])
def test_csv_export_in_words_filtered_and_formula_guarded(sign_in, lang, header, action):
    admin = factories.make_user(Role.ADMIN, full_name="=HYPERLINK(\"http://x\")")
    _target_change(admin)
    client = sign_in(admin, lang=lang)
    response = client.get(f"/{lang}/admin/audit.csv?action=reporting_target_set")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert [r[header] for r in rows] == [action, action]
    who = next(iter(rows[0].values()), None)
    assert who is not None
    assert all(not value.startswith("=") for row in rows for value in row.values())
    assert any("'=HYPERLINK" in value for value in rows[0].values())
    assert any("→" in value for value in rows[0].values())


def test_the_audit_log_runs_a_fixed_number_of_queries(sign_in):
    admin = factories.make_user(Role.ADMIN)
    client = sign_in(admin)
    staff = factories.make_user(Role.STAFF)
    for _ in range(3):
        factories.make_engagement(factories.make_organisation(commit=False), staff, commit=False)
    db.session.commit()
    client.page("/en/admin/audit")
    with count_queries() as small:
        client.page("/en/admin/audit")
    advisers = [factories.make_user(Role.STAFF) for _ in range(12)]
    for n in range(120):
        factories.make_engagement(factories.make_organisation(commit=False), advisers[n % 12], commit=False)
    db.session.commit()
    with count_queries() as large:
        client.page("/en/admin/audit")
    assert large.count == small.count


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "Workplace health programme implemented"), ("cy", "Rhaglen iechyd yn y gweithle wedi'i rhoi ar waith"),
])
def test_the_eligibility_history_is_in_words(sign_in, lang, words):
    # A supported organisation: only its WHP counts.
    organisation = factories.make_organisation(eligibility_status=EligibilityStatus.VERIFIED)
    staff = factories.make_user(Role.STAFF)
    factories.make_engagement(organisation, staff, type="advice_session")
    factories.make_intervention(organisation, support_type="sleep")
    history = sign_in(staff, lang=lang).page(f"/{lang}/eligibility/organisations/{organisation.id}").text("#history")
    assert words in history
    assert "engagement_logged" not in history
    assert "programme_whp_implemented" not in history


def test_a_feature_registers_its_own_action_and_its_entries_slot_in(sign_in, monkeypatch):
    """As a correction would: an action, a record type and before/after values in the nested shape."""
    # The registry is shared by the whole process: leave it as it was afterwards.
    monkeypatch.setitem(labels._ACTIONS, "test_thing_corrected", None)
    monkeypatch.setitem(labels._RECORD_TYPES, "test_things", None)
    register_action("test_thing_corrected", _l("Thing corrected"))
    register_record_type("test_things", _l("Thing"))
    register_field("reason", _l("Reason"))
    admin = factories.make_user(Role.ADMIN)
    organisation = factories.make_organisation()
    record("test_thing_corrected", SimpleNamespace(__tablename__="test_things", id=7), actor=admin,
           organisation_id=organisation.id, before={"type": "phone_call"}, after={"type": "advice_session"},
           reason="Logged as the wrong type")
    db.session.commit()
    row = sign_in(admin).page("/en/admin/audit").soup.select_one("#audit tr[data-action=test_thing_corrected]")
    text = row.get_text(" ", strip=True)
    assert "Thing corrected" in text
    assert "Thing 7" in text
    assert organisation.name in text
    assert row.select_one("del").get_text() == "Phone call"
    assert row.select_one("ins").get_text() == "Advice session"
    assert "Reason: Logged as the wrong type" in text
