"""The reporting dashboard, drill-down lists, exports and targets."""

import re
import tempfile
from dataclasses import replace

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_percent
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wsgi import wrap_file

from portal import datacache
from portal.extensions import db
from portal.i18n import current_lang, date_filter
from portal.paging import int_arg, last_page, page_number
from portal.programme.labels import FOLLOW_UP_STATUSES, OUTCOME_CHOICES
from portal.reference.models import DeliveryPartner
from portal.reference.services import intermediaries, local_authorities, partners, sectors
from portal.reporting import charts, evaluation, exports, services
from portal.reporting.forms import MESSAGES as PERIOD_MESSAGES
from portal.reporting.forms import (
    TARGET_LABELS,
    ChangePeriodForm,
    DashboardForm,
    PeriodForm,
    RemovePeriodForm,
    field_name,
    targets_form,
)
from portal.reporting.labels import (
    BAND_LABELS,
    CHANNEL_LABELS,
    FIGURE_LABELS,
    FIGURE_SHORT,
    GROUP_LABELS,
    RATE_LABELS,
    label,
)
from portal.reporting.models import FIGURES
from portal.scoping import is_admin, partner_choice
from portal.security import Role, role_required
from portal.timeutil import today_in_wales

bp = Blueprint("reporting", __name__, template_folder="templates")
staff_only = role_required(Role.STAFF, Role.ADMIN)
admin_only = role_required(Role.ADMIN)
# A real calendar month, YYYY-MM: "2026-13" or year 0 would crash the month labels.
MONTH = re.compile(r"^[1-9]\d{3}-(0[1-9]|1[0-2])$")


def _partner_scope(all_partners):
    """The partner whose figures may be shown: staff only ever their own, admins any (or all)."""
    try:
        return partner_choice(current_user, int_arg("partner"), {p.id for p in all_partners})
    except LookupError:
        abort(404)


def _filters():
    filters, available, all_partners, _choice = _filters_and_choice()
    return filters, available, all_partners


def _filters_and_choice():
    available = services.periods()
    all_partners = partners()
    # The period is each person's own choice, carried in the URL (never stored for everyone).
    choice = services.period_choice(available, int_arg("period"))
    period = choice.period
    month = request.args.get("month")
    filters = services.Filters(
        period=period,
        partner_id=_partner_scope(all_partners),
        figure=request.args.get("figure") if request.args.get("figure") in FIGURES else None,
        group=request.args.get("group") if request.args.get("group") in services.GROUPS else None,
        local_authority_id=int_arg("la"),
        sector_id=int_arg("sector"),
        band=request.args.get("band") if request.args.get("band") in services.SIZE_BANDS else None,
        month=month if month and MONTH.match(month) else None,
        follow_up=_one_of(request.args.get("follow_up"), services.FOLLOW_UP_STATES),
        outcome=_one_of(request.args.get("outcome"), services.OUTCOMES),
        channel=_one_of(request.args.get("channel"), services.CHANNELS),
        intermediary_id=int_arg("intermediary"),
        page=page_number(),
    )
    return filters, available, all_partners, choice


def _one_of(value, allowed):
    return value if value in allowed else None


def _scope_name(filters, all_partners):
    for partner in all_partners:
        if partner.id == filters.partner_id:
            return partner.name
    return _("All delivery partners")


def percent(achieved, target):
    """A Babel-formatted percentage in the page's language, or an empty string without a target."""
    value = services.percentage(achieved, target)
    return format_percent(value) if value is not None else ""


def _context(filters, all_partners):
    return {
        "filters": filters, "period": filters.period, "scope": _scope_name(filters, all_partners),
        "figure_labels": FIGURE_LABELS, "figure_short": FIGURE_SHORT, "group_labels": GROUP_LABELS,
        "band_labels": BAND_LABELS, "channel_labels": CHANNEL_LABELS, "figures": FIGURES, "label": label,
        "percent": percent,
        "month_label": exports.month_label, "lang": current_lang(),
        "follow_up_states": services.FOLLOW_UP_STATES, "outcomes": services.OUTCOMES,
        "follow_up_labels": FOLLOW_UP_STATUSES, "outcome_labels": OUTCOME_CHOICES,
        "rate_labels": RATE_LABELS, "format_percent": format_percent,
    }


@bp.route("/")
@staff_only
def dashboard():
    filters, available, all_partners, choice = _filters_and_choice()
    # Administrators looking at the whole programme also see the partners side by side.
    by_partner = is_admin(current_user) and filters.partner_id is None
    form = DashboardForm(request.args)
    form.period.choices = [(str(p.id), p.name_in(current_lang())) for p in available]
    if filters.period.id is None:
        # The financial year shown when no stored period contains today.
        form.period.choices.insert(0, ("", filters.period.name_in(current_lang())))
    form.period.data = str(filters.period.id) if filters.period.id else ""
    form.partner.choices = [("", _("All delivery partners"))] + [(str(p.id), p.name) for p in all_partners]
    form.partner.data = str(filters.partner_id) if filters.partner_id else ""
    # Everything the figures depend on besides the data: the same key always renders the
    # same part from the same rows (what the reader may see is in the partner and the role).
    key = (current_lang(), today_in_wales(), is_admin(current_user), by_partner, filters.period.starts_on,
           filters.period.ends_on, tuple(sorted(filters.args().items())))
    figures = datacache.kept("reporting.dashboard", key, lambda: _dashboard_figures(filters, by_partner, all_partners),
                             reads=[DeliveryPartner.__tablename__])
    return render_template(
        "reporting/dashboard.html", form=form, choice=choice, show_partner=is_admin(current_user),
        figures_part=Markup(figures),  # noqa: S704  # nosec B704 - our own autoescaped template's output
        **_context(filters, all_partners),
    )


def _dashboard_figures(filters, by_partner, all_partners):
    """The dashboard's figures, rates, charts and breakdowns as HTML (the part :func:`dashboard` keeps)."""
    rules = services.rules_in_use()
    data = services.dashboard(filters, rules, by_partner=by_partner)
    side_by_side, programme_target, mismatches, partner_bars = None, None, [], None
    if by_partner:
        side_by_side, programme_target, targets = services.side_by_side(data, filters.period, all_partners)
        mismatches = services.target_mismatches(targets)
        partner_bars = charts.partner_chart(side_by_side, FIGURE_SHORT, _partner_name)
    return render_template(
        "reporting/_dashboard_figures.html", data=data, rules=rules, show_partner=is_admin(current_user),
        rates=services.rates(services.total_counts(data.totals), rules),
        side_by_side=side_by_side, programme_target=programme_target, mismatches=mismatches,
        partner_bars=partner_bars,
        progress=charts.progress_chart(data.totals, data.target, FIGURE_SHORT),
        trend=charts.trend_chart(data.months, FIGURE_SHORT),
        **_context(filters, all_partners),
    )


def _partner_name(partner):
    return partner.name if partner is not None else _("No delivery partner")


@bp.route("/organisations")
@staff_only
def organisations():
    filters, _available, all_partners = _filters()
    rules = services.rules_in_use()
    rows, total = services.drill_down(filters, rules)
    names = {
        "la": {a.id: a.name for a in local_authorities()} if filters.local_authority_id else {},
        "sector": {s.id: s.name for s in sectors()} if filters.sector_id else {},
        "intermediary": ({i.id: i.name for i in intermediaries(include_retired=True)}
                         if filters.intermediary_id else {}),
    }
    return render_template(
        "reporting/organisations.html", rows=rows, total=total, last_page=last_page(total, services.PER_PAGE),
        rules=rules, names=names, heading=_drill_down_heading(filters), **_context(filters, all_partners),
    )


def _drill_down_heading(filters):
    if filters.figure:
        return str(FIGURE_LABELS[filters.figure])
    if filters.follow_up:
        return _("Outcome follow-ups: %(state)s", state=FOLLOW_UP_STATUSES[filters.follow_up])
    if filters.outcome:
        return _("Outcome chosen: %(outcome)s", outcome=OUTCOME_CHOICES[filters.outcome])
    return _("Organisations counted")


@bp.route("/export/<dataset>.<fmt>")
@staff_only
def export(dataset, fmt):
    if dataset not in ("figures", "organisations") or fmt not in ("csv", "xlsx"):
        abort(404)
    filters, _available, all_partners = _filters()
    rules = services.rules_in_use()
    lang = current_lang()
    if dataset == "figures":
        data = services.dashboard(replace(filters, figure=None), rules)
        table = exports.figures_table(data, filters.period, _scope_name(filters, all_partners), lang,
                                      rules.version)
        header_row, title = 4, _("Figures")
    else:
        table = exports.organisations_table(services.organisation_rows(filters, rules, lang))
        header_row, title = 0, _("Organisations")
    name = f"{dataset}-{filters.period.starts_on.isoformat()}-{filters.period.ends_on.isoformat()}-{lang}.{fmt}"
    return _download(table, title, header_row, name, fmt)


@bp.route("/export/evaluation.<fmt>")
@admin_only
def evaluation_export(fmt):
    """The pseudonymous evaluation dataset, for administrators only (see the dashboard's note on why)."""
    if fmt not in ("csv", "xlsx"):
        abort(404)
    filters, _available, _all_partners = _filters()
    lang = current_lang()
    # A fresh key for each export, never stored: keys join rows within this file only.
    pseudonymise = evaluation.Pseudonymiser(evaluation.new_key())
    table = exports.evaluation_table(evaluation.dataset_rows(filters.period, filters.partner_id, lang), pseudonymise)
    period = filters.period
    name = f"evaluation-{period.starts_on.isoformat()}-{period.ends_on.isoformat()}-{lang}.{fmt}"
    return _download(table, _("Evaluation"), 0, name, fmt)


def _download(table, title, header_row, name, fmt):
    """Send ``table`` as a CSV or Excel attachment called ``name``.

    Written to a temporary file as the rows come from the database, then sent from
    it: memory stays flat however many rows there are.
    """
    file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the response once sent (wrap_file)
    if fmt == "csv":
        exports.to_csv(table, file)
        mimetype = "text/csv; charset=utf-8"
    else:
        exports.to_xlsx(table, title, file, header_row)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    file.seek(0)
    return Response(wrap_file(request.environ, file), mimetype=mimetype, direct_passthrough=True, headers={
        "Content-Disposition": f'attachment; filename="{name}"', "X-Content-Type-Options": "nosniff",
    })


# --- targets (administrators) -----------------------------------------------------------


def _clash_error(form, clash):
    """Put a period clash on the field it concerns, in the page's language."""
    lang = current_lang()
    if clash.kind == "overlap":
        message = str(PERIOD_MESSAGES["overlap"]) % {
            "name": clash.other.name_cy if lang == "cy" else clash.other.name_en,
            "start": date_filter(clash.other.starts_on), "end": date_filter(clash.other.ends_on)}
    else:
        message = str(PERIOD_MESSAGES["name"]) % {"name": form[clash.field].data.strip()}
    form[clash.field].errors = [*form[clash.field].errors, message]


def _save_period(form, save):
    """Run ``save`` (add or change) once the form is valid; a clash becomes a field error."""
    if not form.validate_on_submit():
        return None
    try:
        return save(form.name_en.data, form.name_cy.data, form.starts_on.data, form.ends_on.data)
    except services.PeriodClash as clash:
        _clash_error(form, clash)
        return None


@bp.route("/targets", methods=["GET", "POST"])
@admin_only
def targets():
    form = PeriodForm()
    period = _save_period(form, lambda *values: services.add_period(*values, actor=current_user))
    if period is not None:
        db.session.commit()
        flash(_("Period added: now set its targets"))
        return redirect(url_for("reporting.edit_targets", period_id=period.id))
    status = 400 if form.errors else 200
    return render_template("reporting/targets.html", form=form, periods=services.periods(),
                           remove_form=RemovePeriodForm(formdata=None), lang=current_lang()), status


@bp.route("/targets/<int:period_id>/edit", methods=["GET", "POST"])
@admin_only
def edit_period(period_id):
    period = services.period_row(period_id) or abort(404)
    form = ChangePeriodForm(obj=period)
    changed = _save_period(form, lambda *values: services.change_period(period, *values, actor=current_user))
    if changed is not None:
        db.session.commit()
        flash(_("Period changed") if changed else _("Nothing changed"))
        return redirect(url_for("reporting.targets"))
    status = 400 if form.errors else 200
    return render_template("reporting/edit_period.html", form=form, period=period), status


@bp.route("/targets/<int:period_id>/remove", methods=["POST"])
@admin_only
def remove_period(period_id):
    period = services.period_row(period_id) or abort(404)
    form = RemovePeriodForm()
    if not form.validate_on_submit():
        abort(400)
    targets = services.period_targets(period.id)
    if targets and form.confirm.data != "yes":
        # Targets go with the period: ask first, showing what would be lost.
        return render_template("reporting/remove_period.html", form=RemovePeriodForm(formdata=None),
                               period=period, targets=targets, figures=FIGURES, target_labels=TARGET_LABELS)
    name = period.name
    services.remove_period(period, actor=current_user)
    db.session.commit()
    flash(_("Period removed: %(name)s", name=name))
    return redirect(url_for("reporting.targets"))


@bp.route("/targets/<int:period_id>", methods=["GET", "POST"])
@admin_only
def edit_targets(period_id):
    period = services.period_row(period_id) or abort(404)
    all_partners = partners()
    scopes = [("programme", None, _("Whole programme"))] + [(str(p.id), p.id, p.name) for p in all_partners]
    form = targets_form([key for key, _pid, _name in scopes])()
    existing = services.targets_for(period.id)
    if request.method == "GET":
        for key, partner_id, _name in scopes:
            for figure in FIGURES:
                form[field_name(key, figure)].data = getattr(existing.get(partner_id), figure, None)
    if form.validate_on_submit():
        changed = 0
        for key, partner_id, _name in scopes:
            values = {figure: form[field_name(key, figure)].data for figure in FIGURES}
            if services.set_target(period.id, partner_id, values, actor=current_user) is not None:
                changed += 1
        db.session.commit()
        flash(_("Targets saved") if changed else _("No targets changed"))
        return redirect(url_for("reporting.edit_targets", period_id=period.id))
    return render_template("reporting/edit_targets.html", form=form, period=period, scopes=scopes,
                           figures=FIGURES, field_name=field_name, figure_labels=FIGURE_LABELS,
                           mismatches=services.target_mismatches(existing))
