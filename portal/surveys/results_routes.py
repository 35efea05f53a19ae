"""The results of a staff survey (page and PDF) and the staff check of its free-text answers.

Results: the employer and the organisation's champions, staff of its delivery
partner and administrators; anyone else's survey id is a 404. Comments to
check: staff (their partner's surveys) and administrators.
"""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import format_percent
from flask_babel import gettext as _
from flask_login import current_user

from portal.extensions import db
from portal.forms import ActionForm
from portal.i18n import current_lang
from portal.organisations.sizes import BAND_LABELS
from portal.page_parts import parts
from portal.security import Role, organisation_required, role_required
from portal.surveys import moderation, results_pdf
from portal.surveys.models import CommentStatus
from portal.surveys.results import SCALE, format_score, shares, smallest_group, survey_results, visible_survey

bp = Blueprint("survey_results", __name__, template_folder="templates")

readers = role_required(Role.EMPLOYER, Role.CHAMPION, Role.STAFF, Role.ADMIN)
staff_only = role_required(Role.STAFF, Role.ADMIN)


def _survey(survey_id):
    return visible_survey(current_user, survey_id) or abort(404)


@bp.route("/surveys/<int:survey_id>/results")
@readers
@organisation_required
def results(survey_id):
    survey = _survey(survey_id)
    found = survey_results(survey)
    return render_template("surveys/results.html", results=found, scale=SCALE, score=format_score, shares=shares,
                           format_percent=format_percent, parts=parts("survey_results", survey, current_user),
                           band_label=BAND_LABELS.get(found.band), lang=current_lang(),
                           moderates=current_user.role in (Role.STAFF, Role.ADMIN))


@bp.route("/surveys/<int:survey_id>/results.pdf")
@readers
@organisation_required
def results_pdf_download(survey_id):
    found = survey_results(_survey(survey_id))
    response = current_app.response_class(results_pdf.results_pdf(found, current_lang()), mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'inline; filename="survey-results-{found.survey.id}-{current_lang()}.pdf"')
    return response


@bp.route("/staff/survey-comments")
@staff_only
def moderation_list():
    return render_template("surveys/moderation_list.html", surveys=moderation.surveys_waiting(current_user))


def _moderated(survey_id):
    return moderation.moderated_survey(current_user, survey_id) or abort(404)


@bp.route("/staff/survey-comments/<int:survey_id>")
@staff_only
def moderation_survey(survey_id):
    survey = _moderated(survey_id)
    return render_template("surveys/moderation.html", survey=survey, comments=moderation.comments_by_status(survey),
                           statuses=CommentStatus, threshold=smallest_group())


@bp.route("/staff/survey-comments/<int:survey_id>/<int:comment_id>/<any(approve, remove):decision>",
          methods=["POST"])
@staff_only
def moderate(survey_id, comment_id, decision):
    survey = _moderated(survey_id)
    comment = moderation.comment_of(survey, comment_id) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    moderation.moderate(comment, survey, decision, current_user)
    db.session.commit()
    flash(_("The comment is approved: the employer can read it") if decision == "approve"
          else _("The comment is removed: the employer will not see it"))
    return redirect(url_for("survey_results.moderation_survey", survey_id=survey.id))
