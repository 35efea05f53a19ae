"""Exports open in openpyxl and csv, keep Welsh letters, and never carry a live formula."""

import csv
import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from portal.extensions import db
from portal.reporting.exports import neutralise
from portal.security import Role
from portal.timeutil import utcnow
from tests import factories

NAMES = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+CMD()", "-2+3", "@SUM(A1)", "Caffi Gwŷr Ŵyn Tŷ"]


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
    for name in NAMES[:4]:
        assert "'" + name in values


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
