"""Staff forms: logging an engagement, follow-ups, assigning an adviser, searching."""

import re

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional

from portal.i18n import date_filter
from portal.organisations.offline import CONSENT_METHODS
from portal.registration import forms as registration_forms
from portal.registration.services import OUTSIDE_WALES
from portal.timeutil import today_in_wales
from portal.validation import max_length, programme_date_error, required
from portal.widgets import CheckboxInput, DateInput, RadioInput, Select, SubmitInput, TextArea, TextInput


def _blank_dates_to_none(*fields):
    # The GOV.UK date widget expects three parts or none: a date left out is none.
    for field in fields:
        if not field.raw_data or len(field.raw_data) != 3:
            field.raw_data = None


MESSAGES = {
    "type": _l("Select the type of engagement"),
    "date": _l("Enter the date of the engagement as a real date, like 27 3 2026"),
    "follow_up": _l("Enter the follow-up date as a real date, like 27 3 2026"),
    "duration": _l("Enter the duration as a whole number of minutes, between 1 and 1440"),
    "adviser": _l("Select the adviser"),
    "owner": _l("Select who will follow up"),
    "equality_change": _l("Select whether the strategy was adopted or improved"),
    "equality_note": _l("Enter a note saying what changed"),
    "date_future": _l("The date of the engagement must be today or in the past"),
    "date_early": _l("The date of the engagement must be on or after %(date)s"),
    "equality_date": _l("Enter the date the strategy was adopted or improved as a real date, like 27 3 2026"),
    "equality_future": _l("The date the strategy was adopted or improved must be today or in the past"),
    "equality_early": _l("The date the strategy was adopted or improved must be on or after %(date)s"),
    "visit_date": _l("Enter the date the visit took place as a real date, like 27 3 2026"),
    "visit_future": _l("The date the visit took place must be today or in the past"),
    "visit_early": _l("The date the visit took place must be on or after %(date)s"),
    "visit_recorded": _l("The date the visit took place must be on or before %(date)s, the day it was recorded as "
                         "delivered"),
    "visit_type": _l("Select what was delivered"),
    "staff_count": _l("Enter the number of staff who took part, from 1 to 10,000"),
    "staff_headcount": _l("Staff taking part must be no more than the organisation's headcount, %(count)s"),
    "cycle_start": _l("Enter the date the programme started as a real date, like 27 3 2026"),
    "cycle_start_future": _l("The date the programme started must be today or in the past"),
    "cycle_start_early": _l("The date the programme started must be on or after %(date)s"),
    "cycle_start_previous": _l("The date the programme started must be on or after %(date)s, when the programme "
                               "before it ended"),
    "cycle_end": _l("Enter the date the programme ended as a real date, like 27 3 2026"),
    "cycle_end_future": _l("The date the programme ended must be today or in the past"),
    "cycle_end_early": _l("The date the programme ended must be on or after the date it started"),
    "cycle_end_next": _l("The date the programme ended must be on or before %(date)s, when the programme after it "
                         "started"),
    "reason": _l("Enter the reason for the correction"),
    "void_reason": _l("Enter the reason for voiding this record"),
}


def _check_programme_date(field, future_key, early_key):
    """Add the field's own error if its (valid) date is in the future or before the programme."""
    if field.errors or field.data is None:
        return True
    message = programme_date_error(field.data, MESSAGES[future_key], MESSAGES[early_key])
    if message:
        field.errors = [*field.errors, message]
        return False
    return True


class _DatesAndMessages:
    """A form's dates and error messages, said once for every form that has them.

    ``blank_dates`` are left empty when not all three parts came (the GOV.UK
    widget sends three or none); ``messages`` maps a field to the MESSAGES key
    that replaces WTForms' own English error ("Not a valid date value" is
    unhelpful); ``programme_date`` is ``(field, future key, early key)`` for a
    date that must be a real programme date (:func:`_check_programme_date`).
    """

    blank_dates = ()
    messages = ()
    programme_date = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _blank_dates_to_none(*(getattr(self, name) for name in self.blank_dates))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for name, key in self.messages:
            field = getattr(self, name)
            if field.errors:
                field.errors[:] = [str(MESSAGES[key])]
        if self.programme_date is None:
            return valid
        name, future_key, early_key = self.programme_date
        return _check_programme_date(getattr(self, name), future_key, early_key) and valid


def _with_correction_reason(form_class, doc):
    """``form_class`` as a correction: the record's fields as made, then the reason and its button.

    The fields are made here, after the form's own, so they come last on the
    page and in the error summary.
    """

    class CorrectionForm(form_class):
        __doc__ = doc
        reason = TextAreaField(_l("Reason for the correction"), validators=[required(), max_length(2000)],
                               widget=TextArea())
        submit = SubmitField(_l("Save correction"), widget=SubmitInput())

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.reason.validators[0].message = MESSAGES["reason"]

    CorrectionForm.__name__ = CorrectionForm.__qualname__ = form_class.__name__.replace("Form", "CorrectionForm")
    return CorrectionForm


class EngagementForm(_DatesAndMessages, FlaskForm):
    blank_dates = ("occurred_on", "follow_up_on")
    messages = (("occurred_on", "date"), ("follow_up_on", "follow_up"), ("duration_minutes", "duration"))
    programme_date = ("occurred_on", "date_future", "date_early")

    type = RadioField(_l("Type of engagement"), validators=[required()], widget=RadioInput(),
                      validate_choice=True)
    occurred_on = DateField(_l("Date"), format="%d %m %Y", validators=[required()], widget=DateInput())
    duration_minutes = IntegerField(_l("Duration in minutes (optional)"), validators=[Optional(), NumberRange(1, 1440)],
                                    widget=TextInput())
    adviser_id = SelectField(_l("Adviser"), coerce=int, validators=[required()], widget=Select())
    notes = TextAreaField(_l("Notes (only staff can see these)"), validators=[Optional(), max_length(5000)],
                          widget=TextArea())
    outcome = StringField(_l("Outcome (optional)"), validators=[Optional(), max_length(500)], widget=TextInput())
    follow_up_on = DateField(_l("Follow-up date (optional)"), format="%d %m %Y", validators=[Optional()],
                             widget=DateInput())
    follow_up_note = TextAreaField(_l("What to follow up (optional)"), validators=[Optional(), max_length(500)],
                                   widget=TextArea())
    submit = SubmitField(_l("Save engagement"), widget=SubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.type.validators[0].message = MESSAGES["type"]
        self.adviser_id.validators[0].message = MESSAGES["adviser"]
        self.occurred_on.validators[0].message = MESSAGES["date"]
        self.duration_minutes.validators[1].message = MESSAGES["duration"]


EngagementCorrectionForm = _with_correction_reason(
    EngagementForm, "The engagement as logged, to correct, with the reason for the correction.")


class DeliveredVisitForm(_DatesAndMessages, FlaskForm):
    """A delivered workplace visit as recorded: the day it took place, what was delivered, who took part.

    ``recorded_on`` is the day it was recorded as delivered (it cannot have
    taken place later); ``employees`` the organisation's headcount.
    """

    blank_dates = ("took_place_on",)
    messages = (("took_place_on", "visit_date"), ("staff_count", "staff_count"))
    programme_date = ("took_place_on", "visit_future", "visit_early")

    took_place_on = DateField(_l("Date the visit took place"), format="%d %m %Y", validators=[required()],
                              widget=DateInput())
    visit_type = RadioField(_l("What was delivered"), validators=[required()], widget=RadioInput(),
                            validate_choice=True)
    staff_count = IntegerField(_l("Staff taking part"), validators=[required(), NumberRange(1, 10000)],
                               widget=TextInput())
    submit = SubmitField(_l("Save visit"), widget=SubmitInput())

    def __init__(self, *args, recorded_on=None, employees=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.recorded_on, self.employees = recorded_on, employees
        self.took_place_on.validators[0].message = MESSAGES["visit_date"]
        self.visit_type.validators[0].message = MESSAGES["visit_type"]
        self.staff_count.validators[0].message = MESSAGES["staff_count"]

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        day = self.took_place_on.data
        # Recorded as delivered on a day means it had happened by then.
        if not self.took_place_on.errors and day and self.recorded_on and day > self.recorded_on:
            self.took_place_on.errors = [str(MESSAGES["visit_recorded"]) % {"date": date_filter(self.recorded_on)}]
            valid = False
        count = self.staff_count.data
        if not self.staff_count.errors and count and self.employees and count > self.employees:
            self.staff_count.errors = [str(MESSAGES["staff_headcount"]) % {"count": format_decimal(self.employees)}]
            valid = False
        return valid


DeliveredVisitCorrectionForm = _with_correction_reason(
    DeliveredVisitForm, "A delivered visit, to correct, with the reason for the correction.")


class CycleForm(_DatesAndMessages, FlaskForm):
    """A programme cycle's dates: when it started and, once ended, when it ended.

    ``ended`` says whether the cycle has ended (an open one has no end date to
    correct); ``earliest`` is the day the cycle before it ended and ``latest``
    the day the one after it started: a cycle's dates fit between theirs.
    """

    blank_dates = ("started_on", "ended_on")
    messages = (("started_on", "cycle_start"), ("ended_on", "cycle_end"))
    programme_date = ("started_on", "cycle_start_future", "cycle_start_early")

    started_on = DateField(_l("Date the programme started"), format="%d %m %Y", validators=[required()],
                           widget=DateInput())
    ended_on = DateField(_l("Date the programme ended"), format="%d %m %Y", validators=[Optional()],
                         widget=DateInput())
    submit = SubmitField(_l("Save dates"), widget=SubmitInput())

    def __init__(self, *args, ended=False, earliest=None, latest=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.ended, self.earliest, self.latest = ended, earliest, latest
        self.started_on.validators[0].message = MESSAGES["cycle_start"]

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        started, ended = self.started_on, self.ended_on
        if self.ended and not ended.errors and ended.data is None:
            ended.errors = [str(MESSAGES["cycle_end"])]
            valid = False
        if not started.errors and started.data and self.earliest and started.data < self.earliest:
            started.errors = [str(MESSAGES["cycle_start_previous"]) % {"date": date_filter(self.earliest)}]
            valid = False
        if not self.ended or ended.errors or ended.data is None:
            return valid
        if ended.data > today_in_wales():
            ended.errors = [str(MESSAGES["cycle_end_future"])]
        elif started.data and ended.data < started.data:
            ended.errors = [str(MESSAGES["cycle_end_early"])]
        elif self.latest and ended.data > self.latest:
            ended.errors = [str(MESSAGES["cycle_end_next"]) % {"date": date_filter(self.latest)}]
        return valid and not ended.errors


CycleCorrectionForm = _with_correction_reason(
    CycleForm, "A programme cycle's dates, to correct, with the reason for the correction.")


class VoidForm(FlaskForm):
    """Void a record logged by mistake: it stops counting, with the reason kept."""

    reason = TextAreaField(_l("Reason for voiding"), validators=[required(), max_length(2000)], widget=TextArea())
    submit = SubmitField(_l("Void this record"), widget=SubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason.validators[0].message = MESSAGES["void_reason"]


class FollowUpForm(_DatesAndMessages, FlaskForm):
    blank_dates = ("follow_up_on",)
    messages = (("follow_up_on", "follow_up"),)

    follow_up_on = DateField(_l("Follow-up date"), format="%d %m %Y", validators=[required()], widget=DateInput())
    follow_up_note = TextAreaField(_l("What to follow up (optional)"), validators=[Optional(), max_length(500)],
                                   widget=TextArea())
    # Left out, the follow-up stays with whoever has it; someone not offered is refused by the view.
    owner_id = SelectField(_l("Who will follow up"), coerce=int, validators=[Optional()], widget=Select(),
                           validate_choice=False)
    submit = SubmitField(_l("Save follow-up"), widget=SubmitInput())


class DoneForm(FlaskForm):
    submit = SubmitField(_l("Mark as done"), widget=SubmitInput())


class AssignForm(FlaskForm):
    adviser_id = SelectField(_l("Adviser"), coerce=int, validators=[required()], widget=Select())
    submit = SubmitField(_l("Assign adviser"), widget=SubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.adviser_id.validators[0].message = MESSAGES["adviser"]


class EqualityForm(_DatesAndMessages, FlaskForm):
    blank_dates = ("occurred_on",)
    messages = (("occurred_on", "equality_date"),)
    programme_date = ("occurred_on", "equality_future", "equality_early")

    change = RadioField(_l("What did the organisation do?"), validators=[required()], widget=RadioInput())
    occurred_on = DateField(_l("Date the strategy was adopted or improved"), format="%d %m %Y",
                            validators=[required()], widget=DateInput())
    note = TextAreaField(_l("Note"), validators=[required(), max_length(2000)], widget=TextArea())
    submit = SubmitField(_l("Record equality and diversity strategy"), widget=SubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.change.validators[0].message = MESSAGES["equality_change"]
        self.note.validators[0].message = MESSAGES["equality_note"]
        self.occurred_on.validators[0].message = MESSAGES["equality_date"]


EqualityCorrectionForm = _with_correction_reason(
    EqualityForm, "The E&D record as made, to correct, with the reason for the correction.")


class SearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search"), description=_l("Name, reference, postcode, or a contact's name, email address or "
                                               "phone number"),
                    validators=[Optional(), max_length(200)], widget=TextInput())
    local_authority = SelectField(_l("Local authority"), validators=[Optional()], widget=Select())
    sector = SelectField(_l("Sector"), validators=[Optional()], widget=Select())
    status = SelectField(_l("Eligibility status"), validators=[Optional()], widget=Select())
    adviser = SelectField(_l("Adviser"), validators=[Optional()], widget=Select())
    partner = SelectField(_l("Delivery partner"), validators=[Optional()], widget=Select())
    submit = SubmitField(_l("Search"), widget=SubmitInput())


class TimelineFilterForm(_DatesAndMessages, FlaskForm):
    class Meta:
        csrf = False

    blank_dates = ("start", "end")

    kind = SelectField(_l("Show"), validators=[Optional()], widget=Select())
    start = DateField(_l("From"), format="%d %m %Y", validators=[Optional()], widget=DateInput())
    end = DateField(_l("To"), format="%d %m %Y", validators=[Optional()], widget=DateInput())
    submit = SubmitField(_l("Filter"), widget=SubmitInput())


# --- an organisation met offline --------------------------------------------------------

OFFLINE_MESSAGES = {
    "contact_name": _l("Enter the name of the contact"),
    "contact_email": _l("Enter the contact's email address in the correct format, like name@example.com"),
    "consent_method": _l("Select how the contact agreed to be contacted"),
    "consent_on": _l("Enter the date the contact agreed as a real date, like 27 3 2026"),
    "consent_future": _l("The date the contact agreed must be today or in the past"),
    "staff_areas": _l("Select the local authorities in Wales where the organisation employs staff"),
    "evidence_note": _l("Enter a note of the evidence you saw"),
    "evidence_number": _l("Enter the number you checked"),
}
EVIDENCE_CHOICES = [
    SelectChoice("", _l("None yet")),
    SelectChoice("number_checked", _l("I checked the Companies House or charity number on the register")),
    SelectChoice("seen_in_person", _l("I saw evidence in person")),
    SelectChoice("seen_by_phone", _l("The contact gave evidence by phone")),
]
EMAIL_FORMAT = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class OfflineOrganisationForm(registration_forms.NameForm, registration_forms.NumbersForm,
                              registration_forms.SectorForm, registration_forms.EmployeesForm,
                              registration_forms.GroupForm, registration_forms.AddressForm,
                              registration_forms.StaffAreasForm, registration_forms.ContactForm,
                              registration_forms.CorrespondenceForm, registration_forms.SupportLanguageForm,
                              registration_forms.HeardViaFields, FlaskForm):
    """Registration's questions (its fields and validators), with the contact, consent and evidence staff record."""

    contact_name = StringField(_l("Contact's full name"), validators=[max_length(200)], widget=TextInput())
    contact_email = StringField(_l("Contact's email address (optional)"),
                                description=_l("Needed to invite the contact to claim the record online."),
                                validators=[max_length(254)], widget=TextInput())
    consent_method = RadioField(_l("How did the contact agree to be contacted?"),
                                choices=[SelectChoice(k, v) for k, v in CONSENT_METHODS.items()],
                                validators=[Optional()], widget=RadioInput())
    consent_on = DateField(_l("Date the contact agreed"), format="%d %m %Y", validators=[Optional()],
                           widget=DateInput())
    evaluation_consent = BooleanField(
        _l("The organisation agrees that its records may be used, without names or contact details, to "
           "evaluate the programme"), widget=CheckboxInput(),
    )
    prospect = BooleanField(_l("This is a prospect: a lead to follow up, not counted until it has support"),
                            widget=CheckboxInput())
    prospect_source = StringField(_l("Where the lead came from (optional)"),
                                  description=_l("For example, a business breakfast in Wrexham."),
                                  validators=[max_length(200)], widget=TextInput())
    evidence_method = RadioField(_l("Evidence you saw that the organisation may use the service"),
                                 choices=EVIDENCE_CHOICES, validators=[Optional()], widget=RadioInput())
    checked_number = StringField(_l("Number you checked"),
                                 description=_l("Needed for a number check, as the register shows it."),
                                 validators=[max_length(20)], widget=TextInput())
    evidence_note = TextAreaField(_l("Note of the evidence (needed with evidence)"),
                                  description=_l("What you saw or checked, for example the document type."),
                                  validators=[max_length(2000)], widget=TextArea())
    submit = SubmitField(_l("Record the organisation"), widget=SubmitInput())

    # Staff words for the questions registration asks the employer ("your organisation").
    STAFF_LABELS = {
        "name": _l("Name of the organisation"),
        "sector_id": _l("Sector"),
        "employee_count": _l("Number of employees"),
        "part_of_group": _l("Is the organisation part of a larger group?"),
        "staff_authority_ids": _l("Other local authorities where it employs staff"),
        "job_title": _l("Contact's job title (optional)"),
        "phone": _l("Contact's telephone number"),
        "correspondence_language": _l("Language for emails and paperwork"),
        "support_language": _l("Language for training and visits"),
        "heard_via": _l("How did the organisation hear about Healthy Working Wales?"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.STAFF_LABELS.items():
            getattr(self, name).label.text = label
        _blank_dates_to_none(self.consent_on)

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not (self.contact_name.data or "").strip():
            self.contact_name.errors = [*self.contact_name.errors, OFFLINE_MESSAGES["contact_name"]]
            valid = False
        email = (self.contact_email.data or "").strip()
        if email and not EMAIL_FORMAT.match(email):
            self.contact_email.errors = [*self.contact_email.errors, OFFLINE_MESSAGES["contact_email"]]
            valid = False
        if not self.consent_method.data:
            self.consent_method.errors = [OFFLINE_MESSAGES["consent_method"]]
            valid = False
        if self.consent_on.errors or self.consent_on.data is None:
            self.consent_on.errors = [OFFLINE_MESSAGES["consent_on"]]
            valid = False
        elif self.consent_on.data > today_in_wales():
            self.consent_on.errors = [OFFLINE_MESSAGES["consent_future"]]
            valid = False
        if self.local_authority_id.data == OUTSIDE_WALES and not self.staff_authority_ids.data:
            self.staff_authority_ids.errors = [OFFLINE_MESSAGES["staff_areas"]]
            valid = False
        if self.evidence_method.data and not (self.evidence_note.data or "").strip():
            self.evidence_note.errors = [*self.evidence_note.errors, OFFLINE_MESSAGES["evidence_note"]]
            valid = False
        if self.evidence_method.data == "number_checked" and not (self.checked_number.data or "").strip():
            self.checked_number.errors = [*self.checked_number.errors, OFFLINE_MESSAGES["evidence_number"]]
            valid = False
        return valid


class ClaimInviteForm(FlaskForm):
    submit = SubmitField(_l("Send the invitation"), widget=SubmitInput())
