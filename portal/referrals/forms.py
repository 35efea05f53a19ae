"""The self-referral question pages: one question a page, and the check-and-send page."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, RadioField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import InputRequired, Optional, ValidationError

from portal.forms import HoneypotForm
from portal.referrals.choices import CONTACT_METHODS, LANGUAGES, TIMES, TOPICS
from portal.registration.forms import PHONE
from portal.validation import email_address
from portal.widgets import CheckboxesInput, CheckboxInput, RadioInput, SubmitInput, TextInput

NAME_LIMIT = 100


class Continue:
    submit = SubmitField(_l("Continue"), widget=SubmitInput())


class NameForm(Continue, FlaskForm):
    name = StringField(_l("What is your name?"), validators=[InputRequired(message=_l("Enter your name"))],
                       widget=TextInput())

    def validate_name(self, field):
        if len(field.data) > NAME_LIMIT:
            raise ValidationError(_l("Your name must be 100 characters or fewer"))


class ContactForm(Continue, FlaskForm):
    contact_method = RadioField(
        _l("How would you like the service to contact you?"), choices=CONTACT_METHODS,
        validators=[InputRequired(message=_l("Select how you would like to be contacted"))], widget=RadioInput(),
    )
    phone = StringField(_l("Phone number"), description=_l("For a phone call or a text message"),
                        widget=TextInput())
    email = EmailField(_l("Email address"), description=_l("For an email"),
                       widget=TextInput())

    def validate_phone(self, field):
        if self.contact_method.data in ("phone", "text"):
            if not (field.data or "").strip():
                raise ValidationError(_l("Enter a phone number to be called or sent a text message"))
            if not PHONE.match(field.data.strip()):
                raise ValidationError(_l("Enter a phone number, like 07700 900 982 or 029 2018 0000"))

    def validate_email(self, field):
        if self.contact_method.data == "email":
            if not (field.data or "").strip():
                raise ValidationError(_l("Enter an email address to be contacted by email"))
            for check in email_address():
                check(self, field)


class WhenForm(Continue, FlaskForm):
    times = SelectMultipleField(
        _l("When can the service contact you?"), description=_l("Select all that apply."), choices=TIMES,
        validators=[InputRequired(message=_l("Select when the service can contact you"))],
        widget=CheckboxesInput(),
    )


class LanguageForm(Continue, FlaskForm):
    language = RadioField(
        _l("Which language would you like the service to use with you?"), choices=LANGUAGES,
        validators=[InputRequired(message=_l("Select Cymraeg or English"))], widget=RadioInput(),
    )


class TopicForm(Continue, FlaskForm):
    topic = RadioField(
        _l("What would you like support with? (optional)"),
        description=_l("This helps the service find the right person to call you. You do not have to say."),
        choices=TOPICS, validators=[Optional()], widget=RadioInput(),
    )


class SendForm(HoneypotForm):
    consent = BooleanField(
        _l("I agree that Healthy Working Wales passes these details to the in-work support service, so that "
           "they can contact me"),
        validators=[InputRequired(message=_l("Confirm that we may pass your details to the in-work support "
                                             "service"))],
        widget=CheckboxInput(),
    )
    submit = SubmitField(_l("Send my referral"), widget=SubmitInput())


# Question pages in order: (slug, form, field named by the page heading).
STEPS = (
    ("name", NameForm, "name"),
    ("contact", ContactForm, "contact_method"),
    ("when", WhenForm, "times"),
    ("language", LanguageForm, "language"),
    ("topic", TopicForm, "topic"),
)
STEP_SLUGS = tuple(slug for slug, _form, _field in STEPS)
