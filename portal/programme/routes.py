"""The employer's programme page, history and certificate; the outcome follow-up; the rules."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

# Importing the hooks registers the feature's timeline source, merge rules and signal handlers.
import portal.programme.hooks  # noqa: F401
from portal.certificate_codes import VerifyForm, no_code_given
from portal.engagement.labels import ENGAGEMENT_TYPES
from portal.events.topics import KINDS, TOPICS
from portal.extensions import db
from portal.organisations.models import Organisation
from portal.page_parts import parts
from portal.programme import services
from portal.programme.certificate import (
    LANGUAGES,
    Verification,
    certificate_pdf,
    certificate_text,
    completed_on,
    date_corrected_on,
    verify_certificate,
)
from portal.programme.forms import NewCycleForm, OutcomeForm, RulesForm
from portal.programme.labels import OUTCOME_CHOICES, SUPPORT_TYPES, intervention_kind_label
from portal.programme.models import FollowUpStatus
from portal.ratelimit import per_address
from portal.scoping import visible_organisations
from portal.security import Role, organisation_required, public, role_required
from portal.timeline import TimelineQuery, timeline
from portal.visits.labels import VISIT_TYPES

bp = Blueprint("programme", __name__, template_folder="templates")
employer_only = role_required(Role.EMPLOYER)


def _organisation():
    # An employer's own organisation (the scope holds exactly that one).
    return db.session.scalar(select(Organisation).where(visible_organisations(current_user))) or abort(404)


def support_type_label(code):
    """The name of a kind of support: an engagement type, an event topic or kind, or a visit type."""

    for names in (ENGAGEMENT_TYPES, TOPICS, KINDS, VISIT_TYPES, SUPPORT_TYPES):
        if code in names:
            return str(names[code])
    return code


@bp.route("/")
@employer_only
@organisation_required
def overview():
    organisation = _organisation()
    return render_template(
        "programme/overview.html", organisation=organisation, cycle_form=NewCycleForm(),
        kind_label=intervention_kind_label, support_label=support_type_label,
        counted_kinds=lambda rules: sorted(str(ENGAGEMENT_TYPES.get(t, t)) for t in rules.counted_engagement_types),
        # What higher features add (the action plan's progress), without the programme importing them.
        parts=parts("programme_overview", organisation),
        **services.programme_overview(organisation.id),
    )


@bp.route("/new", methods=["POST"])
@employer_only
@organisation_required
def new_cycle():
    organisation = _organisation()
    if NewCycleForm().validate_on_submit() and services.start_new_cycle(organisation) is not None:
        db.session.commit()
        flash(_("Your new programme has started"))
    return redirect(url_for("programme.overview"))


@bp.route("/history")
@employer_only
@organisation_required
def history():
    organisation = _organisation()
    entries = timeline(TimelineQuery(organisation.id, staff=False))
    return render_template("programme/history.html", organisation=organisation, entries=entries)


def _verify_urls(cycle):
    """The verification page of ``cycle``'s certificate in each language, for that language's half."""
    return {lang: url_for("programme.verify", code=cycle.certificate_code, lang=lang, _external=True)
            for lang in LANGUAGES}


@bp.route("/certificate/<int:number>")
@employer_only
@organisation_required
def certificate(number):
    organisation = _organisation()
    cycle = services.implemented_cycle(organisation.id, number) or abort(404)
    return render_template("programme/certificate.html", organisation=organisation, cycle=cycle,
                           texts=certificate_text(organisation, cycle, _verify_urls(cycle)))


@bp.route("/certificate/<int:number>.pdf")
@employer_only
@organisation_required
def certificate_download(number):
    organisation = _organisation()
    cycle = services.implemented_cycle(organisation.id, number) or abort(404)
    filename = f"certificate-{organisation.reference}-{cycle.number}.pdf"
    return Response(certificate_pdf(organisation, cycle, _verify_urls(cycle)), mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/verify")
@public
@per_address("CERTIFICATE_CHECK_LIMIT_PER_ADDRESS", exempt_when=no_code_given)
def verify():
    """Anyone checks a programme certificate's code: genuine, withdrawn since, or unknown."""
    form = VerifyForm(request.args)
    checked = bool(form.code.data)
    result, cycle = verify_certificate(form.code.data) if checked and form.validate() else (None, None)
    genuine = result == Verification.GENUINE
    return render_template(
        "programme/verify.html", form=form, checked=checked, result=result, cycle=cycle if genuine else None,
        completed=completed_on(cycle) if genuine else None,
        corrected=date_corrected_on(cycle) if genuine else None)


def _follow_up_late(follow_up):
    return render_template("programme/follow_up_late.html", respond_by=follow_up.respond_by), 410


@bp.route("/follow-up/<token>", methods=["GET", "POST"])
@public
def follow_up(token):
    follow_up = services.follow_up_for_token(token)
    if follow_up is None or follow_up.status != FollowUpStatus.SENT:
        return render_template("programme/follow_up_closed.html"), 404
    if not services.follow_up_is_open(follow_up):
        return _follow_up_late(follow_up)
    form = OutcomeForm()
    form.choices.choices = [(k, str(v)) for k, v in OUTCOME_CHOICES.items()]
    if form.validate_on_submit():
        # The deadline can pass while the form is being filled in.
        if services.answer_follow_up(follow_up, form.changes.data, form.choices.data) is None:
            return _follow_up_late(follow_up)
        db.session.commit()
        return render_template("programme/follow_up_thanks.html")
    return render_template("programme/follow_up.html", form=form, organisation=follow_up.organisation)


@bp.route("/rules", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def rules():
    current = services.current_rule_version()
    form = RulesForm(obj=current)
    form.counted_engagement_types.choices = [(k, str(v)) for k, v in ENGAGEMENT_TYPES.items()]
    if form.validate_on_submit():
        version = services.change_rules(
            current_user, form.whp_min_interventions.data, form.whp_distinct_types.data,
            form.counted_engagement_types.data, form.follow_up_after_days.data, form.follow_up_response_days.data,
            counts_action_plan=form.counts_action_plan.data,
        )
        db.session.commit()
        flash(_("Rule version %(number)s is now in use", number=version.number))
        return redirect(url_for("programme.rules"))
    # Creating version 1 from the defaults on first view is a write worth keeping.
    db.session.commit()
    return render_template("programme/rules.html", form=form, versions=services.rule_versions(),
                           type_labels=ENGAGEMENT_TYPES)
