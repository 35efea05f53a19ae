"""Forms staff fill in on an employer's behalf, and notes on the record."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import ValidationError

from portal.bookings.forms import ATTENDEE_LANGUAGES
from portal.validation import email_address, max_length, required
from portal.widgets import FileInput, RadioInput, SubmitInput, TextArea, TextInput


class WalkInForm(FlaskForm):
    """Someone who came to the event on the day without a booking."""

    name = StringField(_l("Attendee's full name"), widget=TextInput(), validators=[required(), max_length(200)])
    email = StringField(_l("Attendee's email address"), widget=TextInput(), validators=email_address())
    language = RadioField(
        _l("Language for their emails"),
        choices=ATTENDEE_LANGUAGES,
        widget=RadioInput(),
        validators=[required("choose")],
    )
    submit = SubmitField(_l("Add as attended"), widget=SubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Errors name the field, and the person is the attendee, not whoever fills in the form.
        self.name.validators[0].message = _l("Enter the attendee's full name")
        self.email.validators[0].message = _l("Enter the attendee's email address")
        self.language.validators[0].message = _l("Select the language for the attendee's emails")


class NoteForm(FlaskForm):
    body = TextAreaField(_l("Note (seen by staff only)"), widget=TextArea(), validators=[required(), max_length(5000)])
    submit = SubmitField(_l("Add the note"), widget=SubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.body.validators[0].message = _l("Enter the note")

    def validate_body(self, field):
        # Spaces alone are not a note.
        if not (field.data or "").strip():
            raise ValidationError(_l("Enter the note"))


class StaffEvidenceForm(FlaskForm):
    """A document the employer sent by e-mail, uploaded by staff into the organisation's evidence."""

    document = FileField(
        _l("Document the employer sent"),
        description=_l("A PDF, PNG or JPEG of at most 10 MB."),
        widget=FileInput(),
    )
    note = TextAreaField(_l("How it reached you (optional)"), widget=TextArea(), validators=[max_length(500)])
    submit = SubmitField(_l("Upload document"), widget=SubmitInput())
