"""Forms for the champions hub."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Optional

from portal.champions.models import Notifications
from portal.validation import MESSAGES, WholeNumberField, between, email_address, max_length, required
from portal.widgets import CheckboxInput, RadioInput, Select, SubmitInput, TextArea, TextInput

NOTIFICATION_CHOICES = [
    (Notifications.NONE, _l("No emails")),
    (Notifications.REPLIES, _l("An email for each reply to my posts")),
    (Notifications.DIGEST, _l("A weekly summary of new posts in my area")),
]


class ProfileForm(FlaskForm):
    notifications = RadioField(_l("Network emails"), choices=NOTIFICATION_CHOICES,
                               validators=[required()], widget=RadioInput())
    listed = BooleanField(_l("List me in the champions directory so other champions can find me"),
                          widget=CheckboxInput())
    speaks_welsh = BooleanField(_l("I speak Welsh"), widget=CheckboxInput())
    submit = SubmitField(_l("Save"), widget=SubmitInput())


class ThreadForm(FlaskForm):
    title = StringField(_l("Title"), validators=[required(), max_length(200)], widget=TextInput())
    body = TextAreaField(_l("Message"), validators=[required(), max_length(5000)], widget=TextArea())
    submit = SubmitField(_l("Post"), widget=SubmitInput())


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Your reply"), validators=[required(), max_length(5000)], widget=TextArea())
    submit = SubmitField(_l("Reply"), widget=SubmitInput())


class ReportForm(FlaskForm):
    reason = TextAreaField(_l("Why should staff look at this post? (optional)"),
                           validators=[Optional(), max_length(1000)], widget=TextArea())
    submit = SubmitField(_l("Report this post"), widget=SubmitInput())


class ActionForm(FlaskForm):
    """A bare CSRF-protected form behind moderation buttons."""


class ValidityForm(FlaskForm):
    months = WholeNumberField(_l("How many months is champion training valid for?"),
                          validators=[required(), between(1, 120)], widget=TextInput())
    submit = SubmitField(_l("Save"), widget=SubmitInput())


class DirectoryForm(FlaskForm):
    class Meta:
        csrf = False

    local_authority = SelectField(_l("Local authority"), validators=[Optional()], widget=Select())
    partner = SelectField(_l("Delivery partner area"), validators=[Optional()], widget=Select())
    sector = SelectField(_l("Sector"), validators=[Optional()], widget=Select())
    welsh = BooleanField(_l("Only champions who speak Welsh"), widget=CheckboxInput())
    submit = SubmitField(_l("Find champions"), widget=SubmitInput())


class InviteChampionForm(FlaskForm):
    reference = StringField(
        _l("Organisation reference number"), description=_l("For example, HWW-4K7Q2M"),
        validators=[required(), max_length(20)], widget=TextInput(),
    )
    email = EmailField(_l("Email address"), validators=email_address(MESSAGES["invitee_email_required"]),
                       widget=TextInput())
    submit = SubmitField(_l("Send invitation"), widget=SubmitInput())
