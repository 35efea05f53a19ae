"""Forms for the resource library."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import Optional, Regexp

from portal.validation import max_length, required
from portal.widgets import (
    CheckboxesInput,
    CheckboxInput,
    FileInput,
    RadioInput,
    Select,
    SubmitInput,
    TextArea,
    TextInput,
)

LINK = Regexp(r"^https?://[^\s<>\"]+$", message=_l("Enter a link starting with https://"))


class ResourceForm(FlaskForm):
    title_en = StringField(_l("Title in English"), validators=[max_length(200)], widget=TextInput())
    summary_en = TextAreaField(_l("Summary in English"), validators=[max_length(2000)], widget=TextArea())
    link_en = StringField(_l("Link to the English version"), validators=[Optional(), max_length(500), LINK],
                          widget=TextInput())
    file_en = FileField(_l("Upload the English version"), widget=FileInput())
    title_cy = StringField(_l("Title in Welsh"), validators=[max_length(200)], widget=TextInput())
    summary_cy = TextAreaField(_l("Summary in Welsh"), validators=[max_length(2000)], widget=TextArea())
    link_cy = StringField(_l("Link to the Welsh version"), validators=[Optional(), max_length(500), LINK],
                          widget=TextInput())
    file_cy = FileField(_l("Upload the Welsh version"), widget=FileInput())
    topics = SelectMultipleField(_l("Topics"), widget=CheckboxesInput())
    audience = RadioField(_l("Who is it for?"), validators=[required()], widget=RadioInput())
    published = BooleanField(_l("Publish this resource"), widget=CheckboxInput())
    submit = SubmitField(_l("Save"), widget=SubmitInput())


class LibraryFilterForm(FlaskForm):
    """The library's search and filters (GET, so no CSRF)."""

    class Meta:
        csrf = False

    q = StringField(_l("Search resources and network posts"), validators=[Optional(), max_length(100)],
                    widget=TextInput())
    topic = SelectField(_l("Topic"), validators=[Optional()], widget=Select())
    language = SelectField(_l("Language"), validators=[Optional()], widget=Select())
    submit = SubmitField(_l("Search"), widget=SubmitInput())
