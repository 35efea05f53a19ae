"""The eligibility decision in words, in the page's (or e-mail's) language.

One wording for each reason and each way forward, so the registration pages,
the confirmation page and e-mail, the organisation, declaration, event and
visit pages say the same thing because they say it from the same decision
(:func:`portal.eligibility.rules.support_decision`).
"""

from dataclasses import dataclass

from flask_babel import gettext as _

from portal.eligibility.labels import KIND_LABELS
from portal.eligibility.rules import Instead, Reason


@dataclass(frozen=True)
class Explanation:
    """What to tell the organisation: a headline, why (if refused) and what it can do instead."""

    headline: str
    why: str | None
    instead: list  # [(Instead value, sentence)]
    still: str | None  # what it can still use, if anything


def _kinds(kinds):
    return ", ".join(str(KIND_LABELS[k]) for k in kinds)


def reason_text(reason):
    """Why support is refused, in one or two sentences."""
    return {
        Reason.OUTSIDE_AREA: _("The service is for organisations located in Wales, or employing staff in Wales, in "
                               "an area a delivery partner covers."),
        Reason.SIZE_UNKNOWN: _("We do not know how many people your organisation employs."),
        Reason.TOO_LARGE: _("The service is for small and medium-sized enterprises: those with fewer than 250 "
                            "employees."),
        Reason.GROUP_SIZE_UNKNOWN: _("Your organisation is part of a larger group, and we do not know how many "
                                     "people the whole group employs. A member of a group counts the group's "
                                     "size."),
        Reason.GROUP_TOO_LARGE: _("Your organisation is part of a group that employs 250 people or more. A member "
                                  "of a group counts the group's size, so it is not a small or medium-sized "
                                  "enterprise."),
        Reason.REFUSED: _("We have decided that your organisation is not eligible."),
        Reason.NEEDS_DECLARATION: _("This needs a short declaration about your organisation first."),
        Reason.NEEDS_CHECK: _("This needs one check of your organisation's eligibility first."),
        Reason.AWAITING_REVIEW: _("We are checking your evidence. We will email you when we have decided, usually "
                                  "within 5 working days."),
        Reason.MORE_INFO: _("We need more information before we can confirm your organisation's eligibility."),
    }[Reason(reason)]


def instead_text(instead):
    """One way forward, as a sentence."""
    return {
        Instead.DECLARE: _("Confirm the declaration on your organisation's page. It takes a couple of minutes."),
        Instead.SEND_EVIDENCE: _("Send us one document that shows your organisation's name and how many people it "
                                 "employs, such as a payroll summary. Or ask your delivery partner to check your "
                                 "Companies House or charity number, or to see your evidence in person or by "
                                 "phone."),
        Instead.WAIT: _("You do not need to do anything while we check."),
        Instead.SEND_MORE: _("Send us what we asked for from your organisation's page."),
        Instead.GIVE_GROUP_SIZE: _("Tell us how many people the whole group employs: if it is fewer than 250, "
                                   "your organisation counts as a small or medium-sized enterprise."),
        Instead.ASK_EXCEPTION: _("Staff can make an exception where an organisation works like a small business, "
                                 "such as a branch of a larger group. Contact us to ask for one and say why."),
        Instead.CONTACT_US: _("Contact us if you think this decision is wrong or your organisation has changed."),
        Instead.OTHER_SERVICES: _("Business Wales offers free advice to businesses in Wales, including on people "
                                  "and well-being at work, and your local public health team can tell you about "
                                  "workplace health support in your area."),
    }[Instead(instead)]


def explain(decision):
    """An :class:`Explanation` of a :class:`portal.eligibility.rules.SupportDecision`."""
    kind = KIND_LABELS[decision.kind]
    if decision.allowed:
        headline = _("%(kind)s: your organisation can use this now.", kind=kind)
        return Explanation(headline, None, [], None)
    headline = _("%(kind)s: your organisation cannot use this yet.", kind=kind)
    if decision.reason in (Reason.REFUSED, Reason.OUTSIDE_AREA, Reason.TOO_LARGE, Reason.GROUP_TOO_LARGE,
                           Reason.SIZE_UNKNOWN, Reason.GROUP_SIZE_UNKNOWN):
        headline = _("%(kind)s: your organisation cannot use this at the moment.", kind=kind)
    still = (_("You can still use: %(kinds)s.", kinds=_kinds(decision.also_allowed))
             if decision.also_allowed else None)
    return Explanation(headline, reason_text(decision.reason),
                       [(step.value, instead_text(step)) for step in decision.instead], still)
