"""The workplace health action plan: the employer and their adviser build it from a survey's results."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

# Importing the hooks registers the audit words, the timeline source, the programme page's part and the
# handler that links bookings made from the plan.
import portal.plans.hooks  # noqa: F401
from portal.events.topics import LABELS as EVENT_LABELS
from portal.extensions import db
from portal.forms import ActionForm
from portal.i18n import current_lang
from portal.paging import last_page, page_number
from portal.plans import services
from portal.plans.forms import DoneForm, EditGoalForm, GoalForm, OfferForm, PlanActionForm
from portal.plans.labels import PROGRESS, PROGRESS_TAGS
from portal.plans.suggestions import LOW_SCORE
from portal.security import Role, organisation_required, role_required
from portal.visits.labels import VISIT_TYPES

bp = Blueprint("plans", __name__, template_folder="templates")
# The organisation's employer contacts, and staff of its delivery partner (their adviser) or administrators.
plan_people = role_required(*services.PLAN_PEOPLE)
LABELS = {"progress": PROGRESS, "tags": PROGRESS_TAGS, "visit_types": VISIT_TYPES, **EVENT_LABELS}


def _text_form(form_class, organisation, **kwargs):
    """A goal's or action's text form asking for the languages the writer writes in."""
    form = form_class(**kwargs)
    if current_user.role == Role.EMPLOYER:
        return form.ask_for_employer(current_lang())
    return form.ask_in(services.contact_languages(organisation))


def _texts_in(form):
    return form.texts(), list(form.languages)


def _theme_title(theme):
    return theme.title_cy if current_lang() == "cy" else theme.title_en


@bp.route("/")
@plan_people
@organisation_required
def index():
    """The surveys the user may see, each with its plan or a way to start one."""
    page = page_number()
    rows, total = services.survey_list(current_user, page)
    return render_template("plans/index.html", rows=rows, total=total, page=page,
                           last_page=last_page(total, services.PER_PAGE), start_form=ActionForm())


@bp.route("/survey/<int:survey_id>/start", methods=["POST"])
@plan_people
@organisation_required
def start(survey_id):
    survey = services.get_survey(current_user, survey_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    plan = services.start_plan(survey, current_user)
    db.session.commit()
    return redirect(url_for("plans.show", plan_id=plan.id))


@bp.route("/<int:plan_id>")
@plan_people
@organisation_required
def show(plan_id):
    plan = services.get_plan(current_user, plan_id)
    return render_template(
        "plans/show.html", plan=plan, labels=LABELS, low_score=LOW_SCORE, text_of=services.text_of,
        offer_form=OfferForm(), done_form=DoneForm(), agree_form=ActionForm(),
        employer=current_user.role == Role.EMPLOYER, **services.plan_page(plan))


def _back(plan, anchor=None):
    return redirect(url_for("plans.show", plan_id=plan.id, _anchor=anchor))


@bp.route("/<int:plan_id>/goals/new", methods=["GET", "POST"])
@plan_people
@organisation_required
def add_goal(plan_id):
    plan = services.get_plan(current_user, plan_id)
    themes = services.survey_themes(plan.survey)
    form = _text_form(GoalForm, plan.organisation, themes=[(code, _theme_title(t)) for code, t in themes.items()])
    if form.validate_on_submit():
        goal = services.add_goal(plan, current_user, form.theme.data, *_texts_in(form))
        db.session.commit()
        flash(_("Goal added"))
        return _back(plan, f"goal-{goal.id}")
    return render_template("plans/goal_form.html", plan=plan, form=form, goal=None), 400 if form.errors else 200


@bp.route("/<int:plan_id>/goals/<int:goal_id>", methods=["GET", "POST"])
@plan_people
@organisation_required
def edit_goal(plan_id, goal_id):
    plan = services.get_plan(current_user, plan_id)
    goal = services.get_goal(plan, goal_id)
    form = _text_form(EditGoalForm, plan.organisation)
    if form.validate_on_submit():
        services.edit_goal(goal, current_user, *_texts_in(form))
        db.session.commit()
        flash(_("Goal saved"))
        return _back(plan, f"goal-{goal.id}")
    if not form.is_submitted():
        form.goal_cy.data, form.goal_en.data = goal.text_cy, goal.text_en
    theme = services.survey_themes(plan.survey).get(goal.theme_code)
    return render_template("plans/goal_form.html", plan=plan, form=form, goal=goal,
                           theme_title=_theme_title(theme) if theme else goal.theme_code), 400 if form.errors else 200


@bp.route("/<int:plan_id>/goals/<int:goal_id>/remove", methods=["GET", "POST"])
@plan_people
@organisation_required
def remove_goal(plan_id, goal_id):
    plan = services.get_plan(current_user, plan_id)
    goal = services.get_goal(plan, goal_id)
    form = ActionForm()
    if form.validate_on_submit():
        services.remove_goal(goal, current_user)
        db.session.commit()
        flash(_("Goal removed"))
        return _back(plan)
    theme = services.survey_themes(plan.survey).get(goal.theme_code)
    return render_template("plans/remove.html", plan=plan, form=form, what="goal",
                           name=_theme_title(theme) if theme else goal.theme_code)


@bp.route("/<int:plan_id>/goals/<int:goal_id>/actions/new", methods=["GET", "POST"])
@plan_people
@organisation_required
def add_action(plan_id, goal_id):
    plan = services.get_plan(current_user, plan_id)
    goal = services.get_goal(plan, goal_id)
    form = _text_form(PlanActionForm, plan.organisation)
    if form.validate_on_submit():
        services.add_action(goal, current_user, *_texts_in(form))
        db.session.commit()
        flash(_("Action added"))
        return _back(plan, f"goal-{goal.id}")
    return render_template("plans/action_form.html", plan=plan, goal=goal, form=form, action=None), \
        400 if form.errors else 200


@bp.route("/<int:plan_id>/goals/<int:goal_id>/offers", methods=["POST"])
@plan_people
@organisation_required
def add_offer(plan_id, goal_id):
    plan = services.get_plan(current_user, plan_id)
    goal = services.get_goal(plan, goal_id)
    form = OfferForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.add_offer(goal, current_user, form.offer.data)
    except services.OfferRefused:
        db.session.rollback()
        flash(_("That offer can no longer be added: choose one of those suggested now."), "info")
        return _back(plan, f"goal-{goal.id}")
    db.session.commit()
    flash(_("Added to the plan"))
    return _back(plan, f"goal-{goal.id}")


@bp.route("/<int:plan_id>/actions/<int:action_id>", methods=["GET", "POST"])
@plan_people
@organisation_required
def edit_action(plan_id, action_id):
    plan = services.get_plan(current_user, plan_id)
    action = services.get_action(plan, action_id)
    form = _text_form(PlanActionForm, plan.organisation)
    if form.validate_on_submit():
        services.edit_action(action, current_user, *_texts_in(form))
        db.session.commit()
        flash(_("Action saved"))
        return _back(plan, f"goal-{action.goal_id}")
    if not form.is_submitted():
        form.action_cy.data, form.action_en.data = action.text_cy, action.text_en
    return render_template("plans/action_form.html", plan=plan, goal=action.goal, form=form, action=action), \
        400 if form.errors else 200


@bp.route("/<int:plan_id>/actions/<int:action_id>/remove", methods=["GET", "POST"])
@plan_people
@organisation_required
def remove_action(plan_id, action_id):
    plan = services.get_plan(current_user, plan_id)
    action = services.get_action(plan, action_id)
    form = ActionForm()
    if form.validate_on_submit():
        goal_id = action.goal_id
        services.remove_action(action, current_user)
        db.session.commit()
        flash(_("Action removed"))
        return _back(plan, f"goal-{goal_id}")
    events = services.events_of(plan)
    if action.event_id:
        event = events.get(action.event_id)
        name = event.text("title", current_lang()) if event else ""
    elif action.visit_type:
        name = str(VISIT_TYPES.get(action.visit_type, action.visit_type))
    else:
        name = services.text_of(action, current_lang())
    return render_template("plans/remove.html", plan=plan, form=form, what="action", name=name)


@bp.route("/<int:plan_id>/actions/<int:action_id>/done", methods=["POST"])
@plan_people
@organisation_required
def mark_done(plan_id, action_id):
    plan = services.get_plan(current_user, plan_id)
    action = services.get_action(plan, action_id)
    form = DoneForm()
    if not form.validate_on_submit() or form.done.data not in ("0", "1"):
        abort(400)
    services.mark_done(action, current_user, form.done.data == "1")
    db.session.commit()
    flash(_("Action marked done") if form.done.data == "1" else _("Action marked not done"))
    return _back(plan, f"goal-{action.goal_id}")


@bp.route("/<int:plan_id>/agree", methods=["POST"])
@plan_people
@organisation_required
def agree(plan_id):
    plan = services.get_plan(current_user, plan_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.agree(plan, current_user)
    db.session.commit()
    flash(_("The plan is agreed"))
    return _back(plan)
