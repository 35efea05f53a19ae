"""Administrator pages. The whole blueprint is for administrators only."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.admin import services
from portal.admin.forms import BilingualNameForm, PartnerForm, RetryForm
from portal.audit.services import audit_page
from portal.email.services import failed_messages, outbox_counts, retry_message
from portal.extensions import db
from portal.paging import last_page, page_number
from portal.reference.models import DeliveryPartner, LocalAuthority, Sector
from portal.reference.services import local_authorities, partners, sectors
from portal.security import Role, role_required

bp = Blueprint("admin", __name__, template_folder="templates")
admin_only = role_required(Role.ADMIN)

REFERENCE_MODELS = {"local-authority": LocalAuthority, "sector": Sector}


@bp.route("/audit")
@admin_only
def audit():
    page = page_number()
    per_page = 50
    events, total = audit_page(page, per_page)
    return render_template("admin/audit.html", events=[(e, *services.describe_event(e)) for e in events],
                           total=total, page=page, last_page=last_page(total, per_page))


@bp.route("/email")
@admin_only
def outbox():
    return render_template(
        "admin/outbox.html", counts=outbox_counts(), messages=failed_messages(), retry_form=RetryForm()
    )


@bp.route("/email/<int:message_id>/retry", methods=["POST"])
@admin_only
def retry_email(message_id):
    form = RetryForm()
    if not form.validate_on_submit():
        abort(400)
    if retry_message(message_id) is None:
        abort(404)
    db.session.commit()
    flash(_("The email will be sent again"))
    return redirect(url_for("admin.outbox"))


@bp.route("/reference")
@admin_only
def reference():
    return render_template(
        "admin/reference.html", authorities=local_authorities(), partners=partners(), sectors=sectors()
    )


@bp.route("/reference/<kind>/<int:item_id>", methods=["GET", "POST"])
@admin_only
def edit_reference(kind, item_id):
    model = REFERENCE_MODELS.get(kind) or abort(404)
    item = db.session.get(model, item_id) or abort(404)
    form = BilingualNameForm(obj=item)
    if form.validate_on_submit():
        services.update_names(item, form.name_en.data, form.name_cy.data)
        db.session.commit()
        flash(_("Your changes have been saved"))
        return redirect(url_for("admin.reference"))
    return render_template("admin/edit_reference.html", form=form, item=item)


@bp.route("/reference/partner/<int:partner_id>", methods=["GET", "POST"])
@admin_only
def edit_partner(partner_id):
    partner = db.session.get(DeliveryPartner, partner_id) or abort(404)
    form = PartnerForm(obj=partner)
    form.authorities.choices = [(a.id, a.name) for a in local_authorities()]
    if request.method == "GET":
        form.authorities.data = [a.id for a in partner.authorities]
    if form.validate_on_submit():
        services.update_partner(partner, form.name_en.data, form.name_cy.data, form.active.data,
                                form.authorities.data)
        db.session.commit()
        flash(_("Your changes have been saved"))
        return redirect(url_for("admin.reference"))
    return render_template("admin/edit_partner.html", form=form, partner=partner)
