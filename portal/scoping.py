"""Which records a user may see and manage: the one scoping rule of the portal.

- administrators see every organisation;
- staff see the organisations of their own delivery partner;
- employers and champions see their own organisation;
- anyone else, and anyone whose organisation or partner is not set, sees
  nothing. A missing organisation or partner always means *no rows*, never
  "no filter", so a half-set-up account cannot see everyone's records.

Records that belong to a delivery partner directly (events, noticeboard
threads) are scoped by :func:`partner_scope`; records that belong to an
organisation (bookings, visits, engagements, follow-ups, evidence…) by
:func:`organisation_scope`. Services build their queries with these filters,
record loaders use them so that another partner's id in a URL is a 404, and
templates ask :func:`can_manage` (registered as a Jinja global).

This module sits with the organisations in the layers (see ``setup.cfg``): it
is the lowest place that knows what an organisation is.
"""

from sqlalchemy import false, select, true

from portal.organisations.models import Organisation
from portal.security import Role

# Attributes through which a record reaches its delivery partner, in the order
# they are tried. A booking belongs to the partner that runs its event (not to
# the booking organisation's partner), so "event" comes before "organisation".
_PARTNER_PATHS = ("event", "thread", "organisation")

# No delivery partner has this id, so a filter on it matches no rows.
NO_PARTNER = 0


def _role(user):
    return getattr(user, "role", None)


def is_admin(user):
    """True for an administrator (who sees every organisation and partner)."""
    return _role(user) == Role.ADMIN


def partner_of(user):
    """The delivery partner whose area ``user`` works in or belongs to, or None.

    Staff: their own partner. Employers and champions: their organisation's
    partner. Administrators have no single partner (None).
    """
    role = _role(user)
    if role == Role.STAFF:
        return user.partner_id
    if role in (Role.EMPLOYER, Role.CHAMPION) and user.organisation is not None:
        return user.organisation.partner_id
    return None


def in_scope(column, scope_id):
    """``column == scope_id``, or a condition no row meets when ``scope_id`` is None.

    For queries scoped by an id taken from elsewhere than a user (an
    organisation chosen by the caller): SQLAlchemy turns ``== None`` into
    ``IS NULL``, and skipping the filter would show everyone's rows.
    """
    return false() if scope_id is None else column == scope_id


def visible_organisations(user):
    """A where-clause on :class:`Organisation`: the organisations ``user`` may see."""
    role = _role(user)
    if role == Role.ADMIN:
        return true()
    if role == Role.STAFF and user.partner_id is not None:
        return Organisation.partner_id == user.partner_id
    if role in (Role.EMPLOYER, Role.CHAMPION) and user.organisation_id is not None:
        return Organisation.id == user.organisation_id
    return false()


def visible_organisation_ids(user):
    """A scalar subquery-ready ``select`` of the ids of the organisations ``user`` may see."""
    return select(Organisation.id).where(visible_organisations(user))


def organisation_scope(user, column):
    """A where-clause on ``column`` (an organisation id) keeping the rows ``user`` may see."""
    role = _role(user)
    if role == Role.ADMIN:
        return true()
    if role == Role.STAFF and user.partner_id is not None:
        return column.in_(visible_organisation_ids(user))
    if role in (Role.EMPLOYER, Role.CHAMPION) and user.organisation_id is not None:
        return column == user.organisation_id
    return false()


def partner_scope(user, column):
    """A where-clause on ``column`` (a delivery partner id) keeping ``user``'s partner area.

    Administrators see every partner's rows; everyone else only those of
    :func:`partner_of` their account, and none if it has no partner.
    """
    if is_admin(user):
        return true()
    partner_id = partner_of(user)
    if partner_id is None:
        return false()
    return column == partner_id


def manage_scope(user, column):
    """A where-clause on ``column`` (a delivery partner id) keeping what ``user`` may manage as staff.

    Administrators manage every partner's records, staff their own partner's;
    nobody else manages anything (employers and champions get no rows).
    """
    if is_admin(user):
        return true()
    if _role(user) == Role.STAFF and user.partner_id is not None:
        return column == user.partner_id
    return false()


def partner_choice(user, requested=None, known=()):
    """The partner area whose records ``user`` views, given the ``requested`` one.

    Administrators may pick any partner in ``known`` (or none: ``None`` means
    every partner). Everyone else gets their own partner area; staff without a
    partner get ``NO_PARTNER``, which matches no rows, never ``None``. Raises
    :class:`LookupError` when a non-administrator asks for another partner or
    an administrator for an unknown one, which the routes turn into a 404.
    """
    if is_admin(user):
        if requested is not None and known and requested not in known:
            raise LookupError(requested)
        return requested
    own = partner_of(user)
    own = NO_PARTNER if own is None else own
    if requested is not None and requested != own:
        raise LookupError(requested)
    return own


def partner_options(user, partners):
    """The partners ``user`` may filter a list by: every one for administrators, else their own (if any)."""
    if is_admin(user):
        return list(partners)
    own = partner_of(user)
    return [partner for partner in partners if partner.id == own]


def _partner_of_record(record):
    if hasattr(record, "partner_id"):
        return record.partner_id
    for path in _PARTNER_PATHS:
        related = getattr(record, path, None)
        if related is not None:
            return _partner_of_record(related)
    return None


def _organisation_of_record(record):
    if isinstance(record, Organisation):
        return record.id
    if hasattr(record, "partner_id"):
        return None  # a partner area's record (an event, a thread), not an organisation's
    organisation_id = getattr(record, "organisation_id", None)
    if organisation_id is not None:
        return organisation_id
    organisation = getattr(record, "organisation", None)
    return organisation.id if organisation is not None else None


def can_manage(user, record):
    """True if ``user`` may act as staff on ``record``.

    Administrators may manage anything; staff what belongs to their own
    partner (an organisation, an event, a booking on one of their events, a
    visit, a thread…); nobody else, and no staff member without a partner.
    """
    if record is None:
        return False
    if is_admin(user):
        return True
    if _role(user) != Role.STAFF or user.partner_id is None:
        return False
    return _partner_of_record(record) == user.partner_id


def can_see(user, record):
    """True if ``user`` may see ``record``.

    Staff and administrators: what they may manage. Employers and champions:
    what belongs to their own organisation, or, for records of a partner area
    (a noticeboard thread), to their organisation's partner.
    """
    if record is None:
        return False
    if _role(user) not in (Role.EMPLOYER, Role.CHAMPION):
        return can_manage(user, record)
    if user.organisation_id is None:
        return False
    organisation_id = _organisation_of_record(record)
    if organisation_id is not None:
        return organisation_id == user.organisation_id
    partner_id = _partner_of_record(record)
    return partner_id is not None and partner_id == partner_of(user)


def register_scoping(app):
    """Make :func:`can_manage` and :func:`can_see` available to every template."""
    app.add_template_global(can_manage)
    app.add_template_global(can_see)
