"""Administrator pages. The whole blueprint is for administrators only."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.admin import services
from portal.admin.forms import AuditFilterForm, BilingualNameForm, IntermediaryForm, PartnerForm, RetryForm
from portal.audit.labels import actions, record_types
from portal.audit.services import AuditFilters, audit_page
from portal.email.services import failed_messages, outbox_counts, retry_message
from portal.extensions import db
from portal.i18n import current_lang
from portal.paging import last_page, page_number, parse_int
from portal.reference.models import DeliveryPartner, Intermediary, LocalAuthority, Sector
from portal.reference.services import intermediaries, local_authorities, partners, sectors
from portal.security import Role, role_required
from portal.timeutil import today_in_wales

bp = Blueprint("admin", __name__, template_folder="templates")
admin_only = role_required(Role.ADMIN)

REFERENCE_MODELS = {"local-authority": LocalAuthority, "sector": Sector}


AUDIT_PER_PAGE = 50
# Only the filters travel on to the pages and the export (never whatever else a URL carries).
AUDIT_FILTER_ARGS = ("person", "action", "record_type", "record_id", "organisation", "start", "end")


def _audit_filters():
    """The audit filter form (from the URL) and the filters it gives; bad values are ignored and explained."""
    form = AuditFilterForm(request.args)
    form.action.choices = [("", _("Any action"))] + actions()
    form.record_type.choices = [("", _("Any kind of record"))] + record_types()
    if request.args:
        form.validate()
    known_actions = {code for code, _words in form.action.choices}
    known_types = {code for code, _words in form.record_type.choices}
    filters = AuditFilters(
        person=(form.person.data or "").strip()[:100],
        action=form.action.data if form.action.data in known_actions and form.action.data else None,
        record_type=form.record_type.data if form.record_type.data in known_types and form.record_type.data else None,
        record_id=form.record_id.data if not form.record_id.errors else None,
        organisation_id=parse_int(request.args.get("organisation")),
        start=form.start.data if not form.start.errors else None,
        end=form.end.data if not form.end.errors else None,
    )
    return form, filters


@bp.route("/audit")
@admin_only
def audit():
    form, filters = _audit_filters()
    page = page_number()
    events, total = audit_page(page, AUDIT_PER_PAGE, filters=filters)
    # Filters stay in the URL (dates come as three parts), for the pages and the export.
    query = {k: request.args.getlist(k) for k in AUDIT_FILTER_ARGS if k in request.args}
    return render_template("admin/audit.html", form=form, entries=services.audit_entries(events), total=total,
                           page=page, last_page=last_page(total, AUDIT_PER_PAGE), query=query)


@bp.route("/audit.csv")
@admin_only
def audit_export():
    _form, filters = _audit_filters()
    name = f"audit-{today_in_wales().isoformat()}-{current_lang()}.csv"
    return Response(services.audit_csv(filters), mimetype="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{name}"', "X-Content-Type-Options": "nosniff",
    })


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
        "admin/reference.html", authorities=local_authorities(), partners=partners(), sectors=sectors(),
        intermediaries=intermediaries(include_retired=True),
    )


@bp.route("/reference/intermediaries/new", methods=["GET", "POST"])
@admin_only
def add_intermediary():
    form = IntermediaryForm()
    if form.validate_on_submit():
        services.add_intermediary(form.name_en.data, form.name_cy.data, form.active.data)
        db.session.commit()
        flash(_("The intermediary has been added"))
        return redirect(url_for("admin.reference", _anchor="intermediaries"))
    return render_template("admin/intermediary.html", form=form, intermediary=None)


@bp.route("/reference/intermediaries/<int:intermediary_id>", methods=["GET", "POST"])
@admin_only
def edit_intermediary(intermediary_id):
    intermediary = db.session.get(Intermediary, intermediary_id) or abort(404)
    form = IntermediaryForm(obj=intermediary)
    if form.validate_on_submit():
        services.update_intermediary(intermediary, form.name_en.data, form.name_cy.data, form.active.data)
        db.session.commit()
        flash(_("Your changes have been saved"))
        return redirect(url_for("admin.reference", _anchor="intermediaries"))
    return render_template("admin/intermediary.html", form=form, intermediary=intermediary)


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
