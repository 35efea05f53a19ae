"""Where each role lands after signing in, filled by the features that own those pages.

The core does not know the features' pages: staff work lists live in
``portal.engagement``, which registers its "today" page here for staff and
administrators. A role nobody registered lands on the account page.
"""

from flask import url_for

_LANDING = {}


def register_landing(role, endpoint):
    """Send ``role`` to ``endpoint`` after signing in."""
    _LANDING[role] = endpoint


def landing_url(user):
    """The page ``user`` starts from after signing in."""
    return url_for(_LANDING.get(user.role, "pages.account"))
