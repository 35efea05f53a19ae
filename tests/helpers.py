"""Test helpers: parsed pages and SQL statement counting."""

from contextlib import contextmanager

from bs4 import BeautifulSoup
from sqlalchemy import event

from portal.extensions import db

LANGUAGES = ("en", "cy")


class Page:
    """A response parsed as HTML, with the invariants every page must keep.

    Parsing an HTML page (not a redirect, not a download) checks that it has a
    ``<title>``, that ``html[lang]`` is the language its URL names (``/en/…``
    or ``/cy/…``), that it has exactly one ``h1``, and that an error summary is
    shown whenever an inline error message is. A page that breaks one fails
    the test that parsed it. :meth:`from_html` parses a fragment, which is not
    a page, so it is not checked.
    """

    def __init__(self, response=None, html=None):
        self.response = response
        self.html = html if html is not None else response.get_data(as_text=True)
        self.soup = BeautifulSoup(self.html, "html.parser")
        if self._is_page():
            self.check_invariants()

    def _is_page(self):
        if self.response is None:
            return False
        return self.response.mimetype == "text/html" and not 300 <= self.response.status_code < 400

    @property
    def url(self):
        """The path this page was requested at, or ``None`` when parsed from HTML."""
        request = getattr(self.response, "request", None)
        return request.path if request is not None else None

    def check_invariants(self):
        """Assert what every page keeps: title, language, one heading, summarised errors."""
        where = self.url or "page"
        assert self.title, f"{where}: no <title>"
        language = self._url_language()
        if language is not None:
            html = self.soup.find("html")
            found = html.get("lang") if html is not None else None
            assert found == language, f"{where}: html[lang] is {found!r}, the URL says {language!r}"
        headings = self.soup.find_all("h1")
        assert len(headings) == 1, f"{where}: {len(headings)} h1 elements, expected exactly one"
        if self.inline_errors():
            assert self.soup.select_one(".govuk-error-summary") is not None, (
                f"{where}: inline errors {self.inline_errors()} without an error summary"
            )

    def _url_language(self):
        if self.url is None:
            return None
        first = self.url.strip("/").split("/", 1)[0]
        return first if first in LANGUAGES else None

    @classmethod
    def from_html(cls, html):
        return cls(html=html)

    @property
    def title(self):
        return self.soup.title.get_text(strip=True) if self.soup.title else ""

    @property
    def h1(self):
        heading = self.soup.find("h1")
        return heading.get_text(" ", strip=True) if heading else ""

    def text(self, selector=None):
        node = self.soup.select_one(selector) if selector else self.soup.body
        return node.get_text(" ", strip=True) if node else ""

    def error_summary(self):
        """Texts in the GOV.UK error summary (empty if none)."""
        return [a.get_text(strip=True) for a in self.soup.select(".govuk-error-summary__list a")]

    def inline_errors(self):
        return [p.get_text(" ", strip=True) for p in self.soup.select(".govuk-error-message")]

    def field_value(self, name):
        field = self.soup.find(attrs={"name": name})
        if field is None:
            return None
        if field.name == "textarea":
            return field.get_text()
        if field.name == "select":
            chosen = field.find("option", selected=True)
            return chosen["value"] if chosen else None
        if field.get("type") in ("radio", "checkbox"):
            checked = self.soup.find(attrs={"name": name, "checked": True})
            return checked["value"] if checked else None
        return field.get("value")


class QueryCounter:
    """The SQL statements a block sends, without the session's last-seen touch.

    ``portal.accounts.session`` writes ``user_sessions.last_seen_at`` at most once a
    minute, on a clock, not per page: counted, it would make the same page cost one
    more statement now and then (seen under load), which says nothing about the page.
    """

    def __init__(self):
        self.statements = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith("UPDATE USER_SESSIONS"):
            self.statements.append(statement)

    @property
    def count(self):
        return len(self.statements)


@contextmanager
def count_queries():
    """Count SQL statements sent to the database inside the block."""
    counter = QueryCounter()
    engine = db.engine
    event.listen(engine, "before_cursor_execute", counter)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", counter)
