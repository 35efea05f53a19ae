"""A realistic programme data set, inserted in bulk.

Organisations across the 22 local authorities and both delivery partners,
three years of engagements and interventions, programme cycles with WHPs
judged by two rule versions, equality and diversity records, outcome
follow-ups at every stage, some large employers and some exceptions. Names
carry Welsh letters, and a few start like spreadsheet formulas, so exports
are exercised as they will be used.

The reconciliation tests use the same generator at a small size.
"""

import random
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import func, insert, select, text

from portal.accounts.models import User
from portal.accounts.passwords import hash_password
from portal.eligibility.tiers import EligibilityStatus
from portal.engagement.models import Engagement, EngagementType
from portal.extensions import db
from portal.organisations.models import Organisation
from portal.programme.models import (
    EqualityStrategyRecord,
    FollowUpStatus,
    Intervention,
    InterventionKind,
    OutcomeFollowUp,
    ProgrammeCycle,
    RuleVersion,
)
from portal.programme.rules import DEFAULT_RULES
from portal.reference.models import DeliveryPartner, Sector, partner_authorities
from portal.security import Role
from portal.timeutil import utcnow

PASSWORD = "bench password 1234"  # noqa: S105 - a throwaway benchmark account
WELSH_WORDS = ["Bwyd", "Gwŷr", "Ŵyn", "Caffi", "Siop", "Gweithdy", "Tŷ", "Llŷn", "Dŵr", "Cwm", "Bryn", "Afon"]
ENGLISH_WORDS = ["Bakery", "Builders", "Garage", "Studio", "Care", "Consulting", "Print", "Farm", "Dental"]
# User-entered names that a spreadsheet would otherwise run as formulas.
FORMULA_NAMES = ["=HYPERLINK(\"http://example.com\",\"Click\")", "+44 Trading", "-Minus Ltd", "@Home Cleaning"]
SUPPORT_TYPES = ["stress", "sleep", "physical_activity", "mental_health", "menopause", "musculoskeletal"]
OUTCOME_CHANGES = ["policy", "equality", "champion", "absence", "wellbeing"]
# Listed once: rng.choice(list(Enum)) per row was a fair part of the generator's time.
ENGAGEMENT_TYPES = list(EngagementType)
INTERVENTION_KINDS = list(InterventionKind)
STATUS_WEIGHTS = [("verified", 70), ("exception", 6), ("declared", 10), ("not_started", 9), ("not_eligible", 5)]


@dataclass
class Generated:
    organisations: int
    engagements: int
    interventions: int
    cycles: int
    whps: int
    equality_records: int
    follow_ups: int
    admin_email: str
    staff_email: str
    start: datetime
    end: datetime


def _when(rng, start, end):
    span = (end - start).total_seconds()
    return start + timedelta(seconds=rng.randrange(int(span)))


def _status(rng):
    roll, total = rng.randrange(100), 0
    for status, weight in STATUS_WEIGHTS:
        total += weight
        if roll < total:
            return status
    return "verified"


def _employees(rng):
    roll = rng.random()
    if roll < 0.05:
        return rng.randint(250, 2000)
    if roll < 0.08:
        return None
    return rng.choice([rng.randint(1, 9), rng.randint(10, 49), rng.randint(50, 249)])


def _rule_versions():
    versions = db.session.scalars(select(RuleVersion).order_by(RuleVersion.number)).all()
    if not versions:
        for number, distinct in ((1, False), (2, True)):
            db.session.add(RuleVersion(
                number=number, whp_min_interventions=2, whp_distinct_types=distinct,
                counted_engagement_types=sorted(DEFAULT_RULES.counted_engagement_types),
                follow_up_after_days=182, follow_up_response_days=28,
            ))
        db.session.flush()
        versions = db.session.scalars(select(RuleVersion).order_by(RuleVersion.number)).all()
    return [v.id for v in versions]


def _users(tag):
    password_hash = hash_password(PASSWORD)
    partners = db.session.scalars(select(DeliveryPartner).order_by(DeliveryPartner.id)).all()
    admin = User(email=f"bench-admin-{tag}@example.com", full_name="Bench Admin", role=Role.ADMIN,
                 password_hash=password_hash)
    staff = {p.id: User(email=f"bench-staff-{tag}-{p.id}@example.com", full_name=f"Bench Adviser {p.id}",
                        role=Role.STAFF, partner_id=p.id, password_hash=password_hash) for p in partners}
    db.session.add_all([admin, *staff.values()])
    db.session.flush()
    return admin, staff


def _insert(model, rows):
    """Insert ``rows`` into ``model``'s table: Core, not the ORM's bulk insert,
    which prepares every row as it would an object (psycopg pipelines the
    executemany on PostgreSQL)."""
    db.session.execute(insert(model.__table__), rows)


def _insert_with_ids(model, rows):
    """Insert ``rows`` with ids chosen here, and return the ids in order.

    Asking the database for the new ids (``INSERT … RETURNING`` in batches)
    costs more with every batch: SQLAlchemy splices each batch's returned rows
    onto all the earlier ones, so the time grows with the square of the rows.
    Numbering them after the highest existing id is linear; PostgreSQL's
    sequence is then moved past them so later inserts do not collide.
    """
    first = (db.session.scalar(select(func.max(model.id))) or 0) + 1
    ids = list(range(first, first + len(rows)))
    for row, row_id in zip(rows, ids, strict=True):
        row["id"] = row_id
    if rows:
        _insert(model, rows)
        if db.session.get_bind().dialect.name == "postgresql":
            db.session.execute(text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :last)"),
                               {"table": model.__table__.name, "last": ids[-1]})
    return ids


def generate(organisations=5000, years=3, seed=2022, end=None, tag="bench", max_engagements=14,
             max_interventions=10):
    """Insert the data set (committing nothing) and return what was made.

    Data runs over ``years`` years up to ``end`` (default: now).
    """
    rng = random.Random(seed)
    end = end or utcnow()
    start = end - timedelta(days=365 * years)
    versions = _rule_versions()
    admin, staff = _users(tag)
    partner_of = dict(db.session.execute(
        select(partner_authorities.c.local_authority_id, partner_authorities.c.partner_id)).all())
    authorities = sorted(partner_of)
    sector_ids = db.session.scalars(select(Sector.id)).all()

    rows = []
    for n in range(organisations):
        authority = authorities[n % len(authorities)]
        if n % 500 == 7:
            name = FORMULA_NAMES[(n // 500) % len(FORMULA_NAMES)]
        else:
            name = f"{rng.choice(WELSH_WORDS)} {rng.choice(ENGLISH_WORDS)} {n}"
        rows.append({
            "reference": f"HWW-{tag[:4].upper()}{n:06d}", "name": name, "sector_id": rng.choice(sector_ids),
            "employee_count": _employees(rng), "local_authority_id": authority,
            "partner_id": partner_of[authority], "postcode": "CF10 1AA",
            "eligibility_status": EligibilityStatus(_status(rng)),
            "correspondence_language": rng.choice(["en", "cy"]), "created_at": start,
            # Three in five agree to the evaluation, so its export has programme-scale rows
            # (by number, not by rng: the rest of the data set stays as it was).
            "evaluation_consent": n % 5 < 3, "evaluation_consent_at": start if n % 5 < 3 else None,
        })
    organisation_ids = _insert_with_ids(Organisation, rows)
    partners = [r["partner_id"] for r in rows]

    engagements, interventions_by_org = [], {}
    source_id = 0
    for index, organisation_id in enumerate(organisation_ids):
        adviser = staff[partners[index]].id
        for _n in range(rng.randint(0, max_engagements)):
            day = _when(rng, start, end).date()
            engagements.append({
                "organisation_id": organisation_id, "type": rng.choice(ENGAGEMENT_TYPES), "occurred_on": day,
                "duration_minutes": rng.choice([15, 30, 60]), "adviser_id": adviser,
                "notes": "Bench engagement", "counted": False, "created_at": end,
            })
        count = rng.randint(0, max_interventions) if rng.random() < 0.7 else 0
        times = sorted(_when(rng, start, end) for _n in range(count))
        interventions_by_org[organisation_id] = times
    if engagements:
        _insert(Engagement, engagements)

    cycles, cycle_interventions = [], []
    for organisation_id, times in interventions_by_org.items():
        if not times:
            continue
        # Two interventions make a WHP; a completed cycle ends and the next starts.
        chunks = [times[i:i + 2] for i in range(0, len(times), 2)]
        for number, chunk in enumerate(chunks, start=1):
            complete = len(chunk) == 2
            last = number == len(chunks)
            cycles.append({
                "organisation_id": organisation_id, "number": number, "started_at": chunk[0],
                "ended_at": None if last else chunk[-1],
                "whp_implemented_at": chunk[-1] if complete else None,
                "rule_version_id": rng.choice(versions) if complete else None,
            })
            cycle_interventions.append(chunk)
    cycle_ids = _insert_with_ids(ProgrammeCycle, cycles)

    interventions, follow_ups, equality = [], [], []
    now = end
    for cycle, cycle_id, chunk in zip(cycles, cycle_ids, cycle_interventions, strict=True):
        for moment in chunk:
            source_id += 1
            interventions.append({
                "organisation_id": cycle["organisation_id"], "cycle_id": cycle_id,
                "kind": rng.choice(INTERVENTION_KINDS), "support_type": rng.choice(SUPPORT_TYPES),
                "source_type": f"bench_{tag}", "source_id": source_id, "occurred_at": moment, "created_at": moment,
            })
        implemented = cycle["whp_implemented_at"]
        if implemented is not None:
            send_after = implemented + timedelta(days=182)
            if send_after > now:
                status = FollowUpStatus.SCHEDULED
            else:
                status = rng.choice([FollowUpStatus.ANSWERED, FollowUpStatus.NO_RESPONSE, FollowUpStatus.SENT,
                                     FollowUpStatus.NOT_SENT])
            # "Nothing has changed yet" stands alone; other answers choose one to three changes.
            if status != FollowUpStatus.ANSWERED:
                choices = []
            elif rng.random() < 0.2:
                choices = ["nothing_yet"]
            else:
                choices = sorted(rng.sample(OUTCOME_CHANGES, rng.randint(1, 3)))
            follow_ups.append({
                "organisation_id": cycle["organisation_id"], "cycle_id": cycle_id, "status": status,
                "send_after": send_after, "choices": choices,
                "rule_version_id": cycle["rule_version_id"],
            })
        if rng.random() < 0.25:
            equality.append({
                "organisation_id": cycle["organisation_id"], "cycle_id": cycle_id,
                "change": rng.choice(["adopted", "improved"]), "note": "Strategy agreed with the board",
                "recorded_by_id": admin.id, "recorded_at": _when(rng, cycle["started_at"], end),
            })
    for table, batch in ((Intervention, interventions), (OutcomeFollowUp, follow_ups),
                         (EqualityStrategyRecord, equality)):
        if batch:
            _insert(table, batch)
    db.session.flush()
    first_staff = staff[min(staff)]
    return Generated(
        organisations=len(organisation_ids), engagements=len(engagements), interventions=len(interventions),
        cycles=len(cycles), whps=sum(1 for c in cycles if c["whp_implemented_at"]), equality_records=len(equality),
        follow_ups=len(follow_ups), admin_email=admin.email, staff_email=first_staff.email,
        start=datetime.combine(start.date(), time(), tzinfo=UTC), end=end,
    )
