"""Administrators manage the survey's question sets: themes and statements in Welsh and
English, their order, and which set new surveys ask.

A set a survey has asked is never changed underneath it: the first change
copies it into a new version (the old one is retired), and every page says so.
"""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.extensions import db
from portal.security import Role, role_required
from portal.surveys import questions
from portal.surveys.forms import DefaultForm, MoveForm, QuestionForm, QuestionSetForm, RemoveForm, ThemeDetailsForm
from portal.surveys.models import QuestionSet, SurveyQuestion, SurveyTheme

bp = Blueprint("survey_admin", __name__, template_folder="templates")
admin_only = role_required(Role.ADMIN)


def _set(set_id):
    return db.session.get(QuestionSet, set_id) or abort(404)


def _editable(set_id):
    """The set, or None (with a note) when it is retired and so never changed again."""
    question_set = _set(set_id)
    if question_set.retired_at is not None:
        flash(_("This version is retired and cannot be changed: change the newest version instead"), "info")
        return question_set, False
    return question_set, True


def _theme(question_set, theme_id):
    theme = db.session.get(SurveyTheme, theme_id)
    if theme is None or theme.question_set_id != question_set.id:
        abort(404)
    return theme


def _question(question_set, question_id):
    question = db.session.get(SurveyQuestion, question_id)
    if question is None or question.theme.question_set_id != question_set.id:
        abort(404)
    return question


def _done(before, after, message):
    """Commit, say what happened (and that a new version was made, if it was), and show the set."""
    db.session.commit()
    if after.id != before.id:
        flash(_("This set is used by a survey, so your change made a new version of it. Surveys already opened "
                "keep the questions they asked."), "info")
    flash(message)
    return redirect(url_for("survey_admin.question_set", set_id=after.id))


def _view(set_id):
    return redirect(url_for("survey_admin.question_set", set_id=set_id))


@bp.route("/")
@admin_only
def sets():
    if not db.session.scalar(select(QuestionSet.id).limit(1)):
        # The team's set is there from the first visit, to read and edit.
        questions.default_set()
        db.session.commit()
    return render_template("surveys/admin/sets.html", rows=questions.set_rows())


@bp.route("/new", methods=["GET", "POST"])
@admin_only
def new_set():
    form = QuestionSetForm()
    if form.validate_on_submit():
        question_set = questions.create_set(form.data, current_user)
        db.session.commit()
        flash(_("The question set has been created: now add its themes"))
        return _view(question_set.id)
    return render_template("surveys/admin/set_form.html", form=form, question_set=None)


@bp.route("/<int:set_id>")
@admin_only
def question_set(set_id):
    question_set = _set(set_id)
    replacement = db.session.scalar(select(QuestionSet).where(QuestionSet.replaces_id == question_set.id))
    return render_template("surveys/admin/set.html", question_set=question_set,
                           themes=questions.themes_of(question_set), in_use=questions.in_use(question_set),
                           replacement=replacement, previous=db.session.get(QuestionSet, question_set.replaces_id)
                           if question_set.replaces_id else None,
                           move_form=MoveForm(), default_form=DefaultForm())


@bp.route("/<int:set_id>/details", methods=["GET", "POST"])
@admin_only
def edit_set(set_id):
    question_set, editable = _editable(set_id)
    if not editable:
        return _view(set_id)
    form = QuestionSetForm(obj=question_set)
    if form.validate_on_submit():
        changed = questions.update_set(question_set, form.data, current_user)
        return _done(question_set, changed, _("Your changes have been saved"))
    return render_template("surveys/admin/set_form.html", form=form, question_set=question_set)


@bp.route("/<int:set_id>/default", methods=["POST"])
@admin_only
def make_default(set_id):
    question_set = _set(set_id)
    if not DefaultForm().validate_on_submit():
        abort(400)
    if questions.make_default(question_set, current_user):
        db.session.commit()
        flash(_("New surveys will ask this set"))
    else:
        flash(_("Only a current set with at least one question can be the default"), "info")
    return _view(set_id)


@bp.route("/<int:set_id>/themes/new", methods=["GET", "POST"])
@admin_only
def add_theme(set_id):
    question_set, editable = _editable(set_id)
    if not editable:
        return _view(set_id)
    form = ThemeDetailsForm()
    if form.validate_on_submit():
        if questions.theme_code_taken(question_set, form.code.data):
            form.code.errors = [_("Another theme of this set has that code: choose another")]
        else:
            changed = questions.add_theme(question_set, form.data, current_user)
            return _done(question_set, changed, _("The theme has been added"))
    return render_template("surveys/admin/theme_form.html", form=form, question_set=question_set, theme=None)


@bp.route("/<int:set_id>/themes/<int:theme_id>", methods=["GET", "POST"])
@admin_only
def edit_theme(set_id, theme_id):
    question_set, editable = _editable(set_id)
    theme = _theme(question_set, theme_id)
    if not editable:
        return _view(set_id)
    form = ThemeDetailsForm(obj=theme)
    if form.validate_on_submit():
        if questions.theme_code_taken(question_set, form.code.data, theme.id):
            form.code.errors = [_("Another theme of this set has that code: choose another")]
        else:
            changed = questions.update_theme(theme, form.data, current_user)
            return _done(question_set, changed, _("Your changes have been saved"))
    return render_template("surveys/admin/theme_form.html", form=form, question_set=question_set, theme=theme)


@bp.route("/<int:set_id>/themes/<int:theme_id>/move", methods=["POST"])
@admin_only
def move_theme(set_id, theme_id):
    question_set, editable = _editable(set_id)
    theme = _theme(question_set, theme_id)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    if not editable:
        return _view(set_id)
    changed = questions.move_theme(theme, form.direction.data, current_user)
    return _done(question_set, changed, _("The theme has been moved"))


@bp.route("/<int:set_id>/themes/<int:theme_id>/remove", methods=["GET", "POST"])
@admin_only
def remove_theme(set_id, theme_id):
    question_set, editable = _editable(set_id)
    theme = _theme(question_set, theme_id)
    if not editable:
        return _view(set_id)
    form = RemoveForm()
    if form.validate_on_submit():
        changed = questions.remove_theme(theme, current_user)
        return _done(question_set, changed, _("The theme has been removed"))
    return render_template("surveys/admin/remove.html", form=form, question_set=question_set,
                           heading=_("Remove this theme and its questions?"), theme=theme, question=None)


@bp.route("/<int:set_id>/themes/<int:theme_id>/questions/new", methods=["GET", "POST"])
@admin_only
def add_question(set_id, theme_id):
    question_set, editable = _editable(set_id)
    theme = _theme(question_set, theme_id)
    if not editable:
        return _view(set_id)
    form = QuestionForm()
    if form.validate_on_submit():
        changed = questions.add_question(theme, form.data, current_user)
        return _done(question_set, changed, _("The question has been added"))
    return render_template("surveys/admin/question_form.html", form=form, question_set=question_set, theme=theme,
                           question=None)


@bp.route("/<int:set_id>/questions/<int:question_id>", methods=["GET", "POST"])
@admin_only
def edit_question(set_id, question_id):
    question_set, editable = _editable(set_id)
    question = _question(question_set, question_id)
    if not editable:
        return _view(set_id)
    form = QuestionForm(obj=question)
    if form.validate_on_submit():
        changed = questions.update_question(question, form.data, current_user)
        return _done(question_set, changed, _("Your changes have been saved"))
    return render_template("surveys/admin/question_form.html", form=form, question_set=question_set,
                           theme=question.theme, question=question)


@bp.route("/<int:set_id>/questions/<int:question_id>/move", methods=["POST"])
@admin_only
def move_question(set_id, question_id):
    question_set, editable = _editable(set_id)
    question = _question(question_set, question_id)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    if not editable:
        return _view(set_id)
    changed = questions.move_question(question, form.direction.data, current_user)
    return _done(question_set, changed, _("The question has been moved"))


@bp.route("/<int:set_id>/questions/<int:question_id>/remove", methods=["GET", "POST"])
@admin_only
def remove_question(set_id, question_id):
    question_set, editable = _editable(set_id)
    question = _question(question_set, question_id)
    if not editable:
        return _view(set_id)
    form = RemoveForm()
    if form.validate_on_submit():
        changed = questions.remove_question(question, current_user)
        return _done(question_set, changed, _("The question has been removed"))
    return render_template("surveys/admin/remove.html", form=form, question_set=question_set,
                           heading=_("Remove this question?"), theme=question.theme, question=question)
