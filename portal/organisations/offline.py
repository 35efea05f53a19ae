"""Organisations staff record offline: met by phone, at an event or through an intermediary.

The same answers as registration (the registration forms, the one mapping to an
organisation, the same duplicate check and partner assignment), plus the contact
staff spoke to and how and when that contact agreed to be contacted. Evidence
staff saw is recorded by eligibility's own staff methods, so the organisation is
decided and counted by the same rules as any other.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l

from portal.audit.labels import register_action, register_field, register_values
from portal.audit.services import record
from portal.eligibility.services import assign_partner, record_staff_evidence
from portal.email.addresses import normalise_email
from portal.extensions import db
from portal.organisations.services import DuplicateOrganisation, find_duplicate, organisation_from_answers
from portal.scoping import is_admin
from portal.timeutil import LONDON, utcnow

# How the contact agreed to be contacted (stored in ``contact_consent_method``).
CONSENT_METHODS = {
    "phone": _l("By phone"),
    "in_person": _l("In person"),
    "email": _l("By email"),
    "form": _l("On a paper or online form"),
}

register_action("organisation_recorded", _l("Organisation recorded by staff"))
register_field("consent_method", _l("How the contact agreed to be contacted"))
register_values("consent_method", CONSENT_METHODS)
register_field("prospect", _l("Prospect"))


@dataclass
class OfflineContact:
    """The person staff spoke to."""

    name: str
    email: str | None
    consent_method: str
    consent_on: date


@dataclass
class Evidence:
    """What staff saw, for :func:`portal.eligibility.services.record_staff_evidence` (None: nothing yet)."""

    method: str
    note: str
    number: str | None = None


def _consent_time(day):
    # Midday in Wales: the stored UTC time stays on the day staff gave.
    return datetime.combine(day, time(12, 0), tzinfo=LONDON)


def record_offline_organisation(staff, answers, contact, prospect=False, prospect_source=None, evidence=None):
    """Create the organisation staff met offline; returns it.

    ``answers`` are registration-shaped (from
    :func:`portal.registration.services.answers_from`). Raises
    :class:`DuplicateOrganisation` when it already exists (the registration
    check), and eligibility's ``DecisionRefused`` when the evidence cannot verify
    it (the caller rolls back). Staff record for their own delivery partner;
    administrators' records go to the partner covering the area.
    """
    duplicate = find_duplicate(
        answers.get("name"),
        answers.get("postcode"),
        answers.get("companies_house_number"),
        answers.get("charity_number"),
    )
    if duplicate is not None:
        raise DuplicateOrganisation(duplicate)
    now = utcnow()
    organisation = organisation_from_answers(answers, now)
    organisation.recorded_offline = True
    organisation.contact_name = contact.name.strip()
    organisation.contact_email = normalise_email(contact.email) if contact.email else None
    organisation.contact_consent_method = contact.consent_method
    organisation.contact_consent_at = _consent_time(contact.consent_on)
    organisation.prospect = bool(prospect)
    organisation.prospect_source = ((prospect_source or "").strip() or None) if prospect else None
    db.session.add(organisation)
    assign_partner(organisation)
    if not is_admin(staff):
        # The one scoping rule: staff work with their own partner's organisations.
        organisation.partner_id = staff.partner_id
    db.session.flush()
    record(
        "organisation_recorded",
        organisation,
        actor=staff,
        partner_id=organisation.partner_id,
        consent_method=contact.consent_method,
        prospect=organisation.prospect,
    )
    if evidence is not None:
        record_staff_evidence(organisation, staff, evidence.method, evidence.note, evidence.number)
    return organisation
