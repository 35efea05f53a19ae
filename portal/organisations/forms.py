"""Forms for the employer's organisation pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, EmailField, RadioField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from portal.validation import MESSAGES, email_address, max_length
from portal.widgets import CheckboxInput, FileInput, RadioInput, SubmitInput, TextArea, TextInput

UPLOAD_MESSAGES = {
    "missing": _l("Select a file to upload"),
    "empty": _l("The selected file is empty"),
    "size": _l("The selected file must be smaller than 10 MB"),
    "type": _l("The selected file must be a PDF, PNG or JPEG"),
    "path": _l("The file name must not contain folder names or the characters / \\ : or .."),
    "mismatch": _l("The selected file is not the type its name says: a PDF must end in .pdf, a PNG in .png "
                    "and a JPEG in .jpg or .jpeg"),
    "not_now": _l("A document cannot help at the moment: your organisation page says why and what you can do"),
}


class DeclarationForm(FlaskForm):
    confirm = BooleanField(
        _l("I confirm the declaration above is true"),
        validators=[InputRequired(message=_l("Confirm the declaration to continue"))], widget=CheckboxInput(),
    )
    submit = SubmitField(_l("Confirm declaration"), widget=SubmitInput())


class UploadForm(FlaskForm):
    document = FileField(
        _l("Upload a document"),
        description=_l("A PDF, PNG or JPEG of at most 10 MB, such as a recent payroll summary, "
                       "a VAT or business rates bill or a letter from your accountant."),
        widget=FileInput(),
    )
    submit = SubmitField(_l("Upload document"), widget=SubmitInput())


INVITE_ROLES = [SelectChoice("employer", _l("Employer contact: can manage the organisation and book support")),
                SelectChoice("champion", _l("Well-being champion: can use the champions hub and resources"))]


class InviteForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=email_address(MESSAGES["invitee_email_required"]),
                       widget=TextInput())
    role = RadioField(_l("What will they do?"), choices=INVITE_ROLES,
                      validators=[InputRequired(message=_l("Select what they will do"))], widget=RadioInput())
    submit = SubmitField(_l("Send invitation"), widget=SubmitInput())


class RemoveEvidenceForm(FlaskForm):
    submit = SubmitField(_l("Remove document"), widget=SubmitInput())


class RemoveForm(FlaskForm):
    submit = SubmitField(_l("Remove"), widget=SubmitInput())


class ChangeDecisionForm(FlaskForm):
    """Staff accept or refuse a contact's change to what the eligibility rules use."""

    outcome = RadioField(
        _l("Decision on the change"),
        choices=[SelectChoice("accept", _l("Accept: the new details count from now")),
                 SelectChoice("refuse", _l("Refuse: keep the details we had"))],
        validators=[InputRequired(message=_l("Select whether to accept or refuse the change"))], widget=RadioInput(),
    )
    message = TextAreaField(
        _l("Message to the employer about the change"),
        description=_l("Needed when you refuse. It is sent in the email."),
        validators=[max_length(2000)], widget=TextArea(),
    )
    submit = SubmitField(_l("Record decision on the change"), widget=SubmitInput())

    def __init__(self, *args, **kwargs):
        # Shown on the page that also has the eligibility decision form: its own ids and names.
        kwargs.setdefault("prefix", "change")
        super().__init__(*args, **kwargs)

    def validate_message(self, field):
        if self.outcome.data == "refuse" and not (field.data or "").strip():
            raise ValidationError(_l("Enter a message saying why the change is refused"))
