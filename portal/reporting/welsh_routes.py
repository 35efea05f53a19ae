"""The Welsh-language demand and supply report, its drill-down lists and its export."""

import io

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from portal.events.topics import TOPICS
from portal.i18n import current_lang
from portal.paging import int_arg, last_page, page_number
from portal.reference.services import partners
from portal.reporting import services, welsh
from portal.reporting.exports import to_csv
from portal.reporting.forms import DashboardForm
from portal.scoping import is_admin, partner_choice
from portal.security import Role, role_required
from portal.spreadsheets import xlsx

bp = Blueprint("welsh_reports", __name__, template_folder="templates")
staff_only = role_required(Role.STAFF, Role.ADMIN)


def _one_of(value, allowed):
    return value if value in allowed else None


def _filters():
    """The period (each person's choice, in the URL), the partner (staff: their own) and the list asked for."""
    available = services.periods()
    all_partners = partners()
    choice = services.period_choice(available, int_arg("period"))
    try:
        partner_id = partner_choice(current_user, int_arg("partner"), {p.id for p in all_partners})
    except LookupError:
        abort(404)
    area = request.args.get("area")
    filters = welsh.WelshFilters(
        period=choice.period,
        partner_id=partner_id,
        figure=_one_of(request.args.get("figure"), welsh.FIGURES),
        choice=_one_of(request.args.get("choice"), welsh.SUPPORT_CHOICES),
        language=_one_of(request.args.get("language"), welsh.WELSH_SUPPLY),
        topic=_one_of(request.args.get("topic"), TOPICS),
        area=area if area == welsh.ONLINE or (area or "").isdigit() and len(area) < 10 else None,
        state=_one_of(request.args.get("state"), welsh.VISIT_STATES),
        page=page_number(),
    )
    return filters, available, all_partners, choice


def _scope_name(filters, all_partners):
    for partner in all_partners:
        if partner.id == filters.partner_id:
            return partner.name
    return _("All delivery partners")


@bp.route("/")
@staff_only
def report():
    filters, available, all_partners, choice = _filters()
    data = welsh.welsh_report(filters)
    form = DashboardForm(request.args)
    lang = current_lang()
    form.period.choices = [(str(p.id), p.name_in(lang)) for p in available]
    if filters.period.id is None:
        form.period.choices.insert(0, ("", filters.period.name_in(lang)))
    form.period.data = str(filters.period.id) if filters.period.id else ""
    form.partner.choices = [("", _("All delivery partners"))] + [(str(p.id), p.name) for p in all_partners]
    form.partner.data = str(filters.partner_id) if filters.partner_id else ""
    labels = welsh.labels(all_partners, lang)
    return render_template(
        "reporting/welsh.html",
        data=data,
        filters=filters,
        form=form,
        choice=choice,
        period=filters.period,
        scope=_scope_name(filters, all_partners),
        labels=labels,
        lang=lang,
        show_partners=is_admin(current_user) and filters.partner_id is None,
        show_partner=is_admin(current_user),
        topic_rows=welsh.ordered(data.by_topic, labels["topics"]),
        area_rows=welsh.ordered(data.by_area, labels["areas"]),
        partner_rows=welsh.ordered(data.partners, labels["partners"]),
        place_words=welsh.place_labels(),
        visit_state_label=welsh.visit_state_label,
    )


@bp.route("/list")
@staff_only
def drill_down():
    filters, _available, all_partners, _choice = _filters()
    found = welsh.drill_down(filters)
    if found is None:
        abort(404)
    rows, total, sums = found
    labels = welsh.labels(all_partners, current_lang())
    return render_template(
        "reporting/welsh_list.html",
        rows=rows,
        total=total,
        sums=sums,
        filters=filters,
        period=filters.period,
        heading=welsh.list_heading(filters, labels),
        labels=labels,
        lang=current_lang(),
        last_page=last_page(total, welsh.PER_PAGE),
        scope=_scope_name(filters, all_partners),
        days_to_schedule=welsh.days_to_schedule,
    )


@bp.route("/export.<fmt>")
@staff_only
def export(fmt):
    if fmt not in ("csv", "xlsx"):
        abort(404)
    filters, _available, all_partners, _choice = _filters()
    data = welsh.welsh_report(filters)
    lang = current_lang()
    table = welsh.figures_table(
        data,
        filters,
        welsh.labels(all_partners, lang),
        lang,
        _scope_name(filters, all_partners),
        per_partner=is_admin(current_user),
    )
    name = f"welsh-language-{filters.period.starts_on.isoformat()}-{filters.period.ends_on.isoformat()}-{lang}.{fmt}"
    if fmt == "csv":
        file = io.BytesIO()
        to_csv(table, file)
        body, mimetype = file.getvalue(), "text/csv; charset=utf-8"
    else:
        body = xlsx(table, _("Welsh language"), header_row=3)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(
        body,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "X-Content-Type-Options": "nosniff",
        },
    )
