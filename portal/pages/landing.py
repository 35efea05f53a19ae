"""Where each role lands after signing in, filled by the features that own those pages.

The core does not know the features' pages: staff work lists live in
``portal.engagement``, which registers its "today" page here for staff and
administrators. A role nobody registered lands on the account page.
The endpoints are named, not imported, so the core stays below the features.
"""

from flask import url_for

from portal.security import Role

_LANDING = {}


def register_landing(role, endpoint):
    """Send ``role`` to ``endpoint`` after signing in."""
    _LANDING[role] = endpoint


def landing_url(user):
    """The page ``user`` starts from after signing in.

    An employer account without an organisation has a registration to finish:
    its task list, since "Your account" would leave the saved answers out of reach.
    """
    if user.role == Role.EMPLOYER and user.organisation_id is None:
        return url_for("registration.tasks")
    return url_for(_LANDING.get(user.role, "pages.account"))
