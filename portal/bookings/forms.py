"""Booking an attendee, changing one, cancelling, attendance and feedback."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import RadioField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, Email, Optional

from portal.email.addresses import normalise_email
from portal.forms import ActionForm, RecipientTextForm, text_in_each_language  # noqa: F401  (ActionForm: the bookings pages' buttons)
from portal.validation import email_address, max_length, required
from portal.widgets import CheckboxesInput, FileInput, RadioInput, SubmitInput, TextArea, TextInput


class AttendeeForm(FlaskForm):
    name = StringField(_l("Attendee's full name"), widget=TextInput(), validators=[required(), max_length(200)])
    email = StringField(_l("Attendee's email address"), widget=TextInput(), validators=email_address(
        _l("Enter the attendee's email address")))
    submit = SubmitField(_l("Book a place"), widget=SubmitInput())


# Rows of the booking form at most, however many places an organisation may book: the
# form stays usable without JavaScript; more people are booked by sending it again.
MAX_ATTENDEE_ROWS = 10
ATTENDEE_LANGUAGES = [SelectChoice("cy", _l("Welsh")), SelectChoice("en", _l("English"))]


class AttendeesForm(FlaskForm):
    """Several named attendees in one form: ``name_N``, ``email_N`` and ``language_N`` for each row N."""

    submit = SubmitField(_l("Book places"), widget=SubmitInput())
    rows = 1

    def row_fields(self):
        """[(number, name field, email field, language field)] for the template."""
        return [(n, self[f"name_{n}"], self[f"email_{n}"], self[f"language_{n}"]) for n in range(1, self.rows + 1)]

    def attendees(self):
        """[(name, email, language)] of the rows filled in, in order."""
        return [
            (name.data.strip(), email.data.strip(), language.data if language.data in ("cy", "en") else None)
            for _n, name, email, language in self.row_fields()
            if (name.data or "").strip()
        ]

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        seen = set()
        filled = 0
        for number, name, email, _language in self.row_fields():
            given_name, given_email = (name.data or "").strip(), (email.data or "").strip()
            if not given_name and not given_email:
                continue
            filled += 1
            if not given_name:
                name.errors.append(_l("Enter the full name of attendee %(number)s", number=number))
            if not given_email:
                email.errors.append(_l("Enter the email address of attendee %(number)s", number=number))
            elif not email.errors and normalise_email(given_email) in seen:
                email.errors.append(
                    _l("Attendee %(number)s has the same email address as another attendee in this form", number=number)
                )
            seen.add(normalise_email(given_email))
        if not filled:
            self["name_1"].errors.append(_l("Enter the full name and email address of at least one attendee"))
        return valid and all(not f.errors for f in self)


def attendees_form(rows, language, **kwargs):
    """An :class:`AttendeesForm` with ``rows`` attendee rows, each language preset to ``language``."""

    class Form(AttendeesForm):
        pass

    Form.rows = max(1, min(rows, MAX_ATTENDEE_ROWS))
    for n in range(1, Form.rows + 1):
        setattr(
            Form,
            f"name_{n}",
            StringField(_l("Full name"), widget=TextInput(), validators=[Optional(), max_length(200)]),
        )
        setattr(
            Form,
            f"email_{n}",
            StringField(
                _l("Email address"),
                widget=TextInput(),
                validators=[
                    Optional(),
                    Email(
                        message=_l(
                            "Enter the email address of attendee %(number)s in the correct "
                            "format, like name@example.com",
                            number=n,
                        ),
                        check_deliverability=False,
                    ),
                    max_length(254),
                ],
            ),
        )
        setattr(
            Form,
            f"language_{n}",
            RadioField(
                _l("Language for their emails"),
                choices=ATTENDEE_LANGUAGES,
                default=language if language in ("cy", "en") else "en",
                validate_choice=False,
                widget=RadioInput(),
            ),
        )
    return Form(**kwargs)


class ChangeAttendeeForm(AttendeeForm):
    submit = SubmitField(_l("Pass the place on"), widget=SubmitInput())


class StaffCancelForm(RecipientTextForm):
    text_field = "reason"
    reason_cy, reason_en = text_in_each_language(
        _l("Reason in Welsh (the attendee is told this)"),
        _l("Reason in English (the attendee is told this)"),
    )
    text_errors = {"cy": _l("Enter the reason in Welsh"), "en": _l("Enter the reason in English")}
    submit = SubmitField(_l("Cancel this place"), widget=SubmitInput())


class AttendanceForm(FlaskForm):
    attendance = StringField(validators=[AnyOf(["attended", "did_not_attend"],
                                               message=_l("Select attended or did not attend"))])


class AttendanceCorrectionForm(FlaskForm):
    """Correct a mark on the register: the new mark and why."""

    attendance = RadioField(_l("Attendance"), widget=RadioInput(), validators=[required()])
    reason = TextAreaField(_l("Reason for the correction"), widget=TextArea(),
                           validators=[required(), max_length(2000)])
    submit = SubmitField(_l("Save correction"), widget=SubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason.validators[0].message = _l("Enter the reason for the correction")


class FeedbackForm(FlaskForm):
    rating = RadioField(_l("How would you rate the event?"), widget=RadioInput(), validators=[required()])
    will_use = RadioField(_l("Will you use what you learnt at work?"), widget=RadioInput(),
                          validators=[required()])
    comments = TextAreaField(_l("Anything else you want to tell us (optional)"), widget=TextArea(),
                             validators=[Optional(), max_length(2000)])
    submit = SubmitField(_l("Send feedback"), widget=SubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rating.choices = [
            ("5", str(_l("Excellent"))),
            ("4", str(_l("Good"))),
            ("3", str(_l("Fair"))),
            ("2", str(_l("Poor"))),
            ("1", str(_l("Very poor"))),
        ]
        self.will_use.choices = [
            ("yes", str(_l("Yes, I will"))),
            ("no", str(_l("No, I will not"))),
            ("not_sure", str(_l("Not sure"))),
        ]


class RegisterForm(FlaskForm):
    """The whole register at once: ticked people attended, the others did not."""

    # Ids as text: a tampered value is simply not a place on this register, never a 500.
    attended = SelectMultipleField(
        _l("Who attended"),
        coerce=str,
        validate_choice=False,
        widget=CheckboxesInput(),
        description=_l("Untick anyone who did not attend."),
    )
    submit = SubmitField(_l("Save attendance"), widget=SubmitInput())


class ReportForm(FlaskForm):
    report = FileField(
        _l("Attendance report from the meeting tool"),
        description=_l(
            "The CSV file Microsoft Teams, Zoom or Google Meet gives you after the meeting, at most 2 MB. "
            "It needs a column of email addresses."
        ),
        widget=FileInput(),
    )
    submit = SubmitField(_l("Check the report"), widget=SubmitInput())


REPORT_MESSAGES = {
    "missing": _l("Select the attendance report to upload"),
    "extension": _l("The attendance report must be a CSV file (ending .csv)"),
    "empty": _l("The selected attendance report is empty"),
    "size": _l("The attendance report must be smaller than 2 MB"),
    "type": _l("The attendance report must be a CSV text file, not a spreadsheet or a document"),
    "no_email_column": _l(
        "The attendance report has no column of email addresses. Download the report again with "
        "email addresses included."
    ),
    "no_people": _l("The attendance report lists nobody with an email address"),
}
