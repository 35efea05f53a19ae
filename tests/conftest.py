"""Shared fixtures: an app on a migrated database, clean tables per test, clients.

The database is SQLite (a file, so threads and the browser's live server share
it) unless ``TEST_DATABASE_URL`` names another, e.g. PostgreSQL. The schema is
built by running the Alembic migrations, never ``create_all()``.

Under pytest-xdist (``pytest -n auto``) every worker has a database of its own:
SQLite files already live in the worker's own temporary directory, and on
PostgreSQL worker ``gwN`` uses ``<database>_gwN``, created if missing. See
docs/decisions/0003-test-database-strategy.md.
"""

import os
from urllib.parse import urlsplit, urlunsplit

import pytest
from flask.globals import _cv_app, _cv_request
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, event, make_url, text

from portal import create_app
from portal.config import TestConfig
from portal.extensions import db, limiter
from portal.reference.services import load_reference_data
from tests.helpers import Page

POSTGRES = os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")


def pytest_report_header(config):
    return f"database: {'PostgreSQL' if POSTGRES else 'SQLite'}"


def reset_database(url):
    """Drop everything so the migrations start from nothing."""
    if url.startswith("postgresql"):
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()


def worker_database_url(url, worker):
    """``url`` with the database renamed ``<name>_<worker>``, created if it does not exist.

    Workers must not share a PostgreSQL database: each empties every table
    after each test. It is created from a connection to the configured
    database, the one database known to exist (CI creates only that one).
    """
    parsed = make_url(url)
    name = f"{parsed.database}_{worker}"
    server = create_engine(parsed, isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as conn:
            exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}).first()
            if not exists:
                # The name is built from the configured URL and the xdist worker id, never from input.
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        server.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    url = os.environ.get("TEST_DATABASE_URL")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url:
        # tmp_path_factory is per worker under xdist, so each worker gets its own file.
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    elif worker and url.startswith("postgresql"):
        url = worker_database_url(url, worker)
    reset_database(url)
    return url


def worker_redis_url(url, worker):
    """``url`` moved to a Redis database of the xdist ``worker``'s own (``gwN``: the base number + N).

    ``limiter.reset()`` empties every count in its database, so workers that
    shared one would wipe each other's counts in the middle of a test.
    """
    if not worker:
        return url
    parsed = urlsplit(url)
    base = int(parsed.path.lstrip("/") or 0)
    number = base + int(worker.removeprefix("gw"))
    if number > 15:
        raise RuntimeError(f"no Redis database {number} for worker {worker}: run fewer workers")
    return urlunsplit(parsed._replace(path=f"/{number}"))


# Set on the config class, not per app: Flask-Limiter keeps the storage of the
# last app it was initialised with, and some tests build apps of their own.
TestConfig.RATELIMIT_STORAGE_URI = worker_redis_url(TestConfig.RATELIMIT_STORAGE_URI,
                                                    os.environ.get("PYTEST_XDIST_WORKER"))


def engine_options(url):
    """The app's engine options, with commits that do not wait for the disk.

    A test database need not survive a power cut, and on a busy machine the
    wait for each commit's flush to disk can be much of a test's time.
    """
    options = {"pool_pre_ping": True}
    if url.startswith("postgresql"):
        options["connect_args"] = {"options": "-c synchronous_commit=off"}
    return options


def sqlite_without_fsync(dbapi_connection, _record):
    """The SQLite twin of ``synchronous_commit=off``: commit without flushing to disk."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous = OFF")
    cursor.close()


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    app = create_app(
        "test",
        overrides={
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SQLALCHEMY_ENGINE_OPTIONS": engine_options(database_url),
            "UPLOAD_FOLDER": str(tmp_path_factory.mktemp("uploads")),
            "SERVICE_BASE_URL": "http://portal.test",
        },
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", sqlite_without_fsync)
        upgrade()
        load_reference_data()
        db.session.commit()
    return app


@pytest.fixture(scope="session")
def dev_app(app, tmp_path_factory):
    """The test app on the same database, with development's mail sink page switched on.

    Only the development config registers ``/<lang>/admin/dev-email``; this app
    lets the access matrix and the page tests reach it without development's
    other settings.
    """
    keys = ("SQLALCHEMY_DATABASE_URI", "SQLALCHEMY_ENGINE_OPTIONS", "UPLOAD_FOLDER", "SERVICE_BASE_URL")
    overrides = {key: app.config[key] for key in keys}
    overrides.update(DEV_MAIL_SINK=True, DEV_MAIL_DIR=str(tmp_path_factory.mktemp("dev-mail")))
    dev = create_app("test", overrides=overrides)
    dev.test_client_class = IsolatedClient
    return dev


@pytest.fixture(autouse=True)
def app_context(app):
    """Each test runs in an app context with clean tables and the reference data."""
    with app.app_context():
        yield
        db.session.rollback()
        db.session.remove()
        reset_tables()


def reset_tables():
    """Empty every table and load the reference data again: the state each test starts from."""
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
    """Delete every row, children first, and restart PostgreSQL's id sequences.

    ``DELETE`` rather than ``TRUNCATE``: a test leaves a handful of rows, and
    truncating some sixty tables costs PostgreSQL about a second per test (new
    files for every table), while deleting a few rows costs milliseconds.
    """
    tables = list(reversed(db.metadata.sorted_tables))
    with db.engine.begin() as conn:
        if conn.dialect.name != "postgresql":
            for table in tables:
                conn.execute(table.delete())
            return
        # One round trip for all the deletes, one for the sequences: sixty
        # separate statements cost more than the deleting (psycopg sends a
        # parameterless string of statements as a single simple query).
        names = [conn.dialect.identifier_preparer.format_table(table) for table in tables]
        conn.exec_driver_sql("; ".join(f"DELETE FROM {name}" for name in names))
        sequences = conn.execute(text(USED_SEQUENCES)).scalars().all()
        if sequences:
            conn.exec_driver_sql("; ".join(f"ALTER SEQUENCE {sequence} RESTART" for sequence in sequences))


# Sequences behind identity and serial columns that have handed out a value
# since they were last restarted (pg_sequences shows NULL for the others).
USED_SEQUENCES = """
    SELECT format('%I.%I', schemaname, sequencename) FROM pg_sequences
    WHERE schemaname = current_schema() AND last_value IS NOT NULL
"""


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


@pytest.fixture
def limits(app, monkeypatch):
    """Set rate limits for one test: ``limits(SETTING="2 per hour", ...)``; restored afterwards."""

    def _set(**settings):
        for name, value in settings.items():
            monkeypatch.setitem(app.config, name, value)

    return _set
