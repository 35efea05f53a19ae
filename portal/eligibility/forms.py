"""Staff and administrator eligibility forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from portal.eligibility.labels import KIND_LABELS, METHOD_LABELS, STATUS_LABELS, TIER_LABELS
from portal.eligibility.tiers import EvidenceTier, SupportKind
from portal.forms import RecipientTextForm, text_in_each_language
from portal.validation import max_length
from portal.widgets import CheckboxInput, RadioInput, Select, SubmitInput, TextArea, TextInput

DECISIONS = [
    SelectChoice("approved", _l("Approve: the organisation is eligible")),
    SelectChoice("more_info", _l("Ask for more information")),
    SelectChoice("refused", _l("Refuse: the organisation is not eligible")),
]


DECISION_MESSAGES = {
    "size": _l(
        "The SME rule refuses this organisation: it can take part only by exception. Grant an exception "
        "with the reason instead"
    ),
    "size_no_exceptions": _l(
        "The SME rule refuses this organisation and administrators have switched exceptions "
        "off, so it cannot be approved"
    ),
    "area": _l("This organisation is outside every delivery area, so it cannot be approved"),
    "evidence": _l(
        "There is no evidence yet: approve after a document is uploaded, or record the evidence you checked"
    ),
    "exceptions_off": _l("Administrators have switched exceptions off"),
    "reason": _l("Enter the reason for the exception"),
    "number_required": _l("Enter the Companies House or charity number you checked"),
    "number_invalid": _l("Enter a Companies House number like 01234567 or SC123456, or a charity number like 1234567"),
    "number_mismatch": _l(
        "The number you checked is not the one registered. Check it again, or select that it "
        "is the right number to record it as the correction"
    ),
}


class DecisionForm(RecipientTextForm):
    outcome = RadioField(
        _l("Decision"),
        choices=DECISIONS,
        validators=[InputRequired(message=_l("Select a decision"))],
        widget=RadioInput(),
    )
    message_cy, message_en = text_in_each_language(
        _l("Message to the employer in Welsh"),
        _l("Message to the employer in English"),
        description=_l("Needed when you ask for more information or refuse. It is sent in the email."),
    )
    submit = SubmitField(_l("Record decision"), widget=SubmitInput())
    text_errors = {
        "cy": _l("Enter a message in Welsh saying what is needed or why"),
        "en": _l("Enter a message in English saying what is needed or why"),
    }

    def offer(self, outcomes):
        """Offer only the decisions the rules allow now (``outcomes``, values of :class:`Outcome`)."""
        self.outcome.choices = [choice for choice in DECISIONS if choice.value in outcomes]

    def text_needed(self):
        return self.outcome.data in ("more_info", "refused")


class StaffEvidenceForm(FlaskForm):
    method = RadioField(
        _l("How did you check?"),
        choices=[SelectChoice(k, METHOD_LABELS[k]) for k in ("number_checked", "seen_in_person", "seen_by_phone")],
        validators=[InputRequired(message=_l("Select how you checked"))],
        widget=RadioInput(),
    )
    checked_number = StringField(
        _l("Number you checked"),
        description=_l("Needed for a number check: the Companies House or charity number, as the register shows it."),
        validators=[max_length(20)],
        widget=TextInput(),
    )
    correct_number = BooleanField(
        _l("This is the right number: record it in place of the one registered"),
        widget=CheckboxInput(),
    )
    note = TextAreaField(
        _l("Note"),
        description=_l("What you saw or checked, for example the document type."),
        validators=[InputRequired(message=_l("Enter a note")), max_length(2000)],
        widget=TextArea(),
    )
    submit = SubmitField(_l("Record evidence and verify"), widget=SubmitInput())


class ExceptionForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for the exception"),
        validators=[InputRequired(message=_l("Enter the reason for the exception")), max_length(2000)],
        widget=TextArea(),
    )
    submit = SubmitField(_l("Grant eligibility by exception"), widget=SubmitInput())


class MergeForm(FlaskForm):
    duplicate_reference = StringField(
        _l("Reference number of the duplicate"),
        description=_l("Its people, evidence and history move to this organisation, then the duplicate is removed."),
        validators=[InputRequired(message=_l("Enter the reference number of the duplicate")), max_length(20)],
        widget=TextInput(),
    )
    confirm = BooleanField(
        _l("I have checked these are the same organisation"),
        validators=[InputRequired(message=_l("Confirm these are the same organisation"))],
        widget=CheckboxInput(),
    )
    submit = SubmitField(_l("Merge organisations"), widget=SubmitInput())


class QueueFilterForm(FlaskForm):
    class Meta:
        csrf = False

    partner = SelectField(_l("Delivery partner"), widget=Select())
    status = SelectField(_l("Status"), widget=Select())
    submit = SubmitField(_l("Filter"), widget=SubmitInput())

    def set_choices(self, partners, everyone_label, any_status_label):
        self.partner.choices = [SelectChoice("", everyone_label)] + [SelectChoice(str(p.id), p.name) for p in partners]
        self.status.choices = [SelectChoice("", any_status_label)] + [
            SelectChoice(value, label) for value, label in STATUS_LABELS.items()
        ]


TIER_CHOICES = [SelectChoice(t.value, TIER_LABELS[t.value]) for t in EvidenceTier]


class SettingsForm(FlaskForm):
    allow_large_employers = BooleanField(
        _l("Allow large employers to take part"),
        description=_l("They are always counted apart from small and medium-sized enterprises."),
        widget=CheckboxInput(),
    )
    exceptions_allowed = BooleanField(
        _l("Let staff grant eligibility by exception"),
        description=_l("Switched off, an organisation the SME rule refuses cannot take part."),
        widget=CheckboxInput(),
    )
    retention_days = StringField(
        _l("Keep evidence files for this many days"),
        description=_l("Files are then deleted; the decisions stay on record."),
        validators=[InputRequired(message=_l("Enter a number of days"))],
        widget=TextInput(),
    )
    submit = SubmitField(_l("Save"), widget=SubmitInput())

    def validate_retention_days(self, field):
        value = (field.data or "").strip()
        if not value.isdigit() or not 30 <= int(value) <= 3650:
            raise ValidationError(_l("Enter a number of days between 30 and 3650"))


for _kind in SupportKind:
    setattr(
        SettingsForm,
        f"tier_{_kind.value}",
        RadioField(
            KIND_LABELS[_kind.value],
            choices=TIER_CHOICES,
            validators=[InputRequired(message=_l("Select what this support needs"))],
            widget=RadioInput(),
        ),
    )
