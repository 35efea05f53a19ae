"""Validation messages and validators shared by every form, translated in one place."""

from flask_babel import lazy_gettext as _l
from wtforms.validators import Email, InputRequired, Length, ValidationError

from portal.accounts.passwords import MIN_LENGTH

MESSAGES = {
    "email_required": _l("Enter your email address"),
    "email_invalid": _l("Enter an email address in the correct format, like name@example.com"),
    "password_required": _l("Enter your password"),
    "new_password_required": _l("Enter a new password"),
    "password_short": _l("Your password must be at least %(min)d characters long", min=MIN_LENGTH),
    "password_mismatch": _l("The passwords do not match"),
    "current_password_wrong": _l("Your current password is not correct"),
    "required": _l("This field is required"),
    "too_long": _l("Must be %(max)d characters or fewer"),
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


def max_length(limit):
    return Length(max=limit, message=_l("Must be %(max)d characters or fewer", max=limit))


class NewPassword:
    """At least ``MIN_LENGTH`` characters; long passphrases welcome."""

    def __call__(self, form, field):
        if len(field.data or "") < MIN_LENGTH:
            raise ValidationError(MESSAGES["password_short"])
