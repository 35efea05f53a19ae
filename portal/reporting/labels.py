"""Names of figures, groups and size bands, translated when shown or exported."""

from flask_babel import lazy_gettext as _l

from portal.audit.labels import register_action, register_field, register_record_type, register_values
from portal.organisations.channels import HEARD_VIA_SHORT
from portal.organisations.sizes import BAND_LABELS  # noqa: F401 - the organisations' bands, read from here by reports

FIGURE_LABELS = {
    "engaged": _l("Organisations engaged"),
    "supported": _l("Organisations supported"),
    "whp_implemented": _l("Workplace health programmes implemented"),
    "equality_strategy": _l("Equality and diversity strategies improved"),
}

# Short names for chart labels and table columns.
FIGURE_SHORT = {
    "engaged": _l("Engaged"),
    "supported": _l("Supported"),
    "whp_implemented": _l("WHP implemented"),
    "equality_strategy": _l("Equality and diversity improved"),
}

# The rates: one figure as a share of another (see services.RATES).
RATE_LABELS = {
    "supported_of_engaged": _l("Supported as a share of engaged"),
    "whp_of_supported": _l("WHP implemented as a share of supported"),
    "equality_of_supported": _l("Equality and diversity improved as a share of supported"),
}

GROUP_LABELS = {
    "sme": _l("SMEs"),
    "exception": _l("Exceptions"),
    "large": _l("Large employers"),
}

# How organisations heard of the service, for the channel breakdown and the exports.
CHANNEL_LABELS = {**HEARD_VIA_SHORT, "unknown": _l("Not known")}


register_action("reporting_period_added", _l("Reporting period added"))
register_action("reporting_period_changed", _l("Reporting period changed"))
register_action("reporting_period_removed", _l("Reporting period removed"))
register_action("reporting_target_set", _l("Targets set"))
register_record_type("reporting_periods", _l("Reporting period"))
register_record_type("reporting_targets", _l("Targets"))
register_values("partner_id", {"programme": _l("Whole programme")})
for _figure, _label in FIGURE_LABELS.items():
    register_field(_figure, _label)
    register_field(f"programme_{_figure}", _l("Whole programme: %(figure)s", figure=_label))


def label(mapping, code):
    value = mapping.get(code)
    return str(value) if value is not None else (code or "")
