"""The resource library: browse, search, download; staff publish."""

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.champions.services import search_posts
from portal.extensions import db
from portal.i18n import current_lang
from portal.paging import page_number
from portal.resources import services
from portal.resources.forms import LibraryFilterForm, ResourceForm
from portal.resources.labels import AUDIENCE_LABELS, LANGUAGE_LABELS, TOPICS
from portal.resources.models import AUDIENCES, Resource
from portal.security import Role, role_required, signed_in

bp = Blueprint("resources", __name__, template_folder="templates")
staff_only = role_required(Role.STAFF, Role.ADMIN)



def _filter_form():
    form = LibraryFilterForm(request.args)
    form.topic.choices = [("", _("All topics"))] + [(slug, str(label)) for slug, label in TOPICS.items()]
    form.language.choices = [("", _("Any language")), ("cy", _("Welsh")), ("en", _("English"))]
    return form


@bp.route("/")
@signed_in
def library():
    form = _filter_form()
    valid = form.validate()
    query = form.q.data.strip() if valid and form.q.data else ""
    page = page_number()
    resources, total = services.library(current_user, query=query, topic=form.topic.data if valid else None,
                                        language=form.language.data if valid else None, page=page)
    posts = search_posts(current_user, query) if query else []
    last_page = max((total + services.PER_PAGE - 1) // services.PER_PAGE, 1)
    return render_template("resources/library.html", form=form, resources=resources, total=total, page=page,
                           last_page=last_page, query=query, posts=posts, topics=TOPICS,
                           language_labels=LANGUAGE_LABELS, audience_labels=AUDIENCE_LABELS)


@bp.route("/<int:resource_id>")
@signed_in
def detail(resource_id):
    resource = services.resource_for(current_user, resource_id) or abort(404)
    return render_template("resources/detail.html", resource=resource, topics=TOPICS,
                           language_labels=LANGUAGE_LABELS, audience_labels=AUDIENCE_LABELS,
                           page_lang=current_lang())


@bp.route("/<int:resource_id>/download/<file_lang>")
@signed_in
def download(resource_id, file_lang):
    resource = services.resource_for(current_user, resource_id) or abort(404)
    resource_file = resource.file_in(file_lang) or abort(404)
    path = services.file_path(resource_file)
    if not path.is_file():
        abort(404)
    services.count_download(resource)
    db.session.commit()
    response = send_file(path, mimetype=resource_file.content_type, as_attachment=True,
                         download_name=resource_file.original_name, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/manage")
@staff_only
def manage():
    page = page_number()
    resources, total = services.all_resources(page)
    last_page = max((total + services.PER_PAGE - 1) // services.PER_PAGE, 1)
    return render_template("resources/manage.html", resources=resources, total=total, page=page,
                           last_page=last_page, audience_labels=AUDIENCE_LABELS)


def _resource_form(resource=None):
    form = ResourceForm(obj=resource)
    form.topics.choices = [(slug, str(label)) for slug, label in TOPICS.items()]
    form.audience.choices = [(a, str(AUDIENCE_LABELS[a])) for a in AUDIENCES]
    if request.method == "GET":
        if resource is None:
            form.published.data = True
        else:
            form.topics.data = resource.topic_slugs
    return form


def _check_languages(form, resource):
    """At least one language complete; any language started must be complete. Returns uploads or None."""
    uploads, ok, complete = {}, True, 0
    for lang in ("en", "cy"):
        title, summary = getattr(form, f"title_{lang}"), getattr(form, f"summary_{lang}")
        link, upload = getattr(form, f"link_{lang}"), getattr(form, f"file_{lang}")
        storage = upload.data if upload.data and getattr(upload.data, "filename", "") else None
        if storage is not None:
            try:
                uploads[lang] = services.read_upload(storage)
            except services.UploadError as error:
                upload.errors = [str(error.message)]
                ok = False
                continue
        has_file = lang in uploads or (resource is not None and resource.file_in(lang) is not None)
        started = any([title.data and title.data.strip(), summary.data and summary.data.strip(), link.data,
                       lang in uploads])
        if not started:
            continue
        if not (title.data or "").strip():
            title.errors = [_("Enter a title in this language, or leave the language empty")]
            ok = False
        if not (summary.data or "").strip():
            summary.errors = [_("Enter a summary in this language, or leave the language empty")]
            ok = False
        if not (link.data or has_file):
            link.errors = [_("Give a link or upload a file in this language")]
            ok = False
        complete += 1
    if ok and complete == 0:
        form.title_en.errors = [_("Enter the resource in English, Welsh or both")]
        ok = False
    return uploads if ok else None


def _save(form, resource):
    if form.validate_on_submit():
        uploads = _check_languages(form, resource)
        if uploads is not None:
            resource = services.save_resource(
                resource, title_en=form.title_en.data or "", title_cy=form.title_cy.data or "",
                summary_en=form.summary_en.data or "", summary_cy=form.summary_cy.data or "",
                link_en=form.link_en.data or "", link_cy=form.link_cy.data or "", audience=form.audience.data,
                topics=form.topics.data or [], published=form.published.data, uploads=uploads, actor=current_user)
            db.session.commit()
            flash(_("The resource has been saved"))
            return redirect(url_for("resources.manage"))
    return None


@bp.route("/new", methods=["GET", "POST"])
@staff_only
def new():
    form = _resource_form()
    return _save(form, None) or render_template("resources/edit.html", form=form, resource=None)


@bp.route("/<int:resource_id>/edit", methods=["GET", "POST"])
@staff_only
def edit(resource_id):
    resource = db.session.get(Resource, resource_id) or abort(404)
    form = _resource_form(resource)
    return _save(form, resource) or render_template("resources/edit.html", form=form, resource=resource)
