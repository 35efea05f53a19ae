"""Administrator forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import NumberRange, Optional

from portal.validation import max_length, required
from portal.widgets import CheckboxesInput as GovCheckboxesInput
from portal.widgets import CheckboxInput as GovCheckboxInput
from portal.widgets import DateInput as GovDateInput
from portal.widgets import Select as GovSelect
from portal.widgets import SubmitInput as GovSubmitInput
from portal.widgets import TextInput as GovTextInput


class BilingualNameForm(FlaskForm):
    name_en = StringField(_l("Name in English"), validators=[required(), max_length(150)], widget=GovTextInput())
    name_cy = StringField(_l("Name in Welsh"), validators=[required(), max_length(150)], widget=GovTextInput())
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())


class PartnerForm(BilingualNameForm):
    active = BooleanField(_l("This partner is delivering the service"), widget=GovCheckboxInput())
    authorities = SelectMultipleField(
        _l("Local authorities this partner covers"), coerce=int, widget=GovCheckboxesInput()
    )


class RetryForm(FlaskForm):
    submit = SubmitField(_l("Try again"), widget=GovSubmitInput())


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
