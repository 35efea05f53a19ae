"""Question sets, surveys and anonymous responses written directly with the models, for the plan tests."""

from datetime import date, timedelta

from portal.extensions import db
from portal.plans.models import ActionPlan, PlanAction, PlanGoal
from portal.surveys.models import QuestionSet, Survey, SurveyAnswer, SurveyQuestion, SurveyResponse, SurveyTheme

# (code, English title, Welsh title): themes of a small question set, two statements each.
THEMES = (
    ("workload", "Workload and demands", "Llwyth gwaith a gofynion"),
    ("musculoskeletal", "Physical health", "Iechyd corfforol"),
    ("support", "Support from managers", "Cymorth gan reolwyr"),
)
_codes = iter(range(1, 10**6))


def make_question_set(themes=THEMES):
    """A question set with two statements per theme (the second reverse-scored)."""
    question_set = QuestionSet(name_en="Test set", name_cy="Set prawf", is_default=True)
    db.session.add(question_set)
    for position, (code, title_en, title_cy) in enumerate(themes):
        theme = SurveyTheme(question_set=question_set, code=code, position=position, title_en=title_en,
                            title_cy=title_cy)
        theme.questions = [
            SurveyQuestion(position=0, text_en=f"{title_en} is fine", text_cy=f"{title_cy}: iawn"),
            SurveyQuestion(position=1, text_en=f"{title_en} is a problem", text_cy=f"{title_cy}: problem",
                           reverse_scored=True),
        ]
        db.session.add(theme)
    db.session.flush()
    return question_set


def make_survey(organisation, question_set=None, opens_on=None, scores=None, responses=5, commit=True):
    """A survey of ``organisation`` with ``responses`` people answering.

    ``scores`` maps a theme code to the (turned) point every respondent gives
    it, 1 to 5 (default 4: fine); a reverse-scored statement gets the
    answer that turns into that point.
    """
    question_set = question_set or make_question_set()
    opens_on = opens_on or date.today() - timedelta(days=30)
    survey = Survey(organisation_id=organisation.id, question_set_id=question_set.id, code=f"S{next(_codes):08d}",
                    opens_on=opens_on, closes_on=opens_on + timedelta(days=14))
    db.session.add(survey)
    db.session.flush()
    scores = scores or {}
    for _n in range(responses):
        response = SurveyResponse(survey_id=survey.id, answered_on=opens_on)
        db.session.add(response)
        db.session.flush()
        for theme in question_set.themes:
            point = scores.get(theme.code, 4)
            for question in theme.questions:
                value = 6 - point if question.reverse_scored else point
                db.session.add(SurveyAnswer(response_id=response.id, question_id=question.id, value=value))
    if commit:
        db.session.commit()
    return survey


def plan_records(organisation, event=None):
    """Two surveys of ``organisation``: one with a plan (a goal, a free-text action and ``event`` as an
    action), one without; as the attributes the routes above use."""
    plan_survey = make_survey(organisation, scores={"workload": 2})
    survey = make_survey(organisation, scores={"workload": 2})
    plan = ActionPlan(organisation_id=organisation.id, survey_id=survey.id)
    db.session.add(plan)
    db.session.flush()
    goal = PlanGoal(plan_id=plan.id, theme_code="workload", text_en="Less overtime", text_cy="Llai o oriau ychwanegol")
    db.session.add(goal)
    db.session.flush()
    action = PlanAction(goal_id=goal.id, text_en="Review rotas", text_cy="Adolygu rotâu")
    db.session.add(action)
    db.session.add(PlanAction(goal_id=goal.id, position=1, event_id=event.id if event else None))
    db.session.commit()
    return {"plan_survey": plan_survey, "plan": plan, "plan_goal": goal, "plan_action": action}
