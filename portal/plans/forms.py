"""The forms of the action plan: goals, actions, catalogue offers and marking an action done."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SubmitField

from portal.forms import RecipientTextForm, text_in_each_language
from portal.validation import required
from portal.widgets import RadioInput, SubmitInput

TEXT_CHARS = 1000


class PlanTextForm(RecipientTextForm):
    """Text of a goal or an action: in the employer's own language, or in each contact's when staff write."""

    def ask_for_employer(self, lang):
        """An employer writes in their own language only: one field, no note about recipients."""
        self.ask_in([lang])
        self.recipients = "employer"
        return self


class GoalForm(PlanTextForm):
    theme = RadioField(_l("Which theme is the goal for?"), widget=RadioInput(), validators=[required()])
    text_field = "goal"
    goal_cy, goal_en = text_in_each_language(_l("The goal in Welsh"), _l("The goal in English"),
                                             max_chars=TEXT_CHARS)
    text_errors = {"cy": _l("Enter the goal in Welsh"), "en": _l("Enter the goal in English")}
    submit = SubmitField(_l("Save the goal"), widget=SubmitInput())

    def __init__(self, *args, themes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.theme.choices = themes or []


class EditGoalForm(PlanTextForm):
    text_field = "goal"
    goal_cy, goal_en = text_in_each_language(_l("The goal in Welsh"), _l("The goal in English"),
                                             max_chars=TEXT_CHARS)
    text_errors = {"cy": _l("Enter the goal in Welsh"), "en": _l("Enter the goal in English")}
    submit = SubmitField(_l("Save the goal"), widget=SubmitInput())


class PlanActionForm(PlanTextForm):
    text_field = "action"
    action_cy, action_en = text_in_each_language(_l("The action in Welsh"), _l("The action in English"),
                                                 max_chars=TEXT_CHARS)
    text_errors = {"cy": _l("Enter the action in Welsh"), "en": _l("Enter the action in English")}
    submit = SubmitField(_l("Save the action"), widget=SubmitInput())


class OfferForm(FlaskForm):
    """One suggested offer added to a goal: ``event:<id>`` or ``visit:<type>``."""

    offer = HiddenField()
    submit = SubmitField(_l("Add to the plan"), widget=SubmitInput())


class DoneForm(FlaskForm):
    """Mark an action done by hand (``done`` 1) or not done (0)."""

    done = HiddenField()
    submit = SubmitField(_l("Mark as done"), widget=SubmitInput())
