"""Forms for the employer's organisation pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, EmailField, RadioField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from portal.forms import RecipientTextForm, text_in_each_language
from portal.validation import MESSAGES, email_address
from portal.widgets import CheckboxInput, FileInput, RadioInput, SubmitInput, TextInput

UPLOAD_MESSAGES = {
    "missing": _l("Select a file to upload"),
    "empty": _l("The selected file is empty"),
    "size": _l("The selected file must be smaller than 10 MB"),
    "type": _l("The selected file must be a PDF, PNG or JPEG"),
    "path": _l("The file name must not contain folder names or the characters / \\ : or .."),
    "mismatch": _l(
        "The selected file is not the type its name says: a PDF must end in .pdf, a PNG in .png "
        "and a JPEG in .jpg or .jpeg"
    ),
    "not_now": _l("A document cannot help at the moment: your organisation page says why and what you can do"),
}


class DeclarationForm(FlaskForm):
    confirm = BooleanField(
        _l("I confirm the declaration above is true"),
        validators=[InputRequired(message=_l("Confirm the declaration to continue"))],
        widget=CheckboxInput(),
    )
    submit = SubmitField(_l("Confirm declaration"), widget=SubmitInput())


class UploadForm(FlaskForm):
    document = FileField(
        _l("Upload a document"),
        description=_l(
            "A PDF, PNG or JPEG of at most 10 MB, such as a recent payroll summary, "
            "a VAT or business rates bill or a letter from your accountant."
        ),
        widget=FileInput(),
    )
    submit = SubmitField(_l("Upload document"), widget=SubmitInput())


INVITE_ROLES = [
    SelectChoice("employer", _l("Employer contact: can manage the organisation and book support")),
    SelectChoice("champion", _l("Well-being champion: can use the champions hub and resources")),
]


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


class ChangeDecisionForm(RecipientTextForm):
    """Staff accept or refuse a contact's change to what the eligibility rules use."""

    outcome = RadioField(
        _l("Decision on the change"),
        choices=[
            SelectChoice("accept", _l("Accept: the new details count from now")),
            SelectChoice("refuse", _l("Refuse: keep the details we had")),
        ],
        validators=[InputRequired(message=_l("Select whether to accept or refuse the change"))],
        widget=RadioInput(),
    )
    message_cy, message_en = text_in_each_language(
        _l("Message to the employer about the change in Welsh"),
        _l("Message to the employer about the change in English"),
        description=_l("Needed when you refuse. It is sent in the email."),
    )
    submit = SubmitField(_l("Record decision on the change"), widget=SubmitInput())
    text_errors = {
        "cy": _l("Enter a message in Welsh saying why the change is refused"),
        "en": _l("Enter a message in English saying why the change is refused"),
    }

    def __init__(self, *args, **kwargs):
        # Shown on the page that also has the eligibility decision form: its own ids and names.
        kwargs.setdefault("prefix", "change")
        super().__init__(*args, **kwargs)

    def text_needed(self):
        return self.outcome.data == "refuse"


class EvaluationConsentForm(FlaskForm):
    """Whether the organisation's records may be used for the evaluation (not an eligibility fact)."""

    evaluation_consent = RadioField(
        _l("May your organisation's records be used to evaluate the programme?"),
        description=_l("Independent evaluators study how well the programme works. They see your records "
                       "without your organisation's name or anyone's contact details."),
        choices=[SelectChoice("yes", _l("Yes, they may be used")), SelectChoice("no", _l("No"))],
        validators=[InputRequired(message=_l("Select yes if your organisation's records may be used"))],
        widget=RadioInput(),
    )
    submit = SubmitField(_l("Save"), widget=SubmitInput())
