"""Workplace visits: employers ask and follow their requests; staff answer them."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask import request as flask_request
from flask_babel import gettext as _
from flask_login import current_user

# Importing the hooks registers the feature's timeline source, merge rules and signal handlers.
import portal.visits.hooks  # noqa: F401
from portal.email.services import recipient_language
from portal.events.forms import parse_time
from portal.events.services import london_datetime
from portal.extensions import db
from portal.forms import ActionForm
from portal.i18n import date_filter, text_for
from portal.paging import last_page, page_number
from portal.security import Role, cache_publicly, organisation_required, public, role_required
from portal.signals import made_from_plan
from portal.visits import services
from portal.visits.forms import RespondForm, VisitRequestForm
from portal.visits.labels import STATUS_LABELS, VISIT_LANGUAGES, VISIT_TYPE_DESCRIPTIONS, VISIT_TYPES

bp = Blueprint("visits", __name__, template_folder="templates")
LABELS = {"types": VISIT_TYPES, "languages": VISIT_LANGUAGES, "statuses": STATUS_LABELS}


@bp.route("/")
@role_required(Role.EMPLOYER, Role.STAFF, Role.ADMIN)
@organisation_required
def index():
    page = page_number()
    visits, total = services.visit_list(current_user, page)
    return render_template(
        "visits/index.html",
        visits=visits,
        total=total,
        page=page,
        last_page=last_page(total, services.PER_PAGE),
        labels=LABELS,
    )


@bp.route("/types")
@public
@cache_publicly
def types():
    """The kinds of workplace visit and what each is, for anyone deciding whether to register."""
    kinds = [(VISIT_TYPES[key], VISIT_TYPE_DESCRIPTIONS[key]) for key in VISIT_TYPES]
    return render_template("visits/types.html", kinds=kinds)


@bp.route("/request", methods=["GET", "POST"])
@role_required(Role.EMPLOYER)
@organisation_required
def request():
    organisation = current_user.organisation
    decision = services.visit_decision(organisation)
    form = VisitRequestForm(employees=organisation.employee_count)
    if not decision.allowed:
        # No form to fill in when the answer would be no: say why and what to do instead.
        status = 409 if form.is_submitted() else 200
        return render_template("visits/request.html", form=None, decision=decision), status
    if not form.is_submitted():
        form.language.data = services.default_language(organisation)
        if flask_request.args.get("visit_type") in VISIT_TYPES:
            form.visit_type.data = flask_request.args["visit_type"]
    if form.validate_on_submit():
        fields = ("visit_type", "preferred_dates", "site_address", "staff_count", "access_needs", "language")
        try:
            visit = services.request_visit(organisation, current_user, {f: form[f].data or "" for f in fields})
        except services.VisitRefused as refused:
            db.session.rollback()
            return render_template("visits/request.html", form=None, decision=refused.decision), 409
        # Asked for from an action plan (the form posts back here, keeping ``?plan_action=``):
        # the plans (a higher feature) record the request on the action and say where to go back to.
        back = made_from_plan(visit)
        db.session.commit()
        flash(_("Your request has been sent. We have emailed you a copy."))
        return redirect(back or url_for("visits.show", visit_id=visit.id))
    return render_template("visits/request.html", form=form, decision=decision)


def _respond_form(visit):
    """Staff's answer goes to the organisation's contact: asked in its correspondence language."""
    return RespondForm().ask_in([recipient_language(organisation=visit.organisation)])


@bp.route("/<int:visit_id>")
@role_required(Role.EMPLOYER, Role.STAFF, Role.ADMIN)
@organisation_required
def show(visit_id):
    visit = services.get_visit(current_user, visit_id)
    return render_template(
        "visits/show.html",
        visit=visit,
        labels=LABELS,
        respond_form=_respond_form(visit),
        action_form=ActionForm(),
        may_withdraw=services.may_withdraw(visit),
    )


@bp.route("/<int:visit_id>/calendar.ics")
@role_required(Role.EMPLOYER, Role.STAFF, Role.ADMIN)
@organisation_required
def calendar(visit_id):
    visit = services.get_visit(current_user, visit_id)
    if visit.status != "scheduled":
        abort(404)
    content = services.visit_calendar(visit, recipient_language(organisation=visit.organisation))
    return Response(
        content,
        mimetype="text/calendar",
        headers={
            "Content-Disposition": f"attachment; filename=visit-{visit.id}.ics",
            "X-Content-Type-Options": "nosniff",
        },
    )


@bp.route("/<int:visit_id>/withdraw", methods=["GET", "POST"])
@role_required(Role.EMPLOYER)
@organisation_required
def withdraw(visit_id):
    visit = services.get_visit(current_user, visit_id)
    if not services.may_withdraw(visit):
        abort(404)
    form = ActionForm()
    if form.validate_on_submit():
        services.withdraw(visit, current_user)
        db.session.commit()
        flash(_("Your request has been withdrawn. We have emailed you to confirm it."))
        return redirect(url_for("visits.show", visit_id=visit.id))
    return render_template("visits/withdraw.html", visit=visit, form=form, labels=LABELS)


@bp.route("/<int:visit_id>/respond", methods=["POST"])
@role_required(Role.STAFF, Role.ADMIN)
def respond(visit_id):
    visit = services.get_visit(current_user, visit_id)
    form = _respond_form(visit)
    if form.validate_on_submit():
        when = None
        if form.decision.data in ("scheduled", "proposed"):
            when = london_datetime(form.visit_date.data, parse_time(form.visit_time.data))
        services.respond(visit, form.decision.data, when, text_for(form.texts(), form.languages[0]))
        db.session.commit()
        flash(_("Your answer has been sent to the employer."))
        return redirect(url_for("visits.show", visit_id=visit.id))
    return render_template(
        "visits/show.html",
        visit=visit,
        labels=LABELS,
        respond_form=form,
        action_form=ActionForm(),
        form=form,
        may_withdraw=False,
    ), 400


@bp.route("/<int:visit_id>/accept", methods=["POST"])
@role_required(Role.EMPLOYER)
@organisation_required
def accept(visit_id):
    visit = services.get_visit(current_user, visit_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.accept_proposal(visit)
    db.session.commit()
    flash(_("The visit is booked for the date we proposed."))
    return redirect(url_for("visits.show", visit_id=visit.id))


@bp.route("/<int:visit_id>/delivered", methods=["POST"])
@role_required(Role.STAFF, Role.ADMIN)
def delivered(visit_id):
    visit = services.get_visit(current_user, visit_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if services.mark_delivered(visit) is None:
        flash(
            _(
                "The visit cannot be recorded as delivered before its scheduled day, %(date)s.",
                date=date_filter(services.delivery_opens_on(visit)),
            )
        )
        return redirect(url_for("visits.show", visit_id=visit.id))
    db.session.commit()
    flash(_("The visit is recorded as delivered."))
    return redirect(url_for("visits.show", visit_id=visit.id))
