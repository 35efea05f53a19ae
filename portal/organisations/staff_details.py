"""Staff keep an organisation's details up to date: at once, audited before and after.

Staff are the people who check a contact's change, so theirs applies without a
review. A change to what the eligibility rules read goes through the same
handling as an accepted change (``details.apply_rule_values``: the values and
the delivery partner they give), and the ``eligibility_changed`` signal makes
the programme judge the organisation again; every decision is worked out
from the new facts from then on.
"""

from portal.audit.services import record
from portal.organisations import details
from portal.signals import eligibility_changed

# What staff may change here, as Organisation columns.
STAFF_FIELDS = (
    "name",
    "companies_house_number",
    "charity_number",
    "sector_id",
    "employee_count",
    "part_of_group",
    "group_name",
    "group_size",
    "local_authority_id",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "staff_authority_ids",
    "contact_job_title",
    "contact_phone",
    "correspondence_language",
    "support_language",
    "heard_via",
    "intermediary_id",
    "heard_via_other",
)


def _value(organisation, name):
    if name == "staff_authority_ids":
        return sorted(a.id for a in organisation.staff_authorities)
    value = getattr(organisation, name)
    # An empty answer is stored as nothing: "" and None are the same detail.
    return None if value == "" else value


def current_values(organisation):
    """The organisation's values of :data:`STAFF_FIELDS` (to fill the form)."""
    return {name: _value(organisation, name) for name in STAFF_FIELDS}


def update_by_staff(organisation, staff, values):
    """Apply ``values`` (of :data:`STAFF_FIELDS`) changed by ``staff``; returns the names that changed.

    Audited with the values before and after. When a field the eligibility
    rules use changed, the organisation's eligibility is judged again.
    """
    before = current_values(organisation)
    values = {name: None if value == "" else value for name, value in values.items()}
    changed = {name: value for name, value in values.items() if name in STAFF_FIELDS and before[name] != value}
    if not changed:
        return []
    rules = {name: value for name, value in changed.items() if name in details.RULE_FIELDS}
    for name, value in changed.items():
        if name not in rules:
            setattr(organisation, name, value)
    if rules:
        details.apply_rule_values(organisation, rules)
    record(
        "organisation_details_edited",
        organisation,
        actor=staff,
        before={name: before[name] for name in changed},
        after={name: changed[name] for name in changed},
    )
    if rules:
        eligibility_changed.send(organisation, status=organisation.eligibility_status)
    return sorted(changed)
