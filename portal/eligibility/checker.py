""""Can my organisation use this?": the public eligibility checker's answers and what they mean.

Nothing is stored: the answers travel in the query string from one question
page to the next, and :func:`assess` answers them with the same rules
(:mod:`portal.eligibility.rules`) and the same settings and coverage
(:mod:`portal.eligibility.services`) the portal applies once an organisation
has registered, so the checker cannot promise what registration then refuses.
"""

from dataclasses import dataclass, field

from portal.eligibility import rules
from portal.eligibility.services import policy
from portal.eligibility.tiers import EvidenceTier, SupportKind
from portal.extensions import db
from portal.reference.models import DeliveryPartner, LocalAuthority

# Where the organisation is: in Wales, based outside Wales but employing staff
# in Wales, or neither.
IN_WALES = "wales"
WORKS_IN_WALES = "works_in_wales"
OUTSIDE = "outside"
PLACES = (IN_WALES, WORKS_IN_WALES, OUTSIDE)
MAX_EMPLOYEES = 1_000_000

# The question pages in order; each names the answer it sets.
QUESTIONS = ("where", "authority", "employees", "group", "group-size")
FIELDS = ("where", "authority", "employees", "group", "group_size")


def _count(value):
    """A whole number of people from 1 to a million, or None (commas allowed, as people write them)."""
    text = (value or "").replace(",", "").strip()
    if not text.isdigit() or not 1 <= int(text) <= MAX_EMPLOYEES:
        return None
    return int(text)


@dataclass(frozen=True)
class Answers:
    """The answers given so far; any that are missing or not valid are None."""

    where: str | None = None
    authority: int | None = None
    employees: int | None = None
    group: str | None = None  # "yes" or "no"
    group_size: int | None = None

    @classmethod
    def parse(cls, values, authority_ids):
        """Answers from request values (a query string or form), dropping what is not valid.

        ``authority_ids`` are the ids of the Welsh local authorities one may choose.
        """
        where = values.get("where")
        authority = values.get("authority", "")
        group = values.get("group")
        return cls(
            where=where if where in PLACES else None,
            authority=int(authority) if authority.isdigit() and int(authority) in authority_ids else None,
            employees=_count(values.get("employees")),
            group=group if group in ("yes", "no") else None,
            group_size=_count(values.get("group_size")),
        )

    def as_args(self):
        """The answers as query-string values, for links and hidden fields (answered ones only)."""
        args = {"where": self.where, "authority": self.authority, "employees": self.employees,
                "group": self.group, "group_size": self.group_size if self.group == "yes" else None}
        return {name: str(value) for name, value in args.items() if value is not None}

    def needs(self, question):
        """True if ``question`` applies to these answers (no local authority to give for outside Wales)."""
        if question == "authority":
            return self.where in (IN_WALES, WORKS_IN_WALES)
        if question == "group-size":
            return self.group == "yes"
        return True

    def answered(self, question):
        return getattr(self, question.replace("-", "_")) is not None

    def first_unanswered(self):
        """The first question still to answer, or None when the answer page can be shown."""
        for question in QUESTIONS:
            if self.needs(question) and not self.answered(question):
                return question
        return None

    @property
    def located_authority_id(self):
        return self.authority if self.where == IN_WALES else None

    @property
    def staff_authority_ids(self):
        return [self.authority] if self.where == WORKS_IN_WALES and self.authority else []

    @property
    def part_of_group(self):
        return self.group == "yes"


@dataclass
class Assessment:
    """What the checker tells the organisation."""

    category: str
    area_ok: bool
    may_declare: bool
    partner: DeliveryPartner | None
    # Kinds of support ({SupportKind value}) by the evidence they need.
    with_declaration: list = field(default_factory=list)
    after_check: list = field(default_factory=list)
    too_large: bool = False
    # The decision for the least demanding support: its words say why, and what to do instead.
    decision: rules.SupportDecision | None = None


def facts(answers):
    """The checker's answers as the :class:`rules.Facts` the one eligibility decision takes."""
    return rules.Facts(
        employee_count=answers.employees, part_of_group=answers.part_of_group,
        group_size=answers.group_size if answers.part_of_group else None,
        located_authority_id=answers.located_authority_id, staff_authority_ids=tuple(answers.staff_authority_ids),
    )


def assess(answers):
    """The portal's own eligibility decision for these answers, as registration would make it.

    :func:`rules.support_decision` on the answers (no exception granted:
    only staff grant one), under the settings and coverage registration
    applies. Evidence: the tier each kind of support needs under the current
    settings.
    """
    current = policy()
    decision = rules.support_decision(facts(answers), SupportKind.WEBINAR, current)
    with_declaration, after_check = [], []
    for kind in SupportKind:
        needed = rules.tier_for(kind, current.tiers)
        (with_declaration if needed == EvidenceTier.DECLARED else after_check).append(kind.value)
    return Assessment(
        category=decision.category.value,
        area_ok=decision.area_ok,
        may_declare=decision.may_declare,
        partner=db.session.get(DeliveryPartner, decision.partner_id) if decision.partner_id else None,
        with_declaration=with_declaration,
        after_check=after_check,
        too_large=decision.reason in rules.SIZE_REASONS and answers.employees is not None,
        decision=decision,
    )


def authority_name(answers):
    """The chosen local authority, or None."""
    return db.session.get(LocalAuthority, answers.authority) if answers.authority else None


def registration_answers(answers):
    """The registration draft's answers that the checker has already asked, ready to save.

    The pages whose every answer is known are marked done, so they are not
    asked again; the address and staff areas are only filled in, because they
    need more than the checker asked (the address itself).
    """
    values, done = {}, []
    if answers.employees is not None:
        values["employee_count"] = answers.employees
        done.append("employees")
    if answers.group == "no":
        values["part_of_group"] = "no"
        done.append("group")
    elif answers.group == "yes":
        values["part_of_group"] = "yes"  # the group's name is still asked on that page
        if answers.group_size is not None:
            values["group_size"] = answers.group_size
    if answers.located_authority_id:
        values["local_authority_id"] = answers.located_authority_id
    if answers.where == WORKS_IN_WALES:
        values["address_outside_wales"] = True
    if answers.staff_authority_ids:
        values["staff_authority_ids"] = answers.staff_authority_ids
    if done:
        values["done"] = done
    return values
