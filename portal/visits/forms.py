"""Asking for a workplace visit, and staff answering."""

from flask_babel import format_decimal, ngettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import Optional, ValidationError

from portal.events.forms import TIME
from portal.forms import GovDateField, RecipientTextForm, text_in_each_language
from portal.validation import WholeNumberField, between, max_length, required
from portal.visits.labels import VISIT_LANGUAGES, VISIT_TYPES
from portal.widgets import RadioInput, SubmitInput, TextArea, TextInput


def _choices(mapping):
    return [(key, str(label)) for key, label in mapping.items()]


class VisitRequestForm(FlaskForm):
    visit_type = RadioField(_l("What kind of visit would you like?"), widget=RadioInput(),
                            validators=[required()])
    preferred_dates = TextAreaField(_l("Which dates and times suit you?"), widget=TextArea(),
                                    validators=[required(), max_length(1000)])
    site_address = TextAreaField(_l("Address of the workplace"), widget=TextArea(),
                                 validators=[required(), max_length(500)])
    staff_count = WholeNumberField(
        _l("How many staff would take part?"), widget=TextInput(),
        validators=[required(), between(1, 10000)])
    access_needs = TextAreaField(_l("Access needs (optional)"), widget=TextArea(),
                                 validators=[Optional(), max_length(1000)])
    language = RadioField(_l("Language for the visit"), widget=RadioInput(), validators=[required()])
    submit = SubmitField(_l("Send request"), widget=SubmitInput())

    def __init__(self, *args, employees=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.visit_type.choices = _choices(VISIT_TYPES)
        self.language.choices = _choices(VISIT_LANGUAGES)
        # The organisation's headcount: no more staff can take part than it employs.
        self.employees = employees

    def validate_staff_count(self, field):
        if self.employees and field.data and field.data > self.employees:
            raise ValidationError(
                ngettext(
                    "Staff taking part must be no more than the %(count)s person your organisation employs",
                    "Staff taking part must be no more than the %(count)s people your organisation employs",
                    self.employees,
                    count=format_decimal(self.employees),
                )
            )


class RespondForm(RecipientTextForm):
    decision = RadioField(_l("Your answer"), widget=RadioInput(), validators=[required()])
    visit_date = GovDateField(_l("Date of the visit"))
    visit_time = StringField(_l("Time of the visit"), widget=TextInput())
    message_cy, message_en = text_in_each_language(
        _l("Message to the employer in Welsh"), _l("Message to the employer in English")
    )
    submit = SubmitField(_l("Send answer"), widget=SubmitInput())
    text_errors = {
        "cy": _l("Enter the reason for declining in Welsh"),
        "en": _l("Enter the reason for declining in English"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision.choices = [
            ("scheduled", str(_l("Accept and schedule the visit"))),
            ("proposed", str(_l("Propose another date"))),
            ("declined", str(_l("Decline the request"))),
        ]

    def validate_visit_date(self, field):
        if self.decision.data in ("scheduled", "proposed") and not field.data:
            raise ValidationError(_l("Enter the date of the visit"))

    def validate_visit_time(self, field):
        if self.decision.data in ("scheduled", "proposed") and not TIME.match((field.data or "").strip()):
            raise ValidationError(_l("Enter a time like 10:00 or 14:30"))

    def text_needed(self):
        return self.decision.data == "declined"


class StaffVisitForm(VisitRequestForm):
    """Staff make a visit for an organisation: the same questions, and a date and time if it is agreed."""

    preferred_dates = TextAreaField(_l("Which dates and times suit the employer?"), widget=TextArea(),
                                    validators=[required(), max_length(1000)])
    visit_date = GovDateField(_l("Date of the visit (if agreed)"))
    visit_time = StringField(_l("Time of the visit (if agreed)"), widget=TextInput())
    submit = SubmitField(_l("Make the visit"), widget=SubmitInput())

    def validate_visit_time(self, field):
        given = (field.data or "").strip()
        if self.visit_date.data and not TIME.match(given):
            raise ValidationError(_l("Enter a time like 10:00 or 14:30"))
        if given and not self.visit_date.data and not self.visit_date.errors:
            raise ValidationError(_l("Enter the date of the visit as well as the time, or leave the time empty"))
