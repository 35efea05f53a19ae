"""Delivering the outbox over SMTP, with retries and backoff.

A message is claimed with a conditional update before it is sent, so two
workers never send the same message; it is marked sent straight after the
server accepts it. A worker that dies between the two leaves the message
"sending": it is never retried automatically (that could send it twice) and
administrators see it with the failures.

Whatever goes wrong with one message is that message's failure, never the
worker's: a connection or server error is retried with backoff; any other
error (a message that cannot be built, say) cannot succeed on a retry, so the
message is marked failed at once, with the error, for administrators to see.
Either way the worker goes on to the next message.
"""

import contextlib
import logging
import smtplib
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app
from sqlalchemy import select, update

from portal.email.models import OutboxMessage, OutboxStatus
from portal.extensions import db
from portal.timeutil import utcnow

log = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=30)


def backoff(attempts):
    """Wait before the next attempt: 1, 2, 4 … minutes, at most six hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def build_message(message):
    config = current_app.config
    email = EmailMessage()
    email["From"] = config["MAIL_SENDER"]
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(idstring=f"outbox-{message.id}", domain="healthyworking.wales")
    email.set_content(message.body_text)
    for attachment in message.attachments or []:
        maintype, subtype = attachment["content_type"].split("/", 1)
        email.add_attachment(
            attachment["content"].encode("utf-8"),
            maintype=maintype,
            subtype=subtype,
            filename=attachment["filename"],
        )
    # Set last: set_content and add_attachment move Content-* headers into parts.
    email["Content-Language"] = message.language
    return email


def _smtp():
    config = current_app.config
    smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT_SECONDS"])
    if config["MAIL_USE_TLS"]:
        smtp.starttls()
    if config["MAIL_USERNAME"]:
        smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
    return smtp


def _claim(message_id):
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.SENDING, claimed_at=utcnow())
    )
    db.session.commit()
    return result.rowcount == 1


def deliver_pending(limit=100):
    """Send up to ``limit`` due messages. Returns a dict of counts."""
    now = utcnow()
    counts = {"sent": 0, "retry": 0, "failed": 0}
    due = db.session.scalars(
        select(OutboxMessage.id)
        .where(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    ).all()
    db.session.commit()
    smtp = None
    try:
        for message_id in due:
            if not _claim(message_id):
                continue
            message = db.session.get(OutboxMessage, message_id)
            try:
                email = build_message(message)
                if smtp is None:
                    smtp = _smtp()
                smtp.send_message(email)
            except Exception as exc:  # noqa: BLE001 - one message's failure must not stop the others
                # The connection may be mid-transaction after an error: start afresh for the next message.
                smtp = _close(smtp)
                message.attempts += 1
                message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                message.claimed_at = None
                transient = isinstance(exc, (OSError, smtplib.SMTPException))
                if not transient or message.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
                    message.status = OutboxStatus.FAILED
                    counts["failed"] += 1
                    log.error("email %s failed for good: %s", message.id, message.last_error)
                else:
                    message.status = OutboxStatus.PENDING
                    message.next_attempt_at = utcnow() + backoff(message.attempts)
                    counts["retry"] += 1
                    log.warning("email %s will be retried: %s", message.id, message.last_error)
            else:
                message.status = OutboxStatus.SENT
                message.sent_at = utcnow()
                message.attempts += 1
                message.last_error = None
                counts["sent"] += 1
            db.session.commit()
    finally:
        _close(smtp)
    return counts


def _close(smtp):
    if smtp is not None:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            smtp.quit()
    return


def mark_stale_sending():
    """Flag messages left "sending" by a dead worker so administrators see them."""
    cutoff = utcnow() - STALE_AFTER
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.claimed_at < cutoff)
        .values(status=OutboxStatus.FAILED, last_error="Interrupted while sending: check before retrying")
    )
    db.session.commit()
    return result.rowcount
