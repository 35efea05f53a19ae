"""Command-line tasks: ``flask --app wsgi <command>``."""

import logging
import time
from datetime import date, datetime
from datetime import time as clock

import click
from flask.cli import with_appcontext

from portal.bookings.services import expire_offers, send_feedback_requests, send_reminders
from portal.champions.services import send_digests, send_refresher_reminders
from portal.demo import seed_demo
from portal.eligibility.services import purge_evidence
from portal.email.sender import deliver_pending, mark_stale_sending
from portal.extensions import db
from portal.programme.services import close_unanswered_follow_ups, send_due_follow_ups, send_follow_up_reminders
from portal.reference.services import load_reference_data
from portal.timeutil import LONDON


@click.command("load-reference-data")
@with_appcontext
def load_reference_data_command():
    """Add the local authorities, sectors and delivery partners that are missing."""

    added = load_reference_data()
    db.session.commit()
    click.echo(f"Reference data: {added} rows added")


@click.command("seed-demo")
@with_appcontext
def seed_demo_command():
    """Create demo partners, employers and the four demo accounts (once)."""

    created = seed_demo()
    db.session.commit()
    click.echo("Demo data created" if created else "Demo data already present")


@click.command("send-email")
@click.option("--loop", is_flag=True, help="Keep sending until stopped.")
@click.option("--interval", default=10, show_default=True, help="Seconds between rounds with --loop.")
@with_appcontext
def send_email_command(loop, interval):
    """Deliver queued e-mail through SMTP, retrying with backoff."""

    while True:
        try:
            stale = mark_stale_sending()
            counts = deliver_pending()
        except Exception:
            # A round that fails as a whole (the database is away, say) is retried next round.
            if not loop:
                raise
            db.session.rollback()
            logging.getLogger(__name__).exception("email round failed; trying again in %s seconds", interval)
        else:
            click.echo(
                f"sent {counts['sent']}, to retry {counts['retry']}, failed {counts['failed']}, interrupted {stale}"
            )
        if not loop:
            break
        db.session.remove()
        time.sleep(interval)


@click.command("outcome-follow-ups")
@with_appcontext
def outcome_follow_ups_command():
    """Send outcome follow-ups that are due and reminders; close unanswered ones past their deadline."""

    sent = send_due_follow_ups()
    reminded = send_follow_up_reminders()
    closed = close_unanswered_follow_ups()
    db.session.commit()
    # Counts are of follow-ups, with the e-mails actually queued beside them: a
    # follow-up with no one to receive it is "not sent", never "sent".
    click.echo(
        f"Outcome follow-ups: {sent.sent} sent ({_emails(sent.emails)} queued), "
        f"{sent.not_sent} not sent (no one to receive it), "
        f"{reminded.sent} reminded ({_emails(reminded.emails)} queued), {closed} closed as no response"
    )


def _emails(count):
    return f"{count} email" if count == 1 else f"{count} emails"


@click.command("purge-evidence")
@with_appcontext
def purge_evidence_command():
    """Delete evidence files older than the administrator-set period, keeping the records."""

    removed = purge_evidence()
    db.session.commit()
    for evidence in removed:
        click.echo(f"removed evidence {evidence.id} ({evidence.filename}) of organisation {evidence.organisation_id}")
    click.echo(f"{len(removed)} evidence files removed")


@click.command("send-reminders")
@click.option("--days", type=int, default=None, help="Days before the event (default: REMINDER_DAYS_BEFORE).")
@with_appcontext
def send_reminders_command(days):
    """Queue event reminders (each attendee once) and feedback requests after events."""

    reminders = send_reminders(days)
    feedback = send_feedback_requests()
    db.session.commit()
    click.echo(f"reminders queued {reminders}, feedback requests queued {feedback}")


@click.command("expire-offers")
@with_appcontext
def expire_offers_command():
    """Pass on offered places whose hold has run out."""

    lapsed = expire_offers()
    db.session.commit()
    click.echo(f"offers lapsed {lapsed}")


@click.command("send-refresher-reminders")
@click.option("--date", "on_date", default=None, help="Run as if today were this date (YYYY-MM-DD).")
@with_appcontext
def send_refresher_reminders_command(on_date):
    """Remind champions and employer contacts before champion training lapses (safe to rerun)."""


    count = send_refresher_reminders(date.fromisoformat(on_date) if on_date else None)
    db.session.commit()
    click.echo(f"Refresher reminders: {count} certificates")


@click.command("send-digests")
@click.option("--date", "on_date", default=None, help="Run as if today were this date (YYYY-MM-DD).")
@with_appcontext
def send_digests_command(on_date):
    """Queue this week's champions network digest (once per champion per week)."""


    now = datetime.combine(datetime.fromisoformat(on_date).date(), clock(9), LONDON) if on_date else None
    count = send_digests(now)
    db.session.commit()
    click.echo(f"Network digests: {count} queued")




commands = [
    load_reference_data_command,
    seed_demo_command,
    send_email_command,
    outcome_follow_ups_command,
    purge_evidence_command,
    send_reminders_command,
    expire_offers_command,
    send_refresher_reminders_command,
    send_digests_command,
]
