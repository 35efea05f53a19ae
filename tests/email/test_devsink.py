"""The development mail sink: a real SMTP server storing what the sender delivers."""

import shutil
import smtplib
from contextlib import contextmanager
from email.message import EmailMessage

import pytest

from portal.email.devsink import read_messages, start_sink
from portal.email.sender import deliver_pending
from portal.email.services import queue_email
from portal.extensions import db
from tests.email.test_outbox import free_port


@contextmanager
def running_sink(app, directory):
    """The development sink on a free port storing into ``directory``, with ``app``'s sender pointed at it."""
    port = free_port()
    controller = start_sink(directory, "127.0.0.1", port)
    old = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = port
    try:
        yield directory
    finally:
        controller.stop()
        app.config["MAIL_PORT"] = old
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def sink(app, tmp_path):
    """A sink on a free port, with the app's sender pointed at it; yields the maildir."""
    with running_sink(app, tmp_path / "dev-mail") as directory:
        yield directory


def test_an_empty_or_missing_store_has_no_messages(tmp_path):
    assert read_messages(tmp_path / "nothing-here") == []


def test_delivered_mail_is_kept_with_subject_recipient_language_body_and_attachments(sink):
    calendar = {"filename": "digwyddiad.ics", "content_type": "text/calendar", "content": "BEGIN:VCALENDAR"}
    queue_email("eleri@example.com", "password_reset", "cy", attachments=[calendar], name="Eleri",
                link="http://portal.test/cy/reset-password/abc", hours=2)
    db.session.commit()
    assert deliver_pending()["sent"] == 1

    [message] = read_messages(sink)
    assert message.recipients == "eleri@example.com"
    assert message.language == "cy"
    assert message.subject
    assert "Eleri" in message.body
    assert "\r" not in message.body
    assert message.attachments == ["digwyddiad.ics"]
    assert ("http://portal.test/cy/reset-password/abc", True) in message.body_parts()


def test_messages_are_listed_newest_first(sink):
    for n in (1, 2, 3):
        queue_email(f"person{n}@example.com", "password_reset", "en", name=f"Person {n}",
                    link="http://portal.test/x", hours=2)
        db.session.commit()
        assert deliver_pending()["sent"] == 1
    assert [m.recipients for m in read_messages(sink)] == [
        "person3@example.com", "person2@example.com", "person1@example.com"]


def test_a_plain_message_from_any_client_is_accepted(sink, app):
    message = EmailMessage()
    message["From"] = "someone@example.com"
    message["To"] = "other@example.com"
    message["Subject"] = "Helo"
    message.set_content("Dim ond testun")
    with smtplib.SMTP("127.0.0.1", app.config["MAIL_PORT"], timeout=5) as smtp:
        smtp.send_message(message)
    [stored] = read_messages(sink)
    assert (stored.subject, stored.recipients, stored.body.strip(), stored.attachments) == (
        "Helo", "other@example.com", "Dim ond testun", [])
