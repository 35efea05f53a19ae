"""Editing reference data, with every change in the audit trail; the audit trail in words."""

import csv
import io
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.audit.labels import (
    action_label,
    changes_and_facts,
    record_type_label,
    register_action,
    register_field,
    register_record_type,
)
from portal.audit.services import audit_events, record
from portal.extensions import db
from portal.i18n import datetime_filter
from portal.organisations.models import Organisation
from portal.reference.models import Intermediary, LocalAuthority
from portal.spreadsheets import csv_row

register_action("reference_renamed", _l("Reference data renamed"))
register_action("partner_coverage_changed", _l("Delivery partner's local authorities changed"))
register_record_type("local_authorities", _l("Local authority"))
register_record_type("sectors", _l("Sector"))
register_record_type("delivery_partners", _l("Delivery partner"))
register_record_type("intermediaries", _l("Intermediary"))
register_action("intermediary_added", _l("Intermediary added"))
register_action("intermediary_changed", _l("Intermediary changed or retired"))
register_field("after", _l("Local authorities covered"))


def update_names(item, name_en, name_cy):
    """Rename a reference row in both languages."""
    before = (item.name_en, item.name_cy)
    item.name_en, item.name_cy = name_en.strip(), name_cy.strip()
    if before != (item.name_en, item.name_cy):
        record("reference_renamed", item, name_en_old=before[0], name_en_new=item.name_en,
               name_cy_old=before[1], name_cy_new=item.name_cy)


def add_intermediary(name_en, name_cy, active=True):
    """A new intermediary organisations can say they heard of the service through."""
    intermediary = Intermediary(name_en=name_en.strip(), name_cy=name_cy.strip(), active=bool(active))
    db.session.add(intermediary)
    db.session.flush()
    record("intermediary_added", intermediary, name_en=intermediary.name_en, name_cy=intermediary.name_cy,
           active=intermediary.active)
    return intermediary


def update_intermediary(intermediary, name_en, name_cy, active):
    """Rename an intermediary, or retire it (no longer offered) or bring it back."""
    before = {"name_en": intermediary.name_en, "name_cy": intermediary.name_cy, "active": intermediary.active}
    intermediary.name_en, intermediary.name_cy, intermediary.active = name_en.strip(), name_cy.strip(), bool(active)
    after = {"name_en": intermediary.name_en, "name_cy": intermediary.name_cy, "active": intermediary.active}
    if before != after:
        record("intermediary_changed", intermediary,
               **{f"{key}_old": before[key] for key in before if before[key] != after[key]},
               **{f"{key}_new": after[key] for key in after if before[key] != after[key]})


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


# --- the audit log, in words -------------------------------------------------------------


@dataclass
class AuditEntry:
    """One audit event as people read it."""

    event: object
    action: str
    record: str
    organisation: object
    changes: list
    facts: list

    @property
    def who(self):
        return self.event.actor.full_name if self.event.actor else _("The system")


def _organisations(ids):
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return {o.id: o for o in db.session.scalars(select(Organisation).where(Organisation.id.in_(ids)))}


def audit_entries(events):
    """``events`` in words, with their organisations (one more query, whatever the number)."""
    organisations = _organisations(e.organisation_id for e in events)
    entries = []
    for event in events:
        changes, facts = changes_and_facts(event.details)
        # The organisation is shown by name, not as a number among the details.
        facts = [f for f in facts if f.field != "organisation_id"]
        entries.append(AuditEntry(event, action_label(event.action), record_type_label(event.target_type),
                                  organisations.get(event.organisation_id), changes, facts))
    return entries


AUDIT_BATCH = 500


def audit_csv(filters):
    """The audit log matching ``filters`` as UTF-8 CSV (with a byte order mark), every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_("When"), _("Who"), _("Action"), _("Kind of record"), _("Record number"),
                     _("Organisation reference"), _("Organisation"), _("Changes"), _("Details"), _("Action code")])
    batch = []
    for event in audit_events(filters, batch=AUDIT_BATCH):
        batch.append(event)
        if len(batch) == AUDIT_BATCH:
            _write_entries(writer, batch)
            batch = []
    _write_entries(writer, batch)
    return buffer.getvalue().encode("utf-8-sig")


def _write_entries(writer, events):
    for entry in audit_entries(events):
        organisation = entry.organisation
        writer.writerow(csv_row((
            datetime_filter(entry.event.at), entry.who, entry.action, entry.record, entry.event.target_id or "",
            organisation.reference if organisation else "", organisation.name if organisation else "",
            "; ".join(f"{c.label}: {c.before} → {c.after}" for c in entry.changes),
            "; ".join(f"{f.label}: {f.value}" for f in entry.facts),
            entry.event.action,
        )))
