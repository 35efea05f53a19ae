"""How an organisation heard of the service: the codes stored in ``Organisation.heard_via``.

Asked at registration and on the staff form for organisations met offline, and
kept for reporting which channels work.
"""

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

INTERMEDIARY = "intermediary"
OTHER = "other"

# (code, words) in the order the question offers them.
HEARD_VIA = [
    (INTERMEDIARY, _l("Through an organisation such as the FSB, Business Wales or a sector body")),
    ("event", _l("At an event")),
    ("search", _l("Searching online")),
    ("word_of_mouth", _l("Word of mouth")),
    ("individual_support", _l("A referral from the individual support service")),
    (OTHER, _l("Another way")),
]
HEARD_VIA_CODES = {code for code, _label in HEARD_VIA}

# Shorter words for records and reports.
HEARD_VIA_SHORT = {
    INTERMEDIARY: _l("Intermediary"),
    "event": _l("Event"),
    "search": _l("Online search"),
    "word_of_mouth": _l("Word of mouth"),
    "individual_support": _l("Referral from the individual support service"),
    OTHER: _l("Other"),
}


def heard_via_fields(heard_via, intermediary_id, heard_via_other):
    """The three stored values for an answer, keeping only what the chosen code uses."""
    if heard_via not in HEARD_VIA_CODES:
        return {"heard_via": None, "intermediary_id": None, "heard_via_other": None}
    return {
        "heard_via": heard_via,
        "intermediary_id": int(intermediary_id) if heard_via == INTERMEDIARY and intermediary_id else None,
        "heard_via_other": ((heard_via_other or "").strip() or None) if heard_via == OTHER else None,
    }


def describe_heard_via(organisation):
    """How ``organisation`` heard of the service, in words ("Intermediary: Business Wales"), or "Not known"."""
    code = organisation.heard_via
    if code not in HEARD_VIA_SHORT:
        return gettext("Not known")
    words = str(HEARD_VIA_SHORT[code])
    if code == INTERMEDIARY and organisation.intermediary is not None:
        return gettext("%(channel)s: %(name)s", channel=words, name=organisation.intermediary.name)
    if code == OTHER and organisation.heard_via_other:
        return gettext("%(channel)s: %(name)s", channel=words, name=organisation.heard_via_other)
    return words
