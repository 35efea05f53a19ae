"""Who staff talk to at an organisation, in which language, and the adviser named to the employer.

The contacts panel at the top of every staff page about an organisation is
built from :func:`contact_panel`; the named adviser lives with the caseload (a
higher layer), which registers how to find it with :func:`register_adviser_lookup`.
"""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.accounts.models import User
from portal.extensions import db
from portal.security import Role

CORRESPONDENCE_LANGUAGES = {"cy": _l("Welsh"), "en": _l("English")}
SUPPORT_LANGUAGES = {"cy": _l("Welsh"), "en": _l("English"), "either": _l("Either Welsh or English")}


@dataclass(frozen=True)
class Contact:
    name: str
    email: str
    role: str | None = None
    phone: str | None = None


@dataclass
class ContactPanel:
    """What the contacts panel shows: the people, and the organisation's two language preferences."""

    contacts: list = field(default_factory=list)
    correspondence_language: str = ""
    support_language: str = ""


def contacts_of(organisation):
    """The organisation's active employer contacts, first registered first.

    The job title and phone given at registration are kept on the organisation:
    they belong to its first contact, the person who registered it.
    """
    people = db.session.scalars(
        select(User)
        .where(User.organisation_id == organisation.id, User.role == Role.EMPLOYER, User.active.is_(True))
        .order_by(User.id)
    ).all()
    contacts = []
    for number, person in enumerate(people):
        first = number == 0
        contacts.append(
            Contact(
                person.full_name,
                person.email,
                organisation.contact_job_title if first else None,
                organisation.contact_phone if first else None,
            )
        )
    if not contacts and organisation.contact_phone:
        contacts.append(Contact("", "", organisation.contact_job_title, organisation.contact_phone))
    return contacts


def contact_panel(organisation):
    """The values of the contacts panel for ``organisation`` (one query)."""
    return ContactPanel(
        contacts_of(organisation),
        str(CORRESPONDENCE_LANGUAGES.get(organisation.correspondence_language, organisation.correspondence_language)),
        str(SUPPORT_LANGUAGES.get(organisation.support_language, organisation.support_language)),
    )


_ADVISER_LOOKUP = []


def register_adviser_lookup(lookup):
    """Register ``lookup(organisation_id) -> User | None``: who the organisation's adviser is."""
    _ADVISER_LOOKUP[:] = [lookup]
    return lookup


def named_adviser(organisation):
    """The staff member named as the organisation's adviser, or None."""
    return _ADVISER_LOOKUP[0](organisation.id) if _ADVISER_LOOKUP else None
