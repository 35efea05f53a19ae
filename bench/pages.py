"""How fast each page is under gunicorn, against a bare Flask page: ``make bench-pages``.

On PostgreSQL (``BENCH_PAGES_DATABASE_URL``, created when missing; its schema is
dropped and rebuilt) with the demo accounts plus the generated 5,000-organisation
data set (:mod:`bench.generate`), this

1. counts the SQL statements each page issues (in process, through the test client);
2. starts the portal under gunicorn and :mod:`bench.reference` (Flask + Jinja, a
   25-row table) under the same gunicorn settings, and for each page runs ``wrk``
   against the reference and then against the page, so each ratio compares two
   runs taken side by side under the same machine load;
3. runs a mixed load: simulated employer, champion and staff users, each clicking
   through their journey with a short pause between pages, and prints the p95
   latency and the errors. wrk opens each connection before the pause (gunicorn's
   sync workers close it after every answer), and a sync worker that has accepted
   it waits, doing nothing else, until the request comes: with two workers, two
   pausing users hold the whole server. Even the bare reference page then shows a
   p95 of some 580 ms. So this run serves the portal with threaded workers
   (``gthread``, :data:`MIXED_THREADS` a worker), as it must be served behind a
   load balancer that does not buffer requests (the README's production notes).

Figures only, each beside its target; nothing here fails a build.

    BENCH_PAGES_SECONDS=8 BENCH_PAGES_ORGANISATIONS=5000 .venv/bin/python -m bench.pages
"""

import os
import re
import secrets
import shutil
import socket
import subprocess  # noqa: S404 - starts gunicorn and wrk, both named here
import sys
import tempfile
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

from sqlalchemy import event, func, select, text

from bench.run import postgres_reachable, reset_postgres, sign_in

DEFAULT_DATABASE = "postgresql://postgres@127.0.0.1:5432/bench_pages"
ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WORKERS = "2"
CONNECTIONS = "16"
MIXED_USERS = 20
MIXED_SECONDS = int(os.environ.get("BENCH_PAGES_MIXED_SECONDS", "60"))
# A simulated user pauses this long (ms, uniform) between pages: a quick clicker.
THINK_MS = (200, 1000)
MIXED_P95_TARGET_MS = 150
MIXED_THREADS = "4"

# (label, who, path template, ratio target or None). Paths are filled from the data set.
PAGES = [
    ("sign-in", "anonymous", "/en/sign-in", 0.5),
    ("start", "anonymous", "/en/", 0.5),
    ("catalogue", "employer", "/en/events/", 0.4),
    ("event page", "employer", "/en/events/{event}", 0.5),
    ("bookings", "employer", "/en/bookings/", 0.4),
    ("programme", "employer", "/en/programme/", 0.5),
    ("champions hub", "champion", "/en/champions/", None),
    ("resources", "employer", "/en/resources/", None),
    ("noticeboard", "champion", "/en/champions/network", None),
    ("staff today page", "staff", "/en/staff/today", None),
    ("organisations list", "staff", "/en/staff/organisations", 0.4),
    ("organisation record", "staff", "/en/staff/organisations/{organisation}", 0.4),
    ("review queue", "staff", "/en/eligibility/review", 0.4),
    ("dashboard", "staff", "/en/reports/?period={period}", 0.25),
    ("drill-down", "staff", "/en/reports/organisations?figure=engaged&period={period}", None),
]
JOURNEYS = {
    "employer": ["/en/", "/en/programme/", "/en/events/", "/en/events/{event}", "/en/bookings/", "/en/resources/"],
    "champion": ["/en/champions/", "/en/champions/network", "/en/resources/"],
    "staff": ["/en/staff/today", "/en/staff/organisations", "/en/staff/organisations/{organisation}",
              "/en/eligibility/review",
              "/en/reports/?period={period}", "/en/reports/organisations?figure=engaged&period={period}"],
}
# Of every ten simulated users: six employers, one champion, three staff.
MIX = ["employer"] * 6 + ["champion"] + ["staff"] * 3

# wrk prints its own summary without p95; this prints one machine-readable line.
REPORT_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def build(url, organisations, secret):
    """Rebuild the database with demo data plus the generated set; return the signed-in cookies and paths."""
    from flask_migrate import upgrade

    from bench.generate import generate
    from portal import create_app
    from portal.accounts.models import User
    from portal.demo import DEMO_ACCOUNTS, seed_demo
    from portal.engagement.models import Engagement
    from portal.events.models import Event
    from portal.extensions import db
    from portal.organisations.models import Organisation

    app = create_app("test", overrides={"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": secret,
                                        "RATELIMIT_STORAGE_URI": "memory://", "SERVICE_BASE_URL": "http://bench.test"})
    with app.app_context():
        started = time.perf_counter()
        upgrade()
        seed_demo()
        db.session.commit()
        made = generate(organisations=organisations)
        end = made.end.date()
        period = last_twelve_months(end)
        db.session.commit()
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        print(f"data: demo accounts and {made.organisations:,} organisations, {made.engagements:,} engagements, "
              f"{made.interventions:,} interventions, built in {time.perf_counter() - started:.1f} s")
        staff_email = DEMO_ACCOUNTS[2][0]
        staff_partner = db.session.scalar(select(User.partner_id).where(User.email == staff_email))
        # The staff member's busiest organisation: the record page at its heaviest.
        organisation = db.session.scalar(
            select(Organisation.id).join(Engagement, Engagement.organisation_id == Organisation.id)
            .where(Organisation.partner_id == staff_partner).group_by(Organisation.id)
            .order_by(func.count().desc(), Organisation.id).limit(1))
        event_id = db.session.scalar(select(Event.id).order_by(Event.starts_at, Event.id).limit(1))
        fill = {"event": event_id, "organisation": organisation, "period": period.id}
    return app, signed_in_clients(app), fill


def signed_in_clients(app):
    """A test client per role ("anonymous" too), each signed in as that role's first demo account.

    The first of each role: the demo has a second partner's adviser as well.
    """
    from portal.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

    clients = {"anonymous": app.test_client()}
    for email, _name, role, _lang in DEMO_ACCOUNTS:
        if role.value not in clients:
            clients[role.value] = sign_in(app, email, DEMO_PASSWORD)
    return clients


def last_twelve_months(end):
    """A reporting period of the twelve months to ``end``, stored directly (caller commits).

    The demo data has its own periods and the portal refuses overlapping ones
    (add_period), so the benchmark's own period is added as a row.
    """
    from portal.extensions import db
    from portal.reporting.models import ReportingPeriod

    period = ReportingPeriod(name_en="Last twelve months", name_cy="Y deuddeg mis diwethaf",
                             starts_on=end - timedelta(days=364), ends_on=end)
    db.session.add(period)
    db.session.flush()
    return period


def count_statements(app, clients, fill):
    """SQL statements each page issues, counted on the engine while the test client fetches it."""
    counts = {}
    with app.app_context():
        engine = app.extensions["sqlalchemy"].engine
    # Requests outside the app context above: inside it they would share its ``g`` (and the signed-in user).
    for label, who, path, _target in PAGES:
        seen = []
        listener = lambda *args, seen=seen: seen.append(1)  # noqa: E731 - a one-line counter
        clients[who].get(path.format(**fill))  # warm: the first request loads what later ones reuse
        event.listen(engine, "before_cursor_execute", listener)
        response = clients[who].get(path.format(**fill))
        event.remove(engine, "before_cursor_execute", listener)
        assert response.status_code == 200, f"{label}: {response.status_code} {response.headers.get('Location')}"
        counts[label] = len(seen)
    return counts


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(target, env, log, threads=None):
    """Start ``target`` under gunicorn (the same settings for both apps); return (process, base URL).

    ``threads``: threaded workers (``gthread``) with that many threads each, instead of sync workers.
    """
    port = _free_port()
    threaded = ["--worker-class", "gthread", "--threads", threads] if threads else []
    process = subprocess.Popen(  # noqa: S603 - our own gunicorn with fixed arguments
        [str(BIN / "gunicorn"), "--workers", WORKERS, *threaded, "--bind", f"127.0.0.1:{port}", target],
        cwd=ROOT, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    for _n in range(100):
        try:
            with urllib.request.urlopen(f"{base}/", timeout=2):  # noqa: S310 - our own local server
                pass
            return process, base
        except OSError as error:
            if getattr(error, "code", None):  # an HTTP answer (a redirect, 404): it is up
                return process, base
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError(f"gunicorn did not start {target}; see {log.name}")


def wrk(url, seconds, cookie=None, script=None, connections=CONNECTIONS):
    """One wrk run; returns requests/s, p50/p95/p99 (ms), socket errors and non-2xx/3xx answers."""
    command = ["wrk", "--threads", "2", "--connections", str(connections), "--duration", f"{seconds}s",
               "--script", script, url]
    if cookie:
        command[1:1] = ["--header", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    fields = [int(n) for n in re.search(r"^BENCH (.*)$", output, re.M).group(1).split()]
    requests, duration_us, socket_errors, status_errors, p50, p95, p99 = fields
    return {"rps": requests / (duration_us / 1e6), "p50": p50 / 1000, "p95": p95 / 1000, "p99": p99 / 1000,
            "errors": socket_errors + status_errors, "requests": requests}


def warm(portal_url, cookies, fill, script):
    """Request every page for a second: imports, template compilation, connection pools."""
    for _label, who, path, _target in PAGES:
        wrk(portal_url + path.format(**fill), 1, cookies.get(who), str(script))


def mixed_script(directory, cookies, fill):
    """A wrk script whose connections walk the journeys in turn, pausing between pages."""
    steps = []
    for who in MIX:
        cookie = cookies.get(who, "")
        for path in JOURNEYS[who]:
            steps.append(f'{{"{path.format(**fill)}", "{cookie}"}}')
    script = Path(directory) / "mixed.lua"
    script.write_text(
        "local steps = {" + ",\n".join(steps) + "}\n"
        "local i = 0\n"
        "init = function(args) math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))\n"
        "  i = math.random(#steps) end\n"
        "request = function()\n  i = i % #steps + 1\n"
        "  return wrk.format('GET', steps[i][1], {['Cookie'] = steps[i][2]})\nend\n"
        f"delay = function() return math.random({THINK_MS[0]}, {THINK_MS[1]}) end\n" + REPORT_LUA)
    return str(script)


def _load():
    return Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else ["?"] * 3


def main():
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (make bench-pages installs it from Debian's packages)")
    url = os.environ.get("BENCH_PAGES_DATABASE_URL", DEFAULT_DATABASE)
    organisations = int(os.environ.get("BENCH_PAGES_ORGANISATIONS", "5000"))
    seconds = int(os.environ.get("BENCH_PAGES_SECONDS", "8"))
    redis_url = os.environ.get("BENCH_REDIS_URL", os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/3"))
    problem = postgres_reachable(url, create=True)
    if problem:
        sys.exit(f"PostgreSQL not reachable at {url}: {problem}")
    reset_postgres(url)
    secret = secrets.token_urlsafe(48)
    print(f"Page benchmark: PostgreSQL ({url.rsplit('/', 1)[-1]}), gunicorn {WORKERS} workers, "
          f"wrk {CONNECTIONS} connections x {seconds} s per run; load average {' '.join(_load())}")
    app, clients, fill = build(url, organisations, secret)
    counts = count_statements(app, clients, fill)
    cookies = {who: f"session={client.get_cookie('session').value}"
               for who, client in clients.items() if who != "anonymous"}
    with app.app_context():
        app.extensions["sqlalchemy"].engine.dispose()

    env = {**os.environ, "PORTAL_ENV": "production", "SECRET_KEY": secret, "DATABASE_URL": url,
           "RATELIMIT_STORAGE_URI": redis_url, "SERVICE_BASE_URL": "http://bench.test"}
    with tempfile.TemporaryDirectory() as directory:
        script = Path(directory) / "report.lua"
        script.write_text(REPORT_LUA)
        with open(Path(directory) / "gunicorn.log", "w") as log:
            portal, portal_url = start_gunicorn("wsgi:app", env, log)
            reference, reference_url = start_gunicorn("bench.reference:app", env, log)
            try:
                # Warm both: imports, template compilation, connection pools.
                wrk(reference_url + "/", 2, script=str(script))
                warm(portal_url, cookies, fill, script)
                header = (f"{'page':<21}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'SQL':>5}"
                          f"{'ref req/s':>10}{'ratio':>7}  target")
                print(header)
                for label, who, path, target in PAGES:
                    ref = wrk(reference_url + "/", seconds, script=str(script))
                    page = wrk(portal_url + path.format(**fill), seconds, cookies.get(who), str(script))
                    ratio = page["rps"] / ref["rps"]
                    verdict = "-" if target is None else f">= {target:.2f} {'ok' if ratio >= target else 'MISSED'}"
                    if page["errors"]:
                        verdict += f"  ({page['errors']} errors)"
                    print(f"{label:<21}{page['rps']:>8.0f}{page['p50']:>8.1f}{page['p95']:>8.1f}{page['p99']:>8.1f}"
                          f"{counts[label]:>5}{ref['rps']:>10.0f}{ratio:>7.2f}  {verdict}", flush=True)
                print(f"load average after the page runs: {' '.join(_load())}")
                portal.terminate()
                portal.wait(timeout=30)
                portal, portal_url = start_gunicorn("wsgi:app", env, log, threads=MIXED_THREADS)
                warm(portal_url, cookies, fill, script)
                mixed = wrk(portal_url + "/", MIXED_SECONDS, script=mixed_script(directory, cookies, fill),
                            connections=MIXED_USERS)
                verdict = "ok" if mixed["p95"] < MIXED_P95_TARGET_MS and not mixed["errors"] else "MISSED"
                print(f"mixed ({WORKERS} gthread workers x {MIXED_THREADS} threads): "
                      f"{MIXED_USERS} simulated users (6 employer : 1 champion : 3 staff journeys, "
                      f"{THINK_MS[0]}-{THINK_MS[1]} ms between pages) for {MIXED_SECONDS} s: "
                      f"{mixed['requests']:,} requests, {mixed['rps']:.0f} req/s, p50 {mixed['p50']:.1f} ms, "
                      f"p95 {mixed['p95']:.1f} ms, p99 {mixed['p99']:.1f} ms, {mixed['errors']} errors; "
                      f"target p95 < {MIXED_P95_TARGET_MS} ms and no errors: {verdict}")
                print(f"load average at the end: {' '.join(_load())}")
            finally:
                for process in (portal, reference):
                    process.terminate()
                    process.wait(timeout=30)


if __name__ == "__main__":
    main()
