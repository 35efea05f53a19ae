"""Command-line tasks: ``flask --app wsgi <command>``."""

import time

import click
from flask.cli import with_appcontext

from portal.extensions import db


@click.command("load-reference-data")
@with_appcontext
def load_reference_data_command():
    """Add the local authorities, sectors and delivery partners that are missing."""
    from portal.reference.services import load_reference_data

    added = load_reference_data()
    db.session.commit()
    click.echo(f"Reference data: {added} rows added")


@click.command("seed-demo")
@with_appcontext
def seed_demo_command():
    """Create demo partners, employers and the four demo accounts (once)."""
    from portal.demo import seed_demo

    created = seed_demo()
    db.session.commit()
    click.echo("Demo data created" if created else "Demo data already present")


@click.command("send-email")
@click.option("--loop", is_flag=True, help="Keep sending until stopped.")
@click.option("--interval", default=10, show_default=True, help="Seconds between rounds with --loop.")
@with_appcontext
def send_email_command(loop, interval):
    """Deliver queued e-mail through SMTP, retrying with backoff."""
    from portal.email.sender import deliver_pending, mark_stale_sending

    while True:
        stale = mark_stale_sending()
        counts = deliver_pending()
        click.echo(
            f"sent {counts['sent']}, to retry {counts['retry']}, failed {counts['failed']}, interrupted {stale}"
        )
        if not loop:
            break
        db.session.remove()
        time.sleep(interval)


@click.command("send-refresher-reminders")
@click.option("--date", "on_date", default=None, help="Run as if today were this date (YYYY-MM-DD).")
@with_appcontext
def send_refresher_reminders_command(on_date):
    """Remind champions and employer contacts before champion training lapses (safe to rerun)."""
    from datetime import date

    from portal.champions.services import send_refresher_reminders

    count = send_refresher_reminders(date.fromisoformat(on_date) if on_date else None)
    db.session.commit()
    click.echo(f"Refresher reminders: {count} certificates")


@click.command("send-digests")
@click.option("--date", "on_date", default=None, help="Run as if today were this date (YYYY-MM-DD).")
@with_appcontext
def send_digests_command(on_date):
    """Queue this week's champions network digest (once per champion per week)."""
    from datetime import datetime, time

    from portal.champions.services import send_digests
    from portal.timeutil import LONDON

    now = datetime.combine(datetime.fromisoformat(on_date).date(), time(9), LONDON) if on_date else None
    count = send_digests(now)
    db.session.commit()
    click.echo(f"Network digests: {count} queued")


commands = [load_reference_data_command, seed_demo_command, send_email_command]
commands += [send_refresher_reminders_command, send_digests_command]
