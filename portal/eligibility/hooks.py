"""What eligibility adds to shared registries: its audit actions on the timeline, its merge rules.

Imported with the eligibility blueprint (``portal.eligibility.routes``).
"""

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
