"""The employer's organisation: status and next steps, declaration, evidence, colleagues."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts.accepting import InvitationService, accept_invitation_view
from portal.eligibility import services as eligibility
from portal.extensions import db
from portal.organisations import details, services
from portal.organisations.contacts import named_adviser
from portal.organisations.forms import (
    UPLOAD_MESSAGES,
    DeclarationForm,
    EvaluationConsentForm,
    InviteForm,
    RemoveEvidenceForm,
    RemoveForm,
    UploadForm,
)
from portal.registration import services as questions
from portal.security import Role, organisation_required, public, role_required, safe_next_url

bp = Blueprint("organisations", __name__, template_folder="templates")
employer = role_required(Role.EMPLOYER)


def _organisation():
    """The signed-in contact's organisation; without one they are still registering."""
    return current_user.organisation


@bp.route("/")
@employer
def overview():
    organisation = _organisation()
    if organisation is None:
        return redirect(url_for("registration.tasks"))
    summary = eligibility.overview(organisation)
    return render_template("organisations/overview.html", organisation=organisation, summary=summary,
                           undecided=details.undecided_upload_ids(organisation, summary.evidence),
                           change=details.pending_change(organisation), adviser=named_adviser(organisation))


# The registration questions a contact may answer again once registered (the name,
# numbers and sector identify the organisation: staff change those).
DETAIL_STEPS = ("employees", "group", "address", "staff-areas", "contact", "correspondence-language",
                "support-language")


@bp.route("/details")
@employer
@organisation_required
def details_page():
    organisation = _organisation() or abort(404)
    answers = details.answers_of(organisation)
    rows = [row for row in questions.summary_rows(answers) if row[2].slug in DETAIL_STEPS]
    return render_template("organisations/details.html", organisation=organisation, rows=rows,
                           change=details.pending_change(organisation))


@bp.route("/details/evaluation-consent", methods=["GET", "POST"])
@employer
@organisation_required
def evaluation_consent():
    organisation = _organisation() or abort(404)
    form = EvaluationConsentForm()
    if form.validate_on_submit():
        details.set_evaluation_consent(organisation, current_user, form.evaluation_consent.data == "yes")
        db.session.commit()
        flash(_("Your organisation's details have been updated"))
        return redirect(url_for("organisations.details_page"))
    if request.method == "GET":
        form.evaluation_consent.data = "yes" if organisation.evaluation_consent else "no"
    return render_template("organisations/evaluation_consent.html", form=form, organisation=organisation)


@bp.route("/details/<slug>", methods=["GET", "POST"])
@employer
@organisation_required
def edit_details(slug):
    organisation = _organisation() or abort(404)
    if slug not in DETAIL_STEPS:
        abort(404)
    step = questions.STEPS_BY_SLUG[slug]
    form = questions.build_form(step, details.answers_of(organisation), submitted=request.method == "POST")
    if form.validate_on_submit():
        waits = details.update_details(organisation, current_user, questions.answers_from(step, form))
        db.session.commit()
        if waits:
            flash(_("Your change has been saved. We will check it, because it affects what support your "
                    "organisation can have. Until then your organisation keeps its current eligibility."))
        else:
            flash(_("Your organisation's details have been updated"))
        return redirect(url_for("organisations.details_page"))
    return render_template("organisations/edit_details.html", form=form, step=step, organisation=organisation)


@bp.route("/declaration", methods=["GET", "POST"])
@employer
@organisation_required
def declaration():
    organisation = _organisation() or abort(404)
    summary = eligibility.overview(organisation)
    form = DeclarationForm()
    if form.validate_on_submit():
        if eligibility.declare(organisation, current_user):
            db.session.commit()
            flash(_("Thank you. Your declaration has been recorded."))
        # Back to the event the contact was about to book, when they came from one.
        return redirect(safe_next_url(request.args.get("next")) or url_for("organisations.overview"))
    return render_template("organisations/declaration.html", organisation=organisation, form=form, summary=summary)


@bp.route("/evidence", methods=["GET", "POST"])
@employer
@organisation_required
def upload():
    organisation = _organisation() or abort(404)
    form = UploadForm()
    if not eligibility.may_upload(organisation):
        # A refusal, the size or area rule, or no declaration yet: no document changes that.
        summary = eligibility.overview(organisation)
        status = 409 if form.is_submitted() else 200
        return render_template("organisations/upload.html", organisation=organisation, form=None,
                               summary=summary), status
    if form.validate_on_submit():
        document = request.files.get(form.document.name)
        try:
            if document is None or not document.filename:
                raise eligibility.UploadError("missing")
            eligibility.store_upload(organisation, current_user, document.stream, document.filename)
        except eligibility.UploadError as exc:
            form.document.errors = [UPLOAD_MESSAGES[str(exc)]]
        else:
            db.session.commit()
            flash(_("Your document has been uploaded. We will check it and email you."))
            return redirect(url_for("organisations.overview"))
    return render_template("organisations/upload.html", organisation=organisation, form=form, summary=None)


def _undecided(evidence_id):
    return details.undecided_upload(_organisation(), evidence_id) or abort(404)


@bp.route("/evidence/<int:evidence_id>/remove", methods=["GET", "POST"])
@employer
@organisation_required
def remove_evidence(evidence_id):
    organisation = _organisation() or abort(404)
    evidence = _undecided(evidence_id)
    form = RemoveEvidenceForm()
    if form.validate_on_submit():
        details.remove_upload(organisation, current_user, evidence)
        db.session.commit()
        flash(_("The document has been removed"))
        return redirect(url_for("organisations.overview"))
    return render_template("organisations/remove_evidence.html", evidence=evidence, form=form)


@bp.route("/evidence/<int:evidence_id>/replace", methods=["GET", "POST"])
@employer
@organisation_required
def replace_evidence(evidence_id):
    organisation = _organisation() or abort(404)
    evidence = _undecided(evidence_id)
    form = UploadForm()
    if form.validate_on_submit():
        document = request.files.get(form.document.name)
        try:
            if document is None or not document.filename:
                raise eligibility.UploadError("missing")
            details.replace_upload(organisation, current_user, evidence, document.stream, document.filename)
        except eligibility.UploadError as exc:
            form.document.errors = [UPLOAD_MESSAGES[str(exc)]]
        else:
            db.session.commit()
            flash(_("Your document has been replaced. We will check it and email you."))
            return redirect(url_for("organisations.overview"))
    return render_template("organisations/upload.html", organisation=organisation, form=form, replacing=evidence)


@bp.route("/colleagues", methods=["GET", "POST"])
@employer
@organisation_required
def colleagues():
    organisation = _organisation() or abort(404)
    form = InviteForm()
    if form.validate_on_submit():
        services.invite(organisation, current_user, form.email.data, form.role.data)
        db.session.commit()
        flash(_("We have sent an invitation to %(email)s", email=form.email.data))
        return redirect(url_for("organisations.colleagues"))
    return render_template("organisations/colleagues.html", organisation=organisation, form=form,
                           people=services.contacts(organisation), remove_form=RemoveForm(),
                           invitations=services.pending_invitations(organisation))


@bp.route("/colleagues/<int:user_id>/remove", methods=["POST"])
@employer
@organisation_required
def remove_colleague(user_id):
    organisation = _organisation() or abort(404)
    colleague = services.colleague_for(organisation, user_id) or abort(404)
    if not RemoveForm().validate_on_submit():
        abort(400)
    if not services.remove_colleague(organisation, colleague, current_user):
        error = _("Your organisation must keep at least one employer contact. Invite another contact first.")
        return render_template("organisations/colleagues.html", organisation=organisation, form=InviteForm(),
                               people=services.contacts(organisation), remove_form=RemoveForm(),
                               invitations=services.pending_invitations(organisation), remove_error=error), 409
    db.session.commit()
    flash(_("%(name)s has been removed", name=colleague.full_name))
    if colleague.id == current_user.id:
        return redirect(url_for("pages.start"))
    return redirect(url_for("organisations.colleagues"))


COLLEAGUE_INVITATIONS = InvitationService(
    find=services.valid_invitation, accept=services.accept_invitation,
    welcome=lambda invitation: _("Welcome. You have joined %(name)s.", name=invitation.organisation.name),
    heading=lambda: _("Join your organisation"), caption=lambda invitation: invitation.organisation.name,
    explain=lambda invitation: [_("Create your account for %(email)s.", email=invitation.email)],
    invalid_template="organisations/invitation_invalid.html",
)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@public
def accept_invitation(token):
    return accept_invitation_view(token, COLLEAGUE_INVITATIONS)


CLAIM_INVITATIONS = InvitationService(
    find=services.valid_claim, accept=services.accept_claim,
    welcome=lambda invitation: _("Welcome. You are now the contact for %(name)s.", name=invitation.organisation.name),
    heading=lambda: _("Claim your organisation's record"), caption=lambda invitation: invitation.organisation.name,
    explain=lambda invitation: [_("Our staff have recorded your organisation. Create your account for %(email)s to "
                                  "become its contact: you will see what has been recorded and can book support.",
                                  email=invitation.email)],
    invalid_template="organisations/claim_invalid.html",
    next_endpoint="organisations.overview",
)


@bp.route("/claim/<token>", methods=["GET", "POST"])
@public
def accept_claim(token):
    return accept_invitation_view(token, CLAIM_INVITATIONS)
