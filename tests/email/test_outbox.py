"""The outbox and its sender, against a real SMTP server on this machine."""

import email
import socket
from datetime import timedelta
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select, update

from portal.cli import send_email_command
from portal.email.models import OutboxMessage, OutboxStatus
from portal.email.sender import deliver_pending, mark_stale_sending
from portal.email.services import header_value, queue_email
from portal.extensions import db
from portal.security import Role
from portal.timeutil import utcnow
from tests import factories


class Inbox:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(email.message_from_bytes(envelope.content, policy=default_policy))
        return "250 Message accepted"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(app):
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    old = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = port
    yield inbox
    controller.stop()
    app.config["MAIL_PORT"] = old


def _queue(lang="cy", to="eleri@example.com"):
    message = queue_email(to, "password_reset", lang, name="Eleri", link="http://portal.test/x", hours=2)
    db.session.commit()
    return message


def test_message_is_delivered_in_the_recipients_language(smtp):
    _queue("cy")
    counts = deliver_pending()
    assert counts["sent"] == 1
    [received] = smtp.messages
    assert received["To"] == "eleri@example.com"
    assert received["Subject"] == "Ailosod eich cyfrinair Cymru Iach ar Waith"
    assert received["Content-Language"] == "cy"
    assert "Helo Eleri," in received.get_content()
    assert db.session.scalar(select(OutboxMessage.status)) == OutboxStatus.SENT


def test_english_recipient_gets_english(smtp):
    _queue("en")
    deliver_pending()
    assert smtp.messages[0]["Subject"] == "Reset your Healthy Working Wales password"


def test_second_run_sends_nothing_again(smtp):
    _queue()
    deliver_pending()
    counts = deliver_pending()
    assert counts == {"sent": 0, "retry": 0, "failed": 0}
    assert len(smtp.messages) == 1


def test_retry_after_the_server_was_down(app, smtp):
    message = _queue()
    working_port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = free_port()  # nothing listens here: the server is down
    counts = deliver_pending()
    assert counts == {"sent": 0, "retry": 1, "failed": 0}
    db.session.refresh(message)
    assert message.status == OutboxStatus.PENDING
    assert message.attempts == 1
    assert message.last_error
    assert message.next_attempt_at > utcnow()
    # Backoff: not retried before it is due, even with the server back.
    app.config["MAIL_PORT"] = working_port
    assert deliver_pending()["sent"] == 0
    message.next_attempt_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert deliver_pending()["sent"] == 1
    assert len(smtp.messages) == 1
    db.session.refresh(message)
    assert message.status == OutboxStatus.SENT
    assert message.attempts == 2


def test_gives_up_after_the_last_attempt_and_shows_administrators(app, sign_in):
    message = _queue()
    app.config["MAIL_PORT"] = free_port()
    try:
        for _ in range(app.config["MAIL_MAX_ATTEMPTS"]):
            message.next_attempt_at = utcnow() - timedelta(seconds=1)
            db.session.commit()
            deliver_pending()
            db.session.refresh(message)
    finally:
        app.config["MAIL_PORT"] = 0
    assert message.status == OutboxStatus.FAILED
    admin = factories.make_user(Role.ADMIN)
    page = sign_in(admin).page("/en/admin/email")
    assert "eleri@example.com" in page.text("main")
    assert message.last_error.split(":")[0] in page.text("main")


def test_interrupted_send_is_flagged_not_resent():
    message = _queue()
    message.status = "sending"
    message.claimed_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    assert mark_stale_sending() == 1
    db.session.refresh(message)
    assert message.status == OutboxStatus.FAILED
    assert deliver_pending()["sent"] == 0


def test_email_is_only_queued_when_the_change_commits():
    queue_email("a@example.com", "password_reset", "en", name="A", link="x", hours=2)
    db.session.rollback()
    assert db.session.scalar(select(OutboxMessage)) is None


def test_control_characters_are_cleaned_from_headers_when_queueing():
    message = queue_email("rhys@example.com\r\n", "network_reply", "en", name="Rhys",
                          thread_title="Walking\r\nBcc: everyone@example.com\x00\u2028lunches", replier="Ann",
                          link="http://portal.test/x")
    assert message.subject == "New reply: Walking Bcc: everyone@example.com lunches"
    assert message.to_address == "rhys@example.com"
    assert header_value("  Tabs\tand\x7fdeletes  ") == "Tabs and deletes"


def test_a_message_that_cannot_be_sent_fails_alone_and_the_worker_carries_on(app, smtp, sign_in):
    first = _queue("en", to="first@example.com")
    middle = _queue("en", to="middle@example.com")
    last = _queue("cy", to="last@example.com")
    # Written straight to the row, as an older release (or any other path) could have queued it.
    db.session.execute(update(OutboxMessage).where(OutboxMessage.id == middle.id)
                       .values(subject="Reset\r\nBcc: attacker@example.com"))
    db.session.commit()
    result = app.test_cli_runner().invoke(send_email_command, [])
    assert result.exit_code == 0, result.output
    assert "sent 2, to retry 0, failed 1" in result.output
    assert [m["To"] for m in smtp.messages] == ["first@example.com", "last@example.com"]
    db.session.expire_all()
    assert db.session.get(OutboxMessage, first.id).status == OutboxStatus.SENT
    assert db.session.get(OutboxMessage, last.id).status == OutboxStatus.SENT
    failed = db.session.get(OutboxMessage, middle.id)
    assert failed.status == OutboxStatus.FAILED
    assert failed.last_error.startswith("ValueError")
    assert failed.claimed_at is None
    page = sign_in(factories.make_user(Role.ADMIN)).page("/en/admin/email")
    assert "middle@example.com" in page.text("main")
    assert "ValueError" in page.text("main")
