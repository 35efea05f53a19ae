"""Browser tests: the app served on a local port, driven in Debian's Chromium."""

import functools
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from sqlalchemy import select
from werkzeug.serving import make_server

from portal.email.models import OutboxMessage
from portal.extensions import db

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


@contextmanager
def serving(app):
    """``app`` served on a free port of this worker's own, in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def live_server(app):
    with serving(app) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server, java_script_enabled=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def page_without_js(browser, live_server):
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@functools.cache
def axe_source():
    """axe-core's script, read from disk once per worker rather than once per page."""
    return AXE.read_text(encoding="utf-8")


def axe_violations(page):
    """Run axe-core in the page (injected without touching its CSP) and return violations.

    ``resultTypes: ['violations']`` makes axe stop collecting the nodes that
    pass (which nothing reads); every rule still runs on every node. The page
    is scanned once it has loaded: before its stylesheet applies, links are
    unstyled and rules such as target-size fail on a page that is fine.
    """
    page.wait_for_load_state("load")
    page.evaluate(axe_source())
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}, "
        "resultTypes: ['violations']})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def browser_sign_in(page, email, password, lang="en"):
    page.goto(f"/{lang}/sign-in")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_load_state()


def verification_path(email):
    """The path of the verification link last e-mailed to ``email``."""
    db.session.expire_all()
    message = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.to_address == email, OutboxMessage.template == "verify_email")
    )
    link = next(line for line in message.body_text.splitlines() if line.startswith("http"))
    # End the read so this test holds no SQLite lock while the server writes.
    db.session.rollback()
    return link.replace("http://portal.test", "")
