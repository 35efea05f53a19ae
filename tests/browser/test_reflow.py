"""Every page at 320 CSS px wide, in Welsh, without horizontal scrolling (WCAG 2.2 1.4.10
reflow), and axe-clean: each role signs in and crawls every page its links reach.

"Every page" is every view the links lead to, each seen in up to ``PER_VIEW`` of its
URLs: the same list sorted, filtered or paged another way, or the drill-down of
another figure, is the same template over the same kind of rows. Visiting each of
those (36 drill-downs and 22 list orders for staff) filled the old limit of 120
pages before some views were reached at all.
"""

from collections import Counter
from urllib.parse import urldefrag, urlsplit

import pytest
from werkzeug.exceptions import HTTPException

from tests import factories
from tests.browser.conftest import axe_violations, browser_sign_in
from tests.routes import ROLES, build_sample_data

pytestmark = pytest.mark.browser

# Files, not pages: followed by a download, never shown.
FILES = (".ics", ".csv", ".pdf", ".xlsx", "/download/", "/evidence/")
PER_VIEW = 2
LIMIT = 250


def _links(page):
    hrefs = page.eval_on_selector_all("a[href]", "els => els.filter(e => !e.hasAttribute('download'))"
                                                 ".map(e => e.getAttribute('href'))")
    found = []
    for href in hrefs:
        href = urldefrag(href)[0]
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/cy/"):
            continue
        if any(marker in parts.path for marker in FILES) or parts.path.startswith("/cy/admin/dev-email"):
            continue
        found.append(href)
    return found


def _too_wide(page):
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


def _view(adapter, path):
    """The endpoint that ``path`` is served by (None for a path no view serves)."""
    try:
        return adapter.match(urlsplit(path).path)[0]
    except HTTPException:
        return None


@pytest.mark.parametrize("role", ROLES)
def test_every_page_reflows_at_320_px_in_welsh(app, narrow, role):
    sample = build_sample_data()
    if role == "anonymous":
        start = "/cy/"
    else:
        browser_sign_in(narrow, sample.users[role].email, factories.PASSWORD, lang="cy")
        start = "/cy/account"
    adapter = app.url_map.bind("portal.test")
    queue, seen, wide, inaccessible = [start], {start}, {}, {}
    visited, per_view = 0, Counter()
    while queue and visited < LIMIT:
        path = queue.pop(0)
        view = _view(adapter, path)
        if per_view[view] >= PER_VIEW:
            continue
        per_view[view] += 1
        response = narrow.goto(path)
        if response is None or response.status != 200 or "/cy/" not in narrow.url:
            continue
        visited += 1
        overflow = _too_wide(narrow)
        if overflow > 0:
            wide[path] = (overflow, narrow.evaluate(
                "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > "
                "document.documentElement.clientWidth + 1).slice(-3).map(e => e.tagName + '.' + e.className + ' '"
                " + (e.textContent || '').trim().slice(0, 40))"))
        violations = axe_violations(narrow)
        if violations:
            inaccessible[path] = violations
        for link in _links(narrow):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    assert visited >= 3, f"the crawl as {role} reached only {visited} pages"
    assert not queue, f"the crawl as {role} stopped at {LIMIT} pages with {len(queue)} links not followed"
    assert not wide, f"pages wider than 320 px as {role} (extra px): {wide}"
    assert not inaccessible, f"axe violations as {role}: {inaccessible}"
