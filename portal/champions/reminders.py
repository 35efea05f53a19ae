"""Scheduled e-mail: refresher reminders before training lapses, and the weekly network digest."""

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from portal.accounts.models import User
from portal.champions.models import (
    ChampionProfile,
    ChampionTraining,
    DigestDelivery,
    NetworkPost,
    NetworkThread,
    Notifications,
    RefresherReminder,
)
from portal.champions.validity import REMINDER_MONTHS
from portal.email.addresses import email_matches
from portal.email.services import external_url, queue_email, recipient_language
from portal.extensions import db
from portal.security import Role
from portal.timeutil import LONDON, add_months, today_in_wales, utcnow


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
    today = today or today_in_wales()
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
        champion = training.user or db.session.scalar(select(User).where(email_matches(User.email, training.email)))
        lang = recipient_language(champion, training.organisation)
        queue_email(training.email, "refresher_reminder", lang, name=training.name,
                    course_en=training.course_title_en, course_cy=training.course_title_cy,
                    valid_until=training.valid_until, months=stage)
        for contact in _employer_contacts(training.organisation_id):
            queue_email(contact.email, "refresher_reminder_employer",
                        recipient_language(organisation=training.organisation), name=contact.full_name,
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
        .where(ChampionProfile.notifications == Notifications.DIGEST, User.active.is_(True), User.role == Role.CHAMPION)
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
