"""What the catalogue offers for each survey theme: the one place that links the two.

A theme is *low* when its result is shown and its score is below
:data:`LOW_SCORE`; a plan starts with a goal for each low theme, and each goal
suggests the upcoming bookable events of the theme's topics and kinds and the
kinds of workplace visit that help with it.
"""

from dataclasses import dataclass

from sqlalchemy import or_, select

from portal.events.models import Event, EventStatus
from portal.extensions import db
from portal.timeutil import utcnow
from portal.visits.labels import VISIT_TYPES

# Below this score (on the five-point scale, higher is better) a theme needs a goal.
LOW_SCORE = 3.0
# Upcoming events suggested for one goal, soonest first.
EVENTS_PER_THEME = 3
# Upcoming events read for all a plan's goals together (one query, whatever the catalogue holds).
EVENTS_READ = 30


@dataclass(frozen=True)
class Offer:
    """What helps with a theme: event topics, event kinds, and kinds of workplace visit."""

    topics: tuple = ()
    kinds: tuple = ()
    visit_types: tuple = ()


STRESS = Offer(topics=("stress-management",), kinds=("champion_training",))
MENTAL = Offer(topics=("stress-management", "mindfulness", "sleep"), kinds=("champion_training",))
PHYSICAL = Offer(visit_types=("physiotherapy-outreach",))
SUPPORT = Offer(kinds=("champion_training",), visit_types=("wellbeing-talk",))
POLICY = Offer(visit_types=("policy-support",))

# Theme codes (SurveyTheme.code, stable across versions of a question set) and what suits them.
OFFERS = {
    "workload": STRESS,
    "demands": STRESS,
    "control": STRESS,
    "mental": MENTAL,
    "wellbeing": MENTAL,
    "musculoskeletal": PHYSICAL,
    "physical": PHYSICAL,
    "support": SUPPORT,
    "managers": SUPPORT,
    "colleagues": SUPPORT,
    "relationships": SUPPORT,
    "role": POLICY,
    "change": POLICY,
}


def offer_for(theme_code):
    """The :class:`Offer` for ``theme_code`` (nothing offered for a code not listed)."""
    return OFFERS.get(theme_code, Offer())


def is_low(result):
    """True when a :class:`~portal.surveys.results.ThemeResult` is shown and scores below :data:`LOW_SCORE`."""
    return result.shown and result.score < LOW_SCORE


def low_themes(results):
    """The theme results that need a goal, in the question set's order."""
    return [result for result in results if is_low(result)]


@dataclass
class Suggestion:
    """What one goal's theme suggests: upcoming events and kinds of visit (code, label)."""

    events: list
    visit_types: list


def bookable_events_clause(now=None):
    """Events that may still be booked: going ahead, booking still open."""
    now = now or utcnow()
    return (Event.status == EventStatus.SCHEDULED) & (Event.booking_deadline > now)


def suggestions(theme_codes, now=None):
    """``{theme code: Suggestion}`` for ``theme_codes`` (one query, however many events exist)."""
    offers = {code: offer_for(code) for code in theme_codes}
    topics = sorted({t for offer in offers.values() for t in offer.topics})
    kinds = sorted({k for offer in offers.values() for k in offer.kinds})
    events = []
    if topics or kinds:
        events = db.session.scalars(
            select(Event)
            .where(bookable_events_clause(now), or_(Event.topic.in_(topics), Event.kind.in_(kinds)))
            .order_by(Event.starts_at, Event.id)
            .limit(EVENTS_READ)
        ).all()
    found = {}
    for code, offer in offers.items():
        matching = [e for e in events if e.topic in offer.topics or e.kind in offer.kinds]
        found[code] = Suggestion(
            events=matching[:EVENTS_PER_THEME],
            visit_types=[(visit_type, VISIT_TYPES[visit_type]) for visit_type in offer.visit_types
                         if visit_type in VISIT_TYPES],
        )
    return found
