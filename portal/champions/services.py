"""Champion training records and certificates.

The rest of the champions hub lives beside this module: ``validity`` (how
long training is valid), ``directory`` (profiles), ``network`` (the
noticeboard) and ``reminders`` (scheduled e-mail). Their public names are
re-exported here (``import x as x``) for the routes, commands and tests.
"""

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import joinedload

from portal.accounts.models import User
from portal.certificate_codes import CODE_ALPHABET as CODE_ALPHABET
from portal.certificate_codes import clean_code
from portal.certificate_codes import new_certificate_code as new_certificate_code
from portal.champions.directory import directory as directory
from portal.champions.directory import profile_for as profile_for
from portal.champions.directory import save_profile as save_profile
from portal.champions.models import (
    ChampionTraining,
)
from portal.champions.network import NETWORK_ROLES as NETWORK_ROLES
from portal.champions.network import THREADS_PER_PAGE as THREADS_PER_PAGE
from portal.champions.network import NetworkError as NetworkError
from portal.champions.network import add_reply as add_reply
from portal.champions.network import create_thread as create_thread
from portal.champions.network import dismiss_report as dismiss_report
from portal.champions.network import moderate_post as moderate_post
from portal.champions.network import moderate_thread as moderate_thread
from portal.champions.network import network_partner_id as network_partner_id
from portal.champions.network import open_reports as open_reports
from portal.champions.network import post_for as post_for
from portal.champions.network import report_for as report_for
from portal.champions.network import report_post as report_post
from portal.champions.network import search_posts as search_posts
from portal.champions.network import thread_for as thread_for
from portal.champions.network import thread_posts as thread_posts
from portal.champions.network import threads_page as threads_page
from portal.champions.reminders import send_digests as send_digests
from portal.champions.reminders import send_refresher_reminders as send_refresher_reminders
from portal.champions.reminders import week_start as week_start
from portal.champions.validity import DEFAULT_VALIDITY_MONTHS as DEFAULT_VALIDITY_MONTHS
from portal.champions.validity import REMINDER_MONTHS, validity_months
from portal.champions.validity import set_validity_months as set_validity_months
from portal.champions.validity import settings as settings
from portal.email.addresses import email_matches, normalise_email
from portal.extensions import db
from portal.organisations.models import Organisation
from portal.scoping import in_scope, organisation_scope, visible_organisations
from portal.security import Role
from portal.timeutil import LONDON, today_in_wales, utcnow
from portal.timeutil import add_months as add_months

# --- training records --------------------------------------------------------

def record_training_completion(*, email, name, organisation, course_title_en, course_title_cy, completed_at,
                               source):
    """Record that ``email`` completed a champion course; idempotent per ``source``.

    ``source`` is ``(source_type, source_id)``, e.g. ``("booking", 42)``; calling
    again with the same source returns the existing record unchanged. The record
    is linked to the champion's account by e-mail (case-insensitive) if one exists,
    and found by e-mail when the account is created later.
    """
    source_type, source_id = source[0], str(source[1])
    existing = db.session.scalar(
        select(ChampionTraining).where(ChampionTraining.source_type == source_type,
                                       ChampionTraining.source_id == source_id)
    )
    if existing is not None:
        return existing
    email = normalise_email(email)
    user = db.session.scalar(select(User).where(email_matches(User.email, email)))
    organisation_id = organisation.id if isinstance(organisation, Organisation) else organisation
    if organisation_id is None and user is not None:
        organisation_id = user.organisation_id
    training = ChampionTraining(
        user_id=user.id if user else None,
        email=email,
        name=name.strip(),
        organisation_id=organisation_id,
        course_title_en=course_title_en,
        course_title_cy=course_title_cy,
        completed_at=completed_at,
        valid_until=add_months(completed_at.astimezone(LONDON).date(), validity_months()),
        certificate_code=new_certificate_code(),
        source_type=source_type,
        source_id=source_id,
    )
    db.session.add(training)
    db.session.flush()
    return training


def withdraw_training_completion(source):
    """Remove the record made from ``source`` (attendance corrected); its certificate stops verifying."""
    db.session.execute(
        delete(ChampionTraining).where(ChampionTraining.source_type == source[0],
                                       ChampionTraining.source_id == str(source[1]))
    )


def _for_user(user):
    return or_(ChampionTraining.user_id == user.id, email_matches(ChampionTraining.email, user.email))


def trainings_for(user):
    """The user's training records, newest first (matched by account or e-mail)."""
    return db.session.scalars(
        select(ChampionTraining).where(_for_user(user)).order_by(ChampionTraining.completed_at.desc())
    ).all()


def status_of(trainings, today=None):
    """``{"valid_until", "lapsed", "lapsing"}`` from a champion's records (None when untrained)."""
    if not trainings:
        return None
    today = today or today_in_wales()
    valid_until = max(t.valid_until for t in trainings)
    return {
        "valid_until": valid_until,
        "lapsed": valid_until < today,
        "lapsing": today <= valid_until <= add_months(today, REMINDER_MONTHS[0]),
    }


def certificate_for(user, code):
    """A certificate ``user`` may see: their own, their partner's (staff) or any (admin)."""
    query = select(ChampionTraining).where(ChampionTraining.certificate_code == code)
    if user.role == Role.CHAMPION:
        query = query.where(_for_user(user))
    else:
        query = query.where(organisation_scope(user, ChampionTraining.organisation_id))
    return db.session.scalar(query)


def verify_certificate(code, now=None):
    """The certificate with ``code`` (any form of typing), or None.

    A certificate dated in the future (a course marked attended before it
    ended) is not confirmed: the public check must never vouch for training
    that has not yet happened.
    """
    code = clean_code(code)
    if code is None:
        return None
    return db.session.scalar(select(ChampionTraining).where(
        ChampionTraining.certificate_code == code, ChampionTraining.completed_at <= (now or utcnow())))


def champions_with_status(*, organisation_id=None, partner_id=None, today=None):
    """Champions of an organisation or of a partner's area, each with their training and status.

    Exactly one of ``organisation_id`` and ``partner_id`` is the scope; a scope
    of None (an employer still registering, staff without a partner) lists no
    one, never everyone. Champion accounts come first; people trained for the
    organisation who have no account yet are listed too, by the name and
    e-mail on their records.
    """
    query = select(User).where(User.role == Role.CHAMPION).options(joinedload(User.organisation))
    trained = select(ChampionTraining).options(joinedload(ChampionTraining.organisation))
    if partner_id is None:
        query = query.where(in_scope(User.organisation_id, organisation_id))
        trained = trained.where(in_scope(ChampionTraining.organisation_id, organisation_id))
    else:
        query = query.join(Organisation, User.organisation_id == Organisation.id).where(
            Organisation.partner_id == partner_id)
        trained = trained.join(Organisation, ChampionTraining.organisation_id == Organisation.id).where(
            Organisation.partner_id == partner_id)
    users = db.session.scalars(query.order_by(User.full_name)).unique().all()
    emails = [u.email.lower() for u in users]
    trainings = _trainings_in_scope(trained, users, emails)
    rows = []
    seen = set()
    for user in users:
        own = [t for t in trainings if t.user_id == user.id or t.email == user.email.lower()]
        seen.update(t.id for t in own)
        rows.append({"name": user.full_name, "email": user.email, "organisation": user.organisation,
                     "trainings": own, "status": status_of(own, today), "has_account": True})
    without_account = {}
    for training in trainings:
        if training.id not in seen:
            without_account.setdefault(training.email, []).append(training)
    for email, own in sorted(without_account.items(), key=lambda item: item[1][0].name.casefold()):
        rows.append({"name": own[0].name, "email": email, "organisation": own[0].organisation,
                     "trainings": own, "status": status_of(own, today), "has_account": False})
    return rows


def _trainings_in_scope(trained, users, emails):
    """Training records in the organisation or area, plus any of the listed champions' own."""
    records = {t.id: t for t in db.session.scalars(trained).unique()}
    if users:
        for training in db.session.scalars(
            select(ChampionTraining).where(or_(ChampionTraining.user_id.in_([u.id for u in users]),
                                               ChampionTraining.email.in_(emails)))
            .options(joinedload(ChampionTraining.organisation))
        ):
            records.setdefault(training.id, training)
    return sorted(records.values(), key=lambda t: t.completed_at, reverse=True)


def organisation_for_staff(user, reference):
    """The organisation with ``reference`` if ``user`` (staff of a partner, or an administrator) may act for it."""
    return db.session.scalar(select(Organisation).where(
        Organisation.reference == reference.strip().upper(), visible_organisations(user)))
