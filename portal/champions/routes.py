"""The champions hub: training record, certificates, network, directory and settings."""

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

# Importing the hooks registers the feature's timeline source, merge rules and signal handlers.
import portal.champions.hooks  # noqa: F401
from portal.certificate_codes import VerifyForm, no_code_given
from portal.champions import services
from portal.champions.certificates import certificate_languages, certificate_pdf, certificate_text
from portal.champions.forms import (
    ActionForm,
    DirectoryForm,
    InviteChampionForm,
    ProfileForm,
    ReplyForm,
    ReportForm,
    ThreadForm,
    ValidityForm,
)
from portal.extensions import db
from portal.organisations.services import invite as invite_colleague
from portal.paging import int_arg, page_number, parse_int
from portal.ratelimit import per_address
from portal.reference.services import local_authorities, partners, sectors
from portal.scoping import is_admin
from portal.security import Role, organisation_required, public, role_required, signed_in

bp = Blueprint("champions", __name__, template_folder="templates")
network_roles = role_required(Role.CHAMPION, Role.STAFF, Role.ADMIN)
staff_only = role_required(Role.STAFF, Role.ADMIN)


@bp.route("/")
@role_required(Role.CHAMPION)
def home():
    trainings = services.trainings_for(current_user)
    return render_template("champions/home.html", trainings=trainings, status=services.status_of(trainings),
                           profile=services.profile_for(current_user))


@bp.route("/settings", methods=["GET", "POST"])
@role_required(Role.CHAMPION)
def settings():
    profile = services.profile_for(current_user)
    form = ProfileForm(obj=profile)
    if form.validate_on_submit():
        services.save_profile(current_user, form.notifications.data, form.listed.data, form.speaks_welsh.data)
        db.session.commit()
        flash(_("Your choices have been saved"))
        return redirect(url_for("champions.home"))
    return render_template("champions/settings.html", form=form)


def _verify_urls(training):
    """The verification page of ``training``'s certificate in each language, for that language's half."""
    return {lang: url_for("champions.verify", code=training.certificate_code, lang=lang, _external=True)
            for lang in ("cy", "en")}


@bp.route("/certificates/<code>")
@signed_in
@organisation_required
def certificate(code):
    training = services.certificate_for(current_user, code) or abort(404)
    urls = _verify_urls(training)
    blocks = [certificate_text(training, lang, urls[lang]) for lang in certificate_languages(training)]
    return render_template("champions/certificate.html", training=training, blocks=blocks)


@bp.route("/certificates/<code>.pdf")
@signed_in
@organisation_required
def certificate_download(code):
    training = services.certificate_for(current_user, code) or abort(404)
    response = make_response(certificate_pdf(training, _verify_urls(training)))
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="certificate-{training.certificate_code}.pdf"'
    return response


@bp.route("/verify")
@public
@per_address("CERTIFICATE_CHECK_LIMIT_PER_ADDRESS", exempt_when=no_code_given)
def verify():
    form = VerifyForm(request.args)
    checked = bool(form.code.data)
    training = services.verify_certificate(form.code.data) if checked and form.validate() else None
    status = services.status_of([training]) if training else None
    return render_template("champions/verify.html", form=form, checked=checked, training=training, status=status)


@bp.route("/team")
@role_required(Role.EMPLOYER)
@organisation_required
def team():
    rows = services.champions_with_status(organisation_id=current_user.organisation_id)
    return render_template("champions/team.html", rows=rows)


@bp.route("/all")
@staff_only
def staff_list():
    partner_id = services.network_partner_id(current_user, int_arg("partner"))
    rows = services.champions_with_status(partner_id=partner_id) if partner_id else []
    return render_template("champions/staff_list.html", rows=rows, partners=partners(), partner_id=partner_id)


@bp.route("/invite", methods=["GET", "POST"])
@staff_only
def invite():
    """Staff invite a well-being champion to an organisation in their area."""
    form = InviteChampionForm()
    if form.validate_on_submit():
        organisation = services.organisation_for_staff(current_user, form.reference.data)
        if organisation is None:
            form.reference.errors = [_("There is no organisation with that reference number in your area")]
        else:
            invite_colleague(organisation, current_user, form.email.data, Role.CHAMPION)
            db.session.commit()
            flash(_("Invitation sent to %(email)s", email=form.email.data))
            return redirect(url_for("champions.invite"))
    return render_template("champions/invite.html", form=form)


@bp.route("/directory")
@network_roles
def directory():
    form = DirectoryForm(request.args)
    form.local_authority.choices = [("", _("Any local authority"))] + [(str(a.id), a.name)
                                                                        for a in local_authorities()]
    form.partner.choices = [("", _("Any area"))] + [(str(p.id), p.name) for p in partners()]
    form.sector.choices = [("", _("Any sector"))] + [(str(s.id), s.name) for s in sectors()]
    form.validate()
    profiles = services.directory(parse_int(form.local_authority.data), parse_int(form.partner.data),
                                  parse_int(form.sector.data), form.welsh.data)
    return render_template("champions/directory.html", form=form, profiles=profiles)


def _network_partner():
    partner_id = services.network_partner_id(current_user, int_arg("partner"))
    if is_admin(current_user) and partner_id is None:
        active = partners()
        partner_id = active[0].id if active else None
    return partner_id


@bp.route("/network")
@network_roles
def noticeboard():
    partner_id = _network_partner()
    page = page_number()
    threads, total = services.threads_page(partner_id, include_hidden=current_user.is_staff, page=page) \
        if partner_id else ([], 0)
    last_page = max((total + services.THREADS_PER_PAGE - 1) // services.THREADS_PER_PAGE, 1)
    all_partners = partners() if is_admin(current_user) else []
    partner = next((p for p in partners() if p.id == partner_id), None)
    return render_template("champions/noticeboard.html", threads=threads, total=total, page=page,
                           last_page=last_page, partner=partner, all_partners=all_partners)


@bp.route("/network/new", methods=["GET", "POST"])
@network_roles
def new_thread():
    partner_id = _network_partner() or abort(404)
    form = ThreadForm()
    if form.validate_on_submit():
        thread = services.create_thread(current_user, partner_id, form.title.data, form.body.data)
        db.session.commit()
        return redirect(url_for("champions.thread", thread_id=thread.id))
    return render_template("champions/new_thread.html", form=form, partner_id=partner_id)


@bp.route("/network/<int:thread_id>", methods=["GET", "POST"])
@network_roles
def thread(thread_id):
    thread = services.thread_for(current_user, thread_id) or abort(404)
    form = ReplyForm()
    if request.method == "POST" and not thread.locked and form.validate_on_submit():
        post = services.add_reply(current_user, thread, form.body.data)
        db.session.commit()
        flash(_("Your reply has been posted"))
        return redirect(url_for("champions.thread", thread_id=thread.id, _anchor=f"post-{post.id}"))
    if request.method == "POST" and thread.locked:
        flash(_("This thread is locked: no more replies can be posted"))
        return redirect(url_for("champions.thread", thread_id=thread.id))
    posts = services.thread_posts(thread, include_hidden=current_user.is_staff)
    return render_template("champions/thread.html", thread=thread, posts=posts, form=form,
                           action_form=ActionForm())


@bp.route("/network/posts/<int:post_id>/report", methods=["GET", "POST"])
@network_roles
def report_post(post_id):
    post = services.post_for(current_user, post_id) or abort(404)
    form = ReportForm()
    if form.validate_on_submit():
        services.report_post(current_user, post, form.reason.data)
        db.session.commit()
        flash(_("Thank you. Staff will look at the post."))
        return redirect(url_for("champions.thread", thread_id=post.thread_id))
    return render_template("champions/report.html", form=form, post=post)


@bp.route("/network/posts/<int:post_id>/<any(hide, restore):action>", methods=["POST"])
@staff_only
def moderate_post(post_id, action):
    post = services.post_for(current_user, post_id) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.moderate_post(post, action)
    db.session.commit()
    flash(_("The post is hidden") if action == "hide" else _("The post is shown again"))
    return redirect(url_for("champions.thread", thread_id=post.thread_id))


@bp.route("/network/<int:thread_id>/<any(hide, restore, lock, unlock):action>", methods=["POST"])
@staff_only
def moderate_thread(thread_id, action):
    thread = services.thread_for(current_user, thread_id) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.moderate_thread(thread, action)
    db.session.commit()
    messages = {"hide": _("The thread is hidden"), "restore": _("The thread is shown again"),
                "lock": _("The thread is locked"), "unlock": _("The thread is open for replies again")}
    flash(messages[action])
    return redirect(url_for("champions.thread", thread_id=thread.id))


@bp.route("/network/reports")
@staff_only
def reports():
    return render_template("champions/reports.html", reports=services.open_reports(current_user),
                           action_form=ActionForm())


@bp.route("/network/reports/<int:report_id>/dismiss", methods=["POST"])
@staff_only
def dismiss_report(report_id):
    report = services.report_for(current_user, report_id) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.dismiss_report(report)
    db.session.commit()
    flash(_("The report has been dismissed"))
    return redirect(url_for("champions.reports"))


@bp.route("/validity", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def validity():
    form = ValidityForm()
    if request.method == "GET":
        form.months.data = services.validity_months()
    if form.validate_on_submit():
        services.set_validity_months(form.months.data)
        db.session.commit()
        flash(_("Your changes have been saved"))
        return redirect(url_for("champions.validity"))
    return render_template("champions/validity.html", form=form)
