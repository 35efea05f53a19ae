"""The registration steps, and turning answers into saved values and back.

Answers are saved server-side after every page, so leaving, returning or
switching language part-way keeps everything already given.
"""

from dataclasses import dataclass

from flask_babel import format_decimal, gettext, ngettext
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

from portal.eligibility import checker, rules
from portal.eligibility.services import policy
from portal.eligibility.tiers import SupportKind
from portal.organisations.channels import HEARD_VIA_SHORT, INTERMEDIARY, OTHER, heard_via_fields
from portal.organisations.formats import postcode_in_wales
from portal.organisations.services import (
    draft_for,
    normalise_charity_number,
    normalise_company_number,
    normalise_postcode,
    save_answers,
)
from portal.reference.services import intermediaries, local_authorities, sectors
from portal.registration import forms
from portal.security import safe_next_url


@dataclass(frozen=True)
class Step:
    slug: str
    form: type
    title: object
    section: str
    # The field whose label is the page heading (one question per page), if any.
    heading_field: str | None = None
    # A question that may be left unanswered: registering does not wait for it.
    optional: bool = False


SECTIONS = [
    ("organisation", _l("About your organisation")),
    ("location", _l("Where you work")),
    ("contact", _l("Your contact details")),
    ("languages", _l("Language preferences")),
    ("consent", _l("Privacy and consent")),
]

STEPS = [
    Step("name", forms.NameForm, _l("Organisation name"), "organisation", "name"),
    Step("numbers", forms.NumbersForm, _l("Company or charity number"), "organisation"),
    Step("sector", forms.SectorForm, _l("Sector"), "organisation", "sector_id"),
    Step("employees", forms.EmployeesForm, _l("Number of employees"), "organisation", "employee_count"),
    Step("group", forms.GroupForm, _l("Part of a larger group"), "organisation"),
    Step("address", forms.AddressForm, _l("Address of your organisation"), "location"),
    Step("staff-areas", forms.StaffAreasForm, _l("Where you employ staff"), "location", "staff_authority_ids"),
    Step("contact", forms.ContactForm, _l("Your contact details"), "contact"),
    Step("correspondence-language", forms.CorrespondenceForm, _l("Language for emails and paperwork"), "languages",
         "correspondence_language"),
    Step("support-language", forms.SupportLanguageForm, _l("Language for training and visits"), "languages",
         "support_language"),
    Step("how-you-heard", forms.HeardViaForm, _l("How you heard about us"), "consent", "heard_via",
         optional=True),
    Step("consent", forms.ConsentForm, _l("Privacy notice and consent"), "consent"),
]
STEPS_BY_SLUG = {step.slug: step for step in STEPS}
SKIPPED_FIELDS = ("csrf_token", "submit")
OUTSIDE_WALES = "outside"


class Count(int):
    """A count that reads with the page's thousands separators where a message shows it ("%(num)s" → "12,500").

    Flask-Babel's ``ngettext`` fills ``%(num)s`` with the count it chooses the
    plural form by, so the count itself must print formatted.
    """

    def __str__(self):
        return format_decimal(int(self))


def shown_number(value):
    """A saved count as people write it, with the page's thousands separators ("10,000"); other values unchanged."""
    text = str(value if value is not None else "").replace(",", "").strip()
    return format_decimal(int(text)) if text.isdigit() else value


def step_after(step):
    """The next question page, or None after the last."""
    index = STEPS.index(step)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None


def build_form(step, answers, submitted=False):
    """The step's form: from the posted data if ``submitted``, else filled from the saved answers."""
    if submitted:
        form = step.form()
    else:
        data = {}
        for name, value in answers.items():
            if name in ("employee_count", "group_size") and value not in (None, ""):
                value = shown_number(value)  # "10,000", as people write it (the form reads it back)
            elif name in ("sector_id", "local_authority_id", "intermediary_id") and value is not None:
                value = str(value)
            data[name] = value
        if answers.get("address_outside_wales"):
            data["local_authority_id"] = OUTSIDE_WALES
        form = step.form(formdata=None, data=data)
    set_choices(form)
    return form


def set_choices(form):
    """Give the form's reference-data questions their choices (sectors, local authorities, intermediaries)."""
    if hasattr(form, "sector_id"):
        form.sector_id.choices = [SelectChoice(str(s.id), s.name) for s in sectors()]
    if hasattr(form, "local_authority_id"):
        form.local_authority_id.choices = [SelectChoice("", gettext("Select a local authority"))] + [
            SelectChoice(str(a.id), a.name) for a in local_authorities()
        ] + [SelectChoice(OUTSIDE_WALES, gettext("Outside Wales (we employ staff in Wales)"))]
    if hasattr(form, "staff_authority_ids"):
        form.staff_authority_ids.choices = [SelectChoice(a.id, a.name) for a in local_authorities()]
    if hasattr(form, "intermediary_id"):
        set_intermediary_choices(form, form.intermediary_id.data)


def set_intermediary_choices(form, current_id=None):
    """The intermediaries still offered (plus ``current_id`` if it was retired since) as the form's choices."""
    offered = [i for i in intermediaries(include_retired=True) if i.active or str(i.id) == str(current_id or "")]
    form.intermediary_id.choices = [SelectChoice("", gettext("Select an organisation"))] + [
        SelectChoice(str(i.id), i.name) for i in offered
    ]


def answers_from(step, form):
    """The plain values to save from a valid form."""
    values = {}
    for name, field in form._fields.items():
        if name in SKIPPED_FIELDS:
            continue
        value = field.data
        if isinstance(value, str):
            value = value.strip()
        if name == "companies_house_number":
            value = normalise_company_number(value) if value else ""
        elif name == "charity_number":
            value = normalise_charity_number(value) if value else ""
        elif name == "postcode":
            value = normalise_postcode(value)
        elif name == "employee_count":
            value = int(value.replace(",", ""))
        elif name == "group_size":
            value = int(value.replace(",", "")) if value and form.part_of_group.data == "yes" else None
        elif name == "local_authority_id":
            # Based outside Wales: no local authority; where it employs staff in Wales comes next.
            values["address_outside_wales"] = value == OUTSIDE_WALES
            value = None if value == OUTSIDE_WALES else int(value)
        elif name == "sector_id":
            value = int(value)
        elif name == "staff_authority_ids":
            value = [int(v) for v in value or []]
        elif name == "evaluation_consent":
            value = bool(value)
        values[name] = value
    if "heard_via" in values:
        values.update(heard_via_fields(values["heard_via"], values.get("intermediary_id"),
                                       values.get("heard_via_other")))
    return values


def step_errors(step, form, answers):
    """Checks that need the answers of other pages; sets the field's error and returns True if any."""
    if step.slug == "staff-areas" and answers.get("address_outside_wales") and not form.staff_authority_ids.data:
        form.staff_authority_ids.errors = [forms.REGISTRATION_MESSAGES["staff_areas_required"]]
        return True
    return False


def postcode_warning(step, answers):
    """True if the address page should flag a postcode outside Wales given with a Welsh local authority."""
    return (step.slug == "address" and bool(answers.get("local_authority_id"))
            and postcode_in_wales(answers.get("postcode")) is False)


def save_step(user, step, form):
    """Save a valid page's answers and mark the page done."""
    draft_answers = answers_from(step, form)

    done = set(draft_for(user).answers.get("done", []))
    done.add(step.slug)
    draft_answers["done"] = sorted(done)
    return save_answers(user, draft_answers)


def section_statuses(answers):
    """[(section key, title, status, first step to visit)] for the task list."""
    done = set(answers.get("done", []))
    result = []
    for key, title in SECTIONS:
        steps = [s for s in STEPS if s.section == key]
        finished = [s for s in steps if s.slug in done]
        required = [s for s in steps if not s.optional]
        if all(s.slug in done for s in required) and (finished or not required):
            status = "completed"
        elif finished:
            status = "in_progress"
        else:
            status = "not_started"
        first = next((s for s in steps if s.slug not in done), steps[0])
        result.append((key, title, status, first))
    return result


def complete(answers):
    """True once every question page has been answered."""
    return set(answers.get("done", [])) >= {s.slug for s in STEPS if not s.optional}


def summary_rows(answers):
    """(label, value, step) rows for "check your answers"."""
    sector_names = {s.id: s.name for s in sectors()}
    authority_names = {a.id: a.name for a in local_authorities()}
    languages = {"cy": gettext("Welsh"), "en": gettext("English"), "either": gettext("Either Welsh or English")}
    yes_no = {"yes": gettext("Yes"), "no": gettext("No")}
    by = STEPS_BY_SLUG
    address = [answers.get(k) for k in ("address_line_1", "address_line_2", "town", "postcode") if answers.get(k)]
    group = yes_no.get(answers.get("part_of_group"), "")
    if answers.get("part_of_group") == "yes" and answers.get("group_name"):
        group = f"{group}: {answers['group_name']}"
    if answers.get("part_of_group") == "yes" and answers.get("group_size"):
        group = [group, ngettext("%(num)s person in the group", "%(num)s people in the group",
                                 Count(answers["group_size"]))]
    staff_areas = [authority_names.get(i, "") for i in answers.get("staff_authority_ids") or []]
    return [
        (gettext("Organisation name"), answers.get("name", ""), by["name"]),
        (gettext("Companies House number"), answers.get("companies_house_number") or gettext("Not given"),
         by["numbers"]),
        (gettext("Charity number"), answers.get("charity_number") or gettext("Not given"), by["numbers"]),
        (gettext("Sector"), sector_names.get(answers.get("sector_id"), ""), by["sector"]),
        (gettext("Number of employees"), shown_number(answers.get("employee_count", "")), by["employees"]),
        (gettext("Part of a larger group"), group, by["group"]),
        (gettext("Address"), address, by["address"]),
        (gettext("Local authority"), gettext("Outside Wales") if answers.get("address_outside_wales")
         else authority_names.get(answers.get("local_authority_id"), ""), by["address"]),
        (gettext("Other local authorities where you employ staff"), staff_areas or gettext("None"),
         by["staff-areas"]),
        (gettext("Job title"), answers.get("job_title") or gettext("Not given"), by["contact"]),
        (gettext("Telephone number"), answers.get("phone", ""), by["contact"]),
        (gettext("Language for emails and paperwork"), languages.get(answers.get("correspondence_language"), ""),
         by["correspondence-language"]),
        (gettext("Language for training and visits"), languages.get(answers.get("support_language"), ""),
         by["support-language"]),
        (gettext("How you heard about us"), _heard_via_words(answers), by["how-you-heard"]),
        (gettext("Privacy notice and consent"), gettext("Agreed") if answers.get("consent") else "", by["consent"]),
        (gettext("Use of your records to evaluate the programme"),
         gettext("Agreed") if answers.get("evaluation_consent") else gettext("Not agreed"), by["consent"]),
    ]


def _heard_via_words(answers):
    code = answers.get("heard_via")
    if code not in HEARD_VIA_SHORT:
        return gettext("Not given")
    words = str(HEARD_VIA_SHORT[code])
    detail = None
    if code == INTERMEDIARY:
        detail = next((i.name for i in intermediaries(include_retired=True) if i.id == answers.get("intermediary_id")),
                      None)
    elif code == OTHER:
        detail = answers.get("heard_via_other")
    return gettext("%(channel)s: %(name)s", channel=words, name=detail) if detail else words


# --- the eligibility decision on the answers so far --------------------------------

# The question pages that warn, and about which refusals: the size questions
# about the size rule (the group's size is asked on the group page, so the
# headcount page does not warn that it is unknown), where staff work about the
# area rule.
WARNINGS = {
    "employees": rules.SIZE_REASONS - {rules.Reason.GROUP_SIZE_UNKNOWN},
    "group": rules.SIZE_REASONS,
    "staff-areas": {rules.Reason.OUTSIDE_AREA},
}


def registration_facts(answers):
    """The draft's answers as the :class:`rules.Facts` the one eligibility decision takes."""
    in_group = answers.get("part_of_group") == "yes"
    return rules.Facts(
        employee_count=answers.get("employee_count"), part_of_group=in_group,
        group_size=answers.get("group_size") if in_group else None,
        located_authority_id=answers.get("local_authority_id"),
        staff_authority_ids=tuple(answers.get("staff_authority_ids") or ()),
    )


def registration_decisions(answers):
    """{kind value: decision} for the answers so far, as they would be once registered."""
    current = policy()
    facts = registration_facts(answers)
    return {kind.value: rules.support_decision(facts, kind, current) for kind in SupportKind}


def warning_for(step, answers):
    """The decision to warn about on ``step``'s page for these answers, or None."""
    reasons = WARNINGS.get(step.slug)
    if not reasons:
        return None
    decision = registration_decisions(answers)[SupportKind.WEBINAR.value]
    return decision if decision.reason in reasons else None


WARNED_FIELDS = {
    "employees": ("employee_count",),
    "group": ("part_of_group", "group_size"),
    "staff-areas": ("local_authority_id", "staff_authority_ids"),
    "address": ("postcode", "local_authority_id"),
}


def warning_key(step, answers):
    """What a warning was about, so "continue" after it goes on, but a changed answer is checked again."""
    return "|".join(f"{name}={answers.get(name)}" for name in WARNED_FIELDS.get(step.slug, ()))


# --- answers carried in from the eligibility checker or an event page -----------

def carried(values):
    """The checker's answers and the page to return to, from request ``values``, checked.

    Returns a dict of query-string values (only valid ones), passed from the
    registration start page to the account form and on into the new draft.
    """
    answers = checker.Answers.parse(values, {a.id for a in local_authorities()})
    args = answers.as_args()
    return_to = safe_next_url(values.get("next"))
    if return_to:
        args["next"] = return_to
    return args


def prefill_draft(user, values):
    """Start ``user``'s draft with the answers carried in, so registration does not ask them twice.

    Only for an account created just now: an existing account's draft is never
    written from a form anyone can post.
    """
    answers = checker.Answers.parse(values, {a.id for a in local_authorities()})
    prefill = checker.registration_answers(answers)
    return_to = safe_next_url(values.get("next"))
    if return_to:
        prefill["return_to"] = return_to
    if prefill:
        save_answers(user, prefill)
