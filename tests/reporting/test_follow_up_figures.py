"""Outcome follow-up figures on the dashboard, their drill-downs and both exports, in both languages."""

import csv
import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bench.generate import generate
from portal.eligibility.tiers import EligibilityStatus
from portal.extensions import db
from portal.programme import services as programme
from portal.programme.models import FollowUpStatus, OutcomeFollowUp
from portal.security import Role
from portal.timeutil import utcnow
from tests import factories
from tests.helpers import count_queries


def _period():
    today = utcnow().date()
    return factories.make_reporting_period(starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=30))


def _follow_up(state, choices=(), la_code="W06000015", name=None):
    """An organisation whose WHP was six months ago and whose follow-up is now ``state``."""
    organisation = factories.make_organisation(name=name, la_code=la_code,
                                               eligibility_status=EligibilityStatus.VERIFIED)  # only its WHP counts
    if state != "not_sent":
        factories.make_user(Role.EMPLOYER, organisation=organisation)
    follow_up = factories.make_outcome_follow_up(organisation)
    follow_up.send_after = utcnow() - timedelta(days=1)
    programme.send_due_follow_ups()
    if state == "answered":
        programme.answer_follow_up(follow_up, "In our words", list(choices))
    elif state == "no_response":
        follow_up.respond_by = utcnow() - timedelta(minutes=1)
        programme.close_unanswered_follow_ups()
    db.session.commit()
    assert db.session.get(OutcomeFollowUp, follow_up.id).status == state
    return organisation


@pytest.fixture
def follow_ups():
    period = _period()
    made = {
        "answered": [_follow_up("answered", ["policy", "champion"], name="Ateb Un"),
                     _follow_up("answered", ["nothing_yet"], name="Ateb Dau")],
        "sent": [_follow_up("sent", name="Aros Un")],
        "no_response": [_follow_up("no_response", name="Tawel Un")],
        "not_sent": [_follow_up("not_sent", name="Neb Un"), _follow_up("not_sent", name="Neb Dau")],
    }
    # Another partner's organisation (north Wales), kept out of south-east staff's figures.
    other = _follow_up("answered", ["policy"], la_code="W06000001", name="Gogledd Un")
    return period, made, other


def _cell(page, selector):
    return page.text(selector).split("–")[0].strip()


@pytest.mark.parametrize(("lang", "state_word"), [("en", "No response"), ("cy", "Dim ymateb")])
def test_dashboard_counts_each_state_and_outcome_with_drill_downs(sign_in, follow_ups, lang, state_word):
    period, made, _other = follow_ups
    client = sign_in(factories.make_user(Role.ADMIN), lang=lang)
    page = client.page(f"/{lang}/reports/?period={period.id}")
    expected = {"sent": 1, "answered": 3, "no_response": 1, "not_sent": 2, "scheduled": 0}
    for state, count in expected.items():
        assert _cell(page, f"#follow-ups td[data-state={state}]") == str(count), state
    assert page.text("#follow-ups-total") == "7"
    assert state_word in page.text("#follow-ups")
    assert _cell(page, "#outcomes td[data-outcome=policy]") == "2"
    assert _cell(page, "#outcomes td[data-outcome=champion]") == "1"
    assert _cell(page, "#outcomes td[data-outcome=nothing_yet]") == "1"
    assert _cell(page, "#outcomes td[data-outcome=absence]") == "0"
    link = page.soup.select_one("#follow-ups td[data-state=not_sent] a")["href"]
    listing = client.page(link)
    names = sorted(a.get_text(strip=True) for a in listing.soup.select("#organisations tbody td:first-child a"))
    assert names == ["Neb Dau", "Neb Un"]
    policy = client.page(page.soup.select_one("#outcomes td[data-outcome=policy] a")["href"])
    assert sorted(a.get_text(strip=True) for a in policy.soup.select("#organisations tbody td:first-child a")) == [
        "Ateb Un", "Gogledd Un"]


def test_staff_see_their_partners_follow_ups_only(sign_in, follow_ups):
    period, _made, _other = follow_ups
    page = sign_in(factories.make_user(Role.STAFF)).page(f"/en/reports/?period={period.id}")
    assert _cell(page, "#follow-ups td[data-state=answered]") == "2"
    assert _cell(page, "#outcomes td[data-outcome=policy]") == "1"


def test_a_phone_answer_recorded_by_staff_counts_as_answered(sign_in, follow_ups):
    period, made, _other = follow_ups
    organisation = made["not_sent"][0]
    follow_up = db.session.scalar(select(OutcomeFollowUp).where(OutcomeFollowUp.organisation_id == organisation.id))
    staff = factories.make_user(Role.STAFF)
    programme.record_staff_answer(follow_up, staff, "On the phone", ["absence"])
    db.session.commit()
    page = sign_in(staff).page(f"/en/reports/?period={period.id}")
    assert _cell(page, "#follow-ups td[data-state=not_sent]") == "1"
    assert _cell(page, "#outcomes td[data-outcome=absence]") == "1"


@pytest.mark.parametrize(("lang", "header", "state", "outcome"), [
    ("en", "Outcome follow-up", "Not sent: no one to receive it", "We have a well-being champion"),
    ("cy", "Dilyniant canlyniadau", "Heb ei anfon: does neb i'w dderbyn", "Mae gennym hyrwyddwr llesiant"),
])
def test_both_exports_give_the_follow_up_figures_in_words(sign_in, follow_ups, lang, header, state, outcome):
    period, _made, _other = follow_ups
    client = sign_in(factories.make_user(Role.ADMIN), lang=lang)
    text = client.get(f"/{lang}/reports/export/organisations.csv?period={period.id}&follow_up=not_sent")
    rows = list(csv.DictReader(io.StringIO(text.data.decode("utf-8-sig"))))
    assert [r[header] for r in rows] == [state, state]
    answered = client.get(f"/{lang}/reports/export/organisations.xlsx?period={period.id}&outcome=champion")
    sheet = load_workbook(io.BytesIO(answered.data)).active
    values = list(sheet.iter_rows(values_only=True))
    column = values[0].index({"en": "Outcomes chosen", "cy": "Canlyniadau a ddewiswyd"}[lang])
    assert len(values) == 2
    assert outcome in values[1][column]
    figures = client.get(f"/{lang}/reports/export/figures.csv?period={period.id}")
    table = list(csv.reader(io.StringIO(figures.data.decode("utf-8-sig"))))
    by_item = {row[1]: row[2] for row in table if len(row) > 2}
    assert by_item[state] == "2"
    assert by_item[outcome] == "1"


def test_follow_up_figures_use_a_fixed_number_of_queries_for_10_or_1000_organisations(sign_in):
    today = utcnow().date()
    period = factories.make_reporting_period(starts_on=today - timedelta(days=1200), ends_on=today)
    client = sign_in(factories.make_user(Role.ADMIN))
    generate(organisations=10, tag="ten", seed=3, max_engagements=2, max_interventions=3)
    db.session.commit()
    with count_queries() as small:
        page = client.page(f"/en/reports/?period={period.id}")
    generate(organisations=990, tag="thousand", seed=4, max_engagements=2, max_interventions=3)
    db.session.commit()
    with count_queries() as large:
        page = client.page(f"/en/reports/?period={period.id}")
    assert large.count == small.count
    assert int(page.text("#follow-ups-total").replace(",", "")) > 0
    assert db.session.scalar(select(OutcomeFollowUp.id).where(
        OutcomeFollowUp.status == FollowUpStatus.NOT_SENT).limit(1)) is not None
