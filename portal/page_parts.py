"""Parts that a higher feature adds to a lower feature's page, from a registry in the core.

The programme page shows the action plan's progress, yet the programme sits
below the plans in the layers and must not import them. So the page asks this
registry for its parts, and each higher feature registers, from its
``hooks.py``, a function that prepares one part's values::

    @register_part("programme_overview", "plans/_programme_part.html", order=10)
    def plan_progress(organisation):
        return {...} or None   # None: nothing to show for this organisation

The template named is included in the page with ``part.values`` prepared
(templates never query). Each function keeps to a fixed number of queries.
"""

from dataclasses import dataclass

_PARTS = {}


@dataclass(frozen=True)
class Part:
    """One part to include: the template, and the values it shows."""

    template: str
    values: dict


def register_part(page, template, order=100):
    """Decorator: add ``prepare(*args)`` to ``page`` as the part shown with ``template``.

    Registering the same function again replaces it (a test's application is
    built many times).
    """

    def decorator(prepare):
        found = _PARTS.setdefault(page, {})
        found[(prepare.__module__, prepare.__qualname__)] = (order, template, prepare)
        return prepare

    return decorator


def parts(page, *args):
    """The parts registered for ``page`` that have something to show, in order."""
    shown = []
    for _order, template, prepare in sorted(_PARTS.get(page, {}).values(), key=lambda found: found[0]):
        values = prepare(*args)
        if values is not None:
            shown.append(Part(template, values))
    return shown
