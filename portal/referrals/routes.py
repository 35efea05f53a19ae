"""Self-referral pages: the employee's questions (public), the employer's sharing page,
and the counts for staff.

The employee's answers live in this browser's signed session until they are
sent, and are removed from it as soon as they are.
"""

from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

# Importing the hooks registers the feature's merge rules.
import portal.referrals.hooks  # noqa: F401
from portal.extensions import db
from portal.i18n import current_lang
from portal.qrcodes import qr_svg
from portal.ratelimit import per_address
from portal.referrals import choices, poster, services
from portal.referrals.forms import STEP_SLUGS, STEPS, SendForm
from portal.scoping import is_admin
from portal.security import Role, organisation_required, public, role_required

bp = Blueprint("referrals", __name__, template_folder="templates")

# One referral in progress per browser: a new link's start page begins afresh.
IN_PROGRESS = "self_referral"


def _organisation(code):
    return services.organisation_for_code(code) or abort(404)


def _progress(code):
    """This browser's answers for the form behind ``code`` (empty when it started another one)."""
    progress = session.get(IN_PROGRESS)
    if not isinstance(progress, dict) or progress.get("code") != code:
        return {"code": code, "channel": "link", "answers": {}}
    return progress


def _save(progress):
    session[IN_PROGRESS] = progress


def _first_unanswered(answers):
    return next((slug for slug in STEP_SLUGS if slug not in answers), None)


def _step(slug):
    if slug not in STEP_SLUGS:
        abort(404)
    index = STEP_SLUGS.index(slug)
    _slug, form_class, field = STEPS[index]
    return index, form_class, field


@bp.route("/refer/<code>/")
@public
def start(code):
    organisation = _organisation(code)
    progress = _progress(code)
    progress["channel"] = services.channel_of(request.args.get("via"))
    _save(progress)
    return render_template("referrals/start.html", organisation=organisation, code=code)


@bp.route("/refer/<code>/<step>", methods=["GET", "POST"])
@public
def question(code, step):
    organisation = _organisation(code)
    index, form_class, heading_field = _step(step)
    progress = _progress(code)
    answers = progress["answers"]
    changing = request.args.get("change") == "1"
    form = form_class(data=answers.get(step, {}))
    if form.validate_on_submit():
        answers[step] = {name: field.data for name, field in form._fields.items()
                         if name not in ("csrf_token", "submit")}
        _save(progress)
        following = _first_unanswered(answers)
        if changing or following is None:
            return redirect(url_for("referrals.check", code=code))
        return redirect(url_for("referrals.question", code=code, step=following))
    back = (url_for("referrals.check", code=code) if changing
            else url_for("referrals.question", code=code, step=STEP_SLUGS[index - 1]) if index
            else url_for("referrals.start", code=code))
    return render_template("referrals/question.html", organisation=organisation, form=form,
                           heading_field=heading_field, back=back)


@bp.route("/refer/<code>/check", methods=["GET", "POST"])
@public
@per_address("SELF_REFERRAL_LIMIT_PER_ADDRESS", methods=["POST"])
def check(code):
    organisation = _organisation(code)
    progress = _progress(code)
    missing = _first_unanswered(progress["answers"])
    if missing is not None:
        return redirect(url_for("referrals.question", code=code, step=missing))
    form = SendForm()
    if form.validate_on_submit():
        # The hidden field is filled only by software: it is told the same as a person,
        # and nothing is sent.
        if not form.filled_by_software():
            services.submit(organisation, services.referral_from(progress["answers"]), progress["channel"])
            db.session.commit()
        else:
            current_app.logger.info("self-referral honeypot filled; nothing sent")
        session.pop(IN_PROGRESS, None)
        return redirect(url_for("referrals.sent", code=code))
    referral = services.referral_from(progress["answers"])
    return render_template("referrals/check.html", organisation=organisation, form=form, code=code,
                           rows=_answer_rows(referral))


def _answer_rows(referral):
    """(question, lines of the answer, step) for the check-your-answers page."""
    contact = [choices.label(choices.CONTACT_METHODS, referral.contact_method), referral.phone or referral.email]
    return [
        (_("Name"), [referral.name], "name"),
        (_("How to contact you"), contact, "contact"),
        (_("When"), choices.labels(choices.TIMES, referral.times), "when"),
        (_("Language"), [choices.label(choices.LANGUAGES, referral.language)], "language"),
        (_("What it is about"), [choices.label(choices.TOPICS, referral.topic) if referral.topic
                                 else _("Not given")], "topic"),
    ]


@bp.route("/refer/<code>/sent")
@public
def sent(code):
    organisation = _organisation(code)
    return render_template("referrals/sent.html", organisation=organisation)


employer = role_required(Role.EMPLOYER)


@bp.route("/organisation/staff-support")
@employer
@organisation_required
def share():
    organisation = current_user.organisation
    link = services.link_for(organisation)
    db.session.commit()
    return render_template(
        "referrals/share.html", organisation=organisation,
        urls={lang: services.referral_url(link, lang) for lang in ("cy", "en")},
        counts=services.employer_counts(organisation), smallest=services.smallest_count(),
    )


@bp.route("/organisation/staff-support/qr-code.svg")
@employer
@organisation_required
def qr_code():
    link = services.link_for(current_user.organisation)
    db.session.commit()
    return current_app.response_class(qr_svg(services.referral_url(link, current_lang(), "qr")),
                                      mimetype="image/svg+xml")


@bp.route("/organisation/staff-support/poster.pdf")
@employer
@organisation_required
def poster_pdf():
    organisation = current_user.organisation
    link = services.link_for(organisation)
    db.session.commit()
    urls = {lang: services.referral_url(link, lang, "poster") for lang in ("cy", "en")}
    response = current_app.response_class(poster.poster_pdf(organisation, urls), mimetype="application/pdf")
    response.headers["Content-Disposition"] = 'inline; filename="staff-support-poster.pdf"'
    return response


@bp.route("/staff/self-referrals")
@role_required(Role.STAFF, Role.ADMIN)
def counts():
    quarters = services.recent_quarters()
    chosen = request.args.get("quarter", "")
    span = services.quarter_span(chosen) if chosen else None
    organisations, partners, totals = services.staff_counts(current_user, *(span or (None, None)))
    return render_template("referrals/counts.html", organisations=organisations, partners=partners,
                           totals=totals, channels=services.CHANNELS, quarters=quarters,
                           chosen=chosen if span else "", show_partners=is_admin(current_user))
