"""What the start page shows from features above the core: a registry, as the timeline is.

The start page (core) may not import the events feature, so the events
feature registers the function that lists the next few events, and the start
page only asks this registry. With nothing registered the list is empty.
"""

from dataclasses import dataclass
from datetime import datetime

# How many upcoming events the start page shows.
UPCOMING_LIMIT = 5

_providers = []


@dataclass(frozen=True)
class Highlight:
    """One upcoming event as the start page lists it."""

    title: str
    url: str
    starts_at: datetime
    kind: str


def register_upcoming(provider):
    """Register ``provider(limit, lang) -> list[Highlight]`` (at most ``limit``, soonest first, one query)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def upcoming(lang, limit=UPCOMING_LIMIT):
    """The next ``limit`` highlights from every registered provider, soonest first."""
    found = [item for provider in _providers for item in provider(limit, lang)]
    return sorted(found, key=lambda item: item.starts_at)[:limit]
