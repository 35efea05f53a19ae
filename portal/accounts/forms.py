"""Sign-in and password forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import EqualTo, InputRequired

from portal.validation import MESSAGES, NewPassword, email_address, max_length
from portal.widgets import PasswordInput as GovPasswordInput
from portal.widgets import SubmitInput as GovSubmitInput
from portal.widgets import TextInput as GovTextInput


class SignInForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=email_address(), widget=GovTextInput())
    password = PasswordField(
        _l("Password"), validators=[InputRequired(message=MESSAGES["password_required"])], widget=GovPasswordInput()
    )
    submit = SubmitField(_l("Sign in"), widget=GovSubmitInput())


class ForgottenPasswordForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=email_address(), widget=GovTextInput())
    submit = SubmitField(_l("Send reset link"), widget=GovSubmitInput())


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        description=_l("Use at least 10 characters. A few unrelated words make a strong password."),
        validators=[InputRequired(message=MESSAGES["new_password_required"]), NewPassword()],
        widget=GovPasswordInput(),
    )
    confirm = PasswordField(
        _l("Confirm new password"),
        validators=[
            InputRequired(message=MESSAGES["new_password_required"]),
            EqualTo("password", message=MESSAGES["password_mismatch"]),
        ],
        widget=GovPasswordInput(),
    )
    submit = SubmitField(_l("Save password"), widget=GovSubmitInput())


class ChangePasswordForm(ResetPasswordForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[InputRequired(message=MESSAGES["password_required"])],
        widget=GovPasswordInput(),
    )


class AcceptInvitationForm(FlaskForm):
    """A new account from an invitation: an organisation's colleague, or staff."""

    full_name = StringField(_l("Full name"), validators=[InputRequired(message=_l("Enter your full name")),
                                                         max_length(200)], widget=GovTextInput())
    password = PasswordField(
        _l("Create a password"),
        description=_l("Use at least 10 characters. A few unrelated words make a strong password."),
        validators=[InputRequired(message=MESSAGES["new_password_required"]), NewPassword()],
        widget=GovPasswordInput(),
    )
    confirm = PasswordField(
        _l("Confirm password"),
        validators=[InputRequired(message=MESSAGES["new_password_required"]),
                    EqualTo("password", message=MESSAGES["password_mismatch"])],
        widget=GovPasswordInput(),
    )
    submit = SubmitField(_l("Create account"), widget=GovSubmitInput())
