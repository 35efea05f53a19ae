"""Administrator forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectMultipleField, StringField, SubmitField

from portal.validation import max_length, required
from portal.widgets import CheckboxesInput as GovCheckboxesInput
from portal.widgets import CheckboxInput as GovCheckboxInput
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
