"""Counting invariants over the benchmark data, with corrections and voids mixed in.

5,000 generated organisations over three years; then staff corrections
through the portal's own correction functions: engagements voided or re-dated
and re-typed, E&D records voided, new counted engagements. In every cell of
every breakdown (partner x period x local authority x sector x size band x
month) engaged >= supported >= WHP and E&D <= supported. The month table
shows when each figure was first met, so in a month cell the invariant holds
for the running totals: by the end of each month.
"""

import random
from collections import defaultdict
from datetime import timedelta

from sqlalchemy import select

from bench.generate import generate
from portal.accounts.models import User
from portal.engagement import services as engagement
from portal.engagement.models import Engagement
from portal.extensions import db
from portal.organisations.models import Organisation
from portal.programme import services as programme
from portal.programme.models import EqualityStrategyRecord
from portal.reporting.models import FIGURES
from portal.reporting.services import Period, report_rows

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
    db.session.commit()


def _check(cell, counts):
    assert counts["engaged"] >= counts["supported"] >= counts["whp_implemented"], cell
    assert counts["equality_strategy"] <= counts["supported"], cell


def test_engaged_supported_whp_and_equality_hold_in_every_cell():
    generated = generate(organisations=5000, years=3, seed=12, tag="inv")
    db.session.commit()
    _apply_corrections(generated, random.Random(12))
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
