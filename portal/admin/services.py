"""Editing reference data, with every change in the audit trail."""

from flask_babel import gettext as _
from sqlalchemy import select

from portal.audit.services import record
from portal.engagement.labels import corrected_field_label, corrected_value
from portal.extensions import db
from portal.reference.models import LocalAuthority
from portal.timeline import audit_action_label


def update_names(item, name_en, name_cy):
    """Rename a reference row in both languages."""
    before = (item.name_en, item.name_cy)
    item.name_en, item.name_cy = name_en.strip(), name_cy.strip()
    if before != (item.name_en, item.name_cy):
        record("reference_renamed", item, before_en=before[0], before_cy=before[1], name_en=item.name_en,
               name_cy=item.name_cy)


def update_partner(partner, name_en, name_cy, active, authority_ids):
    """Change a partner's names, whether it is active and which authorities it covers."""
    update_names(partner, name_en, name_cy)
    authorities = db.session.scalars(select(LocalAuthority).where(LocalAuthority.id.in_(authority_ids))).all()
    before = sorted(a.code for a in partner.authorities)
    after = sorted(a.code for a in authorities)
    if before != after or partner.active != active:
        partner.authorities = list(authorities)
        partner.active = active
        record("partner_coverage_changed", partner, before=",".join(before), after=",".join(after), active=active)


def describe_event(event):
    """An audit event in words: what happened and, for a correction, why and what changed.

    Returns (what, lines). ``what`` is the feature's own label for the action
    (the code only for an action no feature has named).
    """
    what = audit_action_label(event.action) or event.action
    details = event.details or {}
    lines = []
    if details.get("reason"):
        lines.append(_("Reason: %(reason)s", reason=details["reason"]))
    for key, before in details.items():
        if not key.endswith("_before"):
            continue
        name = key.removesuffix("_before")
        after = details.get(f"{name}_after")
        lines.append(_("%(field)s: %(before)s, now %(after)s", field=corrected_field_label(name),
                       before=corrected_value(name, before), after=corrected_value(name, after)))
    return what, lines
