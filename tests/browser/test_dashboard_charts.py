"""The administrator's dashboard read at 320 px and at 1,280 px, in English and in Welsh.

No horizontal scrolling, axe-clean, and the charts readable as drawn by Chromium:
no two text labels' boxes overlap, every label lies inside its chart, and text is
never shown smaller than 16 px.
"""

import os
from datetime import timedelta

import pytest

from bench.generate import generate
from portal.extensions import db
from portal.security import Role
from tests import factories
from tests.browser.conftest import axe_violations, browser_sign_in

pytestmark = pytest.mark.browser

# Screenshots for a person to look at, when asked for (not needed by the assertions).
SHOTS = os.environ.get("CHART_SCREENSHOTS")

# Every text element of every chart: its box on the page, its words, its drawn font size.
TEXT_BOXES = """() => [...document.querySelectorAll('svg.app-chart')].map(svg => {
  const frame = svg.getBoundingClientRect();
  const scale = frame.width / svg.viewBox.baseVal.width;
  return {
    id: svg.id,
    frame: {left: frame.left, right: frame.right, top: frame.top, bottom: frame.bottom},
    texts: [...svg.querySelectorAll('text')].map(t => {
      const r = t.getBoundingClientRect();
      return {text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom,
              px: parseFloat(t.getAttribute('font-size')) * scale};
    }),
  };
})"""


def _overlap(a, b):
    # Half a pixel of slack for anti-aliased edges that merely touch.
    return (
        min(a["right"], b["right"]) - max(a["left"], b["left"]) > 0.5
        and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 0.5
    )


def _data():
    generated = generate(organisations=60, years=2, seed=11, tag="charts", max_engagements=3, max_interventions=4)
    end = generated.end.date()
    period = factories.make_reporting_period(starts_on=end - timedelta(days=540), ends_on=end, commit=False)
    # Partner targets that add up to more than the programme's (the warning shows).
    factories.make_target(
        period, commit=False, engaged=2800, supported=1400, whp_implemented=600, equality_strategy=700
    )
    for partner in (factories.partner("north-west"), factories.partner("south-east")):
        factories.make_target(period, partner, commit=False, engaged=1600, supported=700, whp_implemented=300)
    db.session.commit()
    return generated, period


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("lang", ["en", "cy"])
def test_dashboard_reads_at_320_and_1280_px(browser, live_server, lang, width):
    _generated, period = _data()
    admin = factories.make_user(Role.ADMIN)
    context = browser.new_context(base_url=live_server, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        browser_sign_in(page, admin.email, factories.PASSWORD, lang=lang)
        page.goto(f"/{lang}/reports/?period={period.id}")
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("#target-mismatch").is_visible()
        too_wide = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert too_wide <= 0, f"the page scrolls sideways by {too_wide} px"

        charts = page.evaluate(TEXT_BOXES)
        assert {c["id"] for c in charts} == {"progress-chart", "partner-chart", "trend-chart"}
        for chart in charts:
            texts = chart["texts"]
            assert len(texts) > 4
            for item in texts:
                assert item["px"] >= 16, (chart["id"], item)
                frame = chart["frame"]
                assert frame["left"] - 0.5 <= item["left"], (chart["id"], item["text"], "outside the chart")
                assert item["right"] <= frame["right"] + 0.5, (chart["id"], item["text"], "outside the chart")
            for index, first in enumerate(texts):
                for second in texts[index + 1 :]:
                    assert not _overlap(first, second), (chart["id"], first["text"], second["text"])
        violations = axe_violations(page)
        assert not violations, f"{page.url}: {violations}"
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/dashboard-{lang}-{width}.png", full_page=True)
    finally:
        context.close()
