"""Building a workplace health action plan from a survey's results, and reading its progress.

Every record is loaded through :mod:`portal.scoping` (the organisation's own
employer contacts, staff of its delivery partner, administrators), so another
organisation's or partner's id is a 404. Progress is read from the booking or
visit request an action links to, never copied onto the action.
"""

from dataclasses import dataclass

from flask import abort
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.accounts.models import User
from portal.audit.services import record
from portal.bookings.models import ACTIVE, Attendance, Booking, BookingStatus
from portal.email.services import recipient_language
from portal.events.models import Event
from portal.extensions import db
from portal.i18n import text_for
from portal.paging import parse_int
from portal.plans.models import ActionPlan, PlanAction, PlanGoal
from portal.plans.suggestions import bookable_events_clause, low_themes, suggestions
from portal.programme.models import ACTION_PLAN_SOURCE, Intervention
from portal.scoping import organisation_scope
from portal.security import Role
from portal.signals import plan_agreed
from portal.surveys.models import Survey, SurveyTheme
from portal.surveys.results import theme_results
from portal.timeutil import utcnow
from portal.visits.labels import VISIT_TYPES
from portal.visits.models import OPEN, VisitRequest, VisitStatus

PER_PAGE = 20

# Who builds a plan: the employer contact and their adviser (staff of the partner, or an administrator).
PLAN_PEOPLE = (Role.EMPLOYER, Role.STAFF, Role.ADMIN)


# --- loading, within the user's scope ------------------------------------------------------


def get_survey(user, survey_id):
    """The survey ``survey_id`` if ``user`` may see its organisation, else 404."""
    return db.session.scalar(
        select(Survey).where(Survey.id == survey_id, organisation_scope(user, Survey.organisation_id))
        .options(selectinload(Survey.organisation))
    ) or abort(404)


def get_plan(user, plan_id):
    """The plan ``plan_id`` with its goals and actions, if ``user`` may see its organisation, else 404."""
    return db.session.scalar(
        select(ActionPlan).where(ActionPlan.id == plan_id, organisation_scope(user, ActionPlan.organisation_id))
        .options(selectinload(ActionPlan.organisation), selectinload(ActionPlan.survey),
                 selectinload(ActionPlan.goals).selectinload(PlanGoal.actions))
    ) or abort(404)


def get_goal(plan, goal_id):
    """The goal ``goal_id`` of ``plan`` (already loaded), else 404."""
    return next((goal for goal in plan.goals if goal.id == goal_id), None) or abort(404)


def get_action(plan, action_id):
    """The action ``action_id`` of one of ``plan``'s goals, else 404."""
    return next((a for goal in plan.goals for a in goal.actions if a.id == action_id), None) or abort(404)


@dataclass
class SurveyRow:
    survey: Survey
    plan_id: int | None


def survey_list(user, page=1, per_page=PER_PAGE):
    """The surveys ``user`` may see, newest first, each with its plan (if any) and responses: (rows, total)."""
    scope = organisation_scope(user, Survey.organisation_id)
    total = db.session.scalar(select(func.count()).select_from(Survey).where(scope))
    rows = db.session.execute(
        select(Survey, ActionPlan.id)
        .outerjoin(ActionPlan, ActionPlan.survey_id == Survey.id)
        .where(scope)
        .options(selectinload(Survey.organisation))
        .order_by(Survey.opens_on.desc(), Survey.id.desc())
        .limit(per_page).offset((page - 1) * per_page)
    ).all()
    return [SurveyRow(survey, plan_id) for survey, plan_id in rows], total


# --- who writes, and in which language ----------------------------------------------------------


def contact_languages(organisation):
    """The languages the organisation's active employer contacts read (one query)."""
    people = db.session.scalars(select(User).where(
        User.organisation_id == organisation.id, User.role == Role.EMPLOYER, User.active.is_(True)))
    return sorted({recipient_language(person=person, organisation=organisation) for person in people}) or [
        recipient_language(organisation=organisation)]


def writing_languages(user, organisation, page_lang):
    """The languages ``user`` writes a plan's text in.

    An employer writes in their own language (the page's); staff write in
    the language of each of the organisation's contacts, so every reader has
    the plan in theirs.
    """
    if user.role == Role.EMPLOYER:
        return [page_lang]
    return contact_languages(organisation)


def text_of(record, lang):
    """A goal's or action's own text in ``lang`` (the other language if that is all there is)."""
    return text_for({"en": record.text_en, "cy": record.text_cy}, lang)


def _set_texts(record, texts, languages):
    """Keep each language asked for; a language not asked for keeps what it had."""
    for lang in languages:
        setattr(record, f"text_{lang}", texts.get(lang) or None)


# --- building the plan --------------------------------------------------------------------------


def survey_themes(survey):
    """``{code: SurveyTheme}`` of the survey's question set, in order."""
    themes = db.session.scalars(select(SurveyTheme).where(SurveyTheme.question_set_id == survey.question_set_id)
                                .order_by(SurveyTheme.position, SurveyTheme.id))
    return {theme.code: theme for theme in themes}


def plan_for_survey(survey):
    """The survey's plan, or None."""
    return db.session.scalar(select(ActionPlan).where(ActionPlan.survey_id == survey.id))


def start_plan(survey, user, results=None):
    """The survey's plan, started now with a goal for each low theme if it has none."""
    existing = plan_for_survey(survey)
    if existing is not None:
        return existing
    results = theme_results(survey) if results is None else results
    plan = ActionPlan(organisation_id=survey.organisation_id, survey_id=survey.id, created_by_id=user.id)
    db.session.add(plan)
    db.session.flush()
    low = low_themes(results)
    for position, result in enumerate(low):
        db.session.add(PlanGoal(plan_id=plan.id, theme_code=result.code, position=position))
    db.session.flush()
    record("action_plan_started", plan, actor=user, survey=survey.id, goals=len(low))
    return plan


def _next_position(records):
    return max((r.position for r in records), default=-1) + 1


def add_goal(plan, user, theme_code, texts, languages):
    """Add a goal for ``theme_code`` (one of the survey's themes, checked by the form)."""
    goal = PlanGoal(plan_id=plan.id, theme_code=theme_code, position=_next_position(plan.goals))
    _set_texts(goal, texts, languages)
    db.session.add(goal)
    db.session.flush()
    record("action_plan_goal_added", plan, actor=user, theme=theme_code)
    return goal


def edit_goal(goal, user, texts, languages):
    """Change what a goal says, in the languages asked for."""
    before = {"text_en": goal.text_en, "text_cy": goal.text_cy}
    _set_texts(goal, texts, languages)
    after = {"text_en": goal.text_en, "text_cy": goal.text_cy}
    changed = {k: v for k, v in after.items() if before[k] != v}
    if changed:
        record("action_plan_goal_edited", goal.plan, actor=user, theme=goal.theme_code,
               before={k: before[k] for k in changed}, after=changed)
    return goal


def remove_goal(goal, user):
    """Remove a goal and its actions."""
    plan = goal.plan
    for action in list(goal.actions):
        db.session.delete(action)
    db.session.delete(goal)
    db.session.flush()
    record("action_plan_goal_removed", plan, actor=user, theme=goal.theme_code)


def add_action(goal, user, texts, languages):
    """Add an action in words (something the portal cannot book)."""
    action = PlanAction(goal_id=goal.id, position=_next_position(goal.actions))
    _set_texts(action, texts, languages)
    db.session.add(action)
    db.session.flush()
    record("action_plan_action_added", goal.plan, actor=user, theme=goal.theme_code)
    return action


class OfferRefused(Exception):
    """The offer chosen is not one the catalogue offers now (an edited or stale form)."""


def parse_offer(value, now=None):
    """``("event", Event)`` or ``("visit", code)`` from a form's ``event:12`` or ``visit:<type>``.

    Raises :class:`OfferRefused` for anything else, or for an event that can
    no longer be booked.
    """
    kind, _sep, key = (value or "").partition(":")
    if kind == "visit" and key in VISIT_TYPES:
        return "visit", key
    if kind == "event":
        event_id = parse_int(key)
        event = event_id and db.session.scalar(select(Event).where(Event.id == event_id, bookable_events_clause(now)))
        if event:
            return "event", event
    raise OfferRefused(value)


def add_offer(goal, user, value, now=None):
    """Add an action that is a catalogue offer: an upcoming event, or a kind of workplace visit."""
    kind, offer = parse_offer(value, now)
    action = PlanAction(goal_id=goal.id, position=_next_position(goal.actions))
    if kind == "event":
        action.event_id = offer.id
    else:
        action.visit_type = offer
    db.session.add(action)
    db.session.flush()
    record("action_plan_action_added", goal.plan, actor=user, theme=goal.theme_code,
           offer=f"event {offer.id}" if kind == "event" else offer)
    return action


def edit_action(action, user, texts, languages):
    """Change what an action says, in the languages asked for."""
    before = {"text_en": action.text_en, "text_cy": action.text_cy}
    _set_texts(action, texts, languages)
    after = {"text_en": action.text_en, "text_cy": action.text_cy}
    changed = {k: v for k, v in after.items() if before[k] != v}
    if changed:
        record("action_plan_action_edited", action.goal.plan, actor=user, theme=action.goal.theme_code,
               before={k: before[k] for k in changed}, after=changed)
    return action


def remove_action(action, user):
    """Remove an action (a booking made from it stays: it is the organisation's booking)."""
    goal = action.goal
    db.session.delete(action)
    db.session.flush()
    record("action_plan_action_removed", goal.plan, actor=user, theme=goal.theme_code)


def mark_done(action, user, done, now=None):
    """Mark an action done by hand (``done`` true) or not done, for what the portal cannot see happen."""
    if bool(action.done_at) == bool(done):
        return action
    action.done_at = (now or utcnow()) if done else None
    record("action_plan_action_done" if done else "action_plan_action_not_done", action.goal.plan,
           actor=user, theme=action.goal.theme_code)
    return action


def agree(plan, user, results=None, now=None):
    """Mark the plan agreed, once; the programme may count it (:data:`portal.signals.plan_agreed`)."""
    if plan.agreed_at is not None:
        return plan
    plan.agreed_at = now or utcnow()
    results = theme_results(plan.survey) if results is None else results
    record("action_plan_agreed", plan, actor=user)
    db.session.flush()
    plan_agreed.send(plan, organisation=plan.organisation, at=plan.agreed_at,
                     results_shown=any(result.shown for result in results))
    return plan


# --- booking from the plan ---------------------------------------------------------------------


def _organisation_action(organisation_id, plan_action):
    """The statement for the action ``plan_action`` (an id, unchecked) of the organisation's plans, or None."""
    action_id = parse_int(plan_action)
    if action_id is None:
        return None
    return (select(PlanAction).join(PlanGoal, PlanGoal.id == PlanAction.goal_id)
            .join(ActionPlan, ActionPlan.id == PlanGoal.plan_id)
            .where(PlanAction.id == action_id, ActionPlan.organisation_id == organisation_id))


def organisation_action(organisation_id, plan_action):
    """The action ``plan_action`` (an id, unchecked) when it is on one of the organisation's plans, else None."""
    statement = _organisation_action(organisation_id, plan_action)
    return db.session.scalar(statement) if statement is not None else None


def link_record(made, plan_action):
    """Link a booking or visit request made from the plan to the action ``plan_action`` (an id, unchecked).

    Only an action of the same organisation's plan, for the same event (or the
    same kind of visit), is linked; anything else is ignored: the booking or
    request stands on its own. A new record replaces a link to one that was
    cancelled, declined or that expired.
    """
    statement = _organisation_action(made.organisation_id, plan_action)
    if statement is None:
        return None
    if isinstance(made, Booking):
        action = db.session.scalar(statement.where(PlanAction.event_id == made.event_id))
        current = action and action.booking_id and db.session.get(Booking, action.booking_id)
        if action is None or (current and current.status in ACTIVE):
            return None
        action.booking_id = made.id
    elif isinstance(made, VisitRequest):
        action = db.session.scalar(statement.where(PlanAction.visit_type == made.visit_type))
        current = action and action.visit_request_id and db.session.get(VisitRequest, action.visit_request_id)
        if action is None or (current and (current.status in OPEN or current.status == VisitStatus.DELIVERED)):
            return None
        action.visit_request_id = made.id
    else:
        return None
    record("action_plan_action_booked", db.session.get(ActionPlan, _plan_id_of(action)), actor=None,
           organisation_id=made.organisation_id)
    return action


def _plan_id_of(action):
    return db.session.scalar(select(PlanGoal.plan_id).where(PlanGoal.id == action.goal_id))


# --- progress ------------------------------------------------------------------------------------

# Where an action stands, read from its booking or visit (codes; words in labels.py).
NOT_BOOKED, BOOKED, WAITING, ATTENDED, NOT_ATTENDED, BOOKING_ENDED = (
    "not_booked", "booked", "waiting", "attended", "not_attended", "booking_ended")
NOT_REQUESTED, REQUESTED, SCHEDULED, DELIVERED, VISIT_ENDED = (
    "not_requested", "requested", "scheduled", "delivered", "visit_ended")
TO_DO, DONE = "to_do", "done"


@dataclass
class ActionProgress:
    """One action's state, whether it is done, and whether it counted as an intervention."""

    state: str
    done: bool
    counted: bool = False
    # The booking or visit it reads from (for links), if any.
    booking: Booking | None = None
    visit: VisitRequest | None = None
    # The offer still to book or ask for (a link to the journey is shown).
    bookable: bool = False


def _booking_state(booking):
    if booking is None or booking.status not in ACTIVE:
        return NOT_BOOKED if booking is None else BOOKING_ENDED
    if booking.status != BookingStatus.CONFIRMED:
        return WAITING
    if booking.attendance == Attendance.ATTENDED:
        return ATTENDED
    if booking.attendance == Attendance.DID_NOT_ATTEND:
        return NOT_ATTENDED
    return BOOKED


def _visit_state(visit):
    if visit is None:
        return NOT_REQUESTED
    if visit.status == VisitStatus.DELIVERED and visit.voided_at is None:
        return DELIVERED
    if visit.status == VisitStatus.SCHEDULED:
        return SCHEDULED
    if visit.status in OPEN:
        return REQUESTED
    return VISIT_ENDED


def progress(plan):
    """``{action id: ActionProgress}`` for every action of ``plan`` (at most four queries).

    An event action is done once someone attended; it counted when the
    organisation's attendance at that event is an intervention (the
    programme counts one per organisation per event). A visit action is
    done once delivered, and counted when that visit is an intervention.
    """
    actions = [a for goal in plan.goals for a in goal.actions]
    booking_ids = [a.booking_id for a in actions if a.booking_id]
    visit_ids = [a.visit_request_id for a in actions if a.visit_request_id]
    event_ids = [a.event_id for a in actions if a.event_id]
    bookings = {b.id: b for b in db.session.scalars(select(Booking).where(Booking.id.in_(booking_ids)))} \
        if booking_ids else {}
    visits = {v.id: v for v in db.session.scalars(select(VisitRequest).where(VisitRequest.id.in_(visit_ids)))} \
        if visit_ids else {}
    counted_events = set(db.session.scalars(
        select(Booking.event_id).join(Intervention, (Intervention.source_type == Booking.__tablename__)
                                      & (Intervention.source_id == Booking.id))
        .where(Booking.organisation_id == plan.organisation_id, Booking.event_id.in_(event_ids))
    )) if event_ids else set()
    counted_visits = set(db.session.scalars(
        select(Intervention.source_id).where(Intervention.source_type == VisitRequest.__tablename__,
                                             Intervention.source_id.in_(visit_ids))
    )) if visit_ids else set()
    found = {}
    for action in actions:
        by_hand = action.done_at is not None
        if action.event_id:
            booking = bookings.get(action.booking_id)
            state = _booking_state(booking)
            found[action.id] = ActionProgress(
                state, by_hand or state == ATTENDED, counted=state == ATTENDED and action.event_id in counted_events,
                booking=booking, bookable=state in (NOT_BOOKED, BOOKING_ENDED))
        elif action.visit_type:
            visit = visits.get(action.visit_request_id)
            state = _visit_state(visit)
            found[action.id] = ActionProgress(
                state, by_hand or state == DELIVERED, counted=state == DELIVERED and visit.id in counted_visits,
                visit=visit, bookable=state in (NOT_REQUESTED, VISIT_ENDED))
        else:
            found[action.id] = ActionProgress(DONE if by_hand else TO_DO, by_hand)
    return found


def plan_intervention(plan):
    """The intervention the plan itself counted as (when the rules counted it), or None."""
    return db.session.scalar(select(Intervention).where(Intervention.source_type == ACTION_PLAN_SOURCE,
                                                        Intervention.source_id == plan.id))


def events_of(plan):
    """``{event id: Event}`` for the plan's event actions (one query)."""
    ids = {a.event_id for goal in plan.goals for a in goal.actions if a.event_id}
    return {e.id: e for e in db.session.scalars(select(Event).where(Event.id.in_(ids)))} if ids else {}


# --- the page ------------------------------------------------------------------------------------


@dataclass
class Change:
    """One theme's score in the plan's survey and in the organisation's later survey."""

    code: str
    title_en: str
    title_cy: str
    earlier: float
    later: float

    @property
    def difference(self):
        return round(self.later - self.earlier, 1)


def later_survey(survey):
    """The organisation's next survey after ``survey`` (it opened later), or None."""
    return db.session.scalar(
        select(Survey).where(Survey.organisation_id == survey.organisation_id, Survey.id != survey.id,
                             (Survey.opens_on > survey.opens_on)
                             | ((Survey.opens_on == survey.opens_on) & (Survey.id > survey.id)))
        .order_by(Survey.opens_on, Survey.id).limit(1)
    )


def changes(results, later_results):
    """Per theme, the earlier and later score where both are shown (a theme in only one survey is left out)."""
    later = {r.code: r for r in later_results if r.shown}
    return [Change(r.code, r.title_en, r.title_cy, r.score, later[r.code].score)
            for r in results if r.shown and r.code in later]


def plan_page(plan):
    """What the plan page shows: results, suggestions per goal, progress, the change at a re-survey.

    A fixed number of queries however many goals, actions and events there are.
    """
    results = theme_results(plan.survey)
    by_code = {r.code: r for r in results}
    themes = survey_themes(plan.survey)
    resurvey = later_survey(plan.survey)
    return {
        "results": results,
        "by_code": by_code,
        "themes": themes,
        "suggestions": suggestions([goal.theme_code for goal in plan.goals]),
        "progress": progress(plan),
        "events": events_of(plan),
        "intervention": plan_intervention(plan),
        "resurvey": resurvey,
        "changes": changes(results, theme_results(resurvey)) if resurvey else [],
        "results_shown": any(r.shown for r in results),
    }


def programme_summary(organisation):
    """The organisation's latest plan's actions and which are done, for the programme page.

    ``{"plan": None}`` when it has a survey but no plan yet; None when it has neither.
    """
    plan = db.session.scalar(
        select(ActionPlan).where(ActionPlan.organisation_id == organisation.id)
        .order_by(ActionPlan.created_at.desc(), ActionPlan.id.desc()).limit(1)
        .options(selectinload(ActionPlan.goals).selectinload(PlanGoal.actions))
    )
    if plan is None:
        # No plan yet: a way to start one, once the organisation has a survey.
        has_survey = db.session.scalar(select(Survey.id).where(Survey.organisation_id == organisation.id).limit(1))
        return {"plan": None} if has_survey else None
    return {"plan": plan, "progress": progress(plan), "events": events_of(plan),
            "intervention": plan_intervention(plan)}
