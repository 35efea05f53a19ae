"""The bilingual reference lists for events: topics, kinds and languages of delivery."""

from flask_babel import lazy_gettext as _l

TOPICS = {
    "stress-management": _l("Stress management"),
    "mindfulness": _l("Mindfulness"),
    "sleep": _l("Sleep"),
    "financial-wellbeing": _l("Financial well-being"),
    "menopause": _l("Menopause"),
    "positive-ageing": _l("Positive ageing"),
}

KINDS = {
    "webinar": _l("Webinar"),
    "champion_training": _l("Well-being champion training"),
    "event": _l("Event"),
}

DELIVERY_LANGUAGES = {
    "cy": _l("Welsh"),
    "en": _l("English"),
    "bilingual": _l("Bilingual"),
}

# The lists templates look labels up in.
LABELS = {"kinds": KINDS, "topics": TOPICS, "languages": DELIVERY_LANGUAGES}


def choices(mapping):
    """(value, label) pairs built at request time, so labels are in the page's language."""
    return [(key, str(label)) for key, label in mapping.items()]
