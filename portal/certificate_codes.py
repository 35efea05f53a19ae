"""Verification codes printed on certificates, and the form that checks one.

Shared by the champion training certificate and the workplace health
programme certificate, each with its own public verification page.
"""

import secrets

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import Optional

from portal.validation import max_length
from portal.widgets import SubmitInput, TextInput

# Unambiguous characters: no 0/O or 1/I/L for codes read off paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 16
# Stored form: four groups of four joined by hyphens.
STORED_LENGTH = CODE_LENGTH + CODE_LENGTH // 4 - 1


def new_certificate_code():
    """An unguessable code such as ``K7QM-3XPA-9TRW-D4HN`` (80 bits)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, CODE_LENGTH, 4))


def clean_code(code):
    """A typed code in its stored form: upper case, hyphenated, spaces ignored; None when it cannot be one."""
    raw = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    if len(raw) != CODE_LENGTH:
        return None
    return "-".join(raw[i:i + 4] for i in range(0, CODE_LENGTH, 4))


class VerifyForm(FlaskForm):
    """The code typed on a public verification page (a GET form, so no CSRF token)."""

    class Meta:
        csrf = False

    code = StringField(_l("Certificate code"), validators=[Optional(), max_length(40)], widget=TextInput())
    submit = SubmitField(_l("Check the certificate"), widget=SubmitInput())


def no_code_given():
    """True when a check page is opened without a code: only checks count towards the rate limit."""
    return not request.args.get("code")
