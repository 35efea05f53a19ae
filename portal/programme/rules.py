"""The programme rules: what counts as engaged, supported and WHP implemented.

The rules are plain functions of an organisation's facts and a :class:`Rules`
value, so tests and reports call them directly. :func:`status_rows` is the
same rules as one SQL statement over every organisation, for reporting.
Every result names the rule version that produced it.
"""

from dataclasses import dataclass, field

from sqlalchemy import and_, case, distinct, func, literal, or_, select

from portal.eligibility.tiers import ELIGIBLE_STATUSES, EligibilityStatus
from portal.engagement.models import Engagement
from portal.organisations.models import Organisation
from portal.organisations.sizes import LARGE_EMPLOYER_SIZE
from portal.programme.models import EqualityStrategyRecord, Intervention, OutcomeFollowUp, ProgrammeCycle, RuleVersion

# Engagement types that are support in themselves (not just contact) count by default.
DEFAULT_COUNTED_ENGAGEMENT_TYPES = frozenset(
    {"advice_session", "wellbeing_survey", "strategy_support", "induction_reviews", "individual_support"}
)


@dataclass(frozen=True)
class Rules:
    """One version of the rules, detached from the database."""

    version: int = 0
    whp_min_interventions: int = 2
    whp_distinct_types: bool = False
    counted_engagement_types: frozenset = DEFAULT_COUNTED_ENGAGEMENT_TYPES
    follow_up_after_days: int = 182
    follow_up_response_days: int = 28
    # A staff survey with its results and an agreed action plan counts as an intervention.
    counts_action_plan: bool = False

    @classmethod
    def from_version(cls, row):
        return cls(
            version=row.number,
            whp_min_interventions=row.whp_min_interventions,
            whp_distinct_types=row.whp_distinct_types,
            counted_engagement_types=frozenset(row.counted_engagement_types or ()),
            follow_up_after_days=row.follow_up_after_days,
            follow_up_response_days=row.follow_up_response_days,
            counts_action_plan=bool(row.counts_action_plan),
        )


DEFAULT_RULES = Rules()


@dataclass(frozen=True)
class OrganisationFacts:
    """What the rules look at for one organisation."""

    eligibility_status: str = EligibilityStatus.NOT_STARTED
    employee_count: int | None = None
    engagements: int = 0
    interventions: int = 0
    # Support types of the interventions in the current cycle, one per intervention.
    cycle_support_types: tuple = ()
    equality_strategy_recorded: bool = False


@dataclass(frozen=True)
class Progress:
    done: int
    needed: int
    remaining: int
    types_done: int
    needs_different_type: bool
    complete: bool


@dataclass(frozen=True)
class Status:
    engaged: bool
    supported: bool
    whp_implemented: bool
    equality_strategy: bool
    category: str
    rule_version: int
    progress: Progress = field(repr=False, default=None)


def counts_as_intervention(engagement_type, rules=DEFAULT_RULES):
    """True if an engagement of ``engagement_type`` is counted as an intervention."""
    return engagement_type in rules.counted_engagement_types


def is_large(employee_count):
    """Large employers (250 or more staff) are allowed by setting but counted apart."""
    return employee_count is not None and employee_count >= LARGE_EMPLOYER_SIZE


def category(eligibility_status, employee_count):
    """``large``, ``exception`` or ``sme``: the groups figures keep apart."""
    if is_large(employee_count):
        return "large"
    if EligibilityStatus(eligibility_status) == EligibilityStatus.EXCEPTION:
        return "exception"
    return "sme"


def is_engaged(facts):
    """Engaged: any recorded engagement (counted support is an engagement too)."""
    return facts.engagements > 0 or facts.interventions > 0


# --- who may be counted ------------------------------------------------------------------
#
# The ONE place the programme asks whether an organisation may receive programme
# support, so that supported, WHP and E&D all follow the same answer. Today it is
# the organisation's eligibility status (verified, or eligible by exception); when
# a single eligibility decision exists, these two functions are what change.


def may_be_counted(eligibility_status):
    """True if an organisation with ``eligibility_status`` may have its support counted."""
    return EligibilityStatus(eligibility_status) in ELIGIBLE_STATUSES


def may_be_counted_clause(status_column):
    """:func:`may_be_counted` as a SQL condition on an eligibility status column."""
    return status_column.in_([s.value for s in ELIGIBLE_STATUSES])


def is_supported(facts):
    """Supported: eligible (verified or by exception) with at least one intervention."""
    return may_be_counted(facts.eligibility_status) and facts.interventions > 0


def whp_progress(cycle_support_types, rules=DEFAULT_RULES):
    """How far the current cycle is toward a WHP under ``rules``."""
    done = len(cycle_support_types)
    types_done = len(set(cycle_support_types))
    needed = rules.whp_min_interventions
    complete = done >= needed and (types_done >= 2 or not rules.whp_distinct_types)
    remaining = max(needed - done, 0)
    needs_different_type = rules.whp_distinct_types and not complete and remaining == 0
    if needs_different_type:
        remaining = 1
    return Progress(done=done, needed=needed, remaining=remaining, types_done=types_done,
                    needs_different_type=needs_different_type, complete=complete)


def is_whp_implemented(cycle_support_types, rules=DEFAULT_RULES):
    """WHP implemented: enough interventions in the current cycle (of two types, if set)."""
    return whp_progress(cycle_support_types, rules).complete


def organisation_status(facts, rules=DEFAULT_RULES):
    """Every programme figure for one organisation, naming the rule version.

    A WHP and an E&D strategy count only for a supported organisation, so
    engaged >= supported >= WHP and E&D <= supported hold for anyone.
    """
    progress = whp_progress(facts.cycle_support_types, rules)
    supported = is_supported(facts)
    return Status(
        engaged=is_engaged(facts),
        supported=supported,
        whp_implemented=supported and progress.complete,
        equality_strategy=supported and facts.equality_strategy_recorded,
        category=category(facts.eligibility_status, facts.employee_count),
        rule_version=rules.version,
        progress=progress,
    )


def row_category(row):
    """The group of a :class:`Status` or of a :func:`status_rows` row."""
    if getattr(row, "category", None):
        return row.category
    if row.large:
        return "large"
    return "exception" if row.exception else "sme"


def summarise(statuses):
    """Counts of unique organisations per figure, with large and exception kept apart.

    Takes :class:`Status` values or :func:`status_rows` rows. For rows, the
    outcome follow-ups are counted by answer too: *no response* is its own
    answer, never folded into "answered" or "no change".
    """
    figures = ("engaged", "supported", "whp_implemented", "equality_strategy")
    summary = {name: {"total": 0, "sme": 0, "exception": 0, "large": 0} for name in figures}
    summary["follow_up"] = {"answered": 0, "no_response": 0, "sent": 0, "not_sent": 0, "scheduled": 0}
    for status in statuses:
        group = row_category(status)
        for name in figures:
            if getattr(status, name):
                summary[name]["total"] += 1
                summary[name][group] += 1
        follow_up = getattr(status, "follow_up", None)
        if follow_up in summary["follow_up"]:
            summary["follow_up"][follow_up] += 1
    return summary


def status_rows(start, end, partner_id=None, rules=DEFAULT_RULES, organisation_ids=None):
    """Per-organisation programme status for ``start`` <= time < ``end``, as ONE SQL statement.

    Returns a SELECT whose rows have: organisation_id, name, reference,
    partner_id, local_authority_id, sector_id, employee_count, heard_via,
    intermediary_id, correspondence_language, support_language, engaged,
    supported, whp_implemented, whp_rule_version (the version that judged the
    WHP), equality_strategy, large, exception, interventions, follow_up
    (``answered``, ``no_response``, ``sent``, ``not_sent``, ``scheduled`` or
    None), rule_version, and the earliest of each kind of record in the
    period: first_engagement_on, first_intervention_at, first_whp_at and
    first_equality_at. Organisations with nothing in the period are included
    with every figure false.

    Each kind of record is read by one aggregate that gives both its count and
    its earliest date, and ``organisation_ids`` (when given) narrows every
    aggregate, not only the result: a page of 50 organisations costs 50
    organisations' records, whatever the size of the programme.

    A WHP and an E&D strategy count only for an organisation supported in the
    period (:func:`may_be_counted`, with an intervention), and a WHP is dated
    by the intervention that reached the threshold, which is then in the
    period too: so engaged >= supported >= WHP and E&D <= supported in every
    row, and therefore in every sum of rows. Voided records count nowhere, and
    prospects (leads not yet converted) are left out altogether.
    """

    def narrowed(query, column):
        return query if organisation_ids is None else query.where(column.in_(organisation_ids))

    engagements = narrowed(
        select(Engagement.organisation_id, func.count(Engagement.id).label("n"),
               func.min(Engagement.occurred_on).label("first"))
        .where(Engagement.occurred_on >= start.date(), Engagement.occurred_on < end.date(),
               Engagement.voided_at.is_(None)),
        Engagement.organisation_id,
    ).group_by(Engagement.organisation_id).subquery()
    interventions = narrowed(
        select(Intervention.organisation_id, func.count(Intervention.id).label("n"),
               func.min(Intervention.occurred_at).label("first"))
        .where(Intervention.occurred_at >= start, Intervention.occurred_at < end),
        Intervention.organisation_id,
    ).group_by(Intervention.organisation_id).subquery()
    implemented = narrowed(
        select(ProgrammeCycle.organisation_id, func.max(ProgrammeCycle.rule_version_id).label("version_id"),
               func.min(ProgrammeCycle.whp_implemented_at).label("first"))
        .where(ProgrammeCycle.whp_implemented_at >= start, ProgrammeCycle.whp_implemented_at < end),
        ProgrammeCycle.organisation_id,
    ).group_by(ProgrammeCycle.organisation_id).subquery()
    equality = narrowed(
        select(EqualityStrategyRecord.organisation_id, func.count(distinct(EqualityStrategyRecord.id)).label("n"),
               func.min(EqualityStrategyRecord.recorded_at).label("first"))
        .where(EqualityStrategyRecord.recorded_at >= start, EqualityStrategyRecord.recorded_at < end,
               EqualityStrategyRecord.voided_at.is_(None)),
        EqualityStrategyRecord.organisation_id,
    ).group_by(EqualityStrategyRecord.organisation_id).subquery()
    # One state per organisation for the follow-ups due in the period: answered beats no
    # response beats waiting beats not sent (no one to receive it) beats not yet due.
    follow_ups = narrowed(
        select(
            OutcomeFollowUp.organisation_id,
            func.max(case(
                (OutcomeFollowUp.status == "answered", 5),
                (OutcomeFollowUp.status == "no_response", 4),
                (OutcomeFollowUp.status == "sent", 3),
                (OutcomeFollowUp.status == "not_sent", 2),
                else_=1,
            )).label("rank"),
        )
        .where(OutcomeFollowUp.send_after >= start, OutcomeFollowUp.send_after < end),
        OutcomeFollowUp.organisation_id,
    ).group_by(OutcomeFollowUp.organisation_id).subquery()

    n_interventions = func.coalesce(interventions.c.n, 0)
    eligible = may_be_counted_clause(Organisation.eligibility_status)
    supported = and_(eligible, n_interventions > 0)
    query = (
        select(
            Organisation.id.label("organisation_id"),
            Organisation.name,
            Organisation.reference,
            Organisation.partner_id,
            Organisation.local_authority_id,
            Organisation.sector_id,
            Organisation.employee_count,
            Organisation.heard_via,
            Organisation.intermediary_id,
            Organisation.correspondence_language,
            Organisation.support_language,
            or_(func.coalesce(engagements.c.n, 0) > 0, n_interventions > 0).label("engaged"),
            supported.label("supported"),
            and_(supported, implemented.c.organisation_id.is_not(None)).label("whp_implemented"),
            case((supported, RuleVersion.number), else_=None).label("whp_rule_version"),
            and_(supported, func.coalesce(equality.c.n, 0) > 0).label("equality_strategy"),
            (func.coalesce(Organisation.employee_count, 0) >= LARGE_EMPLOYER_SIZE).label("large"),
            (Organisation.eligibility_status == EligibilityStatus.EXCEPTION.value).label("exception"),
            n_interventions.label("interventions"),
            case(
                (follow_ups.c.rank == 5, "answered"),
                (follow_ups.c.rank == 4, "no_response"),
                (follow_ups.c.rank == 3, "sent"),
                (follow_ups.c.rank == 2, "not_sent"),
                (follow_ups.c.rank == 1, "scheduled"),
                else_=None,
            ).label("follow_up"),
            literal(rules.version).label("rule_version"),
            engagements.c.first.label("first_engagement_on"),
            interventions.c.first.label("first_intervention_at"),
            implemented.c.first.label("first_whp_at"),
            equality.c.first.label("first_equality_at"),
        )
        .outerjoin(engagements, engagements.c.organisation_id == Organisation.id)
        .outerjoin(interventions, interventions.c.organisation_id == Organisation.id)
        .outerjoin(implemented, implemented.c.organisation_id == Organisation.id)
        .outerjoin(RuleVersion, RuleVersion.id == implemented.c.version_id)
        .outerjoin(equality, equality.c.organisation_id == Organisation.id)
        .outerjoin(follow_ups, follow_ups.c.organisation_id == Organisation.id)
        # A prospect is a lead, not yet an organisation the programme works with: it
        # counts nowhere until a counted engagement makes it an ordinary organisation.
        .where(Organisation.prospect.is_(False))
        .order_by(Organisation.id)
    )
    if partner_id is not None:
        query = query.where(Organisation.partner_id == partner_id)
    if organisation_ids is not None:
        query = query.where(Organisation.id.in_(organisation_ids))
    return query
