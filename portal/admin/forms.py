"""Administrator forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional

from portal.registration.forms import CORRESPONDENCE_CHOICES
from portal.validation import email_address, max_length, required
from portal.widgets import CheckboxesInput as GovCheckboxesInput
from portal.widgets import CheckboxInput as GovCheckboxInput
from portal.widgets import DateInput as GovDateInput
from portal.widgets import RadioInput as GovRadioInput
from portal.widgets import Select as GovSelect
from portal.widgets import SubmitInput as GovSubmitInput
from portal.widgets import TextInput as GovTextInput


class BilingualNameForm(FlaskForm):
    name_en = StringField(_l("Name in English"), validators=[required(), max_length(150)], widget=GovTextInput())
    name_cy = StringField(_l("Name in Welsh"), validators=[required(), max_length(150)], widget=GovTextInput())
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())


class IntermediaryForm(BilingualNameForm):
    active = BooleanField(_l("Offer this organisation in the question “How did you hear about us?”"),
                          description=_l("Clear this to retire it: organisations that chose it keep it."),
                          default=True, widget=GovCheckboxInput())


class PartnerForm(BilingualNameForm):
    active = BooleanField(_l("This partner is delivering the service"), widget=GovCheckboxInput())
    authorities = SelectMultipleField(
        _l("Local authorities this partner covers"), coerce=int, widget=GovCheckboxesInput()
    )


class RetryForm(FlaskForm):
    submit = SubmitField(_l("Try again"), widget=GovSubmitInput())


USER_MESSAGES = {
    "email_required": _l("Enter the email address of the person you are inviting"),
    "role": _l("Select whether the person will be staff or an administrator"),
    "partner": _l("Select the delivery partner this member of staff works for"),
    "language": _l("Select the language of the invitation email"),
    "to_user": _l("Select who will take over the work"),
}


def _role_choices():
    return [SelectChoice("staff", _l("Staff: works with the organisations of one delivery partner")),
            SelectChoice("admin", _l("Administrator: sees every partner and manages the service"))]


class _RoleFields(FlaskForm):
    role = RadioField(_l("Role"), choices=_role_choices(), validators=[InputRequired(USER_MESSAGES["role"])],
                      widget=GovRadioInput())
    partner_id = SelectField(_l("Delivery partner"), description=_l("Staff only. Administrators have no partner."),
                             validators=[Optional()], widget=GovSelect())

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.role.data == "staff" and not self.partner_id.data:
            self.partner_id.errors = [*self.partner_id.errors, USER_MESSAGES["partner"]]
            valid = False
        return valid


class InviteStaffForm(_RoleFields):
    email = EmailField(_l("Email address"), validators=[InputRequired(USER_MESSAGES["email_required"]),
                                                        *email_address()[1:]], widget=GovTextInput())
    language = RadioField(_l("Language of the invitation email"),
                          choices=CORRESPONDENCE_CHOICES,
                          validators=[InputRequired(USER_MESSAGES["language"])], widget=GovRadioInput())
    submit = SubmitField(_l("Send invitation"), widget=GovSubmitInput())


class RoleForm(_RoleFields):
    submit = SubmitField(_l("Save role and partner"), widget=GovSubmitInput())


class ConfirmForm(FlaskForm):
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


class ReassignForm(FlaskForm):
    to_user_id = SelectField(_l("Give the work to"), validators=[InputRequired(USER_MESSAGES["to_user"])],
                             widget=GovSelect())
    submit = SubmitField(_l("Reassign the work"), widget=GovSubmitInput())


class UserFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Name or email address"), validators=[Optional(), max_length(200)], widget=GovTextInput())
    role = SelectField(_l("Role"), validators=[Optional()], widget=GovSelect(), validate_choice=False)
    partner = SelectField(_l("Delivery partner"), validators=[Optional()], widget=GovSelect(), validate_choice=False)
    status = SelectField(_l("Status"), validators=[Optional()], widget=GovSelect(), validate_choice=False)
    submit = SubmitField(_l("Filter"), widget=GovSubmitInput())


AUDIT_MESSAGES = {
    "start": _l("Enter the first day as a real date, like 1 4 2026"),
    "end": _l("Enter the last day as a real date, like 30 4 2026"),
    "order": _l("The last day must be on or after the first day"),
    "record_id": _l("Enter the record number as a whole number"),
}


class AuditFilterForm(FlaskForm):
    """Narrowing the audit log: person, record, action, dates (sent in the URL)."""

    class Meta:
        csrf = False

    person = StringField(_l("Person"), validators=[Optional(), max_length(100)], widget=GovTextInput(),
                         description=_l("Part of their name or email address"))
    action = SelectField(_l("Action"), validators=[Optional()], widget=GovSelect())
    record_type = SelectField(_l("Kind of record"), validators=[Optional()], widget=GovSelect())
    record_id = IntegerField(_l("Record number"), validators=[Optional(), NumberRange(1, 2**31 - 1)],
                             widget=GovTextInput())
    start = DateField(_l("From"), format="%d %m %Y", validators=[Optional()], widget=GovDateInput())
    end = DateField(_l("To"), format="%d %m %Y", validators=[Optional()], widget=GovDateInput())
    submit = SubmitField(_l("Filter"), widget=GovSubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The date widget sends three parts or none; three blank parts are no date.
        for field in (self.start, self.end):
            if not field.raw_data or len(field.raw_data) != 3 or not any(p.strip() for p in field.raw_data):
                field.raw_data = None

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for name in ("start", "end", "record_id"):
            field = getattr(self, name)
            if field.errors:
                field.errors[:] = [str(AUDIT_MESSAGES[name])]
        if valid and self.start.data and self.end.data and self.end.data < self.start.data:
            self.end.errors.append(str(AUDIT_MESSAGES["order"]))
            valid = False
        return valid
