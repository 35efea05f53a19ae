"""The survey's forms: a theme page of statements, the free-text page, sending; opening a
survey; and the administrators' question-set forms."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional, ValidationError

from portal.forms import GovDateField, HoneypotForm
from portal.surveys.questions import THEME_CODE
from portal.surveys.services import COMMENT_LIMIT, UNSAID
from portal.validation import max_length, required
from portal.widgets import CheckboxInput, RadioInput, SubmitInput, TextArea, TextInput

SCALE_CHOICES = [
    SelectChoice("1", _l("Strongly disagree")),
    SelectChoice("2", _l("Disagree")),
    SelectChoice("3", _l("Neither agree nor disagree")),
    SelectChoice("4", _l("Agree")),
    SelectChoice("5", _l("Strongly agree")),
    SelectChoice(UNSAID, _l("Prefer not to say")),
]
SCALE_WORDS = {choice.value: choice.label for choice in SCALE_CHOICES}


class ScaleInput(RadioInput):
    """The five points, then "or", then "Prefer not to say" (GOV.UK radios with a divider)."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        items = list(params["items"])
        if items and items[-1].get("value") == UNSAID:
            items.insert(len(items) - 1, {"divider": _("or")})
        params["items"] = items
        return params


class Continue:
    submit = SubmitField(_l("Continue"), widget=SubmitInput())


def theme_form(page, data=None):
    """A form for one theme page: one radio group per statement, named ``q<question id>``.

    Every statement needs an answer, "Prefer not to say" included, so that
    nothing is skipped by accident.
    """

    class AnswersForm(Continue, FlaskForm):
        pass

    for statement in page.statements:
        setattr(AnswersForm, f"q{statement.id}", RadioField(
            statement.text, choices=SCALE_CHOICES, widget=ScaleInput(),
            # The statement is named, so each line of the error summary says which one.
            validators=[InputRequired(message=_("Select how much you agree with “%(statement)s”, or ‘Prefer not "
                                                "to say’", statement=statement.text.rstrip(".")))],
        ))
    return AnswersForm(data={f"q{key}": value for key, value in (data or {}).items()})


class CommentForm(Continue, FlaskForm):
    comment = TextAreaField(validators=[Optional(), max_length(COMMENT_LIMIT)], widget=TextArea())


class SendForm(HoneypotForm):
    submit = SubmitField(_l("Send my answers"), widget=SubmitInput())


class OpenSurveyForm(FlaskForm):
    opens_on = GovDateField(_l("Opens on"), description=_l("For example, 27 3 2027"),
                            validators=[required(_l("Enter the date the survey opens"))],
                            invalid_message=_l("Enter the date the survey opens as a real date, like 27 3 2027"))
    closes_on = GovDateField(_l("Closes at the end of"), description=_l("At most 3 months later"),
                             validators=[required(_l("Enter the date the survey closes"))],
                             invalid_message=_l("Enter the date the survey closes as a real date, like 27 4 2027"))
    submit = SubmitField(_l("Open the survey"), widget=SubmitInput())


class CloseSurveyForm(FlaskForm):
    submit = SubmitField(_l("Close the survey now"), widget=SubmitInput())


# --- administrators -------------------------------------------------------------------------


class QuestionSetForm(FlaskForm):
    name_en = StringField(_l("Name in English"), validators=[required(), max_length(200)], widget=TextInput())
    name_cy = StringField(_l("Name in Welsh"), validators=[required(), max_length(200)], widget=TextInput())
    free_text_en = TextAreaField(_l("Free-text question in English (optional)"),
                                 description=_l("Asked last, and answered only if people want to. Leave both "
                                                "empty to ask none."),
                                 validators=[max_length(1000)], widget=TextArea())
    free_text_cy = TextAreaField(_l("Free-text question in Welsh (optional)"), validators=[max_length(1000)],
                                 widget=TextArea())
    submit = SubmitField(_l("Save"), widget=SubmitInput())

    def validate_free_text_cy(self, field):
        # Staff answer in the language they choose: a question asked in one only would be missing in the other.
        if bool((field.data or "").strip()) != bool((self.free_text_en.data or "").strip()):
            raise ValidationError(_l("Enter the free-text question in both Welsh and English, or in neither"))


class ThemeDetailsForm(FlaskForm):
    code = StringField(_l("Code"), description=_l("Lower-case letters, numbers and underscores, like workload. "
                                                  "It links the theme's results to the support suggested for "
                                                  "it, so keep it when you reword a theme."),
                       validators=[required(), max_length(40)], widget=TextInput())
    title_en = StringField(_l("Title in English"), validators=[required(), max_length(200)], widget=TextInput())
    title_cy = StringField(_l("Title in Welsh"), validators=[required(), max_length(200)], widget=TextInput())
    description_en = TextAreaField(_l("Description in English (optional)"),
                                   description=_l("Shown under the title on the theme's page."),
                                   validators=[max_length(1000)], widget=TextArea())
    description_cy = TextAreaField(_l("Description in Welsh (optional)"), validators=[max_length(1000)],
                                   widget=TextArea())
    submit = SubmitField(_l("Save"), widget=SubmitInput())

    def validate_code(self, field):
        field.data = (field.data or "").strip()
        if not THEME_CODE.match(field.data):
            raise ValidationError(_l("Enter a code of lower-case letters, numbers and underscores, starting "
                                     "with a letter, like workload"))

    def validate_description_cy(self, field):
        if bool((field.data or "").strip()) != bool((self.description_en.data or "").strip()):
            raise ValidationError(_l("Enter the description in both Welsh and English, or in neither"))


class QuestionForm(FlaskForm):
    text_en = TextAreaField(_l("Statement in English"), description=_l("Something people agree or disagree "
                                                                       "with, like “I have enough time to do "
                                                                       "my work well.”"),
                            validators=[required(), max_length(500)], widget=TextArea())
    text_cy = TextAreaField(_l("Statement in Welsh"), validators=[required(), max_length(500)], widget=TextArea())
    reverse_scored = BooleanField(_l("Agreeing is the worse answer"),
                                  description=_l("For statements like “I am given deadlines I cannot meet”: "
                                                 "the results turn the scale round, so a higher score is always "
                                                 "better."),
                                  widget=CheckboxInput())
    submit = SubmitField(_l("Save"), widget=SubmitInput())


class MoveForm(FlaskForm):
    direction = RadioField(choices=[SelectChoice("up", _l("Up")), SelectChoice("down", _l("Down"))],
                           validators=[InputRequired()])


class RemoveForm(FlaskForm):
    submit = SubmitField(_l("Remove"), widget=SubmitInput())


class DefaultForm(FlaskForm):
    submit = SubmitField(_l("Make this the default"), widget=SubmitInput())
