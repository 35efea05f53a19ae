"""Eligibility: settings, declarations, evidence files, staff decisions and retention."""

import enum
import os
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.audit.models import AuditEvent
from portal.audit.services import record
from portal.eligibility import rules
from portal.eligibility.models import STAFF_METHODS, Decision, Evidence, EvidenceMethod, ProgrammeSettings, SupportTier
from portal.eligibility.tiers import EligibilityStatus, EvidenceTier, SupportKind
from portal.email.services import external_url, queue_email, recipient_language
from portal.extensions import db
from portal.organisations.formats import normalise_charity_number, normalise_company_number
from portal.organisations.models import Organisation
from portal.reference.models import DeliveryPartner, partner_authorities
from portal.scoping import can_see
from portal.scoping import visible_organisations as scope
from portal.security import Role
from portal.signals import eligibility_changed
from portal.timeutil import utcnow

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Leading bytes of each accepted type, and the file name endings that type may have:
# the content decides the type, and the name must agree with it.
SIGNATURES = (
    (b"%PDF-", "application/pdf", (".pdf",)),
    (b"\x89PNG\r\n\x1a\n", "image/png", (".png",)),
    (b"\xff\xd8\xff", "image/jpeg", (".jpg", ".jpeg")),
)
ALLOWED_EXTENSIONS = {extension for _signature, _type, extensions in SIGNATURES for extension in extensions}
EXTENSIONS = {content_type: extensions for _signature, content_type, extensions in SIGNATURES}
SAFE_NAME = re.compile(r"[^A-Za-z0-9._ -]+")


# --- settings ---------------------------------------------------------------

def programme_settings():
    """The one settings row; the defaults (not yet saved) until an administrator saves them.

    Reading never writes, so pages that only show settings need no commit.
    """
    settings = db.session.get(ProgrammeSettings, 1)
    if settings is None:
        settings = ProgrammeSettings(id=1, allow_large_employers=False, exceptions_allowed=True,
                                     evidence_retention_days=365)
    return settings


def tier_settings():
    """{kind: tier} as administrators set them (kinds not set use the default)."""
    return {row.kind: row.tier for row in db.session.scalars(select(SupportTier))}


def update_settings(tiers, allow_large_employers, retention_days, exceptions_allowed=True):
    """Set the tier per kind of support and the programme settings, audited."""
    current = tier_settings()
    for kind in SupportKind:
        tier = EvidenceTier(tiers[kind.value])
        if current.get(kind.value) == tier.value:
            continue
        row = db.session.get(SupportTier, kind.value)
        if row is None:
            db.session.add(SupportTier(kind=kind.value, tier=tier.value))
        else:
            row.tier = tier.value
    settings = programme_settings()
    if settings not in db.session:
        db.session.add(settings)
    settings.allow_large_employers = bool(allow_large_employers)
    settings.evidence_retention_days = int(retention_days)
    settings.exceptions_allowed = bool(exceptions_allowed)
    db.session.flush()
    record("eligibility_settings_changed", settings, allow_large_employers=settings.allow_large_employers,
           exceptions_allowed=settings.exceptions_allowed,
           retention_days=settings.evidence_retention_days,
           tiers=",".join(f"{k}={v}" for k, v in sorted(tiers.items())))


# --- rules applied to an organisation ----------------------------------------

def coverage():
    """{local authority id: covering active partner id}."""

    rows = db.session.execute(
        select(partner_authorities.c.local_authority_id, partner_authorities.c.partner_id)
        .join(DeliveryPartner, DeliveryPartner.id == partner_authorities.c.partner_id)
        .where(DeliveryPartner.active.is_(True))
        .order_by(partner_authorities.c.partner_id.desc())
    )
    # Lowest partner id wins, as in reference.services.partner_for_authority.
    return dict(rows.all())


def policy():
    """The settings the eligibility decision applies now (:class:`rules.Policy`)."""
    settings = programme_settings()
    return rules.Policy(
        allow_large_employers=bool(settings.allow_large_employers),
        exceptions_allowed=settings.exceptions_allowed is not False,
        tiers=tier_settings(), coverage=coverage(),
    )


def facts_of(organisation, status=None):
    """The :class:`rules.Facts` of a registered organisation (``status`` to ask "what if")."""
    return rules.Facts(
        employee_count=organisation.employee_count,
        part_of_group=bool(organisation.part_of_group),
        group_size=organisation.group_size,
        located_authority_id=organisation.local_authority_id,
        staff_authority_ids=tuple(a.id for a in organisation.staff_authorities),
        status=EligibilityStatus(status or organisation.eligibility_status),
    )


def may_have(organisation, kind, current=None):
    """The one eligibility decision (:func:`rules.support_decision`) for ``organisation`` and ``kind``."""
    return rules.support_decision(facts_of(organisation), kind, current or policy())


def decisions_for(organisation, current=None):
    """{kind value: :class:`rules.SupportDecision`} for every kind of support, in the usual order."""
    current = current or policy()
    facts = facts_of(organisation)
    return {kind.value: rules.support_decision(facts, kind, current) for kind in SupportKind}


def size_category(organisation, settings=None):
    """The organisation's :class:`rules.SizeCategory` under the current settings."""
    settings = settings or programme_settings()
    return rules.size_category(
        organisation.employee_count,
        organisation.part_of_group,
        organisation.eligibility_status == EligibilityStatus.EXCEPTION,
        settings.allow_large_employers,
        organisation.group_size,
    )


def sme_rule_allows(organisation):
    """True if the size rule alone (no exception) lets the organisation take part."""
    settings = programme_settings()
    category = rules.size_category(organisation.employee_count, organisation.part_of_group, False,
                                   settings.allow_large_employers, organisation.group_size)
    return category != rules.SizeCategory.NOT_ELIGIBLE


def area_ok(organisation):
    """True if the organisation is located, or employs staff, where a partner delivers."""
    return rules.in_area(organisation.local_authority_id, [a.id for a in organisation.staff_authorities],
                         coverage())


def assign_partner(organisation):
    """Set the covering partner from where the organisation is located or employs staff."""
    organisation.partner_id = rules.covering_partner_id(
        organisation.local_authority_id, [a.id for a in organisation.staff_authorities], coverage()
    )
    organisation.large_employer = rules.is_large_employer(organisation.employee_count, organisation.part_of_group,
                                                          organisation.group_size)
    return organisation.partner_id


@dataclass
class Overview:
    status: str
    category: str
    area_ok: bool
    # {kind value: SupportDecision}: what each kind of support needs and whether it may be had now.
    decisions: dict
    may_declare: bool
    evidence: list
    last_decision: Decision | None

    @property
    def first_refusal(self):
        """The decision to lead with: the first kind refused (the one with most to do), or None."""
        refused = [d for d in self.decisions.values() if not d.allowed]
        return refused[0] if refused else None


def evidence_of(organisation):
    """The organisation's evidence, oldest first."""
    return db.session.scalars(
        select(Evidence).where(Evidence.organisation_id == organisation.id).order_by(Evidence.created_at)
    ).all()


def overview(organisation):
    """Everything the contact's "Your organisation" page shows, from :func:`decisions_for`."""
    decisions = decisions_for(organisation)
    any_decision = next(iter(decisions.values()))
    status = organisation.eligibility_status
    last = db.session.scalar(
        select(Decision).where(Decision.organisation_id == organisation.id)
        .order_by(Decision.decided_at.desc(), Decision.id.desc())
    )
    return Overview(
        status=status.value if hasattr(status, "value") else status,
        category=any_decision.category.value,
        area_ok=any_decision.area_ok,
        decisions=decisions,
        may_declare=any_decision.may_declare,
        evidence=evidence_of(organisation),
        last_decision=last,
    )


def _set_status(organisation, status):
    organisation.eligibility_status = EligibilityStatus(status)
    organisation.status_changed_at = utcnow()
    eligibility_changed.send(organisation, status=organisation.eligibility_status)


def declare(organisation, user):
    """The contact confirms the declaration. Returns False if the rules do not allow it."""
    if organisation.eligibility_status != EligibilityStatus.NOT_STARTED:
        return False
    if not may_have(organisation, SupportKind.WEBINAR).may_declare:
        return False
    organisation.declared_at = utcnow()
    _set_status(organisation, EligibilityStatus.DECLARED)
    record("eligibility_declared", organisation, actor=user)
    return True


# --- uploads -----------------------------------------------------------------

class UploadError(ValueError):
    """The reason an upload was refused (a key into the form's messages)."""


def check_filename(filename):
    """A safe display name for ``filename``; path characters are refused, not guessed around."""
    name = (filename or "").strip()
    if not name:
        raise UploadError("missing")
    if "/" in name or "\\" in name or ".." in name or any(ord(c) < 32 for c in name) or ":" in name:
        raise UploadError("path")
    extension = os.path.splitext(name)[1].lower()
    if extension not in ALLOWED_EXTENSIONS:
        raise UploadError("type")
    safe = SAFE_NAME.sub("_", name)[-100:].lstrip(". ")
    return safe or f"evidence{extension}"


def sniff(head):
    """The content type of a file from its first bytes, or None if not accepted."""
    for signature, content_type, _extensions in SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def upload_folder(kind="evidence"):
    """The ``kind`` folder (evidence, attachments) under ``UPLOAD_FOLDER`` (outside static), created if missing."""
    folder = Path(current_app.config["UPLOAD_FOLDER"]) / kind
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass(frozen=True)
class CheckedFile:
    """An uploaded file that passed the checks: its safe name, its bytes and the type its content shows."""

    name: str
    data: bytes
    content_type: str


def check_upload(stream, filename):
    """Read and check an uploaded file as every evidence upload is checked; raises :class:`UploadError`.

    The name must be safe and of an accepted type, the file not empty nor over
    :data:`MAX_UPLOAD_BYTES`, and its content (not its name) decides its type,
    which the name's ending must agree with. The one check for every document.
    """
    name = check_filename(filename)
    data = stream.read(MAX_UPLOAD_BYTES + 1)
    if not data:
        raise UploadError("empty")
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadError("size")
    content_type = sniff(data[:16])
    if content_type is None:
        raise UploadError("type")
    # A PNG named .pdf would be opened by the wrong program when staff download it.
    if os.path.splitext(name)[1].lower() not in EXTENSIONS[content_type]:
        raise UploadError("mismatch")
    return CheckedFile(name, data, content_type)


def save_file(checked, kind="evidence"):
    """Write a checked file under a random name in the ``kind`` folder; returns that name."""
    stored_name = secrets.token_hex(16)
    (upload_folder(kind) / stored_name).write_bytes(checked.data)
    return stored_name


def store_upload(organisation, user, stream, filename):
    """Check and store an uploaded document; the organisation then awaits review.

    Raises :class:`UploadError` with the reason if the file is refused, or
    "not_now" when no upload can help: a staff refusal, the size or area rule,
    or no declaration yet (a document is the check that follows the
    declaration, never a way round it or round a refusal).
    """
    if not may_upload(organisation):
        raise UploadError("not_now")
    checked = check_upload(stream, filename)
    evidence = Evidence(
        organisation_id=organisation.id, method=EvidenceMethod.UPLOAD, filename=checked.name,
        stored_name=save_file(checked), content_type=checked.content_type, size=len(checked.data),
        recorded_by_id=user.id,
    )
    db.session.add(evidence)
    if EligibilityStatus(organisation.eligibility_status) in REVIEWED_STATUSES:
        _set_status(organisation, EligibilityStatus.AWAITING_REVIEW)
    record("evidence_uploaded", evidence, actor=user, filename=checked.name, size=len(checked.data))
    return evidence


# A document is reviewed after the declaration; one sent once verified (or by
# exception) is kept with the rest and changes nothing.
REVIEWED_STATUSES = (EligibilityStatus.DECLARED, EligibilityStatus.AWAITING_REVIEW,
                     EligibilityStatus.MORE_INFO_REQUESTED)
UPLOAD_STATUSES = (*REVIEWED_STATUSES, EligibilityStatus.VERIFIED, EligibilityStatus.EXCEPTION)


def may_upload(organisation):
    """True if a document can move the organisation on: declared, and the size and area rules allow it."""
    return (EligibilityStatus(organisation.eligibility_status) in UPLOAD_STATUSES
            and may_have(organisation, SupportKind.WEBINAR).may_declare)


def evidence_path(evidence):
    """Where ``evidence``'s file is stored."""
    return upload_folder() / evidence.stored_name


def downloadable_evidence(evidence_id, user):
    """The evidence with a file, if ``user`` may download it; else None (the view gives 404).

    Contacts of the organisation, staff of its partner and administrators may.
    """
    evidence = db.session.get(Evidence, evidence_id)
    if evidence is None or evidence.stored_name is None or evidence.file_deleted_at is not None:
        return None
    # Champions see their organisation but are not its contacts: no payroll documents.
    allowed = user.role != Role.CHAMPION and can_see(user, evidence.organisation)
    return evidence if allowed else None


# --- staff ---------------------------------------------------------------------

def visible_organisations(user):
    """The organisations ``user`` (staff or admin) may see, as a select()."""
    return select(Organisation).where(scope(user))


def organisation_for_staff(organisation_id, user):
    """The organisation if ``user`` may see it, else None."""
    return db.session.scalar(visible_organisations(user).where(Organisation.id == organisation_id))


def review_queue(user, partner_id=None, status=None, page=1, per_page=50):
    """Organisations for review, oldest status change first; ([organisations], total)."""
    query = visible_organisations(user)
    if partner_id:
        query = query.where(Organisation.partner_id == partner_id)
    if status:
        query = query.where(Organisation.eligibility_status == EligibilityStatus(status))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    organisations = db.session.scalars(
        query.options(selectinload(Organisation.partner), selectinload(Organisation.local_authority))
        .order_by(Organisation.status_changed_at, Organisation.id)
        .limit(per_page).offset((page - 1) * per_page)
    ).all()
    return organisations, total


def history(organisation):
    """The organisation's audit trail, newest first."""
    return db.session.scalars(
        select(AuditEvent).options(selectinload(AuditEvent.actor))
        .where(AuditEvent.organisation_id == organisation.id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    ).all()


class Outcome(enum.StrEnum):
    """A staff member's eligibility decision (stored as its value)."""

    APPROVED = "approved"
    MORE_INFO = "more_info"
    REFUSED = "refused"
    EXCEPTION = "exception"


OUTCOME_STATUS = {
    Outcome.APPROVED: EligibilityStatus.VERIFIED,
    Outcome.MORE_INFO: EligibilityStatus.MORE_INFO_REQUESTED,
    Outcome.REFUSED: EligibilityStatus.NOT_ELIGIBLE,
    Outcome.EXCEPTION: EligibilityStatus.EXCEPTION,
}


def _contacts(organisation):
    return [m for m in organisation.members if m.role == Role.EMPLOYER and m.active]


class DecisionRefused(ValueError):
    """Why a staff decision cannot be recorded (a key into the form's messages)."""


def has_evidence(organisation):
    """True if there is evidence the check can rest on: an upload, or a check staff recorded."""
    return db.session.scalar(select(func.count(Evidence.id)).where(Evidence.organisation_id == organisation.id)) > 0


def decision_choices(organisation):
    """The decisions staff may record now: "approved" only with evidence and when the SME rule allows it."""
    choices = [Outcome.MORE_INFO, Outcome.REFUSED]
    if approval_refusal(organisation) is None:
        choices.insert(0, Outcome.APPROVED)
    return choices


def approval_refusal(organisation):
    """Why "approve" cannot be recorded now, or None: it needs evidence, the size rule and the area rule."""
    if not area_ok(organisation):
        return "area"
    if not sme_rule_allows(organisation):
        return "size" if programme_settings().exceptions_allowed is not False else "size_no_exceptions"
    if not has_evidence(organisation):
        return "evidence"
    return None


def exception_refusal(organisation):
    """Why an exception cannot be granted now, or None."""
    if programme_settings().exceptions_allowed is False:
        return "exceptions_off"
    if not area_ok(organisation):
        return "area"
    return None


def decide(organisation, user, outcome, message=None):
    """Record a staff decision: status, decision record, audit entry and one e-mail.

    Raises :class:`DecisionRefused` when the rules do not allow it: approving
    an organisation the SME rule refuses (that is an exception, with a
    reason, and only while administrators allow exceptions), or approving
    without the evidence the check asks for. One e-mail per decision, to the
    first contact (the one who registered), in the organisation's
    correspondence language.
    The decision's ``emailed`` says whether an e-mail was queued (an
    organisation may have no contact).
    """
    if outcome not in tuple(Outcome):
        raise ValueError(outcome)
    if outcome == Outcome.APPROVED:
        refusal = approval_refusal(organisation)
        if refusal:
            raise DecisionRefused(refusal)
    if outcome == Outcome.EXCEPTION:
        refusal = exception_refusal(organisation)
        if refusal:
            raise DecisionRefused(refusal)
        if not (message or "").strip():
            raise DecisionRefused("reason")
        organisation.exception_reason = message
    decision = Decision(organisation_id=organisation.id, outcome=outcome, message=message, decided_by_id=user.id)
    db.session.add(decision)
    _set_status(organisation, OUTCOME_STATUS[outcome])
    record(f"eligibility_{outcome}", organisation, actor=user, message=message or "")
    contacts = _contacts(organisation)
    if contacts:
        lang = recipient_language(organisation=organisation)
        queue_email(
            contacts[0].email, "eligibility_decision", lang, outcome=outcome, message=message or "",
            name=contacts[0].full_name, organisation=organisation.name,
            link=external_url("organisations.overview", lang),
        )
    decision.emailed = bool(contacts)
    return decision


def check_number(organisation, value, correct=False):
    """The number staff checked, as (field, number, corrected): it must match the registered one.

    A different valid number is recorded as the correction only when staff
    say so (``correct``); otherwise :class:`DecisionRefused` says why.
    """
    if not (value or "").strip():
        raise DecisionRefused("number_required")
    company, charity = normalise_company_number(value), normalise_charity_number(value)
    if company is None and charity is None:
        raise DecisionRefused("number_invalid")
    if company is not None and company == organisation.companies_house_number:
        return "companies_house_number", company, False
    if charity is not None and charity == organisation.charity_number:
        return "charity_number", charity, False
    if not correct:
        raise DecisionRefused("number_mismatch")
    # A bare 7-digit number could be either: a registered charity keeps to its kind.
    if charity is not None and (organisation.charity_number or company is None):
        return "charity_number", charity, True
    return "companies_house_number", company, True


def record_staff_evidence(organisation, user, method, note, number=None, correct=False):
    """Staff record a number check or evidence seen in person or by phone; that verifies.

    A number check needs the number checked, which must match the registered
    one or, when staff say it is the right one, replaces it (audited). The
    approval that follows is refused like any other (:func:`decide`).
    """
    if method not in STAFF_METHODS:
        raise ValueError(method)
    checked = None
    if method == EvidenceMethod.NUMBER_CHECKED:
        field_name, checked, corrected = check_number(organisation, number, correct)
        if corrected:
            before = getattr(organisation, field_name)
            setattr(organisation, field_name, checked)
            record("organisation_number_corrected", organisation, actor=user, field=field_name,
                   before=before or "", after=checked)
    if not area_ok(organisation):
        raise DecisionRefused("area")
    if not sme_rule_allows(organisation):
        raise DecisionRefused("size" if programme_settings().exceptions_allowed is not False
                              else "size_no_exceptions")
    evidence = Evidence(organisation_id=organisation.id, method=method, note=note, checked_number=checked,
                        recorded_by_id=user.id)
    db.session.add(evidence)
    db.session.flush()
    record("evidence_recorded", evidence, actor=user, method=method, note=note, number=checked or "")
    return decide(organisation, user, Outcome.APPROVED, note)


# --- retention ---------------------------------------------------------------

def purge_evidence(now=None):
    """Delete evidence files older than the retention period, keeping their records.

    Returns the evidence rows whose files were removed.
    """
    now = now or utcnow()
    cutoff = now - timedelta(days=programme_settings().evidence_retention_days)
    expired = db.session.scalars(
        select(Evidence).where(
            Evidence.stored_name.is_not(None), Evidence.file_deleted_at.is_(None), Evidence.created_at < cutoff
        ).order_by(Evidence.id)
    ).all()
    for evidence in expired:
        path = evidence_path(evidence)
        path.unlink(missing_ok=True)
        evidence.file_deleted_at = now
        evidence.stored_name = None
        record("evidence_file_deleted", evidence, actor=None, filename=evidence.filename)
    return expired
