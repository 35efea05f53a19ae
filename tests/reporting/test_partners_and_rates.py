"""Delivery partners side by side, the warning when their targets do not add up, rates, and the charts' rules."""

from datetime import timedelta

from bench.generate import generate
from portal.extensions import db
from portal.reporting import charts, services
from portal.security import Role
from portal.timeutil import utcnow
from tests import factories
from tests.helpers import count_queries


def _period():
    today = utcnow().date()
    return factories.make_reporting_period(starts_on=today - timedelta(days=300), ends_on=today + timedelta(days=60))


def _supported(organisation, whp=False):
    factories.make_intervention(organisation, support_type="stress", commit=False)
    if whp:
        factories.make_intervention(organisation, support_type="sleep", commit=False)


def test_partner_targets_that_do_not_add_up_are_named_in_words(sign_in):
    period = _period()
    factories.make_target(period, engaged=2800, supported=1400, whp_implemented=None, equality_strategy=700)
    factories.make_target(
        period,
        factories.partner("north-west"),
        engaged=1600,
        supported=700,
        whp_implemented=None,
        equality_strategy=None,
    )
    factories.make_target(
        period,
        factories.partner("south-east"),
        engaged=1600,
        supported=700,
        whp_implemented=None,
        equality_strategy=None,
    )
    admin = factories.make_user(Role.ADMIN)
    page = sign_in(admin).page(f"/en/reports/?period={period.id}")
    warning = page.text("#target-mismatch")
    assert "Organisations engaged: the partners' targets add up to 3,200, but the programme target is 2,800." in warning
    # Supported adds up (700 + 700); WHP has no targets; E&D has no partner targets: none is named.
    assert "Organisations supported" not in warning
    assert "Equality" not in warning
    # The same words where the targets are set.
    targets_page = sign_in(admin).page(f"/en/reports/targets/{period.id}")
    assert "add up to 3,200, but the programme target is 2,800" in targets_page.text("#target-mismatch")
    welsh = sign_in(admin, lang="cy").page(f"/cy/reports/?period={period.id}")
    assert "3,200" in welsh.text("#target-mismatch")
    assert "2,800" in welsh.text("#target-mismatch")


def test_targets_that_add_up_give_no_warning(sign_in):
    period = _period()
    factories.make_target(period, engaged=3200, supported=None, whp_implemented=None, equality_strategy=None)
    factories.make_target(period, factories.partner("north-west"), engaged=1600, supported=None, whp_implemented=None)
    factories.make_target(period, factories.partner("south-east"), engaged=1600, supported=None, whp_implemented=None)
    page = sign_in(factories.make_user(Role.ADMIN)).page(f"/en/reports/?period={period.id}")
    assert page.soup.select_one("#partners") is not None
    assert page.soup.select_one("#target-mismatch") is None


def test_side_by_side_is_for_administrators_over_the_whole_programme(sign_in):
    period = _period()
    south = factories.make_organisation(eligibility_status="verified", name="Southern Cafe", commit=False)
    north = factories.make_organisation(
        eligibility_status="verified", name="Northern Cafe", la_code="W06000001", commit=False
    )
    _supported(south, whp=True)
    _supported(north)
    db.session.commit()
    admin = sign_in(factories.make_user(Role.ADMIN))
    page = admin.page(f"/en/reports/?period={period.id}")
    south_id, north_id = south.partner_id, north.partner_id
    assert page.text(f"#partners td[data-partner='{south_id}'][data-figure=whp_implemented]").startswith("1")
    assert page.text(f"#partners td[data-partner='{north_id}'][data-figure=whp_implemented]").startswith("0")
    assert page.text("#partners td[data-partner=all][data-figure=supported]").startswith("2")
    link = page.soup.select_one(f"#partners td[data-partner='{north_id}'][data-figure=supported] a")["href"]
    listing = admin.page(link)
    assert "Northern Cafe" in listing.text("#organisations")
    assert "Southern Cafe" not in listing.text("#organisations")
    # One partner's dashboard, and staff, have no side-by-side table (staff see only their own partner).
    assert admin.page(f"/en/reports/?period={period.id}&partner={north_id}").soup.select_one("#partners") is None
    staff = sign_in(factories.make_user(Role.STAFF)).page(f"/en/reports/?period={period.id}")
    assert staff.soup.select_one("#partners") is None
    assert staff.soup.select_one("#partner-chart") is None


def test_rates_name_their_rule_version_and_read_e_and_d_against_half_of_supported(sign_in):
    period = _period()
    for n in range(4):
        organisation = factories.make_organisation(eligibility_status="verified", commit=False)
        _supported(organisation, whp=n < 3)
        if n == 0:
            factories.make_equality_strategy_record(organisation, commit=False)
    db.session.commit()
    factories.make_rule_version(whp_distinct_types=True)
    page = sign_in(factories.make_user(Role.ADMIN)).page(f"/en/reports/?period={period.id}")
    assert page.text("#rate-whp_of_supported td[data-rate]").startswith("75%")
    equality = page.text("#rate-equality_of_supported")
    assert "25%" in equality
    assert "defined as 50% of supported organisations" in equality
    assert "below it" in equality
    for row in page.soup.select("#rates tbody tr"):
        assert row.select("td")[-1].get_text(strip=True) == "2"


def test_rates_without_a_denominator_say_so():
    rates = services.rates(
        dict.fromkeys(("engaged", "supported", "whp_implemented", "equality_strategy"), 0), services.rules_in_use()
    )
    assert [r.value for r in rates] == [None, None, None]
    assert rates[2].benchmark == services.EQUALITY_SHARE_OF_SUPPORTED == 0.5
    assert rates[2].meets_benchmark is None


def test_target_mismatches_compare_only_figures_with_both_sides_set():
    class T:
        def __init__(self, **values):
            for name in ("engaged", "supported", "whp_implemented", "equality_strategy"):
                setattr(self, name, values.get(name))

    found = services.target_mismatches(
        {None: T(engaged=2800, supported=10), 1: T(engaged=1600), 2: T(engaged=1600), 3: None}
    )
    assert found == [services.TargetMismatch("engaged", 3200, 2800)]
    assert services.target_mismatches({1: T(engaged=5)}) == []


def test_a_bar_for_zero_is_still_drawn_and_labels_fit_the_width():
    totals = {name: {"total": 0} for name in ("engaged", "supported", "whp_implemented", "equality_strategy")}
    labels = dict.fromkeys(totals, "Cydraddoldeb ac amrywiaeth wedi gwella, a label long enough to wrap twice")
    chart = charts.progress_chart(totals, None, labels)
    for bar in chart.bars:
        assert bar.width >= charts.MIN_BAR
        assert len(bar.label_lines) > 1
        assert all(charts.text_width(line, bold=True) <= charts.WIDTH for line in bar.label_lines)


def test_month_labels_are_thinned_so_none_overlaps():
    texts = [f"Month {n:02d}" for n in range(36)]
    positions = [40 + n * 6.9 for n in range(36)]
    chosen = charts.thin_labels(positions, texts)
    assert 1 < len(chosen) < 36
    edges = [(x - charts.text_width(texts[i]) / 2, x + charts.text_width(texts[i]) / 2) for i, x in chosen]
    for (_, right), (left, _) in zip(edges, edges[1:], strict=False):
        assert left >= right + 10
    assert edges[0][0] >= 0
    assert edges[-1][1] <= charts.WIDTH


def test_admin_dashboard_queries_do_not_grow_from_10_to_1000_organisations(sign_in):
    today = utcnow().date()
    period = factories.make_reporting_period(starts_on=today - timedelta(days=1200), ends_on=today)
    client = sign_in(factories.make_user(Role.ADMIN))
    generate(organisations=10, tag="ten", max_engagements=2, max_interventions=2)
    db.session.commit()
    with count_queries() as small:
        assert client.get(f"/en/reports/?period={period.id}").status_code == 200
    generate(organisations=990, tag="many", seed=4, max_engagements=2, max_interventions=3)
    db.session.commit()
    with count_queries() as large:
        page = client.get(f"/en/reports/?period={period.id}")
    assert page.status_code == 200
    assert b'id="partners"' in page.data
    assert large.count == small.count
