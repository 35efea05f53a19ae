"""Registration forms: one small form per question page."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import EqualTo, InputRequired, Optional, ValidationError

from portal.organisations.channels import HEARD_VIA, INTERMEDIARY, OTHER
from portal.organisations.services import normalise_charity_number, normalise_company_number, normalise_postcode
from portal.validation import MESSAGES, NewPassword, email_address, max_length
from portal.widgets import CheckboxesInput, CheckboxInput, PasswordInput, RadioInput, Select, SubmitInput, TextInput

REGISTRATION_MESSAGES = {
    "intermediary_unknown": _l("Select the organisation from the list"),
    "name_required": _l("Enter your full name"),
    "organisation_name_required": _l("Enter the name of your organisation"),
    "company_number_invalid": _l("Enter a Companies House number in the correct format, like 01234567 or SC123456"),
    "charity_number_invalid": _l("Enter a charity number in the correct format, like 1234567"),
    "sector_required": _l("Select the sector your organisation works in"),
    "employees_required": _l("Enter the number of employees"),
    "employees_invalid": _l("Number of employees must be a whole number between 1 and 1,000,000"),
    "group_required": _l("Select yes if your organisation is part of a larger group"),
    "group_name_required": _l("Enter the name of the group"),
    "group_size_required": _l("Enter the number of people the whole group employs"),
    "group_size_invalid": _l("Number of people in the group must be a whole number between 1 and 1,000,000"),
    "address_required": _l("Enter the first line of the address"),
    "town_required": _l("Enter the town or city"),
    "postcode_required": _l("Enter a postcode"),
    "postcode_invalid": _l("Enter a real postcode, like CF10 1AA"),
    "authority_required": _l("Select the local authority where your organisation is located"),
    "staff_areas_required": _l("Select the local authorities in Wales where you employ staff"),
    "phone_required": _l("Enter a telephone number"),
    "phone_invalid": _l("Enter a telephone number, like 029 2018 0000 or +44 29 2018 0000"),
    "correspondence_required": _l("Select the language for emails and paperwork"),
    "support_required": _l("Select the language for training and visits"),
    "privacy_required": _l("Confirm that you have read the privacy notice"),
    "consent_required": _l("Confirm that you agree to us using your information"),
    "intermediary_required": _l("Select the organisation that told you about Healthy Working Wales"),
    "heard_via_other_required": _l("Enter how you heard about Healthy Working Wales"),
}
PHONE = re.compile(r"^\+?[0-9 ()-]{10,20}$")


def _required(key):
    return InputRequired(message=REGISTRATION_MESSAGES[key])


class Continue:
    submit = SubmitField(_l("Save and continue"), widget=SubmitInput())


class AccountForm(FlaskForm):
    full_name = StringField(_l("Full name"), validators=[_required("name_required"), max_length(200)],
                            widget=TextInput())
    email = EmailField(_l("Email address"), validators=email_address(),
                       description=_l("We will send a link to this address to check it is yours."), widget=TextInput())
    password = PasswordField(
        _l("Create a password"),
        description=_l("Use at least 10 characters. A few unrelated words make a strong password."),
        validators=[InputRequired(message=MESSAGES["new_password_required"]), NewPassword()],
        widget=PasswordInput(),
    )
    confirm = PasswordField(
        _l("Confirm password"),
        validators=[InputRequired(message=MESSAGES["new_password_required"]),
                    EqualTo("password", message=MESSAGES["password_mismatch"])],
        widget=PasswordInput(),
    )
    submit = SubmitField(_l("Create account"), widget=SubmitInput())


class NameForm(Continue, FlaskForm):
    name = StringField(_l("What is the name of your organisation?"),
                       validators=[_required("organisation_name_required"), max_length(200)], widget=TextInput())


class NumbersForm(Continue, FlaskForm):
    companies_house_number = StringField(
        _l("Companies House number (optional)"), description=_l("8 characters, like 01234567 or SC123456"),
        validators=[Optional()], widget=TextInput(),
    )
    charity_number = StringField(
        _l("Charity number (optional)"), description=_l("If your organisation is a registered charity"),
        validators=[Optional()], widget=TextInput(),
    )

    def validate_companies_house_number(self, field):
        if field.data and normalise_company_number(field.data) is None:
            raise ValidationError(REGISTRATION_MESSAGES["company_number_invalid"])

    def validate_charity_number(self, field):
        if field.data and normalise_charity_number(field.data) is None:
            raise ValidationError(REGISTRATION_MESSAGES["charity_number_invalid"])


class SectorForm(Continue, FlaskForm):
    sector_id = RadioField(_l("Which sector does your organisation work in?"),
                           validators=[_required("sector_required")], widget=RadioInput())


class EmployeesForm(Continue, FlaskForm):
    employee_count = StringField(
        _l("How many people does your organisation employ?"),
        description=_l("Count everyone on the payroll, full-time and part-time, in all locations."),
        validators=[_required("employees_required")], widget=TextInput(),
    )

    def validate_employee_count(self, field):
        value = (field.data or "").replace(",", "").strip()
        if not value.isdigit() or not 1 <= int(value) <= 1_000_000:
            raise ValidationError(REGISTRATION_MESSAGES["employees_invalid"])


YES_NO = [SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))]


class GroupForm(Continue, FlaskForm):
    part_of_group = RadioField(
        _l("Is your organisation part of a larger group?"),
        description=_l("For example, a branch, franchise or subsidiary of another company."),
        choices=YES_NO, validators=[_required("group_required")], widget=RadioInput(),
    )
    group_name = StringField(_l("If yes, what is the name of the group?"), validators=[max_length(200)],
                             widget=TextInput())
    group_size = StringField(
        _l("If yes, how many people does the whole group employ?"),
        description=_l("Count everyone in every organisation in the group, in Wales and elsewhere. A member of a "
                       "group is a small or medium-sized enterprise if the whole group employs fewer than 250."),
        widget=TextInput(),
    )

    def validate_group_name(self, field):
        if self.part_of_group.data == "yes" and not (field.data or "").strip():
            raise ValidationError(REGISTRATION_MESSAGES["group_name_required"])

    def validate_group_size(self, field):
        if self.part_of_group.data != "yes":
            return
        value = (field.data or "").replace(",", "").strip()
        if not value:
            raise ValidationError(REGISTRATION_MESSAGES["group_size_required"])
        if not value.isdigit() or not 1 <= int(value) <= 1_000_000:
            raise ValidationError(REGISTRATION_MESSAGES["group_size_invalid"])


class AddressForm(Continue, FlaskForm):
    address_line_1 = StringField(_l("Address line 1"), validators=[_required("address_required"), max_length(200)],
                                 widget=TextInput())
    address_line_2 = StringField(_l("Address line 2 (optional)"), validators=[max_length(200)], widget=TextInput())
    town = StringField(_l("Town or city"), validators=[_required("town_required"), max_length(100)],
                       widget=TextInput())
    postcode = StringField(_l("Postcode"), validators=[_required("postcode_required")], widget=TextInput())
    local_authority_id = SelectField(
        _l("Local authority"),
        description=_l("If the address is outside Wales but you employ staff in Wales, choose “Outside Wales”: "
                       "you say where in Wales on the next page."),
        validators=[_required("authority_required")], widget=Select(),
    )

    def validate_postcode(self, field):
        if normalise_postcode(field.data) is None:
            raise ValidationError(REGISTRATION_MESSAGES["postcode_invalid"])


class StaffAreasForm(Continue, FlaskForm):
    staff_authority_ids = SelectMultipleField(
        _l("Do you employ staff in any other local authorities?"),
        description=_l("Select all that apply. Leave them all unselected if your staff all work at your address."),
        coerce=int, widget=CheckboxesInput(),
    )


class ContactForm(Continue, FlaskForm):
    job_title = StringField(_l("Your job title (optional)"), validators=[max_length(100)], widget=TextInput())
    phone = StringField(_l("Telephone number"), validators=[_required("phone_required")], widget=TextInput())

    def validate_phone(self, field):
        if not PHONE.match((field.data or "").strip()):
            raise ValidationError(REGISTRATION_MESSAGES["phone_invalid"])


CORRESPONDENCE_CHOICES = [SelectChoice("cy", _l("Welsh")), SelectChoice("en", _l("English"))]
SUPPORT_CHOICES = [SelectChoice("cy", _l("Welsh")), SelectChoice("en", _l("English")),
                   SelectChoice("either", _l("Either Welsh or English"))]


class CorrespondenceForm(Continue, FlaskForm):
    correspondence_language = RadioField(
        _l("Which language should we use for emails and paperwork?"), choices=CORRESPONDENCE_CHOICES,
        validators=[_required("correspondence_required")], widget=RadioInput(),
    )


class SupportLanguageForm(Continue, FlaskForm):
    support_language = RadioField(
        _l("Which language would you like for training sessions and workplace visits?"),
        description=_l("This can be different from the language for emails and paperwork."),
        choices=SUPPORT_CHOICES, validators=[_required("support_required")], widget=RadioInput(),
    )


class HeardViaFields:
    """How the organisation heard of the service: asked at registration and on the staff form.

    The intermediaries' choices are set by the caller (they are reference data).
    """

    heard_via = RadioField(
        _l("How did you hear about Healthy Working Wales?"),
        choices=[SelectChoice(code, label) for code, label in HEARD_VIA], validators=[Optional()],
        widget=RadioInput(),
    )
    # No Optional(): it would stop the chain before validate_intermediary_id asks for one.
    # The list is checked here rather than by WTForms, whose "Not a valid choice" names no field.
    intermediary_id = SelectField(_l("If through an organisation, which one?"), validate_choice=False,
                                  widget=Select())
    heard_via_other = StringField(_l("If another way, how?"), validators=[max_length(200)], widget=TextInput())

    def validate_intermediary_id(self, field):
        if self.heard_via.data == INTERMEDIARY and not field.data:
            raise ValidationError(REGISTRATION_MESSAGES["intermediary_required"])
        offered = {str(getattr(choice, "value", choice[0] if isinstance(choice, tuple) else choice))
                   for choice in field.choices or ()}
        if field.data and str(field.data) not in offered:
            raise ValidationError(REGISTRATION_MESSAGES["intermediary_unknown"])

    def validate_heard_via_other(self, field):
        if self.heard_via.data == OTHER and not (field.data or "").strip():
            raise ValidationError(REGISTRATION_MESSAGES["heard_via_other_required"])


class HeardViaForm(Continue, HeardViaFields, FlaskForm):
    pass


EVALUATION_CONSENT_LABEL = _l(
    "I agree that the organisation's records may be used, without names or contact details, to evaluate "
    "the programme"
)


class ConsentForm(Continue, FlaskForm):
    privacy_notice = BooleanField(_l("I have read the privacy notice"),
                                  validators=[_required("privacy_required")], widget=CheckboxInput())
    consent = BooleanField(
        _l("I agree that Healthy Working Wales and its delivery partners may use this information to provide "
           "and report on the service"),
        validators=[_required("consent_required")], widget=CheckboxInput(),
    )
    evaluation_consent = BooleanField(
        EVALUATION_CONSENT_LABEL,
        description=_l("Optional. Independent evaluators study how well the programme works; they never see "
                       "who you are."),
        widget=CheckboxInput(),
    )


class SubmitRegistrationForm(FlaskForm):
    submit = SubmitField(_l("Register organisation"), widget=SubmitInput())


class ResendForm(FlaskForm):
    submit = SubmitField(_l("Send the link again"), widget=SubmitInput())


class ResendEmailForm(FlaskForm):
    submit = SubmitField(_l("Send the email again"), widget=SubmitInput())


class ChangeEmailForm(FlaskForm):
    """A corrected address for an account just created, proved by its password."""

    email = EmailField(_l("Email address"), validators=email_address(), widget=TextInput())
    password = PasswordField(
        _l("Password"), description=_l("The password you chose when you created the account."),
        # The password proves the account (the view checks it): not a new one, so not judged for strength.
        validators=[InputRequired(message=MESSAGES["password_required"])], widget=PasswordInput(),
    )
    submit = SubmitField(_l("Send the email to this address"), widget=SubmitInput())


class SwitchAccountForm(FlaskForm):
    """Confirms an address while signed in as someone else: switching accounts is asked, never silent."""

    submit = SubmitField(_l("Confirm and switch account"), widget=SubmitInput())
