"""Counting invariants over the benchmark data, with corrections and voids mixed in.

5,000 generated organisations over three years; then staff corrections
through the portal's own correction functions: engagements voided or re-dated
and re-typed, E&D records voided, new counted engagements, delivered visits
re-dated and re-typed or voided, second programmes voided as started by
mistake (their support back in the first) or the first's dates corrected. In every cell of
every breakdown (partner x period x local authority x sector x size band x
month) engaged >= supported >= WHP and E&D <= supported. The month table
shows when each figure was first met, so in a month cell the invariant holds
for the running totals: by the end of each month. And every figure of the
dashboard (totals, groups, size bands, months, follow-up states and outcomes)
equals the rows of its drill-down and of its export.
"""

import random
from collections import defaultdict
from dataclasses import replace
from datetime import datetime, time, timedelta

from sqlalchemy import select, text

from bench.generate import generate
from portal.accounts.models import User
from portal.engagement import services as engagement
from portal.engagement.models import Engagement
from portal.extensions import db
from portal.organisations.models import Organisation
from portal.programme import services as programme
from portal.programme.models import EqualityStrategyRecord, ProgrammeCycle
from portal.reporting.models import FIGURES
from portal.reporting.services import (
    GROUPS,
    Filters,
    Period,
    dashboard,
    drill_down,
    organisation_rows,
    report_rows,
)
from portal.timeutil import LONDON
from portal.visits import services as visits
from portal.visits.labels import VISIT_TYPES
from portal.visits.models import VisitRequest, VisitStatus

ORDER = ("engaged", "supported", "whp_implemented")


def _apply_corrections(generated, rng):
    staff = db.session.scalar(select(User).where(User.email == generated.staff_email))
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.id)).all()
    today = generated.end.date()
    for organisation in rng.sample(organisations, 300):
        day = today - timedelta(days=rng.randrange(900))
        engagement.log_engagement(organisation, staff, type=rng.choice(["advice_session", "strategy_support"]),
                                  occurred_on=day, adviser_id=staff.id)
    engagements = db.session.scalars(select(Engagement).order_by(Engagement.id)).all()
    for item in rng.sample(engagements, 400):
        if item.voided_at is not None:
            continue
        if rng.random() < 0.5:
            engagement.void_engagement(item, staff, "Logged by mistake")
        else:
            engagement.correct_engagement(
                item, staff, "Wrong day and type", type=rng.choice(["phone_call", "advice_session"]),
                occurred_on=item.occurred_on - timedelta(days=rng.randrange(1, 60)),
                duration_minutes=item.duration_minutes, adviser_id=item.adviser_id, notes=item.notes,
                outcome=item.outcome)
    for entry in rng.sample(db.session.scalars(select(EqualityStrategyRecord)).all(), 100):
        programme.void_equality_record(entry, staff, "Recorded twice")
    _deliver_correct_and_void_visits(organisations, staff, today, rng)
    _start_correct_and_void_cycles(staff, today, rng)
    db.session.commit()


def _deliver_correct_and_void_visits(organisations, staff, today, rng):
    """Delivered visits counted as interventions; some re-dated and re-typed, some voided as never held."""
    for organisation in rng.sample(organisations, 300):
        day = today - timedelta(days=rng.randrange(40, 900))
        held = datetime.combine(day, time(10), tzinfo=LONDON)
        visit = VisitRequest(organisation=organisation, visit_type=rng.choice(list(VISIT_TYPES)),
                             preferred_dates="Any morning", site_address="1 High Street", staff_count=5,
                             language="either", status=VisitStatus.SCHEDULED, scheduled_for=held)
        db.session.add(visit)
        db.session.flush()
        visits.mark_delivered(visit, now=held + timedelta(hours=6))
        chance = rng.random()
        if chance < 0.4:
            visits.void_delivered_visit(visit, staff, "The visit did not happen")
        elif chance < 0.8:
            visits.correct_delivered_visit(visit, staff, "Wrong day and type",
                                           took_place_on=day - timedelta(days=rng.randrange(1, 30)),
                                           visit_type=rng.choice(list(VISIT_TYPES)), staff_count=3)


def _start_correct_and_void_cycles(staff, today, rng):
    """Second programmes started after a WHP, with support in them; most voided as started by mistake."""
    implemented = db.session.scalars(
        select(ProgrammeCycle).where(ProgrammeCycle.ended_at.is_(None), ProgrammeCycle.voided_at.is_(None),
                                     ProgrammeCycle.whp_implemented_at.is_not(None)).order_by(ProgrammeCycle.id)
    ).all()
    for cycle in rng.sample(implemented, min(150, len(implemented))):
        organisation = db.session.get(Organisation, cycle.organisation_id)
        second = programme.start_new_cycle(organisation, staff)
        engagement.log_engagement(organisation, staff, type="advice_session", occurred_on=today, adviser_id=staff.id)
        if rng.random() < 0.7 and programme.cycle_void_refusal(second) is None:
            programme.void_cycle(second, staff, "Started by mistake")
        else:
            started = programme.cycle_dates(cycle)["started_on"]
            programme.correct_cycle(cycle, staff, "Started earlier", started_on=started - timedelta(days=3),
                                    ended_on=today)


def _analyse():
    """Give PostgreSQL's planner statistics for the rows just loaded, as autovacuum would.

    Without them it takes tables of thousands of rows for empty ones and picks
    nested loops over the report's subqueries: the figures stay right, but each
    drill-down takes seconds instead of milliseconds (the test ran past 15 minutes).
    """
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("ANALYZE"))
        db.session.commit()


def _check(cell, counts):
    assert counts["engaged"] >= counts["supported"] >= counts["whp_implemented"], cell
    assert counts["equality_strategy"] <= counts["supported"], cell


def test_engaged_supported_whp_and_equality_hold_in_every_cell():
    generated = generate(organisations=5000, years=3, seed=12, tag="inv")
    db.session.commit()
    _apply_corrections(generated, random.Random(12))
    _analyse()
    end = generated.end.date()
    periods = [Period(end - timedelta(days=365 * 3), end), Period(end - timedelta(days=365), end),
               Period(end - timedelta(days=700), end - timedelta(days=300))]
    checked = 0
    for period in periods:
        for partner_id in (None, *db.session.scalars(select(Organisation.partner_id).distinct())):
            rows = report_rows(period, partner_id)
            result = db.session.execute(select(
                rows.c.local_authority_id, rows.c.sector_id, rows.c.band,
                *[rows.c[f] for f in FIGURES], *[rows.c[f"{f}_month"] for f in FIGURES],
            )).all()
            cells = defaultdict(lambda: dict.fromkeys(FIGURES, 0))
            months = defaultdict(lambda: defaultdict(lambda: dict.fromkeys(FIGURES, 0)))
            for row in result:
                keys = (row.local_authority_id, row.sector_id, row.band)
                # Every combination of the three breakdowns, each either chosen or "any".
                for mask in range(8):
                    cell = tuple(k if mask & (1 << i) else "any" for i, k in enumerate(keys))
                    for figure in FIGURES:
                        if getattr(row, figure):
                            cells[cell][figure] += 1
                            months[cell][getattr(row, f"{figure}_month")][figure] += 1
            for cell, counts in cells.items():
                _check((period, partner_id, cell), counts)
                running = dict.fromkeys(FIGURES, 0)
                for month in period.months():
                    for figure in FIGURES:
                        running[figure] += months[cell][month][figure]
                    _check((period, partner_id, cell, month), running)
                    checked += 1
                assert running == counts, (period, partner_id, cell)
    assert checked > 10_000
    for partner_id in (None, db.session.scalar(select(Organisation.partner_id).order_by(Organisation.id))):
        _figures_equal_their_drill_downs_and_exports(Filters(period=periods[0], partner_id=partner_id))


def _figures_equal_their_drill_downs_and_exports(base):
    """Each dashboard figure equals its drill-down's total and export rows (follow-up figures included)."""
    shown = dashboard(base)
    cells = [({"figure": f}, shown.totals[f]["total"]) for f in FIGURES]
    cells += [({"figure": f, "group": g}, shown.totals[f][g]) for f in FIGURES for g in GROUPS]
    cells += [({"figure": f, "band": b.band}, getattr(b, f)) for f in FIGURES for b in shown.bands]
    cells += [({"figure": f, "month": m["month"]}, m[f]) for f in FIGURES for m in shown.months[-3:]]
    cells += [({"follow_up": state}, n) for state, n in shown.follow_ups.items()]
    cells += [({"outcome": code}, n) for code, n in shown.outcomes.items()]
    assert sum(n for _, n in cells) > 0
    for narrowed, figure in cells:
        filters = replace(base, **narrowed)
        assert drill_down(filters)[1] == figure, narrowed
        assert sum(1 for _ in organisation_rows(filters)) == figure, narrowed
