"""Registration, duplicates, invitations and contacts."""

import re
import secrets
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select, update

from portal.accounts.models import User
from portal.accounts.passwords import hash_password, verify_password
from portal.accounts.services import end_every_session, user_by_email
from portal.audit.labels import register_action
from portal.audit.services import record
from portal.eligibility.services import assign_partner, decisions_for
from portal.email.addresses import normalise_email
from portal.email.services import external_url, queue_email, recipient_language, render_email
from portal.extensions import db
from portal.organisations.formats import normalise_charity_number as normalise_charity_number
from portal.organisations.formats import normalise_company_number as normalise_company_number
from portal.organisations.formats import normalise_postcode as normalise_postcode
from portal.organisations.models import EmailVerificationToken, Invitation, Organisation, RegistrationDraft
from portal.ratelimit import hit
from portal.reference.models import LocalAuthority
from portal.security import Role
from portal.timeutil import utcnow
from portal.tokens import hash_token

VERIFICATION_HOURS = 48
INVITATION_DAYS = 7
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


register_action("email_changed", _l("Email address corrected before it was confirmed"))
register_action("claim_invited", _l("Contact invited to claim the organisation online"))
register_action("organisation_claimed", _l("Organisation claimed online by its contact"))

def _name_key(name):
    return re.sub(r"[^a-z0-9]+", "", (name or "").lower())


# --- accounts ----------------------------------------------------------------

def create_account(full_name, email, password, lang):
    """Start an employer account and e-mail a verification link.

    If the address already has an account, that person is told by e-mail
    instead, so the page never reveals who has an account. Returns the raw
    token (None for an existing address).
    """
    email = normalise_email(email)
    existing = user_by_email(email)
    # Hashed either way: skipping the slow hash for a known address would let
    # the response time tell who has an account.
    password_hash = hash_password(password)
    if existing is not None:
        _tell_account_exists(existing)
        return None
    user = User(email=email, full_name=full_name.strip(), role=Role.EMPLOYER, language=lang,
                password_hash=password_hash)
    db.session.add(user)
    db.session.flush()
    record("account_created", user, actor=user)
    return send_verification(user)


def _tell_account_exists(existing):
    lang = recipient_language(existing)
    link = external_url("accounts.sign_in", lang)
    # At most one such e-mail an hour, however often someone registers the address;
    # when none is sent it is still rendered, so the time taken tells nothing.
    if hit("ACCOUNT_EXISTS_EMAIL_LIMIT", "account-exists", existing.email):
        queue_email(existing.email, "account_exists", lang, link=link)
    else:
        render_email("account_exists", lang, link=link)


def resend_registration_email(email):
    """Send again whatever registering with ``email`` sent: a new verification link, or "you have an account".

    Nothing is sent for an address without an account, and the caller shows the
    same page in every case, so resending reveals nothing about who has one.
    """
    user = user_by_email(email)
    if user is None:
        return
    if user.email_verified_at is None and user.role == Role.EMPLOYER and user.organisation_id is None:
        send_verification(user)
    else:
        _tell_account_exists(user)


def correct_registration_email(pending_user_id, full_name, new_email, password, lang):
    """Register again under a corrected address, from the "check your email" page.

    ``pending_user_id`` is the account this browser created just now (None when
    the address typed already had an account, so none was created). That
    account, while unconfirmed, moves to the new address once its password is
    given again: its earlier links stop working and a new one goes out. Without
    one, the new address is registered as on the account page. Either way the
    new address gets what a fresh registration would send it, so correcting an
    address reveals nothing about who has an account.

    Returns ``(done, account id)``: ``done`` is False when the password does not
    match the account created here; the id is of the account now waiting for
    confirmation (None when the new address already had one).
    """
    user = db.session.get(User, pending_user_id) if pending_user_id else None
    if user is None or user.email_verified_at is not None:
        token = create_account(full_name, new_email, password, lang)
        return True, (user_by_email(new_email).id if token is not None else None)
    if not verify_password(user.password_hash, password):
        return False, user.id
    new_email = normalise_email(new_email)
    other = user_by_email(new_email)
    if other is not None and other.id != user.id:
        _tell_account_exists(other)
        return True, user.id
    db.session.execute(
        update(EmailVerificationToken)
        .where(EmailVerificationToken.user_id == user.id, EmailVerificationToken.used_at.is_(None))
        .values(used_at=utcnow())
    )
    if user.email != new_email:
        record("email_changed", user, actor=user, old=user.email, new=new_email)
        user.email = new_email
    send_verification(user)
    return True, user.id


def send_verification(user):
    """E-mail ``user`` a new single-use verification link. Returns the raw token."""
    token = secrets.token_urlsafe(32)
    db.session.add(EmailVerificationToken(
        user_id=user.id, token_hash=hash_token(token), expires_at=utcnow() + timedelta(hours=VERIFICATION_HOURS)
    ))
    lang = recipient_language(user)
    queue_email(user.email, "verify_email", lang, name=user.full_name, hours=VERIFICATION_HOURS,
                link=external_url("registration.verify_email", lang, token=token))
    return token


def pending_verification(token):
    """The unused, unexpired verification record for ``token`` (not used up), or None."""
    if not token:
        return None
    row = db.session.scalar(
        select(EmailVerificationToken).where(EmailVerificationToken.token_hash == hash_token(token))
    )
    if row is None or row.used_at is not None or row.expires_at <= utcnow():
        return None
    return row


def verify_email(token):
    """Mark the address verified with a single-use token. Returns the user, or None."""
    row = pending_verification(token)
    if row is None:
        return None
    row.used_at = utcnow()
    row.user.email_verified_at = row.user.email_verified_at or utcnow()
    return row.user


# --- drafts ----------------------------------------------------------------------

def draft_for(user):
    """The user's saved answers (created empty the first time)."""
    draft = db.session.scalar(select(RegistrationDraft).where(RegistrationDraft.user_id == user.id))
    if draft is None:
        draft = RegistrationDraft(user_id=user.id, answers={})
        db.session.add(draft)
        db.session.flush()
    return draft


def save_answers(user, answers):
    """Merge ``answers`` (plain JSON values) into the user's draft."""
    draft = draft_for(user)
    draft.answers = {**(draft.answers or {}), **answers}
    draft.updated_at = utcnow()
    return draft


# --- duplicates --------------------------------------------------------------------

def find_duplicate(name, postcode, companies_house_number=None, charity_number=None):
    """An existing organisation with the same company or charity number, or the same name and postcode."""
    conditions = []
    if companies_house_number:
        conditions.append(Organisation.companies_house_number == companies_house_number)
    if charity_number:
        conditions.append(Organisation.charity_number == charity_number)
    if conditions:
        found = db.session.scalars(select(Organisation).where(or_(*conditions)).order_by(Organisation.id)).first()
        if found is not None:
            return found
    if postcode:
        key = _name_key(name)
        for candidate in db.session.scalars(select(Organisation).where(Organisation.postcode == postcode)):
            if _name_key(candidate.name) == key:
                return candidate
    return None


# --- submission ----------------------------------------------------------------------

def new_reference():
    """A short reference, unique, without letters that read as digits."""
    while True:
        reference = "HWW-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
        if db.session.scalar(select(func.count()).where(Organisation.reference == reference)) == 0:
            return reference


class DuplicateOrganisation(Exception):
    """The organisation being registered already exists (``organisation``)."""

    def __init__(self, organisation):
        super().__init__(organisation.reference)
        self.organisation = organisation


def registered_from(key):
    """The organisation registered from the draft with idempotency ``key``, or None."""
    return db.session.scalar(select(Organisation).where(Organisation.registration_key == key))


def organisation_from_answers(answers, now):
    """A new organisation (not yet added) from registration-shaped ``answers``.

    The one mapping from the registration questions to an organisation, used by
    registration and by staff recording an organisation met offline.
    """
    in_group = answers.get("part_of_group") == "yes"
    organisation = Organisation(
        reference=new_reference(),
        name=answers["name"],
        companies_house_number=answers.get("companies_house_number") or None,
        charity_number=answers.get("charity_number") or None,
        sector_id=answers.get("sector_id"),
        employee_count=answers.get("employee_count"),
        part_of_group=in_group,
        group_name=(answers.get("group_name") or None) if in_group else None,
        group_size=answers.get("group_size") if in_group else None,
        address_line_1=answers.get("address_line_1"),
        address_line_2=answers.get("address_line_2") or None,
        town=answers.get("town"),
        postcode=answers.get("postcode"),
        local_authority_id=answers.get("local_authority_id"),
        contact_phone=answers.get("phone") or None,
        contact_job_title=answers.get("job_title") or None,
        correspondence_language=answers.get("correspondence_language", "en"),
        support_language=answers.get("support_language", "either"),
        status_changed_at=now,
        heard_via=answers.get("heard_via"),
        intermediary_id=answers.get("intermediary_id"),
        heard_via_other=answers.get("heard_via_other"),
        evaluation_consent=bool(answers.get("evaluation_consent")),
        evaluation_consent_at=now if answers.get("evaluation_consent") else None,
    )
    staff_ids = answers.get("staff_authority_ids") or []
    if staff_ids:
        organisation.staff_authorities = list(
            db.session.scalars(select(LocalAuthority).where(LocalAuthority.id.in_(staff_ids)))
        )
    return organisation


def submit_registration(user, draft):
    """Create the organisation from ``draft``, with ``user`` as its first contact.

    Raises :class:`DuplicateOrganisation` if someone else already registered it.
    Sending the same draft again returns the organisation it made. Two sends at
    the same moment both insert; the unique ``registration_key`` lets one commit
    and makes the other's commit raise ``IntegrityError`` (see the route).
    """
    answers, key = draft.answers, draft.idempotency_key
    duplicate = find_duplicate(answers.get("name"), answers.get("postcode"),
                               answers.get("companies_house_number"), answers.get("charity_number"))
    if duplicate is not None and duplicate.registration_key == key:
        return duplicate
    if duplicate is not None:
        raise DuplicateOrganisation(duplicate)
    now = utcnow()
    organisation = organisation_from_answers(answers, now)
    organisation.privacy_notice_seen_at = now
    organisation.consent_given_at = now
    organisation.registration_key = key
    db.session.add(organisation)
    assign_partner(organisation)
    db.session.flush()
    user.organisation_id = organisation.id
    user.language = organisation.correspondence_language
    db.session.execute(RegistrationDraft.__table__.delete().where(RegistrationDraft.user_id == user.id))
    record("organisation_registered", organisation, actor=user, partner_id=organisation.partner_id)
    lang = recipient_language(organisation=organisation)
    # The same decision the confirmation page and the organisation page show.
    decisions = decisions_for(organisation)
    first_refusal = next((d for d in decisions.values() if not d.allowed), None)
    queue_email(user.email, "registration_received", lang, name=user.full_name, organisation=organisation.name,
                reference=organisation.reference, link=external_url("organisations.overview", lang),
                decisions=decisions, first_refusal=first_refusal)
    return organisation


# --- colleagues ---------------------------------------------------------------------

def contacts(organisation):
    """The organisation's people, employer contacts first."""
    return db.session.scalars(
        select(User).where(User.organisation_id == organisation.id, User.active.is_(True))
        .order_by(User.role.desc(), User.full_name)
    ).all()


def _new_invitation(organisation, inviter, email, role, purpose):
    """Add a single-use, expiring invitation to ``organisation``; returns (invitation, raw token)."""
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organisation_id=organisation.id, email=normalise_email(email), role=role.value, purpose=purpose,
        token_hash=hash_token(token), invited_by_id=inviter.id,
        expires_at=utcnow() + timedelta(days=INVITATION_DAYS),
    )
    db.session.add(invitation)
    return invitation, token


def invite(organisation, inviter, email, role):
    """E-mail a single-use, expiring invitation to join ``organisation`` as ``role``. Returns the raw token."""
    role = Role(role)
    if role not in (Role.EMPLOYER, Role.CHAMPION):
        raise ValueError(role)
    invitation, token = _new_invitation(organisation, inviter, email, role, "colleague")
    record("colleague_invited", invitation, actor=inviter, email=invitation.email, role=role.value)
    # The invitee has no account yet: the organisation's correspondence language.
    lang = recipient_language(organisation=organisation)
    queue_email(invitation.email, "invitation", lang, organisation=organisation.name, inviter=inviter.full_name,
                role=role.value, days=INVITATION_DAYS,
                link=external_url("organisations.accept_invitation", lang, token=token))
    return token


def pending_invitations(organisation):
    """Colleague invitations to ``organisation`` not yet accepted and still working, newest first."""
    return db.session.scalars(
        select(Invitation).where(Invitation.organisation_id == organisation.id, Invitation.used_at.is_(None),
                                 Invitation.purpose == "colleague", Invitation.expires_at > utcnow())
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())
    ).all()


def valid_invitation(token, purpose="colleague"):
    """The unused, unexpired invitation of ``purpose`` for ``token``, or None."""
    if not token:
        return None
    invitation = db.session.scalar(select(Invitation).where(Invitation.token_hash == hash_token(token),
                                                            Invitation.purpose == purpose))
    if invitation is None or invitation.used_at is not None or invitation.expires_at <= utcnow():
        return None
    return invitation


def _join_from_invitation(invitation, full_name, password, lang):
    invitation.used_at = utcnow()
    user = User(email=invitation.email, full_name=full_name.strip(), role=Role(invitation.role), language=lang,
                organisation_id=invitation.organisation_id, password_hash=hash_password(password),
                email_verified_at=utcnow())
    db.session.add(user)
    db.session.flush()
    return user


def accept_invitation(token, full_name, password, lang):
    """Create the invited person's account. Returns the user, or None if the link or address is unusable."""
    invitation = valid_invitation(token)
    if invitation is None or user_by_email(invitation.email) is not None:
        return None
    user = _join_from_invitation(invitation, full_name, password, lang)
    record("colleague_joined", user, actor=user, organisation_id=invitation.organisation_id)
    return user


# --- claiming an organisation staff recorded -------------------------------------------

class ClaimRefused(ValueError):
    """Why the contact cannot be invited to claim the organisation (a key the page turns into words)."""


def claim_refusal(organisation):
    """Why staff cannot invite ``organisation``'s contact to claim it now, or None.

    It needs a contact e-mail address, and no employer contact with an account
    (once claimed, its contacts invite colleagues themselves).
    """
    if not organisation.contact_email:
        return "no_email"
    has_contact = db.session.scalar(
        select(func.count(User.id)).where(User.organisation_id == organisation.id, User.role == Role.EMPLOYER,
                                          User.active.is_(True))
    )
    if has_contact:
        return "claimed"
    if user_by_email(organisation.contact_email) is not None:
        return "has_account"
    return None


def pending_claim(organisation):
    """The claim invitation still waiting to be used, or None."""
    return db.session.scalars(
        select(Invitation).where(Invitation.organisation_id == organisation.id, Invitation.purpose == "claim",
                                 Invitation.used_at.is_(None), Invitation.expires_at > utcnow())
        .order_by(Invitation.id.desc())
    ).first()


def invite_to_claim(organisation, staff):
    """E-mail the contact a single-use, expiring link to take the organisation over online.

    Uses the colleague invitations' tokens (purpose "claim"): the account made
    from it joins this organisation as its employer contact, so the organisation
    keeps its history and no second one is made. An earlier unused claim link
    stops working. Raises :class:`ClaimRefused`. Returns the raw token.
    """
    refusal = claim_refusal(organisation)
    if refusal:
        raise ClaimRefused(refusal)
    now = utcnow()
    db.session.execute(
        update(Invitation).where(Invitation.organisation_id == organisation.id, Invitation.purpose == "claim",
                                 Invitation.used_at.is_(None), Invitation.expires_at > now)
        .values(expires_at=now).execution_options(synchronize_session=False)
    )
    invitation, token = _new_invitation(organisation, staff, organisation.contact_email, Role.EMPLOYER, "claim")
    record("claim_invited", organisation, actor=staff, email=invitation.email)
    # The contact's own choice of language for e-mails, recorded by staff.
    lang = organisation.correspondence_language if organisation.correspondence_language in ("cy", "en") else "en"
    queue_email(invitation.email, "claim_invitation", lang, organisation=organisation.name,
                name=organisation.contact_name or "", reference=organisation.reference,
                partner=organisation.partner.name_in(lang) if organisation.partner else "",
                days=INVITATION_DAYS, link=external_url("organisations.accept_claim", lang, token=token))
    return token


def valid_claim(token):
    """The usable claim invitation for ``token``, or None."""
    return valid_invitation(token, purpose="claim")


def accept_claim(token, full_name, password, lang):
    """Create the contact's account as the organisation's employer contact. Returns the user, or None.

    Refused (None) if the link is unusable, the address has an account, or
    someone has claimed the organisation since.
    """
    invitation = valid_claim(token)
    if invitation is None or claim_refusal(invitation.organisation) is not None:
        return None
    user = _join_from_invitation(invitation, full_name, password, lang)
    organisation = invitation.organisation
    if not organisation.contact_name:
        organisation.contact_name = user.full_name
    record("organisation_claimed", organisation, actor=user, user_id=user.id, invitation_id=invitation.id)
    return user


def colleague_for(organisation, user_id):
    """A person of ``organisation`` by id, or None (ids of other organisations give None)."""
    return db.session.scalar(select(User).where(User.id == user_id, User.organisation_id == organisation.id))


def remove_colleague(organisation, colleague, by):
    """Remove a person from the organisation. The last employer contact cannot be removed.

    Returns False if removing would leave the organisation without a contact.
    """
    if colleague.role == Role.EMPLOYER:
        remaining = db.session.scalar(
            select(func.count(User.id)).where(
                User.organisation_id == organisation.id, User.role == Role.EMPLOYER, User.active.is_(True),
                User.id != colleague.id,
            )
        )
        if remaining == 0:
            return False
    colleague.active = False
    end_every_session(colleague)
    record("colleague_removed", colleague, actor=by, organisation_id=organisation.id, email=colleague.email)
    return True
