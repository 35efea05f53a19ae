"""The employer's organisation: status and next steps, declaration, evidence, colleagues."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts.forms import AcceptInvitationForm
from portal.accounts.session import start_session
from portal.eligibility import services as eligibility
from portal.extensions import db
from portal.i18n import current_lang
from portal.organisations import services
from portal.organisations.forms import (
    UPLOAD_MESSAGES,
    DeclarationForm,
    InviteForm,
    RemoveForm,
    UploadForm,
)
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
    return render_template("organisations/overview.html", organisation=organisation, summary=summary)


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
                           people=services.contacts(organisation), remove_form=RemoveForm())


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
                               remove_error=error), 409
    db.session.commit()
    flash(_("%(name)s has been removed", name=colleague.full_name))
    if colleague.id == current_user.id:
        return redirect(url_for("pages.start"))
    return redirect(url_for("organisations.colleagues"))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@public
def accept_invitation(token):
    invitation = services.valid_invitation(token)
    if invitation is None:
        return render_template("organisations/invitation_invalid.html"), 410
    form = AcceptInvitationForm()
    if form.validate_on_submit():
        user = services.accept_invitation(token, form.full_name.data, form.password.data, current_lang())
        if user is None:
            return render_template("organisations/invitation_invalid.html"), 410
        start_session(user)
        db.session.commit()
        flash(_("Welcome. You have joined %(name)s.", name=invitation.organisation.name))
        return redirect(url_for("pages.account"))
    return render_template("organisations/accept_invitation.html", form=form, invitation=invitation)
