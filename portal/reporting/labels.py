"""Names of figures, groups and size bands, translated when shown or exported."""

from flask_babel import lazy_gettext as _l

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

GROUP_LABELS = {
    "sme": _l("SMEs"),
    "exception": _l("Exceptions"),
    "large": _l("Large employers"),
}

BAND_LABELS = {
    "micro": _l("Micro (fewer than 10 employees)"),
    "small": _l("Small (10 to 49 employees)"),
    "medium": _l("Medium (50 to 249 employees)"),
    "large": _l("Large (250 or more employees)"),
    "unknown": _l("Number of employees not known"),
}


def label(mapping, code):
    value = mapping.get(code)
    return str(value) if value is not None else (code or "")
