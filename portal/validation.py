"""Validation messages and validators shared by every form, translated in one place."""

import re
from datetime import date

from flask_babel import format_date, format_decimal, get_locale, gettext, lazy_ngettext, ngettext
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, FileField, IntegerField, RadioField, SelectFieldBase
from wtforms.validators import Email, InputRequired, Length, StopValidation, ValidationError
from zxcvbn import zxcvbn

from portal.accounts.passwords import MIN_LENGTH
from portal.timeutil import today_in_wales

# The earliest date a programme record may carry: the start of the first
# financial year the programme reported on (its 2022 targets). Anything earlier
# was typed by mistake (2019 for 2029, or a missing digit).
PROGRAMME_STARTED_ON = date(2022, 4, 1)

# Thousands separators people type ("10,000", "10 000"), and at most 12 digits:
# more than any headcount, and within a 64-bit column.
_SEPARATORS = re.compile(r"[,\s\u00a0]")
_DIGITS = re.compile(r"[0-9]{1,12}")

# "Address line 2 (optional)" is named "Address line 2" in an error.
_TRAILING_NOTE = re.compile(r"\s*\([^)]*\)\s*$")

MESSAGES = {
    "email_required": _l("Enter your email address"),
    "email_invalid": _l("Enter an email address in the correct format, like name@example.com"),
    "invitee_email_required": _l("Enter the email address of the person to invite"),
    "password_required": _l("Enter your password"),
    "new_password_required": _l("Enter a new password"),
    "password_short": lazy_ngettext(
        "Your password must be at least %(num)d character long",
        "Your password must be at least %(num)d characters long",
        MIN_LENGTH,
    ),
    "password_mismatch": _l("The passwords do not match"),
    "current_password_wrong": _l("Your current password is not correct"),
}

# Fields answered by choosing rather than typing: their error says "select".
_CHOICE_FIELDS = (BooleanField, FileField, RadioField, SelectFieldBase)


def _in_sentence(field):
    """The field's name where English puts it mid-sentence ("Enter title"): first letter lower-cased.

    Only in English: the Welsh messages put the name first (before a colon), so
    it keeps its capital and never follows a word that would mutate it. A name
    that starts with an acronym ("WHP start date") keeps its capitals.
    """
    name = field_name(field)
    if get_locale() is not None and get_locale().language != "en":
        return name
    if len(name) > 1 and name[1].isupper():
        return name
    return name[:1].lower() + name[1:]


def missing_message(field):
    """What to say when ``field`` was left empty, naming it (GOV.UK: "Enter …", "Select …").

    A label that is a question ("How many staff would take part?") is quoted
    after the instruction rather than bent into it. In Welsh, every message
    starts with the field's name and a colon: a name placed after "Rhowch" or
    "Dewiswch" would have to mutate, and a label cannot be mutated reliably.
    """
    name = _in_sentence(field)
    choice = isinstance(field, _CHOICE_FIELDS)
    if isinstance(field, FileField):
        return gettext("Select a file for %(field)s", field=name)
    if _is_question(field):
        if choice:
            return gettext("Select an answer to “%(field)s”", field=field_name(field))
        return gettext("Enter an answer to “%(field)s”", field=field_name(field))
    if choice:
        return gettext("Select %(field)s", field=name)
    return gettext("Enter %(field)s", field=name)


class Required(InputRequired):
    """InputRequired whose message names the field, unless the form gives its own whole sentence."""

    def __init__(self, message=None):
        super().__init__(message=message)

    def __call__(self, form, field):
        if field.raw_data and field.raw_data[0]:
            return
        field.errors[:] = []
        raise StopValidation(str(self.message) if self.message else missing_message(field))


def required(message=None):
    """Validator for a field that must be answered; ``message`` is a sentence written for the field.

    Without one, the message is built from the field's label (:func:`missing_message`).
    ``message`` may also be a key of :data:`MESSAGES`.
    """
    if isinstance(message, str) and message in MESSAGES:
        message = MESSAGES[message]
    return Required(message=message)


class Between:
    """A number from ``low`` to ``high``, with an error that names the field (GOV.UK pattern).

    Leaves a value that is not a number to the field's own message.
    """

    def __init__(self, low, high):
        self.low, self.high = low, high

    def __call__(self, form, field):
        if field.data is None or self.low <= field.data <= self.high:
            return
        low, high = format_decimal(self.low), format_decimal(self.high)
        if _is_question(field):
            raise ValidationError(
                gettext(
                    "The answer to “%(field)s” must be between %(lowest)s and %(highest)s",
                    field=field_name(field),
                    lowest=low,
                    highest=high,
                )
            )
        raise ValidationError(
            gettext(
                "%(field)s must be between %(lowest)s and %(highest)s",
                field=field_name(field),
                lowest=low,
                highest=high,
            )
        )


def between(low, high):
    return Between(low, high)


def not_a_number_message(field):
    """The error for a number field given something else, naming the field."""
    if _is_question(field):
        return gettext("The answer to “%(field)s” must be a whole number, like 12", field=field_name(field))
    return gettext("%(field)s must be a whole number, like 12", field=field_name(field))


def _is_question(field):
    return field_name(field).rstrip().endswith("?")


def email_address(missing=None):
    """Validators for an email address field.

    ``missing`` is the message when it is left empty; without one it is the
    person's own address ("Enter your email address"). A form asking for
    someone else's address says whose, never "your".
    """
    return [
        Required(message=missing or MESSAGES["email_required"]),
        Email(message=MESSAGES["email_invalid"], check_deliverability=False),
        Length(max=254, message=MESSAGES["email_invalid"]),
    ]


class MaxLength(Length):
    """At most ``limit`` characters, with an error that names the field (GOV.UK pattern)."""

    def __init__(self, limit):
        super().__init__(max=limit)

    def __call__(self, form, field):
        if len(field.data or "") > self.max:
            raise ValidationError(
                ngettext(
                    "%(field)s must be %(num)d character or fewer",
                    "%(field)s must be %(num)d characters or fewer",
                    self.max,
                    field=field_name(field),
                )
            )


def field_name(field):
    """The field's label as it reads inside a sentence: without a trailing "(optional)" in either language."""
    return _TRAILING_NOTE.sub("", str(field.label.text))


def max_length(limit):
    return MaxLength(limit)


# The least zxcvbn score (0 to 4) a new password needs: 3 is "safely
# unguessable" against an attacker who has stolen the hashes but is slowed by
# them; "password12" scores 1, "correct horse battery" 4.
STRONG_ENOUGH = 3

# Why zxcvbn found a password weak, in our own words in both languages. Its own
# feedback is English only, so the reason is read from the kind of pattern it
# matched (its longest match, as zxcvbn's feedback does), not from its text.
WEAK_PASSWORD = {
    "common": _l(
        "Your password is one of the most common passwords. Choose one that is harder to guess, like three random words"
    ),
    "word": _l(
        "Your password is mostly a common word or name. Add another word or two: three random words are hard to guess"
    ),
    "keyboard": _l(
        "Your password is a pattern of keys next to each other, like qwerty. Use three random words instead"
    ),
    "repeat": _l("Your password repeats the same characters or words, like aaa. Use three random words instead"),
    "sequence": _l("Your password is a sequence, like abc or 6543. Use three random words instead"),
    "date": _l("Your password is mostly a date or a year. Use three random words instead"),
    "weak": _l("Your password is too easy to guess. Use three random words, or make it longer"),
}
_PATTERN_REASON = {"spatial": "keyboard", "repeat": "repeat", "sequence": "sequence", "date": "date", "regex": "date"}


def weak_password_reason(password, user_inputs=()):
    """The key of :data:`WEAK_PASSWORD` saying why ``password`` is too easy to guess, or None if it is not.

    ``user_inputs`` are words the person's own details give away (their email
    address, name): zxcvbn counts them as guessable.
    """
    # zxcvbn refuses more than 72 characters (ValueError); a password that long is
    # judged on its first 72, which is as strong as anything it can measure.
    result = zxcvbn(password[:72], user_inputs=[value for value in user_inputs if value])
    if result["score"] >= STRONG_ENOUGH:
        return None
    matches = [m for m in result["sequence"] if m["pattern"] != "bruteforce"]
    if not matches:
        return "weak"
    longest = max(matches, key=lambda m: len(m["token"]))
    if longest["pattern"] == "dictionary":
        return "common" if longest.get("dictionary_name") == "passwords" else "word"
    return _PATTERN_REASON.get(longest["pattern"], "weak")


class NewPassword:
    """At least ``MIN_LENGTH`` characters, and not easy to guess (zxcvbn); long passphrases welcome.

    Words from the form's own email address and name fields count as easy to
    guess.
    """

    def __call__(self, form, field):
        password = field.data or ""
        if len(password) < MIN_LENGTH:
            raise ValidationError(MESSAGES["password_short"])
        inputs = [
            form[name].data
            for name in ("email", "full_name", "name")
            if name in form and isinstance(form[name].data, str)
        ]
        email = next((value for value in inputs if "@" in value), "")
        inputs += email.replace(".", "@").split("@")
        reason = weak_password_reason(password, inputs)
        if reason:
            raise ValidationError(WEAK_PASSWORD[reason])


def programme_date_error(day, future_message, early_message):
    """The message for why ``day`` cannot date a programme record, or None if it can.

    Programme records are of things that happened: never after today in
    Wales, never before :data:`PROGRAMME_STARTED_ON`. ``early_message`` takes
    ``%(date)s`` (that first date, in the page's language). Each field passes
    its own whole sentences, so the Welsh is written for the field.
    """
    if day is None:
        return None
    if day > today_in_wales():
        return str(future_message)
    if day < PROGRAMME_STARTED_ON:
        return str(early_message) % {"date": format_date(PROGRAMME_STARTED_ON, "long")}
    return None


class WholeNumberField(IntegerField):
    """A whole number typed as people write it, and shown back the same way.

    "10,000" and "10 000" are read as 10000 (Welsh and English both group
    thousands with a comma); a number the form shows back from the database is
    written with the page's separators. What is not a whole number gets an
    error that names the field.
    """

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = _SEPARATORS.sub("", valuelist[0] or "")
        if not text:
            self.data = None
            return
        if not _DIGITS.fullmatch(text):
            self.data = None
            raise ValueError(not_a_number_message(self))
        self.data = int(text)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return format_decimal(self.data) if self.data is not None else ""
