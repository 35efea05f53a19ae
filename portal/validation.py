"""Validation messages and validators shared by every form, translated in one place."""

import re
from datetime import date

from flask_babel import format_date, lazy_ngettext, ngettext
from flask_babel import lazy_gettext as _l
from wtforms.validators import Email, InputRequired, Length, ValidationError

from portal.accounts.passwords import MIN_LENGTH
from portal.timeutil import today_in_wales

# The earliest date a programme record may carry: the start of the first
# financial year the programme reported on (its 2022 targets). Anything earlier
# was typed by mistake (2019 for 2029, or a missing digit).
PROGRAMME_STARTED_ON = date(2022, 4, 1)

# "Address line 2 (optional)" is named "Address line 2" in an error.
_TRAILING_NOTE = re.compile(r"\s*\([^)]*\)\s*$")

MESSAGES = {
    "email_required": _l("Enter your email address"),
    "email_invalid": _l("Enter an email address in the correct format, like name@example.com"),
    "password_required": _l("Enter your password"),
    "new_password_required": _l("Enter a new password"),
    "password_short": lazy_ngettext("Your password must be at least %(num)d character long",
                                    "Your password must be at least %(num)d characters long", MIN_LENGTH),
    "password_mismatch": _l("The passwords do not match"),
    "current_password_wrong": _l("Your current password is not correct"),
    "required": _l("This field is required"),
    "choose": _l("Select an option"),
}


def required(message_key="required"):
    return InputRequired(message=MESSAGES[message_key])


def email_address():
    """Validators for an email address field."""
    return [
        InputRequired(message=MESSAGES["email_required"]),
        Email(message=MESSAGES["email_invalid"], check_deliverability=False),
        Length(max=254, message=MESSAGES["email_invalid"]),
    ]


class MaxLength(Length):
    """At most ``limit`` characters, with an error that names the field (GOV.UK pattern)."""

    def __init__(self, limit):
        super().__init__(max=limit)

    def __call__(self, form, field):
        if len(field.data or "") > self.max:
            raise ValidationError(ngettext("%(field)s must be %(num)d character or fewer",
                                           "%(field)s must be %(num)d characters or fewer",
                                           self.max, field=field_name(field)))


def field_name(field):
    """The field's label as it reads inside a sentence: without a trailing "(optional)" in either language."""
    return _TRAILING_NOTE.sub("", str(field.label.text))


def max_length(limit):
    return MaxLength(limit)


class NewPassword:
    """At least ``MIN_LENGTH`` characters; long passphrases welcome."""

    def __call__(self, form, field):
        if len(field.data or "") < MIN_LENGTH:
            raise ValidationError(MESSAGES["password_short"])


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
