"""Exports open in openpyxl and csv, keep Welsh letters, and never carry a live formula."""

import csv
import io
from datetime import timedelta

import pytest
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from openpyxl import load_workbook

from portal.extensions import db
from portal.reporting.services import EXPORT_COLUMNS, Filters, Period, organisation_rows
from portal.security import Role
from portal.spreadsheets import Percent, csv_row, neutralise
from portal.timeutil import utcnow
from tests import factories

NAMES = ['=HYPERLINK("http://evil.example","x")', "+CMD()", "-2+3", "@SUM(A1)", "Caffi Gwŷr Ŵyn Tŷ"]


@pytest.fixture
def exported(sign_in):
    today = utcnow().date()
    period = factories.make_reporting_period(starts_on=today - timedelta(days=100), ends_on=today + timedelta(days=10))
    for name in NAMES:
        organisation = factories.make_organisation(name=name, eligibility_status="verified", commit=False)
        factories.make_intervention(organisation, commit=False)
    db.session.commit()
    return sign_in(factories.make_user(Role.ADMIN)), period


def _csv(response):
    assert response.data.startswith(b"\xef\xbb\xbf"), "CSV needs a byte order mark for Excel"
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_neutralise_prefixes_formula_starts_only():
    for text in ("=1+1", "+1", "-1", "@x", "\tx", "\rx"):
        assert neutralise(text) == "'" + text
    assert neutralise("Bakery") == "Bakery"
    assert neutralise(-5) == -5
    assert neutralise(None) is None


def test_a_csv_row_is_neutralised_cell_by_cell_and_shares_are_percentages(app):
    row = ["=1+1", "+1", "-1", "@x", "\tx", "\rx", "Bakery", "", -5, 2.5, None, Percent(0.25), _l("Yes")]
    with app.test_request_context("/cy/"), force_locale("cy"):
        cells = csv_row(row)
        assert cells[:11] == [*(neutralise(text) for text in row[:6]), "Bakery", "", -5, 2.5, None]
        assert cells[11] == "25%"
        # A lazy label is not text yet: the csv module makes it text, in the page's language.
        assert str(cells[12]) == "Ydy"
        buffer = io.StringIO()
        csv.writer(buffer).writerow(cells)
        assert buffer.getvalue().startswith("'=1+1,'+1,'-1,'@x,")


def test_organisation_csv_keeps_welsh_letters_and_neutralises_formulas(exported):
    client, period = exported
    response = client.get(f"/cy/reports/export/organisations.csv?period={period.id}")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    rows = _csv(response)
    header, body = rows[0], rows[1:]
    assert header[1] == "Sefydliad"
    names = {row[1] for row in body}
    assert "Caffi Gwŷr Ŵyn Tŷ" in names
    for name in NAMES[:4]:
        assert "'" + name in names
        assert name not in names
    assert {row[header.index("Ymgysylltu")] for row in body} == {"Ydy"}


def test_organisation_xlsx_opens_with_text_not_formulas(exported):
    client, period = exported
    response = client.get(f"/en/reports/export/organisations.xlsx?period={period.id}")
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    sheet = load_workbook(io.BytesIO(response.data)).active
    header = [cell.value for cell in sheet[1]]
    assert header[:2] == ["Reference", "Organisation"]
    cells = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" for cell in cells)
    values = {cell.value for cell in cells}
    assert "Caffi Gwŷr Ŵyn Tŷ" in values
    # A text cell is never run as a formula, so it reads exactly as typed: no apostrophe added.
    for name in NAMES[:4]:
        assert name in values
        assert "'" + name not in values


def test_xlsx_has_real_numbers_percentages_widths_a_frozen_filtered_header(sign_in):
    today = utcnow().date()
    period = factories.make_reporting_period(starts_on=today - timedelta(days=100), ends_on=today + timedelta(days=10))
    factories.make_target(period, engaged=4, supported=8, whp_implemented=None, equality_strategy=None)
    organisation = factories.make_organisation(name="+44 Trading", eligibility_status="verified")
    factories.make_intervention(organisation)
    client = sign_in(factories.make_user(Role.ADMIN))
    figures = load_workbook(io.BytesIO(client.get(f"/en/reports/export/figures.xlsx?period={period.id}").data)).active
    rows = list(figures.iter_rows())
    share = next(row for row in rows if row[1].value == "Percentage of target")
    assert share[2].value == 0.25
    assert share[2].data_type == "n"
    assert share[2].number_format == "0%"
    assert share[4].value is None, "no target, no percentage"
    total = next(row for row in rows if row[1].value == "Total")
    assert total[2].value == 1
    assert total[2].data_type == "n"
    assert figures.freeze_panes == "A6"
    assert figures.auto_filter.ref.startswith("A5:")
    listing = load_workbook(
        io.BytesIO(client.get(f"/en/reports/export/organisations.xlsx?period={period.id}").data)
    ).active
    assert listing.freeze_panes == "A2"
    assert listing.auto_filter.ref == f"A1:{listing.cell(1, listing.max_column).column_letter}2"
    assert listing.column_dimensions["B"].width >= len("+44 Trading")
    name = listing.cell(2, 2)
    assert (name.value, name.data_type) == ("+44 Trading", "s")
    assert listing.cell(2, 8).data_type == "n"  # number of employees
    # The CSV keeps its guard: a file without cell types needs the apostrophe.
    text = client.get(f"/en/reports/export/organisations.csv?period={period.id}").data.decode("utf-8-sig")
    assert "'+44 Trading" in text
    assert "25%" in client.get(f"/en/reports/export/figures.csv?period={period.id}").data.decode("utf-8-sig")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_figures_export_in_the_page_language(exported, fmt):
    client, period = exported
    response = client.get(f"/cy/reports/export/figures.{fmt}?period={period.id}")
    assert response.status_code == 200
    if fmt == "csv":
        rows = _csv(response)
    else:
        rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(response.data)).active.iter_rows()]
    flat = [str(c) for row in rows for c in row if c not in (None, "")]
    assert "Cyfanswm" in flat
    assert "Targed" in flat
    assert "Awdurdod lleol" in flat
    total_row = next(row for row in rows if len(row) > 2 and row[1] == "Cyfanswm")
    assert int(total_row[2]) == len(NAMES)
    target_row = next(row for row in rows if len(row) > 2 and row[1] == "Targed")
    assert target_row[2] in ("", None), "no target was set"


def test_organisation_export_has_figure_dates_follow_up_and_language_choices(sign_in):
    """Issue 15 item 7: the first-engaged, supported, WHP and E&D dates, and both language choices, in words."""
    today = utcnow().date()
    period = factories.make_reporting_period(starts_on=today - timedelta(days=100), ends_on=today + timedelta(days=10))
    welsh = factories.make_organisation(
        name="Becws Bach", eligibility_status="verified", correspondence_language="cy", support_language="either"
    )
    adviser = factories.make_user(Role.STAFF)
    factories.make_engagement(welsh, adviser, occurred_on=today - timedelta(days=30))
    factories.make_intervention(welsh, occurred_at=utcnow() - timedelta(days=10))
    factories.make_equality_strategy_record(welsh, actor=adviser)
    client = sign_in(factories.make_user(Role.ADMIN))
    for lang, dates, languages, words in (
        (
            "en",
            ["First engaged on", "Supported on", "WHP implemented on", "Equality and diversity improved on"],
            ["Language for emails and paperwork", "Language for training and visits"],
            ["Welsh", "Either Welsh or English"],
        ),
        ("cy", None, None, ["Cymraeg", "Cymraeg neu Saesneg"]),
    ):
        [header, row] = _csv(client.get(f"/{lang}/reports/export/organisations.csv?period={period.id}"))
        found = dict(zip(header, row, strict=True))
        if dates:
            assert [found[h] for h in dates] == [
                (today - timedelta(days=30)).isoformat(),
                (today - timedelta(days=10)).isoformat(),
                "",
                today.isoformat(),
            ]
            assert [found[h] for h in languages] == words
        assert row[-4:-2] == words
        if lang == "en":
            assert row[-2:] == ["Not known", ""], "how they heard, in words; no intermediary"
    sheet = load_workbook(
        io.BytesIO(client.get(f"/en/reports/export/organisations.xlsx?period={period.id}").data)
    ).active
    header = [cell.value for cell in sheet[1]]
    engaged = sheet.cell(row=2, column=header.index("First engaged on") + 1)
    assert engaged.is_date
    assert engaged.value.date() == today - timedelta(days=30)


def test_the_organisation_export_fetches_only_the_columns_it_writes(app):
    """At 50,000 organisations, turning unread columns into Python values cost more than finding them."""
    today = utcnow().date()
    period = Period(today - timedelta(days=30), today)
    with app.test_request_context("/cy/"):
        rows = organisation_rows(Filters(period=period), lang="cy")
        assert tuple(rows.keys()) == EXPORT_COLUMNS
        rows.close()
