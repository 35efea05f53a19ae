"""Programme figures for a period: counts, breakdowns, drill-down lists, targets.

Every figure is a SQL aggregate over :func:`report_rows`, which is the
programme rules' own :func:`portal.programme.rules.status_rows` with a few
reporting columns added (size band, group, and the month each figure was first
met). The dashboard, the drill-down list and the exports all read that one
statement, so a figure always equals the number of organisations behind it.
"""

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace

from sqlalchemy import Date, String, and_, case, cast, func, literal, or_, select, union_all
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.functions import FunctionElement

from portal.audit.services import record
from portal.extensions import db
from portal.organisations.channels import HEARD_VIA, INTERMEDIARY
from portal.organisations.sizes import SIZE_BANDS, size_band
from portal.programme.labels import OUTCOME_CHOICES
from portal.programme.models import OutcomeFollowUp
from portal.programme.rules import DEFAULT_RULES, Rules, status_rows
from portal.programme.services import latest_rule_version
from portal.reference.models import DeliveryPartner, Intermediary, LocalAuthority, Sector
from portal.reference.services import intermediaries, local_authorities, sectors
from portal.reporting.models import FIGURES, ReportingPeriod, Target
from portal.timeutil import today_in_wales

PER_PAGE = 50
GROUPS = ("sme", "exception", "large")
BREAKDOWNS = ("local_authority", "sector", "band")
# Follow-up states as the dashboard lists them (one per organisation, see status_rows).
FOLLOW_UP_STATES = ("sent", "answered", "no_response", "not_sent", "scheduled")
OUTCOMES = tuple(OUTCOME_CHOICES)
# How organisations heard of the service (Organisation.heard_via), in the question's order,
# then organisations that did not say.
UNKNOWN_CHANNEL = "unknown"
CHANNELS = (*(code for code, _words in HEARD_VIA), UNKNOWN_CHANNEL)


# --- a portable "YYYY-MM" of a date or timestamp ------------------------------------


class year_month(FunctionElement):  # noqa: N801 - reads as a SQL function
    """The calendar month of a date or UTC timestamp as ``YYYY-MM`` text."""

    type = String()
    name = "year_month"
    inherit_cache = True


@compiles(year_month, "sqlite")
def _year_month_sqlite(element, compiler, **kw):
    return f"strftime('%Y-%m', {compiler.process(element.clauses, **kw)})"


@compiles(year_month)
def _year_month_postgresql(element, compiler, **kw):
    argument = compiler.process(element.clauses, **kw)
    if isinstance(element.clauses.clauses[0].type, Date):
        return f"to_char({argument}, 'YYYY-MM')"
    # Months of timestamps are UTC months, as the period bounds are, whatever the session's zone.
    return f"to_char({argument} AT TIME ZONE 'UTC', 'YYYY-MM')"


def _earliest(a, b):
    """The smaller of two nullable ``YYYY-MM`` values, in SQL that every database speaks."""
    return case((a.is_(None), b), (b.is_(None), a), (a <= b, a), else_=b)


def _latest(a, b):
    """The larger of two ``YYYY-MM`` values (both present where it is used)."""
    return case((a >= b, a), else_=b)


# --- periods ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A reporting period: ``starts_on`` to ``ends_on`` inclusive."""

    starts_on: date
    ends_on: date
    id: int | None = None
    name_en: str = ""
    name_cy: str = ""

    @property
    def start(self):
        return datetime.combine(self.starts_on, time(), tzinfo=UTC)

    @property
    def end(self):
        """The first moment after the period (exclusive bound)."""
        return datetime.combine(self.ends_on + timedelta(days=1), time(), tzinfo=UTC)

    def name_in(self, lang):
        return self.name_cy if lang == "cy" else self.name_en

    def months(self):
        """Every ``YYYY-MM`` in the period, in order."""
        months, year, month = [], self.starts_on.year, self.starts_on.month
        while (year, month) <= (self.ends_on.year, self.ends_on.month):
            months.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months

    @classmethod
    def from_row(cls, row):
        return cls(row.starts_on, row.ends_on, row.id, row.name_en, row.name_cy)


def financial_year(today=None):
    """The financial year (1 April to 31 March) containing ``today``."""
    today = today or today_in_wales()
    first = today.year if today.month >= 4 else today.year - 1
    return Period(date(first, 4, 1), date(first + 1, 3, 31), None,
                  f"Financial year {first} to {first + 1}", f"Blwyddyn ariannol {first} i {first + 1}")


def periods():
    """Every reporting period, newest first."""
    return [Period.from_row(p) for p in
            db.session.scalars(select(ReportingPeriod).order_by(ReportingPeriod.starts_on.desc()))]


@dataclass(frozen=True)
class PeriodChoice:
    """The period a dashboard shows, and why: ``asked``, ``today`` or ``fallback``."""

    period: Period
    reason: str
    # An id was asked for that is not (or no longer) a stored period.
    missing: bool = False


def choose_period(available, period_id=None, today=None):
    """The period asked for, else the one containing today, else the financial year containing today.

    The newest period is never a silent default: one ahead of today (or long
    past) is shown only when someone chooses it, and the choice lives in the
    URL, so it is each person's own.
    """
    return period_choice(available, period_id, today).period


def period_choice(available, period_id=None, today=None):
    """:func:`choose_period` with the reason, for the page to say which period it shows."""
    today = today or today_in_wales()
    for period in available:
        if period_id is not None and period.id == period_id:
            return PeriodChoice(period, "asked")
    missing = period_id is not None
    for period in available:
        if period.starts_on <= today <= period.ends_on:
            return PeriodChoice(period, "today", missing)
    return PeriodChoice(financial_year(today), "fallback", missing)


class PeriodClash(ValueError):
    """A period that would overlap another, or share its name."""

    def __init__(self, field, other, kind):
        super().__init__(f"{kind}: {other.name_en}")
        self.field = field
        self.other = other
        self.kind = kind


def period_clash(name_en, name_cy, starts_on, ends_on, exclude_id=None):
    """The clash a new or changed period would make, or None.

    Periods never overlap (one day shared is an overlap: both count it), so a
    figure belongs to one period; names are unique in each language, ignoring case.
    """
    others = select(ReportingPeriod)
    if exclude_id is not None:
        others = others.where(ReportingPeriod.id != exclude_id)
    overlap = db.session.scalar(others.where(ReportingPeriod.starts_on <= ends_on,
                                             ReportingPeriod.ends_on >= starts_on)
                                .order_by(ReportingPeriod.starts_on).limit(1))
    if overlap is not None:
        return PeriodClash("starts_on", overlap, "overlap")
    for form_field, column, name in (("name_en", ReportingPeriod.name_en, name_en),
                                     ("name_cy", ReportingPeriod.name_cy, name_cy)):
        same = db.session.scalar(others.where(func.lower(column) == name.strip().lower()).limit(1))
        if same is not None:
            return PeriodClash(form_field, same, "name")
    return None


def add_period(name_en, name_cy, starts_on, ends_on, actor=None):
    """Add a reporting period (audited); raises :class:`PeriodClash` if it overlaps or repeats a name."""
    clash = period_clash(name_en, name_cy, starts_on, ends_on)
    if clash is not None:
        raise clash
    period = ReportingPeriod(name_en=name_en.strip(), name_cy=name_cy.strip(), starts_on=starts_on, ends_on=ends_on)
    db.session.add(period)
    db.session.flush()
    record("reporting_period_added", period, actor=actor, name=period.name_en,
           starts_on=starts_on.isoformat(), ends_on=ends_on.isoformat())
    return period


PERIOD_FIELDS = ("name_en", "name_cy", "starts_on", "ends_on")


def change_period(period, name_en, name_cy, starts_on, ends_on, actor=None):
    """Change a period (audited with before and after values of what changed).

    Raises :class:`PeriodClash`; returns False when nothing changed.
    """
    clash = period_clash(name_en, name_cy, starts_on, ends_on, exclude_id=period.id)
    if clash is not None:
        raise clash
    new = {"name_en": name_en.strip(), "name_cy": name_cy.strip(), "starts_on": starts_on, "ends_on": ends_on}
    changed = {name: (getattr(period, name), value) for name, value in new.items() if getattr(period, name) != value}
    if not changed:
        return False
    for name, (_old, value) in changed.items():
        setattr(period, name, value)
    details = {}
    for name, (old, value) in changed.items():
        details[f"{name}_old"] = _iso(old)
        details[f"{name}_new"] = _iso(value)
    record("reporting_period_changed", period, actor=actor, name=period.name_en, **details)
    return True


def _iso(value):
    return value.isoformat() if isinstance(value, date) else value


def period_targets(period_id):
    """The period's targets with their partners, programme-wide first (for the removal question)."""
    return db.session.scalars(
        select(Target).where(Target.period_id == period_id).options(selectinload(Target.partner))
        .order_by(Target.partner_id.is_not(None), Target.partner_id)
    ).all()


def remove_period(period, actor=None):
    """Remove a period and its targets (audited, with the targets' values kept in the audit entry)."""
    targets = period_targets(period.id)
    details = {"name": period.name_en, "name_en": period.name_en, "name_cy": period.name_cy,
               "starts_on": period.starts_on.isoformat(), "ends_on": period.ends_on.isoformat(),
               "targets": len(targets)}
    for target in targets:
        scope = "programme" if target.partner_id is None else f"partner_{target.partner_id}"
        for name in FIGURES:
            if getattr(target, name) is not None:
                details[f"{scope}_{name}"] = getattr(target, name)
    record("reporting_period_removed", period, actor=actor, **details)
    db.session.delete(period)
    db.session.flush()


def period_row(period_id):
    return db.session.get(ReportingPeriod, period_id)


def targets_for(period_id):
    """The period's targets keyed by partner id (None: programme-wide)."""
    if period_id is None:
        return {}
    return {t.partner_id: t for t in db.session.scalars(select(Target).where(Target.period_id == period_id))}


def set_target(period_id, partner_id, values, actor=None):
    """Set one scope's targets for a period; every change is audited with old and new values.

    ``values`` maps figure names to whole numbers or None (no target).
    Returns the target, or None when nothing changed.
    """
    target = db.session.scalar(select(Target).where(
        Target.period_id == period_id,
        Target.partner_id.is_(None) if partner_id is None else Target.partner_id == partner_id,
    ))
    old = {name: getattr(target, name) if target else None for name in FIGURES}
    new = {name: values.get(name) for name in FIGURES}
    if old == new:
        return None
    if target is None:
        target = Target(period_id=period_id, partner_id=partner_id)
        db.session.add(target)
    for name in FIGURES:
        setattr(target, name, new[name])
    target.updated_by_id = actor.id if actor is not None else None
    db.session.flush()
    changes = {f"{name}_old": old[name] for name in FIGURES if old[name] != new[name]}
    changes.update({f"{name}_new": new[name] for name in FIGURES if old[name] != new[name]})
    record("reporting_target_set", target, actor=actor, period_id=period_id,
           partner_id=partner_id if partner_id is not None else "programme", **changes)
    return target


def target_for(period, partner_id):
    """The target row for the scope shown (one query), or None."""
    if period.id is None:
        return None
    return db.session.scalar(select(Target).where(
        Target.period_id == period.id,
        Target.partner_id.is_(None) if partner_id is None else Target.partner_id == partner_id,
    ))


# --- the report statement ----------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What the dashboard, the drill-down list and the exports are narrowed to."""

    period: Period
    partner_id: int | None = None
    figure: str | None = None
    group: str | None = None
    local_authority_id: int | None = None
    sector_id: int | None = None
    band: str | None = None
    month: str | None = None
    follow_up: str | None = None
    outcome: str | None = None
    # How they heard (a code of CHANNELS) and the intermediary that introduced them.
    channel: str | None = None
    intermediary_id: int | None = None
    page: int = 1
    extra: dict = field(default_factory=dict, compare=False)

    def args(self, **changes):
        """Query-string arguments reproducing these filters (for links)."""
        aliases = {"la": "local_authority_id", "sector": "sector_id", "intermediary": "intermediary_id"}
        changes = {aliases.get(k, k): v for k, v in changes.items()}
        merged = replace(self, **changes) if changes else self
        values = {
            "period": merged.period.id,
            "partner": merged.partner_id,
            "figure": merged.figure,
            "group": merged.group,
            "la": merged.local_authority_id,
            "sector": merged.sector_id,
            "band": merged.band,
            "month": merged.month,
            "follow_up": merged.follow_up,
            "outcome": merged.outcome,
            "channel": merged.channel,
            "intermediary": merged.intermediary_id,
        }
        return {k: v for k, v in values.items() if v is not None}


def report_rows(period, partner_id=None, rules=None, organisation_ids=None):
    """:func:`status_rows` for ``period`` with reporting columns, as a subquery.

    Adds: category (``sme``, ``exception``, ``large``), band, channel (how they
    heard: a code of CHANNELS, ``unknown`` when not said), the outcomes chosen
    in answered follow-ups (``outcome_<code>``) and, for each figure,
    ``<figure>_month``: the month it was first met in the period. An
    organisation meets the figures in order (engaged, then supported, then WHP
    or E&D), so month by month the running totals keep engaged >= supported >=
    WHP and E&D <= supported. ``organisation_ids`` narrows every aggregate to
    those organisations (one page of a list).
    """

    start, end = period.start, period.end
    inner = status_rows(start, end, partner_id=partner_id, rules=rules or DEFAULT_RULES,
                        organisation_ids=organisation_ids).order_by(None).subquery()
    # Each first date's month once per organisation. The CASEs below read a month up to
    # six times, and neither database shares a repeated expression: inlined, the month
    # was worked out about ten times a row. OFFSET 0 keeps the planners from merging
    # this subquery into the outer query, which would copy the expressions back in.
    status = (
        select(*inner.c,
               year_month(inner.c.first_engagement_on).label("first_engagement_month"),
               year_month(inner.c.first_intervention_at).label("first_intervention_month"),
               year_month(inner.c.first_whp_at).label("first_whp_month"),
               year_month(inner.c.first_equality_at).label("first_equality_month"))
        .offset(0)
        .subquery()
    )
    engaged_month = status.c.first_engagement_month
    supported_month = status.c.first_intervention_month
    whp_month = status.c.first_whp_month
    equality_month = status.c.first_equality_month
    # Per organisation, whether an answered follow-up due in the period chose each outcome.
    # The stored choices are a JSON list of codes; matching the quoted code works on
    # SQLite's and PostgreSQL's text of it alike.
    choices_text = cast(OutcomeFollowUp.choices, String)
    outcomes = (
        select(OutcomeFollowUp.organisation_id.label("organisation_id"), *[
            func.max(case((choices_text.like(f'%"{code}"%'), 1), else_=0)).label(code) for code in OUTCOMES
        ])
        .where(OutcomeFollowUp.status == "answered", OutcomeFollowUp.send_after >= start,
               OutcomeFollowUp.send_after < end)
    )
    if organisation_ids is not None:
        outcomes = outcomes.where(OutcomeFollowUp.organisation_id.in_(organisation_ids))
    outcomes = outcomes.group_by(OutcomeFollowUp.organisation_id).subquery()
    query = (
        select(
            *[status.c[column.name] for column in inner.c],
            case((status.c.large, "large"), (status.c.exception, "exception"), else_="sme").label("category"),
            size_band(status.c.employee_count).label("band"),
            func.coalesce(status.c.heard_via, literal(UNKNOWN_CHANNEL)).label("channel"),
            case((status.c.engaged, _earliest(engaged_month, supported_month)), else_=None)
            .label("engaged_month"),
            case((status.c.supported, supported_month), else_=None).label("supported_month"),
            case((status.c.whp_implemented, whp_month), else_=None).label("whp_implemented_month"),
            # E&D counts for a supported organisation, so it is met once both are: never before supported.
            case((status.c.equality_strategy, _latest(equality_month, supported_month)), else_=None)
            .label("equality_strategy_month"),
            *[(func.coalesce(outcomes.c[code], 0) == 1).label(f"outcome_{code}") for code in OUTCOMES],
        )
        .outerjoin(outcomes, outcomes.c.organisation_id == status.c.organisation_id)
    )
    return query.subquery("report")


def _true(column):
    return column == literal(True)


def _any_figure(rows):
    return or_(*[_true(rows.c[name]) for name in FIGURES])


def _filtered(rows, filters):
    """Conditions for the drill-down filters on ``rows``."""
    conditions = []
    if filters.figure in FIGURES:
        conditions.append(_true(rows.c[filters.figure]))
    elif filters.follow_up is None and filters.outcome is None:
        # A follow-up falls due months after the support it follows, often in a later
        # period: its organisations are listed whether or not they have a figure here.
        conditions.append(_any_figure(rows))
    if filters.follow_up in FOLLOW_UP_STATES:
        conditions.append(rows.c.follow_up == filters.follow_up)
    if filters.outcome in OUTCOMES:
        conditions.append(_true(rows.c[f"outcome_{filters.outcome}"]))
    if filters.group in GROUPS:
        conditions.append(rows.c.category == filters.group)
    if filters.local_authority_id is not None:
        conditions.append(rows.c.local_authority_id == filters.local_authority_id)
    if filters.sector_id is not None:
        conditions.append(rows.c.sector_id == filters.sector_id)
    if filters.band in SIZE_BANDS:
        conditions.append(rows.c.band == filters.band)
    if filters.channel in CHANNELS:
        conditions.append(rows.c.channel == filters.channel)
    if filters.intermediary_id is not None:
        conditions.append(and_(rows.c.channel == INTERMEDIARY, rows.c.intermediary_id == filters.intermediary_id))
    if filters.month:
        column = rows.c[f"{filters.figure}_month"] if filters.figure in FIGURES else rows.c.engaged_month
        conditions.append(column == filters.month)
    return and_(*conditions)


@dataclass
class Dashboard:
    """Everything the dashboard shows, each part one SQL aggregate."""

    totals: dict
    local_authorities: list
    sectors: list
    bands: list
    months: list
    whp_versions: list
    target: object = None
    # Organisations by follow-up state, and how many chose each outcome.
    follow_ups: dict = field(default_factory=dict)
    outcomes: dict = field(default_factory=dict)
    # Per partner id ("none": no partner), when asked for: see :func:`side_by_side`.
    partners: dict = field(default_factory=dict)
    # By how they heard (``channel``: a code of CHANNELS) and by intermediary (``id`` and both names).
    channels: list = field(default_factory=list)
    intermediaries: list = field(default_factory=list)


# The columns of every summary row after its kind and key: the four figures, then the
# number of organisations that chose each outcome (counted only where a branch says so).
SUMMARY_COUNTS = (*FIGURES, *[f"outcome_{code}" for code in OUTCOMES])


def _branch(kind, key, rows, where=None, **counts):
    """One part of the summary statement: counts per ``key`` labelled ``kind``."""
    columns = [literal(kind).label("kind"), cast(key, String).label("key")]
    for name in SUMMARY_COUNTS:
        columns.append(counts.get(name, literal(0)).label(name))
    query = select(*columns).group_by(key)
    return query.where(where) if where is not None else query


def summary_rows(rows, by_partner=False):
    """Every dashboard aggregate in ONE statement over the report rows (a CTE, computed once).

    Each result row is (kind, key, engaged, supported, whp_implemented,
    equality_strategy, then ``outcome_<code>`` for each outcome) where kind is
    ``category``, ``local_authority``, ``sector``, ``band``, ``channel``,
    ``intermediary``, ``month:<figure>``, ``whp_version`` or ``follow_up``
    (organisations per follow-up state, counted in the ``engaged`` column).
    The outcome columns count the organisations choosing each outcome on the
    ``category`` rows (and the ``partner`` rows), which between them cover
    every organisation: elsewhere they are 0.

    Each branch is a scan of the report rows, so counts that share a grouping
    share a branch: the outcomes ride on the categories rather than taking six
    scans of their own (twelve with the partners), which at 50,000
    organisations was a fifth of the statement.
    """
    sums = {name: func.coalesce(func.sum(case((_true(rows.c[name]), 1), else_=0)), 0) for name in FIGURES}
    outcome_sums = {f"outcome_{code}": func.coalesce(func.sum(case((_true(rows.c[f"outcome_{code}"]), 1),
                                                                   else_=0)), 0)
                    for code in OUTCOMES}
    any_figure = _any_figure(rows)
    branches = [
        # Follow-ups and outcomes are counted over every organisation, not only those with a figure.
        _branch("category", rows.c.category, rows, **sums, **outcome_sums),
        _branch("local_authority", rows.c.local_authority_id, rows, any_figure, **sums),
        _branch("sector", rows.c.sector_id, rows, any_figure, **sums),
        _branch("band", rows.c.band, rows, any_figure, **sums),
        _branch("channel", rows.c.channel, rows, any_figure, **sums),
        # Only organisations that heard through an intermediary name one (see channels.heard_via_fields).
        _branch("intermediary", rows.c.intermediary_id, rows,
                and_(any_figure, rows.c.channel == INTERMEDIARY, rows.c.intermediary_id.is_not(None)), **sums),
        _branch("whp_version", rows.c.whp_rule_version, rows, _true(rows.c.whp_implemented),
                whp_implemented=func.count()),
    ]
    for name in FIGURES:
        month = rows.c[f"{name}_month"]
        branches.append(_branch(f"month:{name}", month, rows, month.is_not(None), **{name: func.count()}))
    branches.append(_branch("follow_up", rows.c.follow_up, rows, rows.c.follow_up.is_not(None),
                            engaged=func.count()))
    if by_partner:
        branches.extend(_partner_branches(rows, sums, outcome_sums))
    return db.session.execute(union_all(*branches)).all()


def _partner_branches(rows, sums, outcome_sums):
    """The side-by-side table's parts, over the same report rows (so in the same statement).

    ``partner`` rows hold the four figures and the outcome counts per partner;
    ``partner_follow_up`` rows count organisations per ``<partner>:<state>``.
    """
    partner = func.coalesce(cast(rows.c.partner_id, String), literal("none"))
    yield _branch("partner", partner, rows, None, **sums, **outcome_sums)
    yield _branch("partner_follow_up", partner + literal(":") + rows.c.follow_up, rows,
                  rows.c.follow_up.is_not(None), engaged=func.count())


def _int_key(key):
    return int(key) if key is not None else None


def _named(found, reference):
    """Breakdown rows with both names, in the reference data's order; unknown (None) last."""
    names = {item.id: item for item in reference}
    ordered = [i for i in names if i in found] + [i for i in found if i not in names]
    return [SimpleNamespace(id=i, name_en=names[i].name_en if i in names else None,
                            name_cy=names[i].name_cy if i in names else None, **found[i]) for i in ordered]


def _summary_columns(rows):
    """The report rows narrowed to what :func:`summary_rows` reads, as a CTE (computed once).

    The summary scans its rows once per breakdown: without names, references
    and languages each row is a third of the width.
    """
    names = [*FIGURES, "category", "local_authority_id", "sector_id", "band", "channel", "intermediary_id",
             "partner_id", "whp_rule_version", "follow_up", *[f"{name}_month" for name in FIGURES],
             *[f"outcome_{code}" for code in OUTCOMES]]
    return select(*[rows.c[name] for name in names]).cte("report")


def dashboard(filters, rules=None, by_partner=False):
    """The dashboard's figures for ``filters.period`` and partner.

    A fixed number of queries whatever the data size: one summary statement,
    the three reference lists, and the target.
    """

    rows = _summary_columns(report_rows(filters.period, filters.partner_id, rules))
    totals = {name: {"total": 0, **dict.fromkeys(GROUPS, 0)} for name in FIGURES}
    parts = {"local_authority": {}, "sector": {}, "band": {}, "channel": {}, "intermediary": {}}
    months, versions = {}, []
    follow_ups, outcomes = dict.fromkeys(FOLLOW_UP_STATES, 0), dict.fromkeys(OUTCOMES, 0)
    by_partners = {}

    def partner_part(key):
        if key not in by_partners:
            by_partners[key] = _empty_partner(None if key == "none" else int(key))
        return by_partners[key]

    for row in summary_rows(rows, by_partner):
        counts = {name: getattr(row, name) for name in FIGURES}
        if row.kind == "partner":
            part = partner_part(row.key)
            part.counts.update(counts)
            part.outcomes.update({code: getattr(row, f"outcome_{code}") for code in OUTCOMES})
        elif row.kind == "partner_follow_up":
            key, state = row.key.split(":", 1)
            partner_part(key).follow_ups[state] = counts["engaged"]
        elif row.kind == "follow_up":
            follow_ups[row.key] = counts["engaged"]
        elif row.kind == "category":
            for name in FIGURES:
                totals[name][row.key] += counts[name]
                totals[name]["total"] += counts[name]
            for code in OUTCOMES:
                outcomes[code] += getattr(row, f"outcome_{code}")
        elif row.kind in parts:
            parts[row.kind][row.key] = counts
        elif row.kind == "whp_version":
            versions.append(SimpleNamespace(version=_int_key(row.key), n=counts["whp_implemented"]))
        else:
            figure = row.kind.split(":", 1)[1]
            months[(figure, row.key)] = counts[figure]
    return Dashboard(
        totals=totals,
        local_authorities=_named({_int_key(k): v for k, v in parts["local_authority"].items()},
                                 local_authorities()),
        sectors=_named({_int_key(k): v for k, v in parts["sector"].items()}, sectors()),
        bands=[SimpleNamespace(band=band, **parts["band"][band]) for band in SIZE_BANDS if band in parts["band"]],
        channels=[SimpleNamespace(channel=code, **parts["channel"][code]) for code in CHANNELS
                  if code in parts["channel"]],
        intermediaries=_named({_int_key(k): v for k, v in parts["intermediary"].items()},
                              intermediaries(include_retired=True)),
        months=[{"month": month, **{name: months.get((name, month), 0) for name in FIGURES}}
                for month in filters.period.months()],
        whp_versions=sorted(versions, key=lambda v: (v.version is None, v.version or 0)),
        target=target_for(filters.period, filters.partner_id),
        follow_ups=follow_ups,
        outcomes=outcomes,
        partners={p.partner_id: p for p in by_partners.values()},
    )


def _listing(rows):

    return (
        select(rows, LocalAuthority.name_en.label("la_en"), LocalAuthority.name_cy.label("la_cy"),
               Sector.name_en.label("sector_en"), Sector.name_cy.label("sector_cy"),
               DeliveryPartner.name_en.label("partner_en"), DeliveryPartner.name_cy.label("partner_cy"))
        .outerjoin(LocalAuthority, LocalAuthority.id == rows.c.local_authority_id)
        .outerjoin(Sector, Sector.id == rows.c.sector_id)
        .outerjoin(DeliveryPartner, DeliveryPartner.id == rows.c.partner_id)
    )


def drill_down(filters, rules=None):
    """One page of the organisations behind a figure, and how many there are (two queries).

    The first statement finds the page's organisations and the total (a window
    count) from the columns the filters need, which the database computes
    without the rest; the second computes the page's rows for those
    organisations only.
    """
    rows = report_rows(filters.period, filters.partner_id, rules)
    condition = _filtered(rows, filters)
    offset = (max(filters.page, 1) - 1) * PER_PAGE
    window = db.session.execute(
        select(rows.c.organisation_id, func.count().over().label("total")).where(condition)
        .order_by(rows.c.name, rows.c.organisation_id).limit(PER_PAGE).offset(offset)
    ).all()
    if not window:
        # Past the last page (or nothing at all): the total still tells the page what there is.
        total = db.session.scalar(select(func.count()).select_from(rows).where(condition)) if offset else 0
        return [], total
    page_rows = report_rows(filters.period, filters.partner_id, rules,
                            organisation_ids=[row.organisation_id for row in window])
    page = db.session.execute(
        _listing(page_rows).order_by(page_rows.c.name, page_rows.c.organisation_id)
    ).all()
    return page, window[0].total


# --- the organisation export's dates and language preferences ------------------------------


def names_in(lang):
    """The names of the delivery partner, local authority, sector and intermediary in ``lang``,
    labelled ``partner``, ``local_authority``, ``sector`` and ``intermediary``, for an export's
    select (which joins the four tables): one language, not both, as the rows are many."""
    welsh = lang == "cy"
    return [(model.name_cy if welsh else model.name_en).label(label) for model, label in (
        (DeliveryPartner, "partner"), (LocalAuthority, "local_authority"), (Sector, "sector"),
        (Intermediary, "intermediary"))]


# The columns of an organisation export row, in order: the export reads them by position.
EXPORT_COLUMNS = (
    "reference", "name", "band", "category", "employee_count", *FIGURES, "interventions", "whp_rule_version",
    "rule_version", "follow_up", "first_engagement_on", "first_intervention_at", "first_whp_at",
    "first_equality_at", "correspondence_language", "support_language", "channel",
    *[f"outcome_{code}" for code in OUTCOMES],
    "partner", "local_authority", "sector", "intermediary",
)


def organisation_rows(filters, rules=None, lang="en"):
    """Every organisation behind the filters (all with any figure if no figure is chosen), for export.

    Rows of :data:`EXPORT_COLUMNS`: a drill-down row's columns that the export writes and
    the names of its partner, local authority, sector and intermediary (when they heard
    through one) in ``lang``. ``first_engagement_on``, ``first_intervention_at``,
    ``first_whp_at`` and ``first_equality_at`` are the earliest of each in the period;
    :func:`figure_dates` turns them into the date each figure was met, by the same
    rules as the dashboard's months.

    Only these columns: at 50,000 organisations, turning the other twenty of a
    drill-down row into Python values took longer than the database took to find them.
    """
    rows = report_rows(filters.period, filters.partner_id, rules)
    query = (
        select(*[rows.c[name] for name in EXPORT_COLUMNS[:-4]], *names_in(lang))
        .outerjoin(LocalAuthority, LocalAuthority.id == rows.c.local_authority_id)
        .outerjoin(Sector, Sector.id == rows.c.sector_id)
        .outerjoin(DeliveryPartner, DeliveryPartner.id == rows.c.partner_id)
        .outerjoin(Intermediary, and_(Intermediary.id == rows.c.intermediary_id, rows.c.channel == INTERMEDIARY))
    )
    # Fetched a thousand rows at a time (a server-side cursor on PostgreSQL) as the export is written.
    return db.session.execute(
        query.where(_filtered(rows, filters))
        .order_by(rows.c.name, rows.c.organisation_id)
        .execution_options(yield_per=1000)
    )


def _utc_date(value):
    # Dates of timestamps are UTC dates, as the dashboard's months are UTC months.
    if value is None:
        return None
    if isinstance(value, datetime):
        return (value if value.tzinfo is None else value.astimezone(UTC)).date()
    return value


def figure_dates(engaged, supported, whp_implemented, equality_strategy,
                 first_engagement_on, first_intervention_at, first_whp_at, first_equality_at):
    """The dates each figure was first met in the period (None where not met), in the order of FIGURES.

    From a report row's four figures and its four first dates (see :func:`organisation_rows`), by
    the same rules as ``<figure>_month``: engaged by the earlier of a counted engagement and an
    intervention; E&D never before supported. So each date falls in that figure's month. Values,
    not the row: an export reads a row's columns by position, many times quicker than by name.
    """
    engagement, intervention = _utc_date(first_engagement_on), _utc_date(first_intervention_at)
    supported_on = intervention if supported else None
    engaged_on = (min((d for d in (engagement, intervention) if d is not None), default=None)
                  if engaged else None)
    whp_on = _utc_date(first_whp_at) if whp_implemented else None
    equality_on = None
    if equality_strategy:
        recorded = _utc_date(first_equality_at)
        equality_on = (max(d for d in (recorded, supported_on) if d is not None)
                       if (recorded or supported_on) else None)
    return engaged_on, supported_on, whp_on, equality_on


# --- partners side by side -------------------------------------------------------------


@dataclass
class PartnerFigures:
    """One column of the side-by-side table: a partner's figures, follow-up states and outcomes."""

    partner_id: int | None
    counts: dict
    follow_ups: dict
    outcomes: dict
    target: object = None

    def rates(self, rules):
        """This partner's rates (see :func:`rates`)."""
        return rates(self.counts, rules)


def _empty_partner(partner_id):
    return PartnerFigures(partner_id, dict.fromkeys(FIGURES, 0), dict.fromkeys(FOLLOW_UP_STATES, 0),
                          dict.fromkeys(OUTCOMES, 0))


def side_by_side(data, period, all_partners):
    """A column per delivery partner (every partner, in page order), then one for organisations without one.

    ``data`` is a :func:`dashboard` made with ``by_partner=True``: the partners'
    figures come from the dashboard's own statement, over the same rows, so they
    add up to its totals. One more query: the period's targets.
    Returns the columns, the programme-wide target, and every target by partner id.
    """
    targets = targets_for(period.id)
    columns = []
    for partner in all_partners:
        column = data.partners.get(partner.id) or _empty_partner(partner.id)
        column.target = targets.get(partner.id)
        columns.append((partner, column))
    known = {p.id for p in all_partners}
    for partner_id, column in data.partners.items():
        if partner_id not in known and (any(column.counts.values()) or any(column.follow_ups.values())):
            columns.append((None, column))
    return columns, targets.get(None), targets


@dataclass(frozen=True)
class TargetMismatch:
    """A figure whose partner targets do not add up to the programme target."""

    figure: str
    partners_total: int
    programme: int


def target_mismatches(targets):
    """Figures whose partner targets add up to something other than the programme target.

    ``targets`` maps partner id (None: programme-wide) to a target row. A figure
    is compared only when the programme target and at least one partner target
    are set; a partner without a target for it counts as 0.
    """
    programme = targets.get(None)
    partner_targets = [t for pid, t in targets.items() if pid is not None and t is not None]
    mismatches = []
    for name in FIGURES:
        goal = getattr(programme, name, None) if programme is not None else None
        values = [getattr(t, name) for t in partner_targets if getattr(t, name) is not None]
        if goal is None or not values:
            continue
        if sum(values) != goal:
            mismatches.append(TargetMismatch(name, sum(values), goal))
    return mismatches


# --- rates -------------------------------------------------------------------------------

# The E&D target is defined as half of the supported organisations (e.g. 700 of 1,400):
# the share an E&D rate is read against.
EQUALITY_SHARE_OF_SUPPORTED = 0.5


@dataclass(frozen=True)
class Rate:
    """A share: ``numerator`` organisations of ``denominator``, both figures with their own drill-down.

    Every organisation in the numerator is in the denominator (the rules count a
    WHP and an E&D strategy only for a supported organisation, and a supported
    one as engaged), so the share is of the same organisations.
    """

    name: str
    numerator_figure: str
    denominator_figure: str
    numerator: int
    denominator: int
    rule_version: int
    benchmark: float | None = None

    @property
    def value(self):
        """The share as a fraction, or None when the denominator is 0."""
        return self.numerator / self.denominator if self.denominator else None

    @property
    def meets_benchmark(self):
        if self.benchmark is None or self.value is None:
            return None
        return self.value >= self.benchmark


RATES = (
    ("supported_of_engaged", "supported", "engaged", None),
    ("whp_of_supported", "whp_implemented", "supported", None),
    ("equality_of_supported", "equality_strategy", "supported", EQUALITY_SHARE_OF_SUPPORTED),
)


def rates(counts, rules):
    """The three rates from figure counts (``{figure: n}``), each naming the rule version that counted them."""
    return [
        Rate(name, top, bottom, counts[top], counts[bottom], rules.version, benchmark)
        for name, top, bottom, benchmark in RATES
    ]


def total_counts(totals):
    """``{figure: n}`` from the dashboard's totals."""
    return {name: totals[name]["total"] for name in FIGURES}


def percentage(achieved, target):
    """``achieved`` as a fraction of ``target``; None without a target."""
    if not target:
        return None
    return achieved / target



def rules_in_use():
    """The current rules without writing anything (version 1 from the defaults if none is stored)."""

    latest = latest_rule_version()
    return Rules.from_version(latest) if latest is not None else replace(DEFAULT_RULES, version=1)
