"""The answers a self-referral offers, with their words (shared by the pages and the e-mail)."""

from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

CONTACT_METHODS = [
    SelectChoice("phone", _l("Phone call")),
    SelectChoice("text", _l("Text message")),
    SelectChoice("email", _l("Email")),
]
TIMES = [
    SelectChoice("morning", _l("Weekday mornings")),
    SelectChoice("afternoon", _l("Weekday afternoons")),
    SelectChoice("evening", _l("Weekday evenings, until 7pm")),
]
LANGUAGES = [SelectChoice("cy", "Cymraeg"), SelectChoice("en", "English")]
TOPICS = [
    SelectChoice("physical", _l("A physical health condition")),
    SelectChoice("musculoskeletal", _l("Pain in muscles, joints or back")),
    SelectChoice("mental", _l("Stress, anxiety or low mood")),
    SelectChoice("returning", _l("Staying in work or coming back after time off")),
    SelectChoice("other", _l("Something else")),
    SelectChoice("unsaid", _l("I would rather not say")),
]


def label(choices, value):
    """The words for ``value`` among ``choices`` (lazy: they read in the language in force)."""
    return next((choice.label for choice in choices if choice.value == value), value)


def labels(choices, values):
    """The words for each of ``values``, in the order of ``choices``."""
    return [choice.label for choice in choices if choice.value in values]
