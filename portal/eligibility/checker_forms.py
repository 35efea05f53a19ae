"""The checker's question pages: one small form each, sent by GET so nothing is posted or stored."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from portal.eligibility.checker import IN_WALES, OUTSIDE, WORKS_IN_WALES, _count
from portal.widgets import RadioInput, Select, SubmitInput, TextInput

COUNT_INVALID = _l("Number of employees must be a whole number between 1 and 1,000,000")


class CheckerForm(FlaskForm):
    # The pages are public and cached, and a GET form changes nothing: no CSRF
    # token (which would also tie the page to one visitor's session).
    class Meta:
        csrf = False

    submit = SubmitField(_l("Continue"), widget=SubmitInput())


class WhereForm(CheckerForm):
    where = RadioField(
        _l("Where is your organisation?"),
        choices=[
            SelectChoice(IN_WALES, _l("In Wales")),
            SelectChoice(WORKS_IN_WALES, _l("Based outside Wales, but we employ staff in Wales")),
            SelectChoice(OUTSIDE, _l("Outside Wales, and we do not employ staff in Wales")),
        ],
        validators=[InputRequired(message=_l("Select where your organisation is"))], widget=RadioInput(),
    )


class AuthorityForm(CheckerForm):
    authority = SelectField(_l("Which local authority is your organisation in?"),
                            validators=[InputRequired(message=_l("Select a local authority"))], widget=Select())


def valid_count(form, field):
    if _count(field.data) is None:
        raise ValidationError(COUNT_INVALID)


class EmployeesForm(CheckerForm):
    employees = StringField(
        _l("How many people does your organisation employ?"),
        description=_l("Count everyone on the payroll, full-time and part-time, in all locations."),
        validators=[InputRequired(message=_l("Enter the number of employees")), valid_count], widget=TextInput(),
    )


class GroupForm(CheckerForm):
    group = RadioField(
        _l("Is your organisation part of a larger group?"),
        description=_l("For example, a branch, franchise or subsidiary of another company."),
        choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))],
        validators=[InputRequired(message=_l("Select yes if your organisation is part of a larger group"))],
        widget=RadioInput(),
    )


class GroupSizeForm(CheckerForm):
    group_size = StringField(
        _l("How many people does the whole group employ?"),
        description=_l("Count everyone in every organisation in the group, in Wales and elsewhere."),
        validators=[InputRequired(message=_l("Enter the number of people the group employs")), valid_count],
        widget=TextInput(),
    )


FORMS = {"where": WhereForm, "authority": AuthorityForm, "employees": EmployeesForm, "group": GroupForm,
         "group-size": GroupSizeForm}
