"""Public pages, the account home and operations endpoints."""

from flask import Blueprint, jsonify, redirect, render_template, url_for
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import text

from portal import datacache
from portal.extensions import db
from portal.i18n import current_lang, preferred_lang
from portal.pages.highlights import upcoming
from portal.pages.navigation import home_links
from portal.security import cache_publicly, public, signed_in
from portal.timeutil import utcnow

root_bp = Blueprint("root", __name__)
bp = Blueprint("pages", __name__, template_folder="templates")


@root_bp.route("/")
@public
def index():
    """Send visitors to their language: saved preference, cookie, then browser."""
    return redirect(url_for("pages.start", lang=preferred_lang()))


@root_bp.route("/healthz")
@public
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any failure means unhealthy
        db.session.rollback()
        return jsonify(status="error", database="unreachable", error=type(exc).__name__), 503
    return jsonify(status="ok", database="ok")


@bp.route("/")
@public
@cache_publicly
def start():
    """What the service offers and who it is for, the ways in, and the next few events.

    The list of events is the same for everyone in a language, so it is kept
    (``portal/datacache.py``) until an events table is written, and made again each
    minute: an event that has begun leaves the list within a minute, sooner than a
    shared cache may keep the whole page (``PUBLIC_MAX_AGE``).
    """
    lang = current_lang()
    minute = utcnow().replace(second=0, microsecond=0).isoformat()
    part = datacache.kept("pages.upcoming", (lang, minute),
                          lambda: render_template("pages/_upcoming.html", upcoming=upcoming(lang)))
    return render_template("pages/start.html",
                           upcoming_part=Markup(part))  # noqa: S704  # nosec B704 - our own autoescaped template's output


@bp.route("/account")
@signed_in
def account():
    return render_template("pages/account.html", links=home_links(current_user))


@bp.route("/privacy")
@public
@cache_publicly
def privacy():
    return render_template("pages/privacy.html")


@bp.route("/cookies")
@public
@cache_publicly
def cookies():
    return render_template("pages/cookies.html")


@bp.route("/accessibility")
@public
@cache_publicly
def accessibility():
    return render_template("pages/accessibility.html")


@bp.route("/contact")
@public
@cache_publicly
def contact():
    return render_template("pages/contact.html")
