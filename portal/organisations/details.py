"""Keeping the organisation's details up to date after registering.

Most details (address lines, phone, the two language preferences) change at
once. A change to what the eligibility rules use waits for staff to check it,
and until they do the organisation keeps its old values, and with them the
decision already made: :func:`change_needs_review` says which changes wait.
Evidence not yet decided can be removed or replaced.
"""

from flask_babel import format_decimal, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.audit.labels import register_action, register_field
from portal.audit.services import record
from portal.eligibility import services as eligibility
from portal.eligibility.models import Decision, Evidence, EvidenceMethod
from portal.eligibility.tiers import EligibilityStatus
from portal.email.services import external_url, queue_email, recipient_language
from portal.extensions import db
from portal.organisations.models import Organisation, OrganisationChange
from portal.paging import parse_int
from portal.reference.models import LocalAuthority
from portal.security import Role
from portal.timeutil import utcnow

register_action("evaluation_consent_changed", _l("Consent to evaluation use changed"))
register_field("evaluation_consent", _l("Consent to evaluation use"))

# What the eligibility rules read: size, group membership and where the
# organisation is located or employs staff.
RULE_FIELDS = ("employee_count", "part_of_group", "group_size", "local_authority_id", "staff_authority_ids")
# Answer names (as the registration questions call them) and the column each is kept in.
DETAIL_COLUMNS = {
    "address_line_1": "address_line_1",
    "address_line_2": "address_line_2",
    "town": "town",
    "postcode": "postcode",
    "group_name": "group_name",
    "job_title": "contact_job_title",
    "phone": "contact_phone",
    "correspondence_language": "correspondence_language",
    "support_language": "support_language",
}


def rule_values(organisation):
    """The values the eligibility rules use, as plain JSON values."""
    return {
        "employee_count": organisation.employee_count,
        "part_of_group": bool(organisation.part_of_group),
        # A group member's size is the group's (the SME rule reads it).
        "group_size": organisation.group_size,
        "local_authority_id": organisation.local_authority_id,
        "staff_authority_ids": sorted(a.id for a in organisation.staff_authorities),
    }


def answers_of(organisation):
    """The organisation's details shaped as the registration questions' answers (to fill their forms)."""
    values = rule_values(organisation)
    answers = {name: getattr(organisation, column) or "" for name, column in DETAIL_COLUMNS.items()}
    answers.update(values, part_of_group="yes" if values["part_of_group"] else "no")
    change = pending_change(organisation)
    if change is not None:
        # The form shows what the contact asked for, not the values kept until staff check it.
        answers.update(_as_answers(change.proposed))
    return answers


def _as_answers(values):
    answers = dict(values)
    if "part_of_group" in answers:
        answers["part_of_group"] = "yes" if answers["part_of_group"] else "no"
    return answers


def _from_answers(answers):
    """Answers from a question page as model values: (rule values, other details)."""
    rules, details = {}, {}
    for name, value in answers.items():
        if name == "part_of_group":
            rules[name] = value == "yes"
        elif name == "staff_authority_ids":
            rules[name] = sorted(set(value or []))
        elif name == "group_size":
            rules[name] = parse_int(str(value).replace(",", "")) if value not in (None, "") else None
        elif name in RULE_FIELDS:
            rules[name] = value
        elif name in DETAIL_COLUMNS:
            details[name] = value or None
    return rules, details


def change_needs_review(organisation, proposed):
    """True when changing ``proposed`` (rule values that differ from today's) must wait for staff.

    Once a declaration or a staff decision stands on the old values, a change to
    anything the rules read is checked before it counts; before that there is
    nothing to keep, so it applies at once. The one place this rule lives.
    """
    return bool(proposed) and organisation.eligibility_status != EligibilityStatus.NOT_STARTED


def pending_change(organisation):
    """The organisation's change waiting for staff, or None."""
    return db.session.scalar(
        select(OrganisationChange)
        .where(OrganisationChange.organisation_id == organisation.id, OrganisationChange.status == "pending")
        .order_by(OrganisationChange.id.desc())
    )


def _apply_rule_values(organisation, values):
    for name, value in values.items():
        if name == "staff_authority_ids":
            organisation.staff_authorities = list(
                db.session.scalars(select(LocalAuthority).where(LocalAuthority.id.in_(value or [])))
            )
        else:
            setattr(organisation, name, value)
    if values.get("part_of_group") is False:
        organisation.group_name = None
        organisation.group_size = None
    eligibility.assign_partner(organisation)


def apply_rule_values(organisation, values):
    """Set the rule values (and the delivery partner they give): one way for every change that applies."""
    _apply_rule_values(organisation, values)


def update_details(organisation, user, answers):
    """Save one question page's ``answers`` for ``organisation``, audited.

    Returns True when part of the change waits for staff (see
    :func:`change_needs_review`), False when everything applied at once.
    """
    rules, details = _from_answers(answers)
    current = rule_values(organisation)
    change = pending_change(organisation)
    asked = {**(change.proposed if change is not None else {}), **rules}
    asked.pop("group_name", None)
    proposed = {name: value for name, value in asked.items() if current.get(name) != value}
    review = change_needs_review(organisation, proposed)
    if review and "part_of_group" in proposed:
        # The group's name goes with the answer to "part of a group?", checked together.
        proposed["group_name"] = details.pop("group_name", None) or (change.proposed.get("group_name")
                                                                      if change is not None else None)
    changed = {}
    for name, value in details.items():
        column = DETAIL_COLUMNS[name]
        if getattr(organisation, column) != value:
            changed[name] = value
            setattr(organisation, column, value)
    if changed:
        record("organisation_details_changed", organisation, actor=user, fields=",".join(sorted(changed)))
    if not review:
        if proposed:
            _apply_rule_values(organisation, proposed)
            record("organisation_details_changed", organisation, actor=user, fields=",".join(sorted(proposed)))
        if change is not None:
            change.status = "withdrawn"
        return False
    if change is None:
        change = OrganisationChange(organisation_id=organisation.id, previous={}, proposed={})
        db.session.add(change)
    change.proposed = proposed
    change.previous = {name: current.get(name, getattr(organisation, name, None)) for name in proposed}
    change.requested_by_id = user.id
    change.requested_at = utcnow()
    db.session.flush()
    record("organisation_change_requested", change, actor=user, organisation_id=organisation.id,
           fields=",".join(sorted(proposed)))
    return True


def set_evaluation_consent(organisation, user, consent):
    """Record whether the organisation consents to evaluation use, and when; audited.

    Not a fact the eligibility rules read, so it applies at once without review.
    Returns True if it changed.
    """
    consent = bool(consent)
    if organisation.evaluation_consent == consent:
        return False
    organisation.evaluation_consent = consent
    organisation.evaluation_consent_at = utcnow()
    record("evaluation_consent_changed", organisation, actor=user, evaluation_consent_old=not consent,
           evaluation_consent_new=consent)
    return True


def describe_change(change):
    """[(what, before, after)] in the page's language, for staff and the contact to read."""
    ids = {change.previous.get("local_authority_id"), change.proposed.get("local_authority_id"),
           *(change.previous.get("staff_authority_ids") or []), *(change.proposed.get("staff_authority_ids") or [])}
    names = {a.id: a.name for a in db.session.scalars(select(LocalAuthority).where(LocalAuthority.id.in_(ids)))}
    yes_no = {True: gettext("Yes"), False: gettext("No")}

    def shown(name, value):
        if name == "part_of_group":
            return yes_no[bool(value)]
        if name == "local_authority_id":
            return names.get(value, "")
        if name == "staff_authority_ids":
            return ", ".join(names.get(i, "") for i in value or []) or gettext("None")
        if isinstance(value, int) and not isinstance(value, bool):
            return format_decimal(value)
        return "" if value is None else str(value)

    labels = {"employee_count": gettext("Number of employees"), "part_of_group": gettext("Part of a larger group"),
              "group_size": gettext("Number of people in the group"),
              "group_name": gettext("Name of the group"), "local_authority_id": gettext("Local authority"),
              "staff_authority_ids": gettext("Other local authorities where you employ staff")}
    return [(labels[name], shown(name, change.previous.get(name)), shown(name, value))
            for name, value in change.proposed.items() if name in labels]


# --- staff ------------------------------------------------------------------------

def pending_changes(user, limit=50):
    """Changes waiting for staff, oldest first, of the organisations ``user`` may see."""
    visible = eligibility.visible_organisations(user).with_only_columns(Organisation.id)
    return db.session.scalars(
        select(OrganisationChange)
        .options(selectinload(OrganisationChange.organisation))
        .where(OrganisationChange.status == "pending", OrganisationChange.organisation_id.in_(visible))
        .order_by(OrganisationChange.requested_at, OrganisationChange.id)
        .limit(limit)
    ).all()


def change_for_staff(organisation, change_id):
    """``organisation``'s pending change ``change_id``, or None."""
    return db.session.scalar(
        select(OrganisationChange).where(OrganisationChange.id == change_id,
                                         OrganisationChange.organisation_id == organisation.id,
                                         OrganisationChange.status == "pending")
    )


def decide_change(change, user, accept, message=None):
    """Staff accept (apply) or refuse a change; audited, and the contacts are told in their language.

    Accepting applies the new values (and the delivery partner they give) but
    leaves the eligibility decision as it is: if the new values change what the
    organisation may have, staff record a new decision as usual.
    """
    organisation = change.organisation
    if accept:
        _apply_rule_values(organisation, change.proposed)
    change.status = "accepted" if accept else "refused"
    change.decided_by_id = user.id
    change.decided_at = utcnow()
    change.message = message
    record(f"organisation_change_{change.status}", change, actor=user, organisation_id=organisation.id,
           fields=",".join(sorted(change.proposed)), message=message or "")
    lang = recipient_language(organisation=organisation)
    for contact in organisation.members:
        if contact.role == Role.EMPLOYER and contact.active:
            queue_email(contact.email, "organisation_change_decided", lang, accepted=accept, message=message or "",
                        name=contact.full_name, organisation=organisation.name,
                        link=external_url("organisations.details_page", lang))
    return change


# --- evidence not yet decided -------------------------------------------------------

def _last_decision(organisation):
    return db.session.scalar(
        select(Decision).where(Decision.organisation_id == organisation.id)
        .order_by(Decision.decided_at.desc(), Decision.id.desc())
    )


def _undecided(organisation, evidence, last):
    return (organisation.eligibility_status == EligibilityStatus.AWAITING_REVIEW
            and evidence.method == EvidenceMethod.UPLOAD and evidence.stored_name is not None
            and (last is None or last.decided_at < evidence.created_at))


def undecided_upload(organisation, evidence_id):
    """An uploaded document of ``organisation`` that no decision has been made on yet, or None.

    Once staff have decided, the document is part of the record and stays.
    """
    evidence = db.session.scalar(
        select(Evidence).where(Evidence.id == evidence_id, Evidence.organisation_id == organisation.id)
    )
    if evidence is None or not _undecided(organisation, evidence, _last_decision(organisation)):
        return None
    return evidence


def undecided_upload_ids(organisation, evidence):
    """Ids of those of ``evidence`` (the organisation's) that may still be removed or replaced."""
    last = _last_decision(organisation)
    return {item.id for item in evidence if _undecided(organisation, item, last)}


def _status_before_upload(organisation):
    last = _last_decision(organisation)
    if last is not None:
        return eligibility.OUTCOME_STATUS[eligibility.Outcome(last.outcome)]
    return EligibilityStatus.DECLARED if organisation.declared_at else EligibilityStatus.NOT_STARTED


def _discard(evidence):
    eligibility.evidence_path(evidence).unlink(missing_ok=True)
    db.session.delete(evidence)
    db.session.flush()


def remove_upload(organisation, user, evidence):
    """Remove an undecided document; with none left to check, the status goes back to what it was."""
    record("evidence_removed", evidence, actor=user, filename=evidence.filename)
    _discard(evidence)
    others = db.session.scalars(select(Evidence).where(Evidence.organisation_id == organisation.id)).all()
    if not undecided_upload_ids(organisation, others):
        organisation.eligibility_status = _status_before_upload(organisation)
        organisation.status_changed_at = utcnow()


def replace_upload(organisation, user, evidence, stream, filename):
    """Store a new document in place of an undecided one.

    The new file is checked and stored first (raising ``UploadError``), so a
    refused file leaves the old one in place.
    """
    new = eligibility.store_upload(organisation, user, stream, filename)
    record("evidence_replaced", new, actor=user, filename=new.filename, replaced=evidence.filename)
    _discard(evidence)
    return new
