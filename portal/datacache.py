"""Parts of pages kept until the data they were made from changes.

The programme dashboard costs tens of milliseconds of SQL and template at
programme scale, and staff open it again and again while nothing it counts has
changed. A part made by :func:`kept` is held by this process together with the
tables its SQL read; every commit that writes a table gives that table a new
random version in Redis, which every process shares; a held part is used only
while each table it read still has the version it had before the part was made.

Why a held part is never older than the data:

- Dependencies are observed, not declared: every statement run while the part
  is made is searched for table names, so a join added later cannot be forgotten.
- Versions are bumped after the commit (when the connection goes back to the
  pool) and read before the part is made, so a part can be made from newer data
  than its versions say (it is then simply made again), never from older.
- A write whose table cannot be read from the statement, and any DDL, bumps
  every table; a version is a random token, so versions lost from Redis never
  match again (the ``*`` entry, which every part depends on, is made anew).
- A request that has written without committing does not use or keep parts.
- Without a shared Redis (``make run``, one process beside CLI commands that
  could write) nothing is kept.

Writers that bypass SQLAlchemy must call :func:`bump` themselves; none does.
"""

import logging
import re
import secrets
import threading
import time
from collections import OrderedDict
from contextvars import ContextVar

from flask import current_app
from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy import event

from portal.extensions import db

VERSIONS_KEY = "data-versions"
EVERYTHING = "*"
# Parts kept per process, least recently used dropped first; and for how long at most,
# which bounds how stale a part can be if a bump was lost while Redis was unreachable.
MAX_PARTS = 64
LONGEST_SECONDS = 300
WRITTEN = "datacache_written"

_WRITE = re.compile(r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+(?:"?\w+"?\.)?"?(\w+)"?', re.I)
_READ_ONLY = re.compile(r"^\s*(?:SELECT|PRAGMA|SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT|SHOW|EXPLAIN)\b", re.I)

log = logging.getLogger(__name__)
_parts = OrderedDict()
_lock = threading.Lock()
_reading = ContextVar("datacache_reading", default=None)
_table_names = None


def written_table(statement, context=None):
    """The table ``statement`` writes, None when it only reads, :data:`EVERYTHING` when it cannot be told."""
    if ";" in statement.strip().rstrip(";"):
        # Several statements in one string (the test suite's clean-up): whatever they write.
        return EVERYTHING
    match = _WRITE.match(statement)
    if match:
        return match.group(1).lower()
    if _READ_ONLY.match(statement):
        return None
    if statement.lstrip()[:4].upper() == "WITH" and not (
            context is not None and (context.isinsert or context.isupdate or context.isdelete)):
        return None
    return EVERYTHING


def tables_read(statement):
    """The names of the application's tables that ``statement`` mentions."""
    global _table_names
    if _table_names is None:
        names = sorted(db.metadata.tables, key=len, reverse=True)
        _table_names = re.compile(r"\b(" + "|".join(re.escape(name) for name in names) + r")\b")
    return set(_table_names.findall(statement))


def _client():
    return current_app.extensions.get("datacache")


def _before_execute(conn, _cursor, statement, _parameters, context, _executemany):
    reading = _reading.get()
    if reading is not None:
        reading.update(tables_read(statement))
    table = written_table(statement, context)
    if table is not None:
        conn.info.setdefault(WRITTEN, set()).add(table)


def _rolled_back(conn):
    conn.info.pop(WRITTEN, None)


def init_app(app):
    """Keep parts when the app has a shared Redis, and follow every write.

    The Redis is ``DATA_CACHE_REDIS_URL``, by default the rate limits' storage
    when that is Redis (in production it must be).
    """
    url = app.config.get("DATA_CACHE_REDIS_URL") or app.config.get("RATELIMIT_STORAGE_URI") or ""
    if not url.startswith(("redis://", "rediss://")):
        return
    client = Redis.from_url(url, decode_responses=True, socket_timeout=1)
    app.extensions["datacache"] = client
    with app.app_context():
        engine = db.engine

    def checked_in(_dbapi_connection, record):
        tables = record.info.pop(WRITTEN, None)
        if tables:
            _bump(client, tables)

    event.listen(engine, "before_cursor_execute", _before_execute)
    event.listen(engine, "rollback", _rolled_back)
    event.listen(engine.pool, "checkin", checked_in)


def _bump(client, tables):
    try:
        client.hset(VERSIONS_KEY, mapping={table: secrets.token_hex(8) for table in tables})
    except RedisError:
        # Parts are then held at most LONGEST_SECONDS past this write (logged for the operators).
        log.warning("data versions not bumped for %s", sorted(tables))


def bump(tables=(EVERYTHING,)):
    """Give ``tables`` new versions now (by default every table): for writers that bypass SQLAlchemy."""
    client = _client()
    if client is not None:
        _bump(client, set(tables))


def _versions(client):
    versions = client.hgetall(VERSIONS_KEY)
    if EVERYTHING not in versions:
        client.hsetnx(VERSIONS_KEY, EVERYTHING, secrets.token_hex(8))
        versions = client.hgetall(VERSIONS_KEY)
    return versions


def _written_here():
    """True when this request's session has written (or would write) what is not committed yet."""
    session = db.session()
    if session.new or session.dirty or session.deleted:
        return True
    return session.in_transaction() and bool(session.connection().info.get(WRITTEN))


def kept(name, key, make, reads=()):
    """``make()`` (text), or the part kept for ``(name, key)`` while the tables it read are unchanged.

    ``key`` holds everything other than the database that the part depends on
    (the filters, the language, who may see what, the day): the same key must
    always make the same part from the same data. ``reads`` names the tables
    of rows loaded before and shown in the part (its SQL is not seen here).
    """
    client = _client()
    if client is None or _written_here():
        return make()
    try:
        versions = _versions(client)
    except RedisError:
        return make()
    found_key = (name, key)
    with _lock:
        found = _parts.get(found_key)
        if found is not None:
            expires, depends, part = found
            if expires > time.monotonic() and all(versions.get(table) == version for table, version in depends):
                _parts.move_to_end(found_key)
                return part
    reading = set()
    token = _reading.set(reading)
    try:
        part = make()
    finally:
        _reading.reset(token)
    if _written_here():
        return part
    depends = tuple((table, versions.get(table)) for table in reading | set(reads) | {EVERYTHING})
    with _lock:
        _parts[found_key] = (time.monotonic() + LONGEST_SECONDS, depends, part)
        _parts.move_to_end(found_key)
        while len(_parts) > MAX_PARTS:
            _parts.popitem(last=False)
    return part


def forget():
    """Drop every part this process keeps (tests that start from nothing)."""
    with _lock:
        _parts.clear()
