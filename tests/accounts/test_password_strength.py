"""New passwords are checked with zxcvbn: common and easy ones are refused, with the reason in the page's language.

Before the check, "password12" was accepted on registration and on every
password form (issue 14, item 8).
"""

import pytest
from sqlalchemy import select
from wtforms import PasswordField

from portal.accounts import forms as account_forms
from portal.accounts.models import User
from portal.extensions import db
from portal.registration import forms as registration_forms
from portal.security import Role
from portal.validation import NewPassword, weak_password_reason
from tests import factories
from tests.helpers import Page

REASONS = {
    "en": "Your password is one of the most common passwords. Choose one that is harder to guess, like three random "
    "words",
    "cy": "Mae eich cyfrinair yn un o'r cyfrineiriau mwyaf cyffredin. Dewiswch un sy'n anoddach ei ddyfalu, fel tri "
    "gair ar hap",
}


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("password12", "common"),
        ("qwertyuiop", "common"),
        ("aaaaaaaaaaaa", "repeat"),
        ("abcdefghijk", "sequence"),
        ("correct horse battery", None),
        ("a long enough passphrase", None),
    ],
)
def test_weak_passwords_get_a_reason(password, reason):
    assert weak_password_reason(password) == reason


def test_the_persons_own_details_count_as_guessable():
    inputs = ["sian.owen@example.com", "sian", "owen", "example", "com"]
    assert weak_password_reason("sian.owen@example.com") is None
    assert weak_password_reason("sian.owen@example.com", inputs) == "word"


def test_every_form_that_sets_a_password_checks_its_strength():
    """Registration, reset, change and invitation acceptance: each new password goes through NewPassword."""
    forms = [
        registration_forms.AccountForm,
        account_forms.ResetPasswordForm,
        account_forms.ChangePasswordForm,
        account_forms.AcceptInvitationForm,
    ]
    for form in forms:
        validators = form.password.kwargs["validators"]
        assert form.password.field_class is PasswordField
        assert any(isinstance(v, NewPassword) for v in validators), form.__name__


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_registration_refuses_password12_in_the_pages_language(client, lang):
    response = client.submit(
        f"/{lang}/register/account",
        {"full_name": "Siân Owen", "email": "sian@example.com", "password": "password12", "confirm": "password12"},
    )
    page = Page(response)
    assert response.status_code == 200
    assert REASONS[lang] in page.error_summary()
    assert REASONS["en" if lang == "cy" else "cy"] not in page.text()
    assert page.field_value("full_name") == "Siân Owen"
    assert db.session.scalar(select(User).where(User.email == "sian@example.com")) is None


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_changing_and_resetting_refuse_a_common_password(sign_in, lang):
    user = factories.make_user(Role.EMPLOYER)
    client = sign_in(user, lang=lang)
    url = f"/{lang}/account/password"
    response = client.submit(
        url, {"current_password": factories.PASSWORD, "password": "password12", "confirm": "password12"}
    )
    assert REASONS[lang] in Page(response).error_summary()
    response = client.submit(
        url, {"current_password": factories.PASSWORD, "password": "gwely glas afon", "confirm": "gwely glas afon"}
    )
    assert response.status_code == 302
