"""Test helpers: parsed pages and SQL statement counting."""

from contextlib import contextmanager

from bs4 import BeautifulSoup
from sqlalchemy import event

from portal.extensions import db


class Page:
    """A response parsed as HTML, with the invariants every page must keep."""

    def __init__(self, response=None, html=None):
        self.response = response
        self.html = html if html is not None else response.get_data(as_text=True)
        self.soup = BeautifulSoup(self.html, "html.parser")

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
    def __init__(self):
        self.statements = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
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
