"""Administrators manage staff and administrator accounts: invite, role and partner, leavers."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.accounts import invitations
from portal.accounts.models import StaffInvitation
from portal.admin import users
from portal.admin.forms import ConfirmForm, InviteStaffForm, ReassignForm, RoleForm, UserFilterForm
from portal.extensions import db
from portal.i18n import current_lang
from portal.paging import last_page, page_number, parse_int
from portal.reference.services import partners
from portal.security import Role, role_required

bp = Blueprint("users", __name__, template_folder="templates")
admin_only = role_required(Role.ADMIN)


def _refusal(reason):
    return {
        "self": _("You cannot change your own role or deactivate your own account. Ask another administrator."),
        "last_admin": _("This is the only active administrator. Make someone else an administrator first."),
        "partner": _("Select the delivery partner this member of staff works for"),
        "role": _("Select whether the person will be staff or an administrator"),
        "exists": _("There is already an account with this email address"),
    }[reason]


def _partner_choices(form):
    form.partner_id.choices = [SelectChoice("", _("Select a delivery partner"))] + [
        SelectChoice(str(p.id), p.name) for p in partners() if p.active
    ]


def _user(user_id):
    return users.staff_member(user_id) or abort(404)


@bp.route("")
@admin_only
def index():
    form = UserFilterForm(request.args)
    anyone = [SelectChoice("", _("Any"))]
    form.role.choices = anyone + [SelectChoice("staff", _("Staff")), SelectChoice("admin", _("Administrator"))]
    form.partner.choices = anyone + [SelectChoice(str(p.id), p.name) for p in partners()]
    form.status.choices = anyone + [SelectChoice("active", _("Active")),
                                    SelectChoice("deactivated", _("Deactivated"))]
    form.validate()
    filters = users.UserFilter(
        text=(form.q.data or "")[:200],
        role=form.role.data or None,
        partner_id=parse_int(form.partner.data),
        status=form.status.data or None,
        page=page_number(),
    )
    people, total = users.staff_page(filters)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("admin/users.html", form=form, people=people, total=total, page=filters.page,
                           last_page=last_page(total, users.PER_PAGE), args=args,
                           invitations=invitations.pending_invitations(), cancel_form=ConfirmForm())


@bp.route("/invite", methods=["GET", "POST"])
@admin_only
def invite():
    form = InviteStaffForm()
    _partner_choices(form)
    if request.method == "GET":
        form.language.data = current_lang()
    if form.validate_on_submit():
        partner = users.partner_by_id(parse_int(form.partner_id.data))
        try:
            invitations.invite_staff(form.email.data, form.role.data, partner, current_user, form.language.data)
        except invitations.InvitationRefused as refused:
            field = {"exists": form.email, "partner": form.partner_id}.get(refused.reason, form.role)
            field.errors = [_refusal(refused.reason)]
        else:
            db.session.commit()
            flash(_("We have sent an invitation to %(email)s", email=form.email.data.strip()))
            return redirect(url_for("users.index"))
    return render_template("admin/invite_user.html", form=form)


@bp.route("/invitations/<int:invitation_id>/cancel", methods=["POST"])
@admin_only
def cancel_invitation(invitation_id):
    invitation = db.session.get(StaffInvitation, invitation_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if invitations.cancel_invitation(invitation, current_user):
        db.session.commit()
        flash(_("The invitation to %(email)s has been cancelled. Its link no longer works.", email=invitation.email))
    return redirect(url_for("users.index"))


def _detail(user, role_form=None, reassign_form=None, error=None, status=200):
    role_form = role_form or RoleForm(formdata=None, role=user.role.value,
                                      partner_id=str(user.partner_id or ""))
    _partner_choices(role_form)
    reassign_form = reassign_form or ReassignForm(formdata=None)
    candidates = users.reassignment_candidates(user)
    reassign_form.to_user_id.choices = [SelectChoice("", _("Select a person"))] + [
        SelectChoice(str(c.id), f"{c.full_name} ({c.partner.name if c.partner else _('Administrator')})")
        for c in candidates
    ]
    return render_template("admin/user.html", person=user, role_form=role_form, reassign_form=reassign_form,
                           work=users.open_work(user), confirm_form=ConfirmForm(), error=error), status


@bp.route("/<int:user_id>")
@admin_only
def detail(user_id):
    return _detail(_user(user_id))


@bp.route("/<int:user_id>/role", methods=["POST"])
@admin_only
def change_role(user_id):
    user = _user(user_id)
    form = RoleForm()
    _partner_choices(form)
    if not form.validate_on_submit():
        return _detail(user, role_form=form, status=400)
    try:
        changed = users.change_role(user, form.role.data, users.partner_by_id(parse_int(form.partner_id.data)),
                                    current_user)
    except users.ChangeRefused as refused:
        return _detail(user, role_form=form, error=_refusal(refused.reason), status=409)
    db.session.commit()
    if changed:
        flash(_("%(name)s's role and partner have been saved", name=user.full_name))
    return redirect(url_for("users.detail", user_id=user.id))


@bp.route("/<int:user_id>/deactivate", methods=["GET", "POST"])
@admin_only
def deactivate(user_id):
    user = _user(user_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            users.deactivate(user, current_user)
        except users.ChangeRefused as refused:
            return _detail(user, error=_refusal(refused.reason), status=409)
        db.session.commit()
        flash(_("%(name)s can no longer sign in. Every session they had has ended.", name=user.full_name))
        return redirect(url_for("users.detail", user_id=user.id))
    return render_template("admin/deactivate_user.html", person=user, form=form, work=users.open_work(user))


@bp.route("/<int:user_id>/reactivate", methods=["POST"])
@admin_only
def reactivate(user_id):
    user = _user(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if users.reactivate(user, current_user):
        db.session.commit()
        flash(_("%(name)s can sign in again", name=user.full_name))
    return redirect(url_for("users.detail", user_id=user.id))


@bp.route("/<int:user_id>/reassign", methods=["POST"])
@admin_only
def reassign(user_id):
    user = _user(user_id)
    form = ReassignForm()
    candidates = {str(c.id): c for c in users.reassignment_candidates(user)}
    form.to_user_id.choices = [SelectChoice("", "")] + [SelectChoice(key, c.full_name) for key, c in candidates.items()]
    if not form.validate_on_submit():
        return _detail(user, reassign_form=form, status=400)
    to_user = candidates[form.to_user_id.data]
    moved, left = users.reassign_work(user, to_user, current_user)
    db.session.commit()
    message = ngettext("%(num)s item of work is now with %(name)s.", "%(num)s items of work are now with %(name)s.",
                       moved, name=to_user.full_name)
    if left:
        message += " " + _("The rest belongs to organisations %(name)s cannot work with.", name=to_user.full_name)
    flash(message)
    return redirect(url_for("users.detail", user_id=user.id))

