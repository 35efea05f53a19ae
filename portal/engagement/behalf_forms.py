"""Forms staff fill in on an employer's behalf: walk-ins, notes, evidence e-mailed in, the details."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import IntegerField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import NumberRange, ValidationError

from portal.bookings.forms import ATTENDEE_LANGUAGES
from portal.engagement.forms import OfflineOrganisationForm
from portal.organisations.channels import heard_via_fields
from portal.organisations.services import normalise_charity_number, normalise_company_number, normalise_postcode
from portal.registration import forms as registration_forms
from portal.registration.forms import CORRESPONDENCE_CHOICES, SUPPORT_CHOICES
from portal.validation import email_address, max_length, required
from portal.widgets import FileInput, RadioInput, Select, SubmitInput, TextArea, TextInput


class WalkInForm(FlaskForm):
    """Someone who came to the event on the day without a booking."""

    name = StringField(_l("Attendee's full name"), widget=TextInput(), validators=[required(), max_length(200)])
    email = StringField(_l("Attendee's email address"), widget=TextInput(), validators=email_address())
    language = RadioField(
        _l("Language for their emails"),
        choices=ATTENDEE_LANGUAGES,
        widget=RadioInput(),
        validators=[required()],
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


class AttachmentForm(FlaskForm):
    """A file for the organisation's record (staff only), checked as evidence is."""

    document = FileField(
        _l("File"),
        description=_l("A PDF, PNG or JPEG of at most 10 MB, such as a letter or an email saved as a PDF."),
        widget=FileInput(),
    )
    description = StringField(
        _l("What the file is"),
        description=_l("For example, letter from the owner about staff numbers"),
        widget=TextInput(),
        validators=[required(_l("Enter what the file is")), max_length(200)],
    )
    submit = SubmitField(_l("Attach the file"), widget=SubmitInput())

    def validate_description(self, field):
        if not (field.data or "").strip():
            raise ValidationError(_l("Enter what the file is"))


class RemoveAttachmentForm(FlaskForm):
    reason = TextAreaField(_l("Why it is being removed (optional)"), widget=TextArea(), validators=[max_length(500)])
    submit = SubmitField(_l("Remove the file"), widget=SubmitInput())


class StaffDetailsForm(registration_forms.NumbersForm, registration_forms.SectorForm, registration_forms.GroupForm,
                       registration_forms.StaffAreasForm, registration_forms.HeardViaFields, FlaskForm):
    """The organisation's details as staff keep them up to date: every detail registration records.

    The numbers, sector, group, staff areas and how they heard are registration's
    own fields and validators (as on the staff form for an organisation met
    offline), in staff words; the view sets the reference-data choices.
    """

    name = StringField(_l("Name of the organisation"), widget=TextInput(), validators=[required(), max_length(200)])
    employee_count = IntegerField(
        _l("Number of employees"),
        widget=TextInput(),
        validators=[required(), NumberRange(min=1, max=1_000_000, message=_l("Enter a number from 1 to 1,000,000"))],
    )
    local_authority_id = SelectField(_l("Local authority"), coerce=int, validators=[required()], widget=Select())
    address_line_1 = StringField(_l("Address line 1"), widget=TextInput(), validators=[required(), max_length(200)])
    address_line_2 = StringField(_l("Address line 2 (optional)"), widget=TextInput(), validators=[max_length(200)])
    town = StringField(_l("Town or city"), widget=TextInput(), validators=[required(), max_length(100)])
    postcode = StringField(_l("Postcode"), widget=TextInput(), validators=[required()])
    contact_job_title = StringField(
        _l("Contact's job title (optional)"), widget=TextInput(), validators=[max_length(100)]
    )
    contact_phone = StringField(
        _l("Contact's phone number (optional)"), widget=TextInput(), validators=[max_length(30)]
    )
    correspondence_language = RadioField(
        _l("Language for emails and paperwork"),
        choices=CORRESPONDENCE_CHOICES,
        widget=RadioInput(),
        validators=[required()],
    )
    support_language = RadioField(
        _l("Language for support"), choices=SUPPORT_CHOICES, widget=RadioInput(), validators=[required()]
    )
    submit = SubmitField(_l("Save the details"), widget=SubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("sector_id", "part_of_group", "staff_authority_ids", "heard_via"):
            self[name].label.text = OfflineOrganisationForm.STAFF_LABELS[name]
        # Each error names its field.
        for field, message in (
            (self.name, _l("Enter the name of the organisation")),
            (self.employee_count, _l("Enter the number of employees")),
            (self.local_authority_id, _l("Select the local authority")),
            (self.address_line_1, _l("Enter address line 1")),
            (self.town, _l("Enter the town or city")),
            (self.postcode, _l("Enter a postcode")),
        ):
            field.validators[0].message = message

    def validate_postcode(self, field):
        if normalise_postcode(field.data) is None:
            raise ValidationError(_l("Enter a real postcode, like CF10 1AA"))

    @staticmethod
    def data_of(values):
        """Organisation values (``staff_details.current_values``) shaped as this form's data."""
        data = dict(values)
        data["part_of_group"] = "yes" if values.get("part_of_group") else "no"
        for name in ("sector_id", "intermediary_id"):
            data[name] = "" if values.get(name) is None else str(values[name])
        return data

    def values(self):
        """The form's answers as Organisation values."""
        text = {
            name: (self[name].data or "").strip() or None
            for name in ("address_line_1", "address_line_2", "town", "contact_job_title", "contact_phone")
        }
        in_group = self.part_of_group.data == "yes"
        group_size = (self.group_size.data or "").replace(",", "").strip()
        return {
            "name": self.name.data.strip(),
            "companies_house_number": normalise_company_number(self.companies_house_number.data or "") or None,
            "charity_number": normalise_charity_number(self.charity_number.data or "") or None,
            "sector_id": int(self.sector_id.data),
            "part_of_group": in_group,
            "group_name": ((self.group_name.data or "").strip() or None) if in_group else None,
            "group_size": int(group_size) if in_group else None,
            "staff_authority_ids": sorted(set(self.staff_authority_ids.data or [])),
            **heard_via_fields(self.heard_via.data, self.intermediary_id.data, self.heard_via_other.data),
            "employee_count": self.employee_count.data,
            "local_authority_id": self.local_authority_id.data,
            "postcode": normalise_postcode(self.postcode.data),
            "correspondence_language": self.correspondence_language.data,
            "support_language": self.support_language.data,
            **text,
        }
