"""For a generated data set, every dashboard figure equals the rows behind it.

Each figure on the dashboard (totals, groups, local authorities, sectors, size
bands, months) links to a drill-down list; the figure must equal that list's
length and the number of rows in the organisation-level export, and agree with
the programme rules' own summary.
"""

import csv
import io
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bench.generate import PASSWORD, generate
from portal.accounts.models import User
from portal.engagement.services import correct_engagement, log_engagement, void_engagement
from portal.extensions import db
from portal.organisations.models import Organisation
from portal.programme.labels import OUTCOME_CHOICES
from portal.programme.models import EqualityStrategyRecord, OutcomeFollowUp, ProgrammeCycle
from portal.programme.rules import status_rows, summarise
from portal.programme.services import cycle_void_refusal, start_new_cycle, void_cycle, void_equality_record
from portal.reference.models import Intermediary
from portal.reporting.labels import CHANNEL_LABELS
from portal.reporting.models import FIGURES
from portal.reporting.services import CHANNELS, OUTCOMES, Period, report_rows, rules_in_use
from portal.visits import services as visits
from tests import factories
from tests.helpers import Page


@pytest.fixture
def data_set():
    generated = generate(organisations=70, years=3, seed=6, tag="recon", max_engagements=4, max_interventions=5)
    _corrections(generated)
    _channels()
    end = generated.end.date()
    period = factories.make_reporting_period(starts_on=end - timedelta(days=540), ends_on=end, commit=False)
    db.session.commit()
    return generated, period


def _corrections(generated):
    """Staff corrections mixed in: counted engagements voided and re-dated, E&D records voided,
    delivered visits voided or re-dated, second programmes voided as started by mistake."""
    staff = db.session.scalar(select(User).where(User.email == generated.staff_email))
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.id)).all()
    logged = [
        log_engagement(
            o,
            staff,
            type="advice_session",
            adviser_id=staff.id,
            occurred_on=generated.end.date() - timedelta(days=20 * n),
        )
        for n, o in enumerate(organisations[::3])
    ]
    for n, item in enumerate(logged):
        if n % 3 == 0:
            void_engagement(item, staff, "Logged by mistake")
        elif n % 3 == 1:
            correct_engagement(
                item,
                staff,
                "Wrong day",
                type=item.type,
                occurred_on=item.occurred_on - timedelta(days=45),
                duration_minutes=None,
                adviser_id=staff.id,
                notes=None,
                outcome=None,
            )
    for entry in db.session.scalars(select(EqualityStrategyRecord).order_by(EqualityStrategyRecord.id)).all()[::4]:
        void_equality_record(entry, staff, "Recorded twice")
    # Delivered visits, one in three voided as never held and one in three re-dated and re-typed.
    for n, organisation in enumerate(organisations[1::4]):
        held = generated.end - timedelta(days=30 + 15 * n)
        visit = factories.make_visit(organisation, status="scheduled", scheduled_for=held, commit=False)
        db.session.flush()
        visits.mark_delivered(visit, now=held + timedelta(hours=4))
        if n % 3 == 0:
            visits.void_delivered_visit(visit, staff, "The visit did not happen")
        elif n % 3 == 1:
            visits.correct_delivered_visit(visit, staff, "Wrong day", took_place_on=held.date() - timedelta(days=40),
                                           visit_type="policy-support", staff_count=4)
    # Second programmes started by mistake after a WHP, with support in them, then voided.
    for cycle in db.session.scalars(select(ProgrammeCycle).where(
            ProgrammeCycle.ended_at.is_(None), ProgrammeCycle.whp_implemented_at.is_not(None))
            .order_by(ProgrammeCycle.id)).all()[::3]:
        organisation = db.session.get(Organisation, cycle.organisation_id)
        second = start_new_cycle(organisation, staff)
        log_engagement(organisation, staff, type="advice_session", adviser_id=staff.id,
                       occurred_on=generated.end.date() - timedelta(days=2))
        if cycle_void_refusal(second) is None:
            void_cycle(second, staff, "Started by mistake")
    db.session.flush()


def _channels():
    """How each organisation heard: every channel, not said, and three intermediaries (a retired one too)."""
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.id)).all()
    named = db.session.scalars(select(Intermediary).order_by(Intermediary.id)).all()[:3]
    named[2].active = False
    codes = [*CHANNELS[:-1], None]
    for n, organisation in enumerate(organisations):
        code = codes[n % len(codes)]
        organisation.heard_via = code
        if code == "intermediary":
            # One in four heard through an intermediary without naming it.
            pick = (n // len(codes)) % 4
            organisation.intermediary_id = named[pick].id if pick < 3 else None
        elif code == "other":
            organisation.heard_via_other = f"A poster in shop {n}"
    db.session.flush()


def _number(text):
    digits = re.sub(r"[^\d]", "", text.split("–")[0])
    return int(digits)


def _drill_down_rows(client, href):
    """Every organisation name listed behind ``href``, following the pages, and the stated total."""
    names, url, total = [], href, None
    while url:
        page = client.page(url)
        if total is None:
            total = _number(page.text("#total"))
        names += [a.get_text(strip=True) for a in page.soup.select("#organisations tbody tr td:first-child a")]
        following = page.soup.select_one(".govuk-pagination__next a")
        url = following["href"] if following else None
    return names, total


def _export_rows(client, href):
    response = client.get(href.replace("/reports/organisations?", "/reports/export/organisations.csv?"))
    assert response.status_code == 200
    text = response.data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_every_dashboard_figure_equals_its_drill_down_and_export(data_set, sign_in):
    generated, period = data_set
    admin = db.session.scalar(select(User).where(User.email == generated.admin_email))
    client = sign_in(admin, password=PASSWORD)
    dashboard = client.page(f"/en/reports/?period={period.id}")
    everything = _export_rows(client, f"/en/reports/organisations?period={period.id}")

    links = dashboard.soup.select("main td a[href*='/reports/organisations']")
    assert len(links) > 40, "the generated data should give figures in every breakdown"
    checked, checked_links = set(), {}
    for link in links:
        figure_count = _number(link.get_text(" ", strip=True))
        names, total = _drill_down_rows(client, link["href"])
        assert figure_count == total == len(names), link["href"]
        exported = _export_rows(client, link["href"])
        assert len(exported) == figure_count, link["href"]
        assert sorted(r["Organisation"].lstrip("'") for r in exported) == sorted(n for n in names)
        checked_links[link["href"]] = names
        query = parse_qs(urlsplit(link["href"]).query)
        if "figure" in query:
            # Each organisation behind a figure has the date it met it, in the month the link is for.
            dates = [r[DATE_HEADINGS[query["figure"][0]]] for r in exported]
            assert all(dates), link["href"]
            if "month" in query:
                assert {d[:7] for d in dates} == {query["month"][0]}, link["href"]
        checked.add(next(f"{key}:{query[key][0]}" for key in ("figure", "follow_up", "outcome") if key in query))
    assert {f"figure:{f}" for f in FIGURES} <= checked
    # Every follow-up state and outcome the generated answers hold has its drill-down too.
    assert {f"follow_up:{s}" for s in ("sent", "answered", "no_response", "not_sent")} <= checked
    assert {f"outcome:{code}" for code in OUTCOMES} <= checked

    # The totals match the organisation-level export and the programme rules' own summary.
    rows = db.session.execute(status_rows(period_start(period), period_end(period), rules=rules_in_use())).all()
    summary = summarise(rows)
    labels = {
        "engaged": "Engaged",
        "supported": "Supported",
        "whp_implemented": "WHP implemented",
        "equality_strategy": "Equality and diversity improved",
    }
    for figure in FIGURES:
        shown = _number(dashboard.text(f"#figures td[data-figure={figure}]"))
        assert shown == summary[figure]["total"]
        assert shown == sum(1 for r in everything if r[labels[figure]] == "Yes")
        assert shown == sum(1 for r in everything if r[DATE_HEADINGS[figure]])
        for group in ("sme", "exception", "large"):
            cell = dashboard.text(f"#groups td[data-figure={figure}][data-group={group}]")
            assert _number(cell) == summary[figure][group]
    assert summary["whp_implemented"]["large"] + summary["engaged"]["exception"] > 0

    # Follow-up states equal the rules' own summary, the organisation export and both figures exports.
    figures_csv = _figures_export(client, period, "csv")
    figures_xlsx = _figures_export(client, period, "xlsx")
    with_follow_ups = everything_with_follow_ups(client, period)
    for state, words in STATES.items():
        shown = _number(dashboard.text(f"#follow-ups td[data-state={state}]"))
        assert shown == summary["follow_up"][state], state
        assert shown == sum(1 for r in with_follow_ups if r["Outcome follow-up"] == words)
        assert figures_csv[("Outcome follow-ups (organisations)", words)] == shown
        assert figures_xlsx[("Outcome follow-ups (organisations)", words)] == shown
    chosen = dict.fromkeys(OUTCOMES, 0)
    for code, words in OUTCOME_CHOICES.items():
        shown = _number(dashboard.text(f"#outcomes td[data-outcome={code}]"))
        exported = [r for r in with_follow_ups if str(words) in r["Outcomes chosen"]]
        assert shown == len(exported) == _answered_choosing(period, code), code
        assert figures_csv[("Outcome chosen (organisations)", str(words))] == shown
        assert figures_xlsx[("Outcome chosen (organisations)", str(words))] == shown
        chosen[code] = shown
    assert sum(chosen.values()) >= summary["follow_up"]["answered"] > 0

    _partners_add_up_and_rates_reconcile(client, dashboard, summary, checked_links)
    _channels_reconcile(client, dashboard, summary, checked_links, figures_csv, figures_xlsx)


def _cell(page, selector):
    """The first number in a cell (a count, or a rate's share), 0 when the cell says so."""
    return _number(page.text(selector))


def _partners_add_up_and_rates_reconcile(client, dashboard, summary, checked_links):
    """The side-by-side table: each partner's figure is its drill-down (checked above, partner in the
    link), and the partners add up to the programme; each rate's numerator and denominator are the
    figures, and every organisation of a numerator is in its denominator."""
    partner_ids = {cell["data-partner"] for cell in dashboard.soup.select("#partners td[data-partner]")} - {"all"}
    assert len(partner_ids) == 2
    for figure in FIGURES:
        parts = [_cell(dashboard, f"#partners td[data-partner='{p}'][data-figure={figure}]") for p in partner_ids]
        assert sum(parts) == _cell(dashboard, f"#partners td[data-partner=all][data-figure={figure}]") \
            == summary[figure]["total"], figure
        for partner in partner_ids:
            link = dashboard.soup.select_one(f"#partners td[data-partner='{partner}'][data-figure={figure}] a")
            if link is not None:
                assert link["href"] in checked_links
                assert f"partner={partner}" in link["href"]
    for state in STATES:
        parts = [_cell(dashboard, f"#partners td[data-partner='{p}'][data-state={state}]") for p in partner_ids]
        assert sum(parts) == summary["follow_up"][state], state
    for code in OUTCOMES:
        parts = [_cell(dashboard, f"#partners td[data-partner='{p}'][data-outcome={code}]") for p in partner_ids]
        assert sum(parts) == _cell(dashboard, f"#outcomes td[data-outcome={code}]"), code
    rates = {"supported_of_engaged": ("supported", "engaged"), "whp_of_supported": ("whp_implemented", "supported"),
             "equality_of_supported": ("equality_strategy", "supported")}
    for scope in ("#rates td", *[f"#partners td[data-partner='{p}']" for p in partner_ids]):
        for rate, (top, bottom) in rates.items():
            cell = dashboard.soup.select_one(f"{scope}[data-rate={rate}]")
            numerator, denominator = cell.select("a")
            assert f"figure={top}" in numerator["href"]
            assert f"figure={bottom}" in denominator["href"]
            above, below = checked_links[numerator["href"]], checked_links[denominator["href"]]
            assert set(above) <= set(below), rate
            share = round(100 * len(above) / len(below)) if below else None
            assert cell.select_one(".app-rate").get_text(strip=True) == f"{share}%", rate
    # E&D is read against its definition: half of the supported organisations.
    assert "50%" in dashboard.text("#rate-equality_of_supported")
    assert "version" in dashboard.text("#rates thead").lower()


def _table(page, selector):
    """A breakdown table as {row name: [(count, link or None) per figure]}."""
    table = {}
    for row in page.soup.select(f"{selector} tbody tr"):
        if row.th is None:
            continue
        cells = row.select("td")
        assert len(cells) == len(FIGURES)
        table[row.th.get_text(strip=True)] = [
            (_number(cell.get_text(" ", strip=True)), cell.a["href"] if cell.a else None) for cell in cells
        ]
    return table


def _channels_reconcile(client, dashboard, summary, checked_links, figures_csv, figures_xlsx):
    """Engaged and supported by how they heard and by intermediary: each cell is its drill-down (checked
    with every link above) and its export rows, which say that channel; engaged >= supported in each;
    every organisation has one channel, so the channels add up to the totals."""
    channels = _table(dashboard, "#channels")
    words = {str(label): code for code, label in CHANNEL_LABELS.items()}
    assert set(channels) == set(words), "the generated data uses every channel, and some did not say"
    for name, cells in channels.items():
        engaged, supported = cells[0][0], cells[1][0]
        assert engaged >= supported, name
        for figure, (count, href) in zip(FIGURES, cells, strict=True):
            if not count:
                assert href is None
                continue
            assert href in checked_links, href
            assert f"channel={words[name]}" in href
            exported = _export_rows(client, href)
            assert len(exported) == count == len(checked_links[href]), href
            assert {r["How they heard"] for r in exported} == {name}, href
            assert all(r[DATE_HEADINGS[figure]] for r in exported)
    for index, figure in enumerate(FIGURES):
        assert sum(cells[index][0] for cells in channels.values()) == summary[figure]["total"], figure
    # The figures export has the same engaged counts, in CSV and in Excel.
    for name, cells in channels.items():
        assert figures_csv[("How they heard", name)] == figures_xlsx[("How they heard", name)] == cells[0][0]

    intermediaries = _table(dashboard, "#intermediaries")
    named = db.session.scalars(select(Intermediary).order_by(Intermediary.id)).all()[:3]
    assert set(intermediaries) == {i.name_en for i in named}, "a retired intermediary still reports"
    for name, cells in intermediaries.items():
        assert cells[0][0] >= cells[1][0] > 0, name
        for count, href in cells:
            if count:
                assert href in checked_links
                assert "intermediary=" in href
                exported = _export_rows(client, href)
                assert len(exported) == count
                assert {(r["How they heard"], r["Intermediary"]) for r in exported} == {("Intermediary", name)}
        assert figures_csv[("Intermediary", name)] == figures_xlsx[("Intermediary", name)] == cells[0][0]
    # Those that named none count under the channel, not under any intermediary.
    through = channels["Intermediary"][0][0]
    assert through > sum(cells[0][0] for cells in intermediaries.values())


DATE_HEADINGS = {
    "engaged": "First engaged on",
    "supported": "Supported on",
    "whp_implemented": "WHP implemented on",
    "equality_strategy": "Equality and diversity improved on",
}
STATES = {
    "sent": "Waiting for an answer",
    "answered": "Answered",
    "no_response": "No response",
    "not_sent": "Not sent: no one to receive it",
    "scheduled": "Not due yet",
}


def everything_with_follow_ups(client, period):
    """The organisation export of every organisation with a follow-up due in the period, by state."""
    rows = []
    for state in STATES:
        rows += _export_rows(client, f"/en/reports/organisations?period={period.id}&follow_up={state}")
    return rows


def _answered_choosing(period, code):
    """Organisations with an answered follow-up due in the period that chose ``code``, counted in Python."""
    start, end = period_start(period), period_end(period)
    return len(
        {
            f.organisation_id
            for f in db.session.scalars(select(OutcomeFollowUp).where(OutcomeFollowUp.status == "answered"))
            if start <= f.send_after < end and code in f.choices
        }
    )


def _figures_export(client, period, fmt):
    """The figures export as {(breakdown, item): first figure column}."""
    response = client.get(f"/en/reports/export/figures.{fmt}?period={period.id}")
    assert response.status_code == 200
    if fmt == "csv":
        table = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    else:
        sheet = load_workbook(io.BytesIO(response.data), read_only=True).active
        table = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    return {
        (row[0], row[1]): int(row[2])
        for row in table
        if len(row) > 2 and row[2] not in ("", None) and str(row[2]).isdigit()
    }


def period_start(period):
    return Period(period.starts_on, period.ends_on).start


def period_end(period):
    return Period(period.starts_on, period.ends_on).end


def test_staff_figures_are_their_partners_only(data_set, sign_in):
    generated, period = data_set
    staff = db.session.scalar(select(User).where(User.email == generated.staff_email))
    client = sign_in(staff, password=PASSWORD)
    page = client.page(f"/en/reports/?period={period.id}")
    rows = db.session.execute(status_rows(period_start(period), period_end(period), partner_id=staff.partner_id)).all()
    all_rows = db.session.execute(status_rows(period_start(period), period_end(period))).all()
    mine, everyone = summarise(rows), summarise(all_rows)
    shown = _number(page.text("#figures td[data-figure=engaged]"))
    assert shown == mine["engaged"]["total"] < everyone["engaged"]["total"]
    exported = _export_rows(client, f"/en/reports/organisations?period={period.id}")
    partner_names = {r["Delivery partner"] for r in exported}
    assert partner_names == {staff.partner.name_en}
    assert Page(client.get(f"/en/reports/?period={period.id}")).soup.select_one("select[name=partner]") is None


def test_a_page_of_organisations_has_the_same_rows_as_the_whole_programme(data_set):
    """The drill-down computes its page's rows for those organisations only: they must be
    exactly the rows the whole programme's computation gives them, column for column."""
    _generated, period = data_set
    report = Period.from_row(period)
    whole = report_rows(report)
    everything = {row.organisation_id: row for row in db.session.execute(select(whole)).all()}
    page = sorted(everything)[3:40:3]
    narrowed = report_rows(report, organisation_ids=page)
    rows = db.session.execute(select(narrowed)).all()
    assert sorted(row.organisation_id for row in rows) == page
    assert any(row.whp_implemented for row in rows)
    assert any(not row.engaged for row in everything.values())
    for row in rows:
        assert row._asdict() == everything[row.organisation_id]._asdict()
