"""Time the reporting dashboard and exports at programme scale: ``make bench``.

Builds the generated data set (see :mod:`bench.generate`) on SQLite (a temp
file) and on PostgreSQL (``BENCH_DATABASE_URL``), then renders the dashboard
through the test client as an administrator and as staff, the drill-down list,
and each export, and prints the times and the dashboard's SQL statement count.
Performance targets live here, never in timed unit tests.

    BENCH_ORGANISATIONS=50000 BENCH_REPEAT=3 BENCH_DATABASES=postgresql .venv/bin/python -m bench.run

Exports are read as they stream; their peak memory is measured in a second
pass under tracemalloc (which slows them, so it is not timed).
"""

import os
import re
import statistics
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy import create_engine, event, func, select, text

from portal import datacache

DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test_reporting"
# Issue 16's targets at 50,000 organisations on PostgreSQL, per request (seconds).
TARGETS = {"dashboard": 0.5, "drill-down": 0.3, "CSV": 2.0, "Excel": 5.0}
# Peak memory an export may add to the process (MB).
MEMORY_TARGET_MB = 300


def reset_postgres(url):
    """Drop and recreate the public schema: the benchmarks start from nothing."""
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def postgres_reachable(url, create=False):
    """None when PostgreSQL answers at ``url`` (creating the database first if ``create``), else why not."""
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    try:
        if create:
            server, name = plain.rsplit("/", 1)
            with psycopg.connect(f"{server}/postgres", connect_timeout=3, autocommit=True) as conn:
                if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
                    conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        psycopg.connect(plain, connect_timeout=3).close()
    except Exception as error:  # noqa: BLE001 - any failure means "skip with a notice"
        return str(error).splitlines()[0]
    return None


def sign_in(app, email, password):
    """A test client signed in as ``email``."""
    client = app.test_client()
    page = client.get("/en/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"', page)
    csrf = next(group for group in token.groups() if group)
    response = client.post("/en/sign-in", data={"email": email, "password": password, "csrf_token": csrf})
    assert response.status_code == 302, f"bench sign-in failed: {response.status_code}"
    return client


def _fetch(client, url):
    """Fetch ``url`` reading the body as it streams, keeping only its size."""
    response = client.get(url, buffered=False)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    size = sum(len(chunk) for chunk in response.response)
    response.close()
    return size


def _time(client, url, repeat, kept=False):
    """(best, median, size) of ``repeat`` requests for ``url``.

    The dashboard's figures are kept between requests (portal/datacache.py):
    unless ``kept``, each request starts without them, so the time is that of
    making the figures, as after any change to the data.
    """
    times = []
    if kept:
        _fetch(client, url)
    for _n in range(repeat):
        if not kept:
            datacache.forget()
        started = time.perf_counter()
        size = _fetch(client, url)
        times.append(time.perf_counter() - started)
    return min(times), statistics.median(times), size


def _peak_mb(client, url):
    """The most memory Python held while serving ``url`` (tracemalloc; a separate, slower pass)."""
    tracemalloc.start()
    try:
        _fetch(client, url)
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def _load():
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def _kind(kind, name):
    if kind != "export":
        return kind
    if name.startswith("evaluation"):
        return "evaluation"
    return "Excel" if "Excel" in name else "CSV"


def run(url, label, organisations, repeat):
    """Build the data set on ``url`` and print the timings."""
    from flask_migrate import upgrade

    from bench.generate import PASSWORD, generate
    from portal import create_app
    from portal.engagement.models import Engagement
    from portal.extensions import db
    from portal.programme.models import Intervention
    from portal.reference.services import load_reference_data
    from portal.reporting.models import ReportingPeriod
    from portal.reporting.services import add_period, set_target

    app = create_app("test", overrides={"SQLALCHEMY_DATABASE_URI": url, "SERVICE_BASE_URL": "http://bench.test"})
    print(f"\n== {label} ==")
    with app.app_context():
        started = time.perf_counter()
        upgrade()
        load_reference_data()
        db.session.commit()
        print(f"schema and reference data: {time.perf_counter() - started:.2f} s")
        started = time.perf_counter()
        made = generate(organisations=organisations)
        end = made.end.date()
        period = add_period("Last twelve months", "Y deuddeg mis diwethaf", end - timedelta(days=364), end)
        set_target(period.id, None, {"engaged": 2800, "supported": 1400, "whp_implemented": 700,
                                     "equality_strategy": 700})
        db.session.commit()
        # The portal refuses overlapping periods (add_period); the benchmark needs the whole span
        # beside the last twelve months, so it stores that one row directly.
        whole = ReportingPeriod(name_en="Three years", name_cy="Tair blynedd", starts_on=made.start.date(),
                                ends_on=end)
        db.session.add(whole)
        db.session.commit()
        # After a bulk load the planner needs fresh statistics (autovacuum would get there later);
        # without them PostgreSQL guesses one row per table and nests loops over the aggregates.
        started_analyze = time.perf_counter()
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        print(f"ANALYZE after the bulk load: {time.perf_counter() - started_analyze:.2f} s")
        print(f"generated in {time.perf_counter() - started:.2f} s: {made.organisations:,} organisations, "
              f"{made.engagements:,} engagements, {made.interventions:,} interventions "
              f"({made.engagements + made.interventions:,} together), {made.cycles:,} cycles, "
              f"{made.whps:,} WHPs, {made.equality_records:,} equality records, {made.follow_ups:,} follow-ups")
        stored = db.session.scalar(select(func.count()).select_from(Engagement)) + db.session.scalar(
            select(func.count()).select_from(Intervention))
        assert stored == made.engagements + made.interventions
        period_id, whole_id = period.id, whole.id
        admin_email, staff_email = made.admin_email, made.staff_email

    admin = sign_in(app, admin_email, PASSWORD)
    staff = sign_in(app, staff_email, PASSWORD)
    statements = []
    with app.app_context():
        engine = app.extensions["sqlalchemy"].engine
        listener = lambda *args: statements.append(1)  # noqa: E731 - a one-line counter
        event.listen(engine, "before_cursor_execute", listener)
        admin.get(f"/en/reports/?period={period_id}")
        event.remove(engine, "before_cursor_execute", listener)
    print(f"dashboard SQL statements per request: {len(statements)}")

    cases = [
        ("dashboard", "admin, 12 months", admin, f"/en/reports/?period={period_id}"),
        ("dashboard", "admin, 3 years", admin, f"/en/reports/?period={whole_id}"),
        ("dashboard", "admin, Welsh", admin, f"/cy/reports/?period={period_id}"),
        ("dashboard", "staff (own partner)", staff, f"/en/reports/?period={period_id}"),
        ("dashboard", "admin, 12 months, figures kept", admin, f"/en/reports/?period={period_id}"),
        ("drill-down", "engaged, page 1", admin, f"/en/reports/organisations?figure=engaged&period={period_id}"),
        ("export", "figures CSV", admin, f"/en/reports/export/figures.csv?period={period_id}"),
        ("export", "figures Excel", admin, f"/en/reports/export/figures.xlsx?period={period_id}"),
        ("export", "organisations CSV", admin, f"/en/reports/export/organisations.csv?period={period_id}"),
        ("export", "organisations Excel", admin, f"/en/reports/export/organisations.xlsx?period={period_id}"),
        ("export", "organisations Excel, 3 years", admin,
         f"/en/reports/export/organisations.xlsx?period={whole_id}"),
        ("drill-down", "engaged, staff", staff, f"/en/reports/organisations?figure=engaged&period={period_id}"),
        ("export", "figures Excel, staff", staff, f"/en/reports/export/figures.xlsx?period={period_id}"),
        ("export", "organisations CSV, staff", staff, f"/en/reports/export/organisations.csv?period={period_id}"),
        # No time target in the issue; its memory must stay flat like every export's.
        ("export", "evaluation CSV", admin, f"/en/reports/export/evaluation.csv?period={period_id}"),
    ]
    print(f"load average: {_load()}")
    print(f"{'what':<44}{'best':>9}{'median':>9}{'size':>12}{'peak MB':>9}  target")
    for kind, name, client, path in cases:
        best, median, size = _time(client, path, repeat, kept="kept" in name)
        target = TARGETS.get(_kind(kind, name))
        if target is None:
            verdict = "no time target"
        else:
            verdict = f"<= {target:.1f} s " + ("ok" if median <= target else "MISSED")
        peak = ""
        if kind == "export":
            megabytes = _peak_mb(client, path)
            peak = f"{megabytes:>8.1f} "
            verdict += f"; memory <= {MEMORY_TARGET_MB} MB " + ("ok" if megabytes <= MEMORY_TARGET_MB else "MISSED")
        print(f"{kind + ': ' + name:<44}{best:>8.3f}s{median:>8.3f}s{size:>11,}B{peak:>9}  {verdict}", flush=True)
    print(f"load average: {_load()}")
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def main():
    organisations = int(os.environ.get("BENCH_ORGANISATIONS", "5000"))
    repeat = int(os.environ.get("BENCH_REPEAT", "3"))
    print(f"Reporting benchmark: {organisations:,} organisations, best and median of {repeat} requests")
    databases = os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",")
    if "sqlite" in databases:
        with tempfile.TemporaryDirectory() as directory:
            run(f"sqlite:///{Path(directory) / 'bench.db'}", "SQLite (temporary file)", organisations, repeat)
    if "postgresql" not in databases:
        return
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_POSTGRES)
    problem = postgres_reachable(url, create=True)
    if problem:
        print(f"\nNOTICE: PostgreSQL not reachable at {url} ({problem}); PostgreSQL benchmark not run")
        return
    reset_postgres(url)
    run(url, f"PostgreSQL ({url.rsplit('/', 1)[-1]})", organisations, repeat)


if __name__ == "__main__":
    main()
