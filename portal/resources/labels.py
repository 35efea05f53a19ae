"""Every translated label of the resource library, in one place."""

from flask_babel import lazy_gettext as _l

from portal.audit.labels import register_action, register_field, register_record_type
from portal.resources.models import Audience

# Resource topics, by the slug stored on each resource.
TOPICS = {
    "mental-health": _l("Mental health"),
    "stress": _l("Stress"),
    "physical-activity": _l("Physical activity"),
    "sleep": _l("Sleep"),
    "financial-wellbeing": _l("Financial well-being"),
    "menopause": _l("Menopause"),
    "ageing": _l("Positive ageing"),
    "champion-role": _l("The champion role"),
}
AUDIENCE_LABELS = {
    Audience.BOTH: _l("Well-being champions and employer contacts"),
    Audience.CHAMPIONS: _l("Well-being champions"),
    Audience.EMPLOYERS: _l("Employer contacts"),
    Audience.STAFF: _l("Staff only"),
}
LANGUAGE_LABELS = {"cy": _l("Welsh"), "en": _l("English")}


register_action("resource_created", _l("Resource added to the library"))
register_action("resource_changed", _l("Resource changed"))
register_record_type("resources", _l("Resource"))
register_field("audience", _l("Audience"))
