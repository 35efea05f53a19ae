"""Where a page's time goes: ``python -m bench.profile [page label ...]``.

Builds a small data set on SQLite (in memory), signs in the demo accounts,
fetches each page ``BENCH_PROFILE_REQUESTS`` times under cProfile and prints
the functions with the most time of their own and the most gettext calls per
request. The page list and who sees each page are :data:`bench.pages.PAGES`.
"""

import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time

from flask_migrate import upgrade

from bench.generate import generate
from bench.pages import PAGES, last_twelve_months, signed_in_clients
from portal import create_app
from portal.demo import seed_demo
from portal.events.models import Event
from portal.extensions import db
from portal.organisations.models import Organisation


def main():
    wanted = set(sys.argv[1:])
    requests = int(os.environ.get("BENCH_PROFILE_REQUESTS", "50"))
    directory = tempfile.mkdtemp()
    app = create_app("test", overrides={"SQLALCHEMY_DATABASE_URI": f"sqlite:///{directory}/profile.db",
                                        "RATELIMIT_STORAGE_URI": "memory://"})
    with app.app_context():
        upgrade()
        seed_demo()
        made = generate(organisations=int(os.environ.get("BENCH_PROFILE_ORGANISATIONS", "500")))
        end = made.end.date()
        period = last_twelve_months(end)
        db.session.commit()
        fill = {"event": db.session.scalar(db.select(Event.id).order_by(Event.id)),
                "organisation": db.session.scalar(db.select(Organisation.id).order_by(Organisation.id)),
                "period": period.id}
    # Requests outside the app context above, which they would otherwise share (and its ``g``).
    clients = signed_in_clients(app)
    for label, who, path, _target in PAGES:
        if wanted and label not in wanted:
            continue
        url = path.format(**fill)
        client = clients[who]
        client.get(url)
        plain = []
        for _n in range(requests):
            started = time.process_time()
            client.get(url)
            plain.append(time.process_time() - started)
        profile = cProfile.Profile()
        started = time.perf_counter()
        profile.enable()
        for _n in range(requests):
            client.get(url)
        profile.disable()
        took = (time.perf_counter() - started) / requests
        stats = pstats.Stats(profile).strip_dirs().sort_stats(os.environ.get("BENCH_PROFILE_SORT", "tottime"))
        # CPU time, not wall time: on a shared machine others' load would swamp the difference;
        # the function-call count does not depend on the load at all.
        print(f"\n=== {label} ({url}): {statistics.median(plain) * 1000:.1f} ms CPU a request (median), "
              f"{stats.total_calls / requests:,.0f} function calls, {took * 1000:.1f} ms under the profiler ===")
        stats.print_stats(int(os.environ.get("BENCH_PROFILE_LINES", "15")))
        gettext_calls = sum(count for (_file, _line, name), (_cc, count, *_rest) in stats.stats.items()
                            if name in ("ugettext", "ungettext"))
        print(f"gettext calls per request: {gettext_calls / requests:.0f}")
        for name in filter(None, os.environ.get("BENCH_PROFILE_CALLERS", "").split(",")):
            stats.print_callers(name)


if __name__ == "__main__":
    main()
