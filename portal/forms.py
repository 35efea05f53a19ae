"""Forms every feature uses."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, StringField, SubmitField, TextAreaField

from portal.validation import max_length
from portal.widgets import DateInput, SubmitInput, TextArea, TextInput


class ActionForm(FlaskForm):
    """A button that posts (cancel, accept): only the CSRF token is checked."""

    submit = SubmitField(_l("Confirm"), widget=SubmitInput())


class GovDateField(DateField):
    """A day/month/year date that is simply empty when nothing was entered.

    ``invalid_message`` replaces WTForms' "Not a valid date value." for a date
    that does not exist (31 2 2027), so the error names the field.
    """

    def __init__(self, label=None, validators=None, invalid_message=None, **kwargs):
        super().__init__(label, validators, format="%d %m %Y", widget=DateInput(), **kwargs)
        self.invalid_message = invalid_message

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            if self.invalid_message is None:
                raise
            raise ValueError(str(self.invalid_message)) from None

    def process(self, formdata, data=None, extra_filters=None):
        super().process(formdata, data, extra_filters)
        if not self.raw_data or len(self.raw_data) != 3 or not any(v.strip() for v in self.raw_data):
            self.raw_data = None
            if formdata is not None and not self.data:
                self.process_errors = []


class HoneypotForm(FlaskForm):
    """A form people fill in without an account, with a field only software sees.

    Automated form-fillers complete every field; the template hides this one
    (``app-honeypot``) from people and assistive technology. The view tells a
    filled-in form the same as a person's, and keeps nothing.
    """

    website = StringField(_l("Leave this blank"), widget=TextInput())

    def filled_by_software(self):
        """True when the hidden field came back with something in it."""
        return bool((self.website.data or "").strip())


# Welsh first, as on every bilingual form of the service.
TEXT_LANGUAGES = ("cy", "en")


def text_in_each_language(label_cy, label_en, description=None, max_chars=2000):
    """The two text areas of one message staff write to people outside: ``(<name>_cy, <name>_en)``.

    Declare them on a :class:`RecipientTextForm` as ``message_cy, message_en =
    text_in_each_language(...)``; the form then shows and checks only the ones
    its recipients need. Labels are whole sentences ("… in Welsh"), so each
    reads right in both languages.
    """
    return tuple(
        TextAreaField(label, description=description, validators=[max_length(max_chars)], widget=TextArea())
        for label in (label_cy, label_en)
    )


class RecipientTextForm(FlaskForm):
    """A form whose free text goes to employers or attendees, asked in the language each of them reads.

    Subclasses declare ``<text_field>_cy`` and ``<text_field>_en`` with
    :func:`text_in_each_language`, give ``text_errors`` ({lang: "Enter … in
    Welsh"}), and may narrow :meth:`text_needed`. The view calls :meth:`ask_in`
    with the recipients' languages before validating and before rendering, so
    the page asks for exactly the versions that will be sent (both when the
    recipients differ) and nothing typed is lost on an error.
    """

    text_field = "message"
    text_errors = {}
    languages = ("en",)
    # "organisation": one organisation's correspondence; "people": attendees and their contacts.
    recipients = "organisation"

    def ask_in(self, languages, recipients="organisation"):
        """Ask for the text in ``languages`` (any of "cy", "en"; none: both)."""
        wanted = tuple(lang for lang in TEXT_LANGUAGES if lang in set(languages))
        self.languages = wanted or TEXT_LANGUAGES
        self.recipients = recipients if wanted else "nobody"
        return self

    def text_fields(self):
        """The text areas to show, Welsh first."""
        return [getattr(self, f"{self.text_field}_{lang}") for lang in self.languages]

    def text_needed(self):
        """Whether the text is required with the answers given (override: only some decisions need it)."""
        return True

    def texts(self):
        """{lang: text} for the versions asked for and written (stripped; blank ones left out)."""
        found = {}
        for lang in self.languages:
            text = (getattr(self, f"{self.text_field}_{lang}").data or "").strip()
            if text:
                found[lang] = text
        return found

    def validate(self, extra_validators=None):
        super().validate(extra_validators)
        asked = {field.name for field in self.text_fields()}
        for lang in TEXT_LANGUAGES:
            field = getattr(self, f"{self.text_field}_{lang}")
            if field.name not in asked:
                # Not on the page: nothing of it is checked or kept.
                field.errors = []
                field.data = ""
            elif self.text_needed() and not (field.data or "").strip() and not field.errors:
                field.errors = [self.text_errors[lang]]
        self._errors = None
        return not any(field.errors for field in self)

    def language_note(self):
        """What the recipients chose, and so which versions to write."""
        if self.recipients == "nobody":
            return _l("Nobody is told by email. Write the text in Welsh and in English for the pages that show it.")
        if len(self.languages) == 2:
            return _l(
                "Some of the people told chose Welsh for emails and some chose English: write the text in "
                "both languages. Each person gets it in their own language."
            )
        if self.recipients == "people":
            if self.languages == ("cy",):
                return _l("Everyone told chose Welsh for emails: write the text in Welsh.")
            return _l("Everyone told chose English for emails: write the text in English.")
        if self.languages == ("cy",):
            return _l("The organisation chose Welsh for emails and paperwork: write the text in Welsh.")
        return _l("The organisation chose English for emails and paperwork: write the text in English.")
