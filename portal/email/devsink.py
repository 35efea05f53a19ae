"""A local SMTP sink for development: mail the worker delivers is kept to read.

``flask --app wsgi mail-sink`` (started by ``make run``) listens where the
development config sends mail (``MAIL_SERVER``:``MAIL_PORT``, 127.0.0.1:1025)
and stores every message it accepts in a maildir, ``DEV_MAIL_DIR``
(``instance/dev-mail``). A file store rather than a table: nothing here may
reach production, so it must not need a migration. The administrator page
``/<lang>/admin/dev-email`` (portal/admin/dev_email.py) reads it back.
"""

import email
import mailbox
import re
import signal
import sys
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.policy import default as default_policy
from pathlib import Path

import click
from aiosmtpd.controller import Controller
from flask import current_app
from flask.cli import with_appcontext

RECEIVED = "X-Dev-Mail-Received"
# A link in a plain-text body: the verification and reset links the portal sends.
LINK = re.compile(r"(https?://[^\s<>\"']+)")


@dataclass
class SunkMessage:
    """One message as the dev page shows it."""

    key: str
    subject: str
    recipients: str
    language: str
    received_at: datetime
    body: str
    attachments: list = field(default_factory=list)

    def body_parts(self):
        """The body split into ``(text, is_link)`` pieces so links can be followed."""
        return [(piece, bool(LINK.fullmatch(piece))) for piece in LINK.split(self.body) if piece]


class MaildirHandler:
    """An aiosmtpd handler that adds every accepted message to a maildir."""

    def __init__(self, directory, echo=None):
        self.directory = Path(directory)
        self.echo = echo

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        store(self.directory, envelope.content, received_at=datetime.now(UTC))
        if self.echo is not None:
            message = email.message_from_bytes(envelope.content, policy=default_policy)
            self.echo(f"mail-sink: {message['Subject']!s} → {', '.join(envelope.rcpt_tos)}")
        return "250 Message accepted for delivery"


def store(directory, content, received_at):
    """Add the raw message ``content`` (bytes) to the maildir in ``directory``.

    The arrival time goes in a header, to the microsecond: the page lists the
    newest first, and a ``Date`` header has only whole seconds.
    """
    # Maildir(create=True) makes the subfolders only when the folder itself is
    # new; an empty folder made beforehand (instance/, a test's tmp dir) lacks them.
    for sub in ("tmp", "new", "cur"):
        (Path(directory) / sub).mkdir(parents=True, exist_ok=True)
    box = mailbox.Maildir(str(directory), create=False)
    try:
        return box.add(f"{RECEIVED}: {received_at.isoformat()}\r\n".encode() + content)
    finally:
        box.close()


def start_sink(directory, host, port, echo=None):
    """Start the SMTP sink in a background thread and return its controller (``.stop()`` ends it)."""
    controller = Controller(MaildirHandler(directory, echo), hostname=host, port=port)
    controller.start()
    return controller


def read_messages(directory, limit=50):
    """The newest ``limit`` messages in the maildir, newest first; none if it does not exist yet."""
    path = Path(directory)
    if not (path / "cur").is_dir() and not (path / "new").is_dir():
        return []
    box = mailbox.Maildir(str(path), factory=None, create=False)
    try:
        messages = [_summarise(key, box.get_bytes(key)) for key in box.iterkeys()]
    finally:
        box.close()
    messages.sort(key=lambda m: m.received_at, reverse=True)
    return messages[:limit]


def _summarise(key, content):
    message = email.message_from_bytes(content, policy=default_policy)
    body = message.get_body(preferencelist=("plain", "html"))
    return SunkMessage(
        key=key,
        subject=str(message["Subject"] or ""),
        recipients=str(message["To"] or ""),
        language=str(message["Content-Language"] or ""),
        received_at=datetime.fromisoformat(str(message[RECEIVED])),
        body=body.get_content().replace("\r\n", "\n") if body is not None else "",
        attachments=[part.get_filename() for part in message.iter_attachments() if part.get_filename()],
    )


@click.command("mail-sink")
@with_appcontext
def mail_sink_command():
    """Development: accept e-mail on MAIL_SERVER:MAIL_PORT and keep it for /<lang>/admin/dev-email."""
    config = current_app.config
    directory, host, port = config["DEV_MAIL_DIR"], config["MAIL_SERVER"], config["MAIL_PORT"]
    controller = start_sink(directory, host, port, echo=click.echo)
    click.echo(f"mail-sink: listening on {host}:{port}, keeping messages in {directory}")
    # make run stops the sink with SIGTERM: leave through ``finally`` so the port is released.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()
