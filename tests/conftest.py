"""Shared fixtures: an app on a migrated database, clean tables per test, clients.

The database is SQLite (a file, so threads and the browser's live server share
it) unless ``TEST_DATABASE_URL`` names another, e.g. PostgreSQL. The schema is
built by running the Alembic migrations, never ``create_all()``.
"""

import os

import pytest
from flask.globals import _cv_app, _cv_request
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import text

from portal import create_app
from portal.extensions import db, limiter
from portal.reference.services import load_reference_data
from tests.helpers import Page

POSTGRES = os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")


def pytest_report_header(config):
    return f"database: {'PostgreSQL' if POSTGRES else 'SQLite'}"


def reset_database(url):
    """Drop everything so the migrations start from nothing."""
    if url.startswith("postgresql"):
        from sqlalchemy import create_engine

        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    reset_database(url)
    return url


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    app = create_app(
        "test",
        overrides={
            "SQLALCHEMY_DATABASE_URI": database_url,
            "UPLOAD_FOLDER": str(tmp_path_factory.mktemp("uploads")),
            "SERVICE_BASE_URL": "http://portal.test",
        },
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        upgrade()
        load_reference_data()
        db.session.commit()
    return app


@pytest.fixture(autouse=True)
def app_context(app):
    """Each test runs in an app context with clean tables and the reference data."""
    with app.app_context():
        yield
        db.session.rollback()
        db.session.remove()
        clear_tables()
        load_reference_data()
        db.session.commit()


@pytest.fixture(autouse=True)
def rate_limits(app):
    """Each test starts with nothing counted in the rate-limit storage (Redis, ``TEST_REDIS_URL``)."""
    limiter.reset()
    yield
    limiter.reset()


def clear_tables():
    tables = list(reversed(db.metadata.sorted_tables))
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(table.delete())


class IsolatedClient(FlaskClient):
    """A test client whose requests run in their own app context.

    Without this, a request would reuse the test's app context and so its
    database session, hiding missing commits. Data a test creates must be
    committed before a request sees it, as in production.
    """

    def open(self, *args, **kwargs):
        app_token = _cv_app.set(None)
        request_token = _cv_request.set(None)
        try:
            response = super().open(*args, **kwargs)
        finally:
            _cv_request.reset(request_token)
            _cv_app.reset(app_token)
        if _cv_app.get(None) is not None:
            db.session.expire_all()
        return response

    def page(self, url, expect=200):
        """GET ``url`` and return a parsed :class:`Page` after checking the status."""
        response = self.get(url)
        assert response.status_code == expect, f"GET {url}: {response.status_code}, expected {expect}"
        return Page(response)

    def csrf_token(self, url="/en/sign-in"):
        """A CSRF token for this client's session, taken from a rendered form."""
        response = self.get(url)
        page = Page(response)
        token = page.soup.select_one("input[name=csrf_token]")
        assert token is not None, f"no CSRF token on {url}"
        return token["value"]

    def submit(self, url, data=None, token_from=None, **kwargs):
        """POST a form to ``url`` with a valid CSRF token (taken from ``token_from`` or ``url``)."""
        payload = dict(data or {})
        payload.setdefault("csrf_token", self.csrf_token(token_from or url))
        return self.post(url, data=payload, **kwargs)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def sign_in(app):
    """``sign_in(user)`` returns a client signed in as ``user`` through the real form."""

    def _sign_in(user, password="correct horse battery", lang="en"):
        client = app.test_client()
        response = client.submit(f"/{lang}/sign-in", {"email": user.email, "password": password})
        assert response.status_code == 302, f"sign-in failed for {user.email}: {response.status_code}"
        return client

    return _sign_in
