"""Sign in, sign out, password reset and change."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts import invitations, services
from portal.accounts.accepting import InvitationService, accept_invitation_view
from portal.accounts.forms import (
    ChangePasswordForm,
    ForgottenPasswordForm,
    ResetPasswordForm,
    SignInForm,
)
from portal.accounts.session import end_session, signed_out_reason, start_session
from portal.extensions import db
from portal.pages.landing import landing_url
from portal.ratelimit import client_address, per_address, per_key, submitted_email
from portal.security import public, safe_next_url, signed_in

bp = Blueprint("accounts", __name__, template_folder="templates")


@bp.route("/sign-in", methods=["GET", "POST"])
@public
def sign_in():
    form = SignInForm()
    next_url = safe_next_url(request.args.get("next"))
    status = 200
    if form.validate_on_submit():
        result = services.authenticate(form.email.data, form.password.data, client_address())
        if result.user:
            start_session(result.user)
            db.session.commit()
            return redirect(next_url or landing_url(result.user))
        if result.throttled:
            status = 429
            form.password.errors = [
                _("Too many attempts to sign in. Wait 15 minutes, then try again, or reset your password.")
            ]
        else:
            form.password.errors = [_("The email address or password is not correct")]
    return render_template("accounts/sign_in.html", form=form, signed_out=signed_out_reason()), status


@bp.route("/sign-out", methods=["POST"])
@public
def sign_out():
    end_session()
    db.session.commit()
    flash(_("You have signed out"))
    return redirect(url_for("pages.start"))


@bp.route("/forgotten-password", methods=["GET", "POST"])
@public
@per_address("PASSWORD_RESET_LIMIT_PER_ADDRESS", methods=["POST"])
@per_key("PASSWORD_RESET_LIMIT_PER_EMAIL", submitted_email, methods=["POST"])
def forgotten_password():
    form = ForgottenPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        # The same answer whether or not an account exists.
        return render_template("accounts/reset_sent.html", email=form.email.data)
    return render_template("accounts/forgotten_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@public
def reset_password(token):
    if services.valid_reset_token(token) is None:
        return render_template("accounts/reset_invalid.html"), 410
    form = ResetPasswordForm()
    if form.validate_on_submit():
        user = services.reset_password(token, form.password.data)
        start_session(user)
        db.session.commit()
        flash(_("Your password has been changed"))
        return redirect(landing_url(user))
    return render_template("accounts/reset_password.html", form=form)


@bp.route("/account/password", methods=["GET", "POST"])
@signed_in
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if services.change_password(current_user, form.current_password.data, form.password.data):
            # Every session of the user ended with the change; this browser gets a new one.
            start_session(current_user._get_current_object())
            db.session.commit()
            flash(_("Your password has been changed"))
            return redirect(url_for("pages.account"))
        form.current_password.errors = [_("Your current password is not correct")]
    return render_template("accounts/change_password.html", form=form)


def _staff_invitation_explained(invitation):
    """Whose account it will be and what the role lets them do."""
    if invitation.role == "admin":
        role = _("You will be an administrator: you will see every delivery partner's work and manage the service.")
    else:
        role = _("You will be a member of staff of %(partner)s: you will work with its organisations.",
                 partner=invitation.partner.name)
    return [_("Create your account for %(email)s.", email=invitation.email), role]


STAFF_INVITATIONS = InvitationService(
    find=invitations.valid_staff_invitation, accept=invitations.accept_staff_invitation,
    welcome=lambda invitation: _("Welcome. Your account is ready."),
    heading=lambda: _("Create your staff account"), explain=_staff_invitation_explained,
    invalid_template="accounts/staff_invitation_invalid.html",
)


@bp.route("/staff-invitation/<token>", methods=["GET", "POST"])
@public
def accept_staff_invitation(token):
    return accept_invitation_view(token, STAFF_INVITATIONS)
