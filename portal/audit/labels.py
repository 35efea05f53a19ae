"""Words for the audit trail: what each action, record type and detail means, in both languages.

One registry, in the core, that every feature adds to from its ``hooks.py``
(as it registers its timeline sources), so the audit log, its CSV export,
the timeline and the eligibility history never show a raw code::

    register_action("engagement_voided", _l("Engagement voided"))
    register_record_type("engagements", _l("Engagement"))
    register_field("reason", _l("Reason"))
    register_values("type", ENGAGEMENT_TYPES)   # codes a detail may hold, in words

Changes are read from an entry's details in any of these shapes, so any
feature's before/after values show as "field: before → after":
``{"<field>_old": a, "<field>_new": b}``, ``{"<field>_before": a, "<field>_after": b}``
(corrections) or ``{"before": {...}, "after": {...}}``.
"""

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

_ACTIONS = {}
_RECORD_TYPES = {}
_FIELDS = {}
_VALUES = {}


def register_action(action, label):
    """Name the audit action ``action`` (a code) in words (a lazily translated string)."""
    _ACTIONS[action] = label


def register_record_type(table, label):
    """Name a kind of record (its table name) in words."""
    _RECORD_TYPES[table] = label


def register_field(key, label):
    """Name a detail or changed field in words."""
    _FIELDS[key] = label


def register_values(key, mapping):
    """Words for the codes the detail ``key`` may hold (e.g. an engagement type)."""
    _VALUES.setdefault(key, {}).update(mapping)


def actions():
    """Every registered action as (code, words), in the words' order."""
    return sorted(((code, str(label)) for code, label in _ACTIONS.items()), key=lambda item: item[1].lower())


def record_types():
    """Every registered record type as (table, words), in the words' order."""
    return sorted(((code, str(label)) for code, label in _RECORD_TYPES.items()), key=lambda item: item[1].lower())


def is_registered(action):
    return action in _ACTIONS


def action_label(action):
    """The words for ``action``; an unregistered code is said to be one, never shown bare."""
    label = _ACTIONS.get(action)
    return str(label) if label is not None else _("Other change (%(code)s)", code=action)


def record_type_label(table):
    label = _RECORD_TYPES.get(table)
    return str(label) if label is not None else _("Other record (%(code)s)", code=table)


def field_label(key):
    label = _FIELDS.get(key)
    return str(label) if label is not None else key.replace("_", " ").capitalize()


def value_label(key, value):
    """A detail's value in words: a registered code's words, yes/no, or the value itself."""
    if value is None or value == "":
        return _("(none)")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    words = _VALUES.get(key, {}).get(value)
    if words is None and isinstance(value, str):
        words = _VALUES.get(key, {}).get(value.lower())
    return str(words) if words is not None else str(value)


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class Fact:
    field: str
    label: str
    value: str


# A field's before and after values: "x_old"/"x_new", or "x_before"/"x_after" (corrections).
PAIR_SUFFIXES = (("_old", "_new"), ("_before", "_after"))
PAIRED = tuple(suffix for pair in PAIR_SUFFIXES for suffix in pair)


def changes_and_facts(details):
    """An entry's details as (changes with before and after, other facts), all in words."""
    details = dict(details or {})
    changes, seen = [], set()
    before, after = details.pop("before", None), details.pop("after", None)
    if isinstance(before, dict) or isinstance(after, dict):
        before, after = before or {}, after or {}
        for key in list(dict.fromkeys([*before, *after])):
            changes.append(Change(key, field_label(key), value_label(key, before.get(key)),
                                  value_label(key, after.get(key))))
    elif before is not None or after is not None:
        # A single before/after pair (e.g. the authorities a partner covers).
        changes.append(Change("value", _("Value"), value_label("value", before), value_label("value", after)))
    for key in details:
        for old, new in PAIR_SUFFIXES:
            if key.endswith(old) or key.endswith(new):
                name = key.removesuffix(old).removesuffix(new)
                if name in seen:
                    continue
                seen.add(name)
                changes.append(Change(name, field_label(name), value_label(name, details.get(f"{name}{old}")),
                                      value_label(name, details.get(f"{name}{new}"))))
    facts = [Fact(key, field_label(key), value_label(key, value)) for key, value in details.items()
             if not key.endswith(PAIRED) and value not in (None, "")]
    return changes, facts


# Details recorded across the service; features add their own with register_field.
for _key, _label in {
    "name": _l("Name"), "name_en": _l("Name in English"), "name_cy": _l("Name in Welsh"),
    "starts_on": _l("First day"), "ends_on": _l("Last day"), "message": _l("Message"), "note": _l("Note"),
    "email": _l("Email address"), "role": _l("Role"), "reason": _l("Reason"), "organisation_id": _l("Organisation"),
    "partner_id": _l("Delivery partner"), "period_id": _l("Reporting period"), "targets": _l("Targets"),
    "emails": _l("Emails queued"), "when": _l("When"), "active": _l("Active"), "choices": _l("Outcomes chosen"),
}.items():
    register_field(_key, _label)
register_record_type("users", _l("User account"))
register_record_type("organisations", _l("Organisation"))
register_action("account_created", _l("Account created"))
register_action("password_reset", _l("Password reset"))
register_action("password_changed", _l("Password changed"))


class _ActionWords:
    """Read-only ``{action: words}`` over the registry, for templates that look codes up."""

    def get(self, action, default=None):
        # Never the bare code: an unregistered action is said to be one.
        return action_label(action)

    def __getitem__(self, action):
        return action_label(action)

    def __contains__(self, action):
        return action in _ACTIONS


ACTION_WORDS = _ActionWords()
