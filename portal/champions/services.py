"""Champion training records, certificates, the network and refresher reminders."""

import calendar
import secrets
from datetime import date, timedelta

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import joinedload

from portal.accounts.models import User
from portal.audit.services import record
from portal.champions.models import (
    NOTIFY_DIGEST,
    NOTIFY_REPLIES,
    ChampionProfile,
    ChampionSettings,
    ChampionTraining,
    DigestDelivery,
    NetworkPost,
    NetworkThread,
    PostReport,
    RefresherReminder,
)
from portal.champions.text import like_pattern, normalise
from portal.email.services import external_url, queue_email
from portal.extensions import db
from portal.organisations.models import Organisation
from portal.security import Role, in_scope
from portal.timeutil import LONDON, utcnow

DEFAULT_VALIDITY_MONTHS = 36
REMINDER_MONTHS = (6, 3)
# Unambiguous characters: no 0/O or 1/I/L for codes read off paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
THREADS_PER_PAGE = 20


class NetworkError(Exception):
    """A network action that is not allowed (e.g. replying to a locked thread)."""


# --- dates -------------------------------------------------------------------

def add_months(day, months):
    """``day`` moved by ``months`` calendar months, clamped to the month's end."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def london_today():
    return utcnow().astimezone(LONDON).date()


# --- settings ----------------------------------------------------------------

def settings():
    """The settings row, created with defaults the first time."""
    row = db.session.scalar(select(ChampionSettings).order_by(ChampionSettings.id).limit(1))
    if row is None:
        row = ChampionSettings(validity_months=DEFAULT_VALIDITY_MONTHS)
        db.session.add(row)
        db.session.flush()
    return row


def validity_months():
    row = db.session.scalar(select(ChampionSettings.validity_months).order_by(ChampionSettings.id).limit(1))
    return row or DEFAULT_VALIDITY_MONTHS


def set_validity_months(months):
    """Change the validity period; every certificate's expiry follows it."""
    row = settings()
    before = row.validity_months
    if before == months:
        return row
    row.validity_months = months
    row.updated_at = utcnow()
    for training in db.session.scalars(select(ChampionTraining)):
        training.valid_until = add_months(training.completed_at.astimezone(LONDON).date(), months)
    record("champion_validity_changed", row, before=before, after=months)
    return row


# --- training records --------------------------------------------------------

def new_certificate_code():
    """An unguessable code such as ``K7QM-3XPA-9TRW-D4HN`` (80 bits)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(16))
    return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


def clean_code(code):
    """A typed code in its stored form: upper case, hyphenated, spaces ignored."""
    raw = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    if len(raw) != 16:
        return None
    return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


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
    email = email.strip().lower()
    user = db.session.scalar(select(User).where(func.lower(User.email) == email))
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
    return or_(ChampionTraining.user_id == user.id, ChampionTraining.email == user.email.lower())


def trainings_for(user):
    """The user's training records, newest first (matched by account or e-mail)."""
    return db.session.scalars(
        select(ChampionTraining).where(_for_user(user)).order_by(ChampionTraining.completed_at.desc())
    ).all()


def status_of(trainings, today=None):
    """``{"valid_until", "lapsed", "lapsing"}`` from a champion's records (None when untrained)."""
    if not trainings:
        return None
    today = today or london_today()
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
    elif user.role == Role.EMPLOYER:
        query = query.where(in_scope(ChampionTraining.organisation_id, user.organisation_id))
    elif user.role == Role.STAFF:
        query = query.join(Organisation, ChampionTraining.organisation_id == Organisation.id).where(
            in_scope(Organisation.partner_id, user.partner_id))
    return db.session.scalar(query)


def verify_certificate(code):
    """The certificate with ``code`` (any form of typing), or None."""
    code = clean_code(code)
    if code is None:
        return None
    return db.session.scalar(select(ChampionTraining).where(ChampionTraining.certificate_code == code))


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


# --- profile and directory ---------------------------------------------------

def profile_for(user):
    """The champion's profile (unsaved defaults if they have not chosen yet)."""
    profile = db.session.get(ChampionProfile, user.id)
    return profile or ChampionProfile(user_id=user.id, notifications=NOTIFY_REPLIES, listed=False,
                                      speaks_welsh=False)


def save_profile(user, notifications, listed, speaks_welsh):
    profile = db.session.get(ChampionProfile, user.id)
    if profile is None:
        profile = ChampionProfile(user_id=user.id)
        db.session.add(profile)
    profile.notifications = notifications
    profile.listed = listed
    profile.speaks_welsh = speaks_welsh
    profile.updated_at = utcnow()
    return profile


def directory(local_authority_id=None, partner_id=None, sector_id=None, welsh=False, limit=200):
    """Champions who chose to be listed, filtered; name order."""
    query = (
        select(ChampionProfile)
        .join(User, ChampionProfile.user_id == User.id)
        .join(Organisation, User.organisation_id == Organisation.id)
        .where(ChampionProfile.listed.is_(True), User.active.is_(True), User.role == Role.CHAMPION)
        .options(joinedload(ChampionProfile.user).joinedload(User.organisation).joinedload(Organisation.sector),
                 joinedload(ChampionProfile.user).joinedload(User.organisation)
                 .joinedload(Organisation.local_authority))
        .order_by(User.full_name)
        .limit(limit)
    )
    if local_authority_id:
        query = query.where(Organisation.local_authority_id == local_authority_id)
    if partner_id:
        query = query.where(Organisation.partner_id == partner_id)
    if sector_id:
        query = query.where(Organisation.sector_id == sector_id)
    if welsh:
        query = query.where(ChampionProfile.speaks_welsh.is_(True))
    return db.session.scalars(query).unique().all()


# --- network -----------------------------------------------------------------

def network_partner_id(user, requested=None):
    """The partner area whose noticeboard ``user`` sees (admins may choose any)."""
    if user.role == Role.ADMIN:
        return requested
    if user.role == Role.STAFF:
        return user.partner_id
    if user.role == Role.CHAMPION and user.organisation is not None:
        return user.organisation.partner_id
    return None


def threads_page(partner_id, include_hidden=False, page=1):
    """One page of threads, latest activity first, with visible reply counts; and the total."""
    visible_posts = select(NetworkPost.thread_id, func.count(NetworkPost.id).label("posts")).group_by(
        NetworkPost.thread_id)
    if not include_hidden:
        visible_posts = visible_posts.where(NetworkPost.hidden.is_(False))
    counts = visible_posts.subquery()
    where = [NetworkThread.partner_id == partner_id]
    if not include_hidden:
        where.append(NetworkThread.hidden.is_(False))
    total = db.session.scalar(select(func.count(NetworkThread.id)).where(*where))
    rows = db.session.execute(
        select(NetworkThread, func.coalesce(counts.c.posts, 0))
        .outerjoin(counts, counts.c.thread_id == NetworkThread.id)
        .where(*where)
        .options(joinedload(NetworkThread.author))
        .order_by(NetworkThread.last_post_at.desc(), NetworkThread.id.desc())
        .limit(THREADS_PER_PAGE)
        .offset((page - 1) * THREADS_PER_PAGE)
    ).all()
    return [{"thread": t, "replies": max(n - 1, 0)} for t, n in rows], total


def thread_for(user, thread_id):
    """The thread if ``user`` may see it (their area; hidden ones for staff only), else None."""
    thread = db.session.get(NetworkThread, thread_id)
    if thread is None:
        return None
    if user.role != Role.ADMIN and thread.partner_id != network_partner_id(user):
        return None
    if thread.hidden and not user.is_staff:
        return None
    return thread


def thread_posts(thread, include_hidden=False):
    query = select(NetworkPost).where(NetworkPost.thread_id == thread.id).options(joinedload(NetworkPost.author))
    if not include_hidden:
        query = query.where(NetworkPost.hidden.is_(False))
    return db.session.scalars(query.order_by(NetworkPost.id)).all()


def post_for(user, post_id):
    """A post ``user`` may see, else None."""
    post = db.session.get(NetworkPost, post_id)
    if post is None or thread_for(user, post.thread_id) is None:
        return None
    if post.hidden and not user.is_staff:
        return None
    return post


def create_thread(user, partner_id, title, body):
    """Open a thread in ``partner_id``'s area with its first post."""
    now = utcnow()
    thread = NetworkThread(partner_id=partner_id, author_id=user.id, title=title.strip(),
                           search_text=normalise(title), created_at=now, last_post_at=now)
    db.session.add(thread)
    db.session.flush()
    db.session.add(NetworkPost(thread_id=thread.id, author_id=user.id, body=body.strip(),
                               search_text=normalise(body), created_at=now))
    db.session.flush()
    return thread


def add_reply(user, thread, body):
    """Reply to ``thread``; tells the thread's author if they asked to hear about replies."""
    if thread.locked:
        raise NetworkError("locked")
    now = utcnow()
    post = NetworkPost(thread_id=thread.id, author_id=user.id, body=body.strip(), search_text=normalise(body),
                       created_at=now)
    db.session.add(post)
    thread.last_post_at = now
    db.session.flush()
    author = thread.author
    if author is not None and author.id != user.id and author.active:
        profile = profile_for(author)
        if profile.notifications == NOTIFY_REPLIES:
            queue_email(author.email, "network_reply", author.language, name=author.full_name,
                        thread_title=thread.title, replier=user.full_name,
                        link=external_url("champions.thread", author.language, thread_id=thread.id))
    return post


def report_post(user, post, reason):
    report = PostReport(post_id=post.id, reporter_id=user.id, reason=(reason or "").strip())
    db.session.add(report)
    db.session.flush()
    return report


def moderate_post(post, action):
    """Hide or restore a post (staff); audited. Hiding resolves open reports on it."""
    post.hidden = action == "hide"
    if post.hidden:
        for report in db.session.scalars(select(PostReport).where(PostReport.post_id == post.id,
                                                                  PostReport.resolved_at.is_(None))):
            report.resolved_at = utcnow()
    record(f"network_post_{'hidden' if post.hidden else 'restored'}", post, thread_id=post.thread_id)


def moderate_thread(thread, action):
    """Hide, restore, lock or unlock a thread (staff); audited."""
    if action in ("hide", "restore"):
        thread.hidden = action == "hide"
    elif action in ("lock", "unlock"):
        thread.locked = action == "lock"
    else:
        raise ValueError(action)
    record(f"network_thread_{action}", thread, partner_id=thread.partner_id)


def dismiss_report(report):
    report.resolved_at = utcnow()
    record("network_report_dismissed", report, post_id=report.post_id)


def open_reports(user):
    """Unresolved reports in the staff member's area (all for admins)."""
    query = (
        select(PostReport)
        .join(NetworkPost, PostReport.post_id == NetworkPost.id)
        .join(NetworkThread, NetworkPost.thread_id == NetworkThread.id)
        .where(PostReport.resolved_at.is_(None))
        .options(joinedload(PostReport.post).joinedload(NetworkPost.thread), joinedload(PostReport.reporter),
                 joinedload(PostReport.post).joinedload(NetworkPost.author))
        .order_by(PostReport.created_at)
        .limit(200)
    )
    if user.role != Role.ADMIN:
        query = query.where(in_scope(NetworkThread.partner_id, user.partner_id))
    return db.session.scalars(query).unique().all()


def report_for(user, report_id):
    report = db.session.get(PostReport, report_id)
    if report is None or post_for(user, report.post_id) is None:
        return None
    return report


def search_posts(user, query, limit=50):
    """Visible posts in the user's network area whose thread title or body match ``query``."""
    if user.role not in (Role.CHAMPION, Role.STAFF, Role.ADMIN):
        return []
    pattern = like_pattern(query)
    statement = (
        select(NetworkPost)
        .join(NetworkThread, NetworkPost.thread_id == NetworkThread.id)
        .where(or_(NetworkPost.search_text.like(pattern, escape="\\"),
                   NetworkThread.search_text.like(pattern, escape="\\")))
        .options(joinedload(NetworkPost.thread), joinedload(NetworkPost.author))
        .order_by(NetworkPost.created_at.desc())
        .limit(limit)
    )
    if user.role != Role.ADMIN:
        statement = statement.where(NetworkThread.partner_id == network_partner_id(user))
    if not user.is_staff:
        statement = statement.where(NetworkPost.hidden.is_(False), NetworkThread.hidden.is_(False))
    return db.session.scalars(statement).all()


# --- scheduled e-mail --------------------------------------------------------

def _employer_contacts(organisation_id):
    if organisation_id is None:
        return []
    return db.session.scalars(
        select(User).where(User.organisation_id == organisation_id, User.role == Role.EMPLOYER,
                           User.active.is_(True))
    ).all()


def send_refresher_reminders(today=None):
    """Remind champions (and their employer contacts) six and three months before training lapses.

    Only each person's latest certificate counts (a refresher replaces it). Each
    stage is sent once per certificate; running again the same day sends nothing.
    Returns the number of reminders recorded.
    """
    today = today or london_today()
    latest = {}
    for training in db.session.scalars(select(ChampionTraining).options(joinedload(ChampionTraining.organisation))):
        current = latest.get(training.email)
        if current is None or training.valid_until > current.valid_until:
            latest[training.email] = training
    sent_stages = set(db.session.execute(select(RefresherReminder.training_id, RefresherReminder.months_before)))
    count = 0
    for training in latest.values():
        if training.valid_until < today:
            continue
        due = [m for m in REMINDER_MONTHS if add_months(training.valid_until, -m) <= today]
        if not due or (training.id, min(due)) in sent_stages:
            continue
        stage = min(due)
        # Earlier stages that were missed are marked too, so they never arrive late.
        for months in due:
            if (training.id, months) not in sent_stages:
                db.session.add(RefresherReminder(training_id=training.id, months_before=months))
        champion = training.user or db.session.scalar(select(User).where(func.lower(User.email) == training.email))
        lang = champion.language if champion else (
            training.organisation.correspondence_language if training.organisation else "cy")
        queue_email(training.email, "refresher_reminder", lang, name=training.name,
                    course_en=training.course_title_en, course_cy=training.course_title_cy,
                    valid_until=training.valid_until, months=stage)
        for contact in _employer_contacts(training.organisation_id):
            contact_lang = (training.organisation.correspondence_language if training.organisation
                            else contact.language)
            queue_email(contact.email, "refresher_reminder_employer", contact_lang, name=contact.full_name,
                        champion=training.name, course_en=training.course_title_en,
                        course_cy=training.course_title_cy, valid_until=training.valid_until, months=stage)
        count += 1
    db.session.flush()
    return count


def week_start(day):
    return day - timedelta(days=day.weekday())


def send_digests(now=None):
    """Send this week's digest to champions who chose it, once per champion per week.

    The digest lists the seven days' visible threads and replies before ``now``
    in the champion's area, in their correspondence language. Returns the number sent.
    """
    now = now or utcnow()
    monday = week_start(now.astimezone(LONDON).date())
    since = now - timedelta(days=7)
    already = set(db.session.scalars(select(DigestDelivery.user_id).where(DigestDelivery.week_start == monday)))
    champions = db.session.scalars(
        select(User)
        .join(ChampionProfile, ChampionProfile.user_id == User.id)
        .where(ChampionProfile.notifications == NOTIFY_DIGEST, User.active.is_(True), User.role == Role.CHAMPION)
        .options(joinedload(User.organisation))
    ).all()
    by_partner = {}
    sent = 0
    for champion in champions:
        if champion.id in already:
            continue
        partner_id = champion.organisation.partner_id if champion.organisation else None
        if partner_id not in by_partner:
            by_partner[partner_id] = db.session.execute(
                select(NetworkThread, func.count(NetworkPost.id))
                .join(NetworkPost, NetworkPost.thread_id == NetworkThread.id)
                .where(NetworkThread.partner_id == partner_id, NetworkThread.hidden.is_(False),
                       NetworkPost.hidden.is_(False), NetworkPost.created_at >= since)
                .group_by(NetworkThread.id)
                .order_by(NetworkThread.last_post_at.desc())
                .limit(30)
            ).all()
        db.session.add(DigestDelivery(user_id=champion.id, week_start=monday))
        activity = by_partner[partner_id]
        if not activity:
            continue
        lang = champion.language
        items = [{"title": t.title, "posts": n, "link": external_url("champions.thread", lang, thread_id=t.id)}
                 for t, n in activity]
        queue_email(champion.email, "network_digest", lang, name=champion.full_name, items=items,
                    link=external_url("champions.noticeboard", lang))
        sent += 1
    db.session.flush()
    return sent



def organisation_for_staff(user, reference):
    """The organisation with ``reference`` if ``user`` (staff of a partner, or an administrator) may act for it."""
    statement = select(Organisation).where(Organisation.reference == reference.strip().upper())
    if user.role != Role.ADMIN:
        statement = statement.where(in_scope(Organisation.partner_id, user.partner_id))
    return db.session.scalar(statement)
