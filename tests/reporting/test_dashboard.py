"""The dashboard: targets and percentages, rule versions, charts, query counts, scoping."""

from datetime import timedelta

import pytest

from bench.generate import generate
from portal.extensions import db
from portal.reporting import services
from portal.reporting.charts import nice_ceiling
from portal.security import Role
from portal.timeutil import utcnow
from tests import factories
from tests.helpers import count_queries


def _period(days_back=300, days_ahead=60):
    today = utcnow().date()
    return factories.make_reporting_period(starts_on=today - timedelta(days=days_back),
                                           ends_on=today + timedelta(days=days_ahead))


def _whp(organisation):
    factories.make_intervention(organisation, support_type="stress", commit=False)
    factories.make_intervention(organisation, support_type="sleep", commit=False)
    db.session.commit()


def test_figures_against_targets_with_percentages_in_the_page_language(sign_in):
    period = _period()
    factories.make_target(period, engaged=4, supported=8, whp_implemented=3, equality_strategy=None)
    organisation = factories.make_organisation(eligibility_status="verified")
    _whp(organisation)
    admin = factories.make_user(Role.ADMIN)
    page = sign_in(admin).page(f"/en/reports/?period={period.id}")
    engaged = page.soup.select_one("#figure-engaged").get_text(" ", strip=True)
    assert "25%" in engaged
    assert " 4 " in f" {engaged} "
    assert "33%" in page.text("#figure-whp_implemented")
    assert "Not set" in page.text("#figure-equality_strategy")
    welsh = sign_in(admin, lang="cy").page(f"/cy/reports/?period={period.id}")
    assert "25%" in welsh.text("#figure-engaged")
    assert "Heb ei osod" in welsh.text("#figure-equality_strategy")


def test_each_figure_names_the_rule_versions_that_made_it(sign_in):
    period = _period()
    first = factories.make_organisation(eligibility_status="verified")
    _whp(first)
    factories.make_rule_version(whp_distinct_types=True)
    second = factories.make_organisation(eligibility_status="verified")
    _whp(second)
    page = sign_in(factories.make_user(Role.ADMIN)).page(f"/en/reports/?period={period.id}")
    assert "rule version 2" in page.text("#rule-version")
    versions = page.text("#whp-versions")
    assert "rule version 1: 1 organisation" in versions
    assert "rule version 2: 1 organisation" in versions


def test_large_employers_and_exceptions_are_counted_apart(sign_in):
    period = _period()
    _whp(factories.make_organisation(employee_count=400, eligibility_status="verified"))
    _whp(factories.make_organisation(eligibility_status="exception"))
    _whp(factories.make_organisation(employee_count=12, eligibility_status="verified"))
    page = sign_in(factories.make_user(Role.ADMIN)).page(f"/en/reports/?period={period.id}")
    for group in ("sme", "exception", "large"):
        assert page.text(f"#groups td[data-figure=supported][data-group={group}]").startswith("1")
    assert page.text("#figures td[data-figure=supported]").startswith("3")
    bands = page.text("#bands")
    assert "Large (250 or more employees)" in bands
    assert "Small (10 to 49 employees)" in bands


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_charts_have_an_accessible_name_description_and_data_table(sign_in, lang):
    period = _period()
    factories.make_target(period)
    _whp(factories.make_organisation(eligibility_status="verified"))
    page = sign_in(factories.make_user(Role.ADMIN), lang=lang).page(f"/{lang}/reports/?period={period.id}")
    charts = page.soup.select("svg[role=img]")
    # Progress, delivery partners side by side (administrators), month by month.
    assert len(charts) == 3
    for chart in charts:
        title_id, desc_id = chart["aria-labelledby"].split()
        title = chart.find("title", id=title_id)
        assert title is not None
        assert title.get_text(strip=True)
        assert chart.find("desc", id=desc_id).get_text(strip=True)
        # The same data as a table beside the chart.
        table = chart.find_parent(class_="govuk-grid-row").find("table")
        assert table is not None
        assert table.caption.get_text(strip=True)
    expected = {"en": "Progress against targets", "cy": "Cynnydd yn erbyn targedau"}[lang]
    assert page.soup.find("title", id="progress-title").get_text(strip=True) == expected
    # Values are written out, not shown by colour alone.
    assert "2,800" in charts[0].get_text(" ")
    if lang == "en":
        assert "1 of 2,800" in charts[0].get_text(" ")
    months = page.soup.select("#months tbody tr")
    assert len(months) == len(services.Period(period.starts_on, period.ends_on).months())


def test_chart_axis_top_is_a_multiple_of_four():
    assert nice_ceiling(0) == 4
    assert nice_ceiling(5) == 8
    assert nice_ceiling(1234) == 1236


def _dashboard_queries(client, period):
    with count_queries() as counter:
        response = client.get(f"/en/reports/?period={period.id}")
    assert response.status_code == 200
    return counter.count


def test_dashboard_runs_a_fixed_number_of_queries_whatever_the_data_size(sign_in):
    period = _period(days_back=1200)
    admin = factories.make_user(Role.ADMIN)
    client = sign_in(admin)
    empty = _dashboard_queries(client, period)
    generate(organisations=15, tag="small", max_engagements=2, max_interventions=2)
    db.session.commit()
    small = _dashboard_queries(client, period)
    generate(organisations=200, tag="large", seed=9)
    db.session.commit()
    large = _dashboard_queries(client, period)
    assert empty == small == large
    staff_client = sign_in(factories.make_user(Role.STAFF))
    # Administrators also see the partners side by side: their figures in the same statement, plus the targets.
    assert _dashboard_queries(staff_client, period) == large - 1


def test_each_figures_month_is_worked_out_once_per_organisation(app):
    """The report rows name each first date's month once; the CASEs read it from a column.

    Neither SQLite nor PostgreSQL shares a repeated expression: written into each CASE
    that reads it, the month was worked out 14 times a row, about a tenth of the
    dashboard's time at programme scale.
    """
    period = services.Period(starts_on=utcnow().date() - timedelta(days=300), ends_on=utcnow().date())
    statement = services.report_rows(period)
    sql = str(statement.compile(dialect=db.engine.dialect))
    month = "strftime(" if db.engine.dialect.name == "sqlite" else "to_char("
    assert sql.count(month) == 4


@pytest.mark.parametrize("by_partner", [False, True])
def test_the_summary_scans_the_report_rows_once_per_grouping(app, by_partner):
    """Counts that share a grouping share a scan: the outcomes ride on the categories (and partners).

    Each branch of the summary statement reads every report row; at 50,000 organisations
    the twelve branches that counted one outcome each were a fifth of the statement.
    """
    period = services.Period(starts_on=utcnow().date() - timedelta(days=300), ends_on=utcnow().date())
    with count_queries() as queries:
        services.dashboard(services.Filters(period=period), by_partner=by_partner)
    [summary] = [sql for sql in queries.statements if "UNION ALL" in sql]
    groupings = {"category", "local_authority", "sector", "band", "channel", "intermediary", "whp_version",
                 "follow_up", *[f"month:{name}" for name in services.FIGURES]}
    if by_partner:
        groupings |= {"partner", "partner_follow_up"}
    assert summary.count("FROM report") == len(groupings)


def test_staff_cannot_see_another_partners_figures_drill_down_or_exports(sign_in):
    period = _period()
    north = factories.partner("north-west")
    south_org = factories.make_organisation(eligibility_status="verified", name="Southern Cafe")
    north_org = factories.make_organisation(eligibility_status="verified", name="Northern Cafe", la_code="W06000001")
    assert north_org.partner_id == north.id != south_org.partner_id
    _whp(south_org)
    _whp(north_org)
    client = sign_in(factories.make_user(Role.STAFF))  # south-east staff
    for path in ("/en/reports/", "/en/reports/organisations", "/en/reports/export/organisations.csv",
                 "/en/reports/export/figures.xlsx", "/en/reports/organisations?figure=engaged"):
        joiner = "&" if "?" in path else "?"
        assert client.get(f"{path}{joiner}period={period.id}&partner={north.id}").status_code == 404, path
    listing = client.page(f"/en/reports/organisations?figure=engaged&period={period.id}")
    assert "Southern Cafe" in listing.text("#organisations")
    assert "Northern Cafe" not in listing.text()
    export = client.get(f"/en/reports/export/organisations.csv?period={period.id}").data.decode("utf-8-sig")
    assert "Southern Cafe" in export
    assert "Northern Cafe" not in export
    # An administrator may choose either partner.
    admin = sign_in(factories.make_user(Role.ADMIN))
    north_page = admin.page(f"/en/reports/organisations?figure=engaged&period={period.id}&partner={north.id}")
    assert "Northern Cafe" in north_page.text()
    assert "Southern Cafe" not in north_page.text()
    assert admin.get(f"/en/reports/?partner=99999&period={period.id}").status_code == 404


def test_staff_without_a_partner_see_no_organisations(sign_in):
    period = _period()
    _whp(factories.make_organisation(eligibility_status="verified"))
    staff = factories.make_user(Role.STAFF)
    staff.partner_id = None
    db.session.commit()
    page = sign_in(staff).page(f"/en/reports/?period={period.id}")
    assert page.text("#figures td[data-figure=engaged]").startswith("0")


def test_drill_down_is_paginated_with_the_same_filters(sign_in):
    period = _period()
    for n in range(services.PER_PAGE + 3):
        organisation = factories.make_organisation(name=f"Paged {n:03d}", commit=False)
        factories.make_intervention(organisation, commit=False)
    db.session.commit()
    client = sign_in(factories.make_user(Role.ADMIN))
    first = client.page(f"/en/reports/organisations?figure=engaged&period={period.id}&group=sme")
    assert len(first.soup.select("#organisations tbody tr")) == services.PER_PAGE
    following = first.soup.select_one(".govuk-pagination__next a")["href"]
    assert "group=sme" in following
    assert "figure=engaged" in following
    assert f"period={period.id}" in following
    second = client.page(following)
    assert len(second.soup.select("#organisations tbody tr")) == 3


def test_dashboard_without_periods_shows_the_current_financial_year(sign_in):
    page = sign_in(factories.make_user(Role.ADMIN)).page("/en/reports/")
    assert "Financial year" in page.text("main")
    assert db.session.scalar(db.select(db.func.count()).select_from(services.ReportingPeriod)) == 0
