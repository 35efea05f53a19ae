"""Programme forms: administrators' rules and the employer's outcome follow-up."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectMultipleField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, Optional

from portal.validation import max_length
from portal.widgets import CheckboxesInput, CheckboxInput, SubmitInput, TextArea, TextInput

MESSAGES = {
    "min": _l("Enter the number of interventions as a whole number between 1 and 20"),
    "after": _l("Enter the number of days as a whole number between 1 and 1000"),
    "answer": _l("Tell us what changed, or select at least one option"),
    "nothing_and_changes": _l("Select “Nothing has changed yet” or the changes, not both"),
    "staff_answer": _l("Enter what the employer told you, or select at least one option"),
}

# The choice that says no change: it cannot stand beside a change.
NOTHING_YET = "nothing_yet"


class RulesForm(FlaskForm):
    whp_min_interventions = IntegerField(
        _l("Interventions needed in a cycle for a workplace health programme"),
        validators=[InputRequired(MESSAGES["min"]), NumberRange(1, 20, MESSAGES["min"])], widget=TextInput())
    whp_distinct_types = BooleanField(_l("The interventions must include at least two different types of support"),
                                      widget=CheckboxInput())
    counted_engagement_types = SelectMultipleField(_l("Engagement types that count as an intervention"),
                                                   widget=CheckboxesInput())
    counts_action_plan = BooleanField(
        _l("A staff survey with its results and an agreed action plan counts as an intervention"),
        widget=CheckboxInput())
    follow_up_after_days = IntegerField(
        _l("Days after a workplace health programme to send the outcome follow-up"),
        validators=[InputRequired(MESSAGES["after"]), NumberRange(1, 1000, MESSAGES["after"])], widget=TextInput())
    follow_up_response_days = IntegerField(
        _l("Days the employer has to answer before it counts as no response"),
        validators=[InputRequired(MESSAGES["after"]), NumberRange(1, 1000, MESSAGES["after"])], widget=TextInput())
    submit = SubmitField(_l("Save as a new rule version"), widget=SubmitInput())

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for name, key in (("whp_min_interventions", "min"), ("follow_up_after_days", "after"),
                          ("follow_up_response_days", "after")):
            field = getattr(self, name)
            if field.errors:
                field.errors[:] = [str(MESSAGES[key])]
        return valid


class OutcomeForm(FlaskForm):
    choices = SelectMultipleField(_l("What has changed since your workplace health programme?"),
                                  widget=CheckboxesInput(), validators=[Optional()])
    changes = TextAreaField(_l("Tell us in your own words (optional)"), validators=[Optional(), max_length(3000)],
                            widget=TextArea())
    submit = SubmitField(_l("Send your answer"), widget=SubmitInput())
    empty_message = "answer"

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not valid:
            return False
        chosen = self.choices.data or []
        if not chosen and not (self.changes.data or "").strip():
            self.choices.errors = [str(MESSAGES[self.empty_message])]
            return False
        if NOTHING_YET in chosen and len(chosen) > 1:
            self.choices.errors = [str(MESSAGES["nothing_and_changes"])]
            return False
        return True


class StaffOutcomeForm(OutcomeForm):
    """The same answer, recorded by staff from what the employer told them."""

    choices = SelectMultipleField(_l("What has changed since the workplace health programme?"),
                                  widget=CheckboxesInput(), validators=[Optional()])
    changes = TextAreaField(_l("What the employer told you, in their words (optional)"),
                            validators=[Optional(), max_length(3000)], widget=TextArea())
    submit = SubmitField(_l("Record the answer"), widget=SubmitInput())
    empty_message = "staff_answer"


class NewCycleForm(FlaskForm):
    submit = SubmitField(_l("Start a new programme"), widget=SubmitInput())
