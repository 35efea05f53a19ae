"""Queueing e-mail in the recipient's language."""

import re
import unicodedata

from flask import current_app, url_for
from flask_babel import force_locale
from sqlalchemy import func, select

from portal.email.models import OutboxMessage, OutboxStatus
from portal.extensions import db
from portal.i18n import BABEL_LOCALES
from portal.timeutil import utcnow


def external_url(endpoint, lang, **values):
    """An absolute link to ``endpoint`` in ``lang``, usable outside a request."""
    base = current_app.config["SERVICE_BASE_URL"]
    with current_app.test_request_context("/", base_url=base):
        return url_for(endpoint, lang=lang, _external=True, **values)


# Runs of whitespace, including what control characters were turned into.
WHITESPACE = re.compile(r"\s+")


def header_value(text):
    """``text`` made safe for one e-mail header line.

    Thread titles, event titles and people's names reach the Subject line. A
    CR or LF there could inject headers (Python's email package refuses it,
    which used to stop the whole outbox), so every control character and
    line or paragraph separator becomes a space and runs of spaces shrink to one.
    """
    cleaned = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in text or "")
    return WHITESPACE.sub(" ", cleaned).strip()


def render_email(template, lang, **context):
    """Render ``email/<template>.txt`` in ``lang``; returns (subject, body)."""
    with force_locale(BABEL_LOCALES[lang]):
        jinja_template = current_app.jinja_env.get_template(f"email/{template}.txt")
        ctx = jinja_template.new_context({**context, "lang": lang, "email_lang": lang})
        subject = "".join(jinja_template.blocks["subject"](ctx)).strip()
        body = "".join(jinja_template.blocks["body"](ctx)).strip() + "\n"
    return subject, body


def recipient_language(person=None, organisation=None):
    """The language to write to someone in: "cy" or "en".

    A person's own saved language first; else their organisation's
    correspondence language (the paperwork preference asked at registration);
    else English. Mail that is the organisation's correspondence (decisions,
    bookings, visits) passes only the organisation.
    """
    for lang in (getattr(person, "language", None), getattr(organisation, "correspondence_language", None)):
        if lang in BABEL_LOCALES:
            return lang
    return "en"


def queue_email(to_address, template, lang, attachments=None, **context):
    """Add a message to the outbox, in the caller's transaction.

    Nothing is sent here: the message goes out only if the change that caused
    it commits, and the sender delivers it even if the mail server is down now.
    """
    if lang not in BABEL_LOCALES:
        lang = "en"
    subject, body = render_email(template, lang, **context)
    message = OutboxMessage(
        to_address=header_value(to_address),
        subject=header_value(subject),
        body_text=body,
        language=lang,
        template=template,
        attachments=attachments or [],
    )
    db.session.add(message)
    return message


def failed_messages(limit=100):
    """Messages that need an administrator's attention, newest first."""
    return db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.status.in_([OutboxStatus.FAILED, OutboxStatus.SENDING]))
        .order_by(OutboxMessage.created_at.desc())
        .limit(limit)
    ).all()


def outbox_counts():
    """{status: count} over the whole outbox."""
    rows = db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status))
    return dict(rows.all())


def retry_message(message_id):
    """Put a failed or interrupted message back in the queue."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.status not in (OutboxStatus.FAILED, OutboxStatus.SENDING):
        return None
    message.status = OutboxStatus.PENDING
    message.attempts = 0
    message.claimed_at = None

    message.next_attempt_at = utcnow()
    return message
