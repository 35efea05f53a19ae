"""Reporting forms: choosing what the dashboard shows, adding a period, setting targets."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import NumberRange, Optional

from portal.reporting.models import FIGURES
from portal.validation import max_length, required
from portal.widgets import DateInput, Select, SubmitInput, TextInput

MESSAGES = {
    "name_en": _l("Enter the name of the period in English"),
    "name_cy": _l("Enter the name of the period in Welsh"),
    "starts_on": _l("Enter the first day of the period as a real date, like 1 4 2026"),
    "ends_on": _l("Enter the last day of the period as a real date, like 31 3 2027"),
    "order": _l("The last day must be on or after the first day"),
    "target": _l("Enter the target as a whole number between 0 and 1000000, or leave it blank"),
    "overlap": _l("%(name)s already covers some of these days (%(start)s to %(end)s). Periods cannot overlap."),
    "name": _l("There is already a period called %(name)s"),
}

TARGET_LABELS = {
    "engaged": _l("Organisations engaged"),
    "supported": _l("Organisations supported"),
    "whp_implemented": _l("Workplace health programmes implemented"),
    "equality_strategy": _l("Equality and diversity strategies improved"),
}


def _blank_dates_to_none(*fields):
    # The GOV.UK date widget sends three parts or none: a date left out is none.
    for field in fields:
        if not field.raw_data or len(field.raw_data) != 3 or not any(part.strip() for part in field.raw_data):
            field.raw_data = None


class DashboardForm(FlaskForm):
    """The period and (for administrators) the partner the dashboard shows."""

    class Meta:
        csrf = False

    period = SelectField(_l("Period"), validators=[Optional()], widget=Select())
    partner = SelectField(_l("Delivery partner"), validators=[Optional()], widget=Select())
    submit = SubmitField(_l("Show figures"), widget=SubmitInput())


class PeriodForm(FlaskForm):
    name_en = StringField(_l("Name in English"), validators=[required(), max_length(100)], widget=TextInput())
    name_cy = StringField(_l("Name in Welsh"), validators=[required(), max_length(100)], widget=TextInput())
    starts_on = DateField(_l("First day"), format="%d %m %Y", validators=[required()], widget=DateInput())
    ends_on = DateField(_l("Last day"), format="%d %m %Y", validators=[required()], widget=DateInput())
    submit = SubmitField(_l("Add period"), widget=SubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("name_en", "name_cy", "starts_on", "ends_on"):
            getattr(self, name).validators[0].message = MESSAGES[name]
        _blank_dates_to_none(self.starts_on, self.ends_on)

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for name in ("starts_on", "ends_on"):
            field = getattr(self, name)
            if field.errors:
                field.errors[:] = [str(MESSAGES[name])]
        if valid and self.ends_on.data < self.starts_on.data:
            self.ends_on.errors.append(str(MESSAGES["order"]))
            valid = False
        return valid


class ChangePeriodForm(PeriodForm):
    submit = SubmitField(_l("Save changes"), widget=SubmitInput())


class RemovePeriodForm(FlaskForm):
    """Removing a period; ``confirm`` is sent by the question asked when the period has targets."""

    confirm = HiddenField()
    submit = SubmitField(_l("Remove the period"), widget=SubmitInput())


def field_name(scope, figure):
    """The form field for one scope (``programme`` or a partner id) and figure."""
    return f"{scope}-{figure}"


def targets_form(scopes):
    """A form with one optional whole-number field per scope and figure.

    ``scopes`` is a list of scope keys (``programme`` or partner ids).
    """

    class TargetsForm(FlaskForm):
        submit = SubmitField(_l("Save targets"), widget=SubmitInput())

        def validate(self, extra_validators=None):
            valid = super().validate(extra_validators)
            for scope in scopes:
                for figure in FIGURES:
                    field = self[field_name(scope, figure)]
                    if field.errors:
                        field.errors[:] = [str(MESSAGES["target"])]
            return valid

    for scope in scopes:
        for figure in FIGURES:
            setattr(TargetsForm, field_name(scope, figure), IntegerField(
                TARGET_LABELS[figure],
                validators=[Optional(), NumberRange(0, 1_000_000, message=MESSAGES["target"])],
                widget=TextInput(),
            ))
    return TargetsForm
