"""The evaluation dataset (issue 15 item 7): pseudonymous, consenting organisations only, in words."""

import csv
import hashlib
import hmac
import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update

from bench.generate import generate
from portal.engagement.services import void_engagement
from portal.extensions import db
from portal.organisations.models import Organisation
from portal.reference.models import Intermediary
from portal.reporting.evaluation import DATASET_COLUMNS, Pseudonymiser, engagement_rows, intervention_rows, new_key
from portal.reporting.services import Period
from portal.security import Role
from portal.timeutil import utcnow
from tests import factories
from tests.helpers import Page, count_queries

HEADER_EN = [
    "Organisation key", "Record", "Type", "Date", "Delivery partner", "Local authority", "Sector", "Size band",
    "Language for emails and paperwork", "Language for training and visits", "How they heard", "Intermediary",
    "Counted as an intervention", "Voided",
]
HEADER_CY = [
    "Allwedd y sefydliad", "Cofnod", "Math", "Dyddiad", "Partner cyflenwi", "Awdurdod lleol", "Sector", "Band maint",
]

# Everything that names, reaches or locates an organisation or its people, or that staff typed.
SECRETS = {
    "name": ["Bara Cudd Llanelli Ltd", "Hidden Widgets of Wrexham", "Nonconsenting Foundry"],
    "reference": ["HWW-SECRET1", "HWW-SECRET2", "HWW-SECRET3"],
    "contact": ["Gwenllian Cuddiedig", "gwen.cudd@example.org", "07700 900123", "Jobtitle Covert"],
    "member": ["Owain Anhysbys", "owain.anhysbys@example.org"],
    "address": ["12 Hidden Street", "Unit 4 Covert Park", "Nowheresville", "SA15 9ZZ", "LL11 9QQ"],
    "free text": ["My cousin Bartholomew", "Private note xyzzy", "Outcome text plugh", "Follow-up note frobnicate"],
}


def _secret_organisation(n, consent, **fields):
    today = utcnow().date()
    return factories.make_organisation(
        name=SECRETS["name"][n],
        reference=SECRETS["reference"][n],
        eligibility_status="verified",
        evaluation_consent=consent,
        evaluation_consent_at=utcnow() if consent else None,
        address_line_1=SECRETS["address"][0],
        address_line_2=SECRETS["address"][1],
        town=SECRETS["address"][2],
        contact_name=SECRETS["contact"][0],
        contact_email=SECRETS["contact"][1],
        contact_phone=SECRETS["contact"][2],
        contact_job_title=SECRETS["contact"][3],
        created_at=utcnow() - timedelta(days=today.day + 200),
        commit=False,
        **fields,
    )


@pytest.fixture
def seeded():
    """Two consenting organisations and one that did not consent, each with engagements and interventions.

    Consenting: 3 engagements in the period for the first (one voided, one counted, so it is also an
    intervention) plus one attended session, and one outside the period; 1 engagement and 1 intervention
    for the second. 7 rows in all.
    """
    today = utcnow().date()
    period = factories.make_reporting_period(starts_on=today - timedelta(days=100), ends_on=today + timedelta(days=10))
    business_wales = db.session.scalar(select(Intermediary).where(Intermediary.name_en == "Business Wales"))
    bakery = _secret_organisation(0, True, postcode=SECRETS["address"][3], heard_via="intermediary",
                                  intermediary_id=business_wales.id, correspondence_language="cy",
                                  support_language="cy", employee_count=8)
    widgets = _secret_organisation(1, True, postcode=SECRETS["address"][4], heard_via="other",
                                   heard_via_other=SECRETS["free text"][0], la_code="W06000006",
                                   employee_count=120)
    refused = _secret_organisation(2, False, postcode=SECRETS["address"][3], la_code="W06000023",
                                   sector=factories.sector("agriculture"), heard_via="event")
    factories.make_user(Role.EMPLOYER, email=SECRETS["member"][1], full_name=SECRETS["member"][0],
                        organisation=bakery, commit=False)
    adviser = factories.make_user(Role.STAFF)
    notes = {"notes": SECRETS["free text"][1], "outcome": SECRETS["free text"][2],
             "follow_up_on": today + timedelta(days=5), "follow_up_note": SECRETS["free text"][3]}
    factories.make_engagement(bakery, adviser, type="phone_call", occurred_on=today - timedelta(days=20), **notes)
    factories.make_engagement(bakery, adviser, type="advice_session", occurred_on=today - timedelta(days=15))
    mistaken = factories.make_engagement(bakery, adviser, type="meeting", occurred_on=today - timedelta(days=12))
    void_engagement(mistaken, adviser, "Logged by mistake")
    factories.make_engagement(bakery, adviser, type="meeting", occurred_on=today - timedelta(days=150))
    factories.make_intervention(bakery, kind="session_attended", occurred_at=utcnow() - timedelta(days=5))
    factories.make_engagement(widgets, adviser, type="email", occurred_on=today - timedelta(days=3), **notes)
    factories.make_intervention(widgets, kind="visit_delivered", occurred_at=utcnow() - timedelta(days=2))
    factories.make_engagement(refused, adviser, type="advice_session", occurred_on=today - timedelta(days=10))
    factories.make_engagement(refused, adviser, type="phone_call", occurred_on=today - timedelta(days=9))
    factories.make_intervention(refused, kind="training_completed", occurred_at=utcnow() - timedelta(days=4))
    db.session.commit()
    return period, bakery, widgets, refused


def _csv_rows(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.data.decode("utf-8-sig")
    return text, list(csv.reader(io.StringIO(text)))


def _xlsx_rows(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    sheet = load_workbook(io.BytesIO(response.data)).active
    return [list(row) for row in sheet.iter_rows()]


def test_the_dataset_names_no_one_and_leaves_out_those_who_did_not_consent(seeded, sign_in):
    period, bakery, widgets, refused = seeded
    client = sign_in(factories.make_user(Role.ADMIN))
    text, rows = _csv_rows(client, f"/en/reports/export/evaluation.csv?period={period.id}")
    header, body = rows[0], rows[1:]
    assert header == HEADER_EN
    for kind, values in SECRETS.items():
        for value in values:
            assert value.lower() not in text.lower(), f"{kind}: {value}"
    # The organisation that did not consent is nowhere: not its area, sector or channel.
    assert "Powys" not in text
    assert "Agriculture" not in text
    assert "Event" not in text
    assert len(body) == 7, "3 + 1 engagements and 2 + 1 interventions of the two that consented"
    found = [dict(zip(header, row, strict=True)) for row in body]
    by_key = {}
    for row in found:
        by_key.setdefault(row["Organisation key"], []).append(row)
    assert sorted(len(v) for v in by_key.values()) == [2, 5], "one key per organisation, the same on all its rows"
    bakery_rows = next(v for v in by_key.values() if len(v) == 5)
    widget_rows = next(v for v in by_key.values() if len(v) == 2)
    assert {r["Local authority"] for r in bakery_rows} == {"Cardiff"}
    assert {r["Local authority"] for r in widget_rows} == {"Wrexham"}
    assert {r["How they heard"] for r in bakery_rows} == {"Intermediary"}
    assert {r["Intermediary"] for r in bakery_rows} == {"Business Wales"}
    assert {r["How they heard"] for r in widget_rows} == {"Other"}
    assert {r["Intermediary"] for r in widget_rows} == {""}
    assert {r["Size band"] for r in bakery_rows} == {"Micro (fewer than 10 employees)"}
    assert {r["Language for emails and paperwork"] for r in bakery_rows} == {"Welsh"}
    # Every record in words, counted and voided as the programme counts them.
    kinds = sorted((r["Record"], r["Type"], r["Counted as an intervention"], r["Voided"]) for r in bakery_rows)
    assert kinds == [
        ("Engagement", "Advice session", "Yes", "No"),
        ("Engagement", "Meeting", "No", "Yes"),
        ("Engagement", "Phone call", "No", "No"),
        ("Intervention", "Support from an adviser", "Yes", "No"),
        ("Intervention", "Webinar or event attended", "Yes", "No"),
    ]
    today = utcnow().date()
    assert {r["Date"] for r in bakery_rows if r["Type"] == "Phone call"} == {(today - timedelta(days=20)).isoformat()}
    assert all(r["Delivery partner"] for r in found)
    # No raw codes.
    for code in ("phone_call", "advice_session", "session_attended", "visit_delivered", "intermediary", "other"):
        assert code not in {value for row in body for value in row}


def test_the_excel_dataset_holds_nothing_that_identifies_either(seeded, sign_in):
    period, *_organisations = seeded
    client = sign_in(factories.make_user(Role.ADMIN))
    rows = _xlsx_rows(client, f"/en/reports/export/evaluation.xlsx?period={period.id}")
    values = [cell.value for row in rows for cell in row]
    assert [cell.value for cell in rows[0]] == HEADER_EN
    assert len(rows) == 8
    texts = [str(v).lower() for v in values if v is not None]
    for kind, secrets in SECRETS.items():
        for secret in secrets:
            assert not any(secret.lower() in t for t in texts), f"{kind}: {secret}"
    keys = [row[0] for row in rows[1:]]
    assert all(cell.data_type == "s" and len(cell.value) == 64 for cell in keys), "keys are text cells"
    dates = [row[3] for row in rows[1:]]
    assert all(cell.is_date for cell in dates)
    assert len({cell.value for cell in keys}) == 2


def test_keys_are_stable_within_one_export_and_differ_between_two(seeded, sign_in):
    period, *_organisations = seeded
    client = sign_in(factories.make_user(Role.ADMIN))
    url = f"/en/reports/export/evaluation.csv?period={period.id}"
    first = {row[0] for row in _csv_rows(client, url)[1][1:]}
    second = {row[0] for row in _csv_rows(client, url)[1][1:]}
    excel = {row[0].value for row in _xlsx_rows(client, url.replace(".csv", ".xlsx"))[1:]}
    assert len(first) == len(second) == len(excel) == 2
    assert first.isdisjoint(second)
    assert first.isdisjoint(excel)
    assert second.isdisjoint(excel)
    # The keyed hash itself: the same id and key give the same key; another key, another.
    key = new_key()
    assert len(key) == 32
    assert key != new_key()
    assert Pseudonymiser(key)(7) == Pseudonymiser(key)(7) != Pseudonymiser(key)(8)
    assert Pseudonymiser(key)(7) != Pseudonymiser(new_key())(7)
    assert key.hex() not in repr(Pseudonymiser(key))


def test_headers_and_words_in_welsh(seeded, sign_in):
    period, *_organisations = seeded
    client = sign_in(factories.make_user(Role.ADMIN, language="cy"))
    _text, rows = _csv_rows(client, f"/cy/reports/export/evaluation.csv?period={period.id}")
    assert rows[0][: len(HEADER_CY)] == HEADER_CY
    words = {value for row in rows[1:] for value in row}
    assert {"Ymgysylltiad", "Ymyriad", "Caerdydd", "Wrecsam", "Busnes Cymru", "Cyfryngwr"} <= words
    sheet = _xlsx_rows(client, f"/cy/reports/export/evaluation.xlsx?period={period.id}")
    assert [cell.value for cell in sheet[0]][: len(HEADER_CY)] == HEADER_CY


def test_the_period_and_partner_narrow_the_dataset(seeded, sign_in):
    period, bakery, widgets, _refused = seeded
    today = utcnow().date()
    earlier = factories.make_reporting_period("Earlier", "Cynharach", starts_on=today - timedelta(days=200),
                                              ends_on=today - timedelta(days=101))
    client = sign_in(factories.make_user(Role.ADMIN))
    _text, rows = _csv_rows(client, f"/en/reports/export/evaluation.csv?period={earlier.id}")
    assert [(r[1], r[2]) for r in rows[1:]] == [("Engagement", "Meeting")]
    assert bakery.partner_id != widgets.partner_id
    url = f"/en/reports/export/evaluation.csv?period={period.id}&partner={widgets.partner_id}"
    _text, rows = _csv_rows(client, url)
    assert len(rows) == 3
    assert {r[5] for r in rows[1:]} == {"Wrexham"}


def test_only_administrators_see_or_download_it(seeded, sign_in):
    period, *_organisations = seeded
    admin = sign_in(factories.make_user(Role.ADMIN))
    page = admin.page(f"/en/reports/?period={period.id}")
    links = [a["href"] for a in page.soup.select("#evaluation-downloads a")]
    assert len(links) == 2
    assert all("/reports/export/evaluation." in href for href in links)
    assert all(f"period={period.id}" in href for href in links)
    staff = sign_in(factories.make_user(Role.STAFF))
    assert Page(staff.get(f"/en/reports/?period={period.id}")).soup.select_one("#evaluation-downloads") is None
    assert staff.get(f"/en/reports/export/evaluation.csv?period={period.id}").status_code == 403


def _export_queries(client, period):
    with count_queries() as counter:
        response = client.get(f"/en/reports/export/evaluation.xlsx?period={period.id}")
    assert response.status_code == 200
    return counter.count, sum(1 for _row in load_workbook(io.BytesIO(response.data), read_only=True).active.iter_rows())


def test_the_export_runs_a_fixed_number_of_queries_whatever_the_data_size(sign_in):
    today = utcnow().date()
    period = factories.make_reporting_period(starts_on=today - timedelta(days=1200), ends_on=today + timedelta(days=10))
    client = sign_in(factories.make_user(Role.ADMIN))
    generate(organisations=10, tag="small", max_engagements=2, max_interventions=2)
    db.session.execute(update(Organisation).values(evaluation_consent=True))
    db.session.commit()
    small, small_rows = _export_queries(client, period)
    generate(organisations=1000, tag="large", seed=9, max_engagements=2, max_interventions=2)
    db.session.execute(update(Organisation).values(evaluation_consent=True))
    db.session.commit()
    large, large_rows = _export_queries(client, period)
    assert large_rows > small_rows + 1000
    assert small == large


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_both_statements_give_the_columns_the_export_unpacks_in_its_order(app, lang):
    """The export reads each row by position (many times quicker than by name), so the order is the contract."""
    period = Period(utcnow().date() - timedelta(days=30), utcnow().date())
    for rows in (engagement_rows(period, lang=lang), intervention_rows(period, lang=lang)):
        assert tuple(rows.keys()) == DATASET_COLUMNS
        rows.close()


def test_a_key_is_the_hmac_of_the_organisation_id():
    key = new_key()
    assert Pseudonymiser(key)(7) == hmac.new(key, b"7", hashlib.sha256).hexdigest()
