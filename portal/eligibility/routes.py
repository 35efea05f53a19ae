"""Evidence downloads, the staff review queue and organisation page, and the admin settings."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

# Importing the hooks registers the feature's timeline source, merge rules and signal handlers.
import portal.eligibility.hooks  # noqa: F401
from portal.downloads import send_upload
from portal.eligibility import services
from portal.eligibility.explain import explain
from portal.eligibility.forms import (
    DECISION_MESSAGES,
    DecisionForm,
    ExceptionForm,
    MergeForm,
    QueueFilterForm,
    SettingsForm,
    StaffEvidenceForm,
)
from portal.eligibility.labels import STATUS_LABELS, labels
from portal.eligibility.tiers import SupportKind
from portal.email.services import recipient_language
from portal.extensions import db
from portal.i18n import text_for
from portal.organisations import details
from portal.organisations.contacts import contact_panel
from portal.organisations.formats import postcode_in_wales
from portal.organisations.forms import ChangeDecisionForm
from portal.organisations.merge import merge_organisations
from portal.organisations.models import Organisation
from portal.paging import last_page, page_number, parse_int
from portal.reference.services import partners
from portal.scoping import partner_options
from portal.security import Role, organisation_required, role_required, signed_in

bp = Blueprint("eligibility", __name__, template_folder="templates")
staff = role_required(Role.STAFF, Role.ADMIN)
PER_PAGE = 50


@bp.app_context_processor
def eligibility_labels():
    return labels()


# A global, not a context value: e-mails (rendered outside requests) use it too.
bp.add_app_template_global(explain, "explain_decision")


@bp.route("/evidence/<int:evidence_id>")
@signed_in
@organisation_required
def download(evidence_id):
    evidence = services.downloadable_evidence(evidence_id, current_user) or abort(404)
    return send_upload(services.evidence_path(evidence), evidence.content_type, evidence.filename)


@bp.route("/review")
@staff
def queue():
    form = QueueFilterForm(request.args)
    form.set_choices(partner_options(current_user, partners()), _("All partners"), _("Any status"))
    if "status" not in request.args:
        form.status.data = "awaiting_review"
    partner_id = parse_int(form.partner.data)
    status = form.status.data if form.status.data in STATUS_LABELS else None
    page = page_number()
    organisations, total = services.review_queue(current_user, partner_id, status or None, page, PER_PAGE)
    args = {"partner": partner_id if partner_id is not None else "", "status": status or ""}
    return render_template(
        "eligibility/queue.html",
        form=form,
        organisations=organisations,
        total=total,
        page=page,
        last_page=last_page(total, PER_PAGE),
        args=args,
        changes=details.pending_changes(current_user),
    )


def _organisation(organisation_id):
    return services.organisation_for_staff(organisation_id, current_user) or abort(404)


def _ask_in_their_language(form, organisation):
    """The message goes to the organisation's contacts: ask for it in their correspondence language."""
    return form.ask_in([recipient_language(organisation=organisation)])


def _render_organisation(organisation, status=200, **forms):
    forms.setdefault("decision_form", _ask_in_their_language(DecisionForm(formdata=None), organisation))
    forms["decision_form"].offer(services.decision_choices(organisation))
    forms.setdefault("evidence_form", StaffEvidenceForm(formdata=None))
    forms.setdefault("exception_form", ExceptionForm(formdata=None))
    forms.setdefault("change_form", _ask_in_their_language(ChangeDecisionForm(formdata=None), organisation))
    failed = next((f for f in forms.values() if f.errors), None)
    change = details.pending_change(organisation)
    return render_template(
        "eligibility/organisation.html",
        organisation=organisation,
        summary=services.overview(organisation),
        history=services.history(organisation),
        error_form=failed,
        support_kinds=list(SupportKind),
        approval_refusal=services.approval_refusal(organisation),
        postcode_outside=bool(organisation.local_authority_id) and postcode_in_wales(organisation.postcode) is False,
        exception_refusal=services.exception_refusal(organisation), decision_messages=DECISION_MESSAGES,
        change=change, change_rows=details.describe_change(change) if change else [],
        panel=contact_panel(organisation), **forms,
    ), status


@bp.route("/organisations/<int:organisation_id>")
@staff
def organisation(organisation_id):
    return _render_organisation(_organisation(organisation_id))


@bp.route("/organisations/<int:organisation_id>/decision", methods=["POST"])
@staff
def decide(organisation_id):
    organisation = _organisation(organisation_id)
    form = _ask_in_their_language(DecisionForm(), organisation)
    if not form.validate_on_submit():
        return _render_organisation(organisation, 400, decision_form=form)
    try:
        decision = services.decide(
            organisation, current_user, form.outcome.data, text_for(form.texts(), form.languages[0]) or None
        )
    except services.DecisionRefused as refused:
        db.session.rollback()
        form.outcome.errors = [DECISION_MESSAGES[str(refused)]]
        return _render_organisation(organisation, 400, decision_form=form)
    db.session.commit()
    if decision.emailed:
        flash(_("Your decision has been recorded and the employer has been emailed"))
    else:
        flash(_("Your decision has been recorded. The organisation has no one to email, so tell them another way."))
    return redirect(url_for("eligibility.organisation", organisation_id=organisation.id))


@bp.route("/organisations/<int:organisation_id>/evidence", methods=["POST"])
@staff
def record_evidence(organisation_id):
    organisation = _organisation(organisation_id)
    form = StaffEvidenceForm()
    if not form.validate_on_submit():
        return _render_organisation(organisation, 400, evidence_form=form)
    try:
        services.record_staff_evidence(
            organisation,
            current_user,
            form.method.data,
            form.note.data.strip(),
            form.checked_number.data,
            form.correct_number.data,
        )
    except services.DecisionRefused as refused:
        db.session.rollback()
        field = form.checked_number if str(refused).startswith("number") else form.method
        field.errors = [DECISION_MESSAGES[str(refused)]]
        return _render_organisation(organisation, 400, evidence_form=form)
    db.session.commit()
    flash(_("The evidence has been recorded and the organisation is verified"))
    return redirect(url_for("eligibility.organisation", organisation_id=organisation.id))


@bp.route("/organisations/<int:organisation_id>/exception", methods=["POST"])
@staff
def grant_exception(organisation_id):
    organisation = _organisation(organisation_id)
    form = ExceptionForm()
    if not form.validate_on_submit():
        return _render_organisation(organisation, 400, exception_form=form)
    try:
        services.decide(organisation, current_user, services.Outcome.EXCEPTION, form.reason.data.strip())
    except services.DecisionRefused as refused:
        db.session.rollback()
        form.reason.errors = [DECISION_MESSAGES[str(refused)]]
        return _render_organisation(organisation, 400, exception_form=form)
    db.session.commit()
    flash(_("Eligibility by exception has been granted"))
    return redirect(url_for("eligibility.organisation", organisation_id=organisation.id))


@bp.route("/organisations/<int:organisation_id>/changes/<int:change_id>", methods=["POST"])
@staff
def decide_change(organisation_id, change_id):
    organisation = _organisation(organisation_id)
    change = details.change_for_staff(organisation, change_id) or abort(404)
    form = _ask_in_their_language(ChangeDecisionForm(), organisation)
    if not form.validate_on_submit():
        return _render_organisation(organisation, 400, change_form=form)
    details.decide_change(
        change, current_user, form.outcome.data == "accept", text_for(form.texts(), form.languages[0]) or None
    )
    db.session.commit()
    flash(_("Your decision on the change has been recorded and the employer has been emailed"))
    return redirect(url_for("eligibility.organisation", organisation_id=organisation.id))


@bp.route("/organisations/<int:organisation_id>/merge", methods=["GET", "POST"])
@staff
def merge(organisation_id):
    organisation = _organisation(organisation_id)
    form = MergeForm()
    if form.validate_on_submit():
        reference = form.duplicate_reference.data.strip().upper()
        duplicate = db.session.scalar(
            services.visible_organisations(current_user).where(Organisation.reference == reference)
        )
        if duplicate is None or duplicate.id == organisation.id:
            form.duplicate_reference.errors = [_("Enter the reference of another organisation you can see")]
        else:
            merge_organisations(organisation, duplicate, current_user)
            db.session.commit()
            flash(_("The organisations have been merged"))
            return redirect(url_for("eligibility.organisation", organisation_id=organisation.id))
    return render_template("eligibility/merge.html", organisation=organisation, form=form)


@bp.route("/settings", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def settings():
    settings = services.programme_settings()
    tiers = services.tier_settings()
    form = SettingsForm()
    if request.method == "GET":
        form.allow_large_employers.data = settings.allow_large_employers
        form.exceptions_allowed.data = settings.exceptions_allowed is not False
        form.retention_days.data = str(settings.evidence_retention_days)
        for kind in SupportKind:
            getattr(form, f"tier_{kind.value}").data = tiers.get(kind.value) or services.rules.tier_for(kind, {}).value
    if form.validate_on_submit():
        services.update_settings(
            {kind.value: getattr(form, f"tier_{kind.value}").data for kind in SupportKind},
            form.allow_large_employers.data,
            int(form.retention_days.data.strip()),
            exceptions_allowed=form.exceptions_allowed.data,
        )
        db.session.commit()
        flash(_("Your changes have been saved"))
        return redirect(url_for("eligibility.settings"))
    return render_template("eligibility/settings.html", form=form, support_kinds=list(SupportKind))
