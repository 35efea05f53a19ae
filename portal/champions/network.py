"""The champions' network: noticeboard threads, replies, reports and moderation, search."""


from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from portal.audit.services import record
from portal.champions.directory import profile_for
from portal.champions.models import NetworkPost, NetworkThread, Notifications, PostReport
from portal.champions.text import like_pattern, normalise
from portal.email.services import external_url, queue_email, recipient_language
from portal.extensions import db
from portal.scoping import can_see, is_admin, partner_of, partner_scope
from portal.security import Role
from portal.timeutil import utcnow

THREADS_PER_PAGE = 20


class NetworkError(Exception):
    """A network action that is not allowed (e.g. replying to a locked thread)."""


# Who takes part in the champions' network of a partner area.
NETWORK_ROLES = frozenset({Role.CHAMPION, Role.STAFF, Role.ADMIN})


def network_partner_id(user, requested=None):
    """The partner area whose noticeboard ``user`` sees (admins may choose any)."""
    if is_admin(user):
        return requested
    if user.role in NETWORK_ROLES:
        return partner_of(user)
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
    if user.role not in NETWORK_ROLES or not can_see(user, thread):
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
        if profile.notifications == Notifications.REPLIES:
            lang = recipient_language(author)
            queue_email(author.email, "network_reply", lang, name=author.full_name,
                        thread_title=thread.title, replier=user.full_name,
                        link=external_url("champions.thread", lang, thread_id=thread.id))
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
        .where(partner_scope(user, NetworkThread.partner_id))
        .limit(200)
    )
    return db.session.scalars(query).unique().all()


def report_for(user, report_id):
    report = db.session.get(PostReport, report_id)
    if report is None or post_for(user, report.post_id) is None:
        return None
    return report


def search_posts(user, query, limit=50):
    """Visible posts in the user's network area whose thread title or body match ``query``."""
    if user.role not in NETWORK_ROLES:
        return []
    pattern = like_pattern(query)
    statement = (
        select(NetworkPost)
        .join(NetworkThread, NetworkPost.thread_id == NetworkThread.id)
        .where(or_(NetworkPost.search_text.like(pattern, escape="\\"),
                   NetworkThread.search_text.like(pattern, escape="\\")))
        .options(joinedload(NetworkPost.thread), joinedload(NetworkPost.author))
        .order_by(NetworkPost.created_at.desc())
        .where(partner_scope(user, NetworkThread.partner_id))
        .limit(limit)
    )
    if not user.is_staff:
        statement = statement.where(NetworkPost.hidden.is_(False), NetworkThread.hidden.is_(False))
    return db.session.scalars(statement).all()
