"""What eligibility adds to shared registries: its audit actions on the timeline, its merge rules.

Imported with the eligibility blueprint (``portal.eligibility.routes``).
"""

from flask_babel import lazy_gettext as _l

from portal.audit.labels import register_action, register_field, register_record_type
from portal.eligibility.labels import ACTION_LABELS
from portal.eligibility.models import Decision, Evidence
from portal.organisations.merge import register_merge_columns
from portal.timeline import register_audit_action

# Registration and eligibility decisions the employer sees on their own timeline.
EMPLOYER_VISIBLE = {
    "organisation_registered", "eligibility_declared", "evidence_uploaded", "evidence_recorded",
    "eligibility_approved", "eligibility_more_info", "eligibility_refused", "eligibility_exception",
    "organisations_merged",
}
for _action, _label in ACTION_LABELS.items():
    register_audit_action(_action, _label, _action in EMPLOYER_VISIBLE)

register_merge_columns(Evidence, Decision)
register_action("eligibility_settings_changed", _l("Eligibility settings changed"))
register_record_type("eligibility_evidence", _l("Eligibility evidence"))
register_record_type("eligibility_decisions", _l("Eligibility decision"))
register_record_type("programme_settings", _l("Eligibility settings"))
register_record_type("organisation_invitations", _l("Invitation to a colleague"))
register_field("filename", _l("File name"))
register_field("size", _l("Size in bytes"))
register_field("method", _l("How it was checked"))
register_field("allow_large_employers", _l("Large employers allowed by exception"))
