"""A finished staff survey for the demo employer, so that ``make run`` shows results to read."""

import random
from datetime import timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.surveys.models import CommentStatus, Survey, SurveyComment, SurveyQuestion, SurveyTheme
from portal.surveys.questions import default_set
from portal.surveys.services import submit_response
from portal.timeutil import today_in_wales

# Themes the demo staff answer low (workload and aches: the action plan's suggestions then
# have something to suggest); every other theme is answered around "agree".
LOW_THEMES = {"workload": 2, "musculoskeletal": 2, "physical": 3}
PEOPLE = 14
COMMENTS = [
    ("We are short-staffed on Fridays and breaks get skipped.", CommentStatus.APPROVED),
    ("Mae angen cadeiriau gwell yn y swyddfa.", CommentStatus.APPROVED),
    ("Managers are approachable, which helps a lot.", CommentStatus.APPROVED),
    ("More notice of rota changes, please.", CommentStatus.APPROVED),
    ("Hoffwn i gael mwy o hyfforddiant ar godi a chario.", CommentStatus.APPROVED),
    ("The new system was introduced without much explanation.", CommentStatus.WAITING),
]


def seed_demo_survey(organisation, code="demo-survey"):
    """A survey of ``organisation``'s staff that closed last month, answered by fourteen people (caller commits)."""
    question_set = default_set()
    today = today_in_wales()
    survey = Survey(organisation_id=organisation.id, question_set_id=question_set.id, code=code,
                    opens_on=today - timedelta(days=60), closes_on=today - timedelta(days=32))
    db.session.add(survey)
    db.session.flush()
    questions = db.session.execute(
        select(SurveyQuestion.id, SurveyQuestion.reverse_scored, SurveyTheme.code)
        .join(SurveyTheme).where(SurveyTheme.question_set_id == question_set.id)
    ).all()
    chance = random.Random(17)  # noqa: S311 - demo answers, not security
    for _person in range(PEOPLE):
        answers = {}
        for question_id, reverse, theme in questions:
            point = min(5, max(1, LOW_THEMES.get(theme, 4) + chance.choice((-1, 0, 0, 1))))
            answers[str(question_id)] = str(6 - point if reverse else point)
        submit_response(survey, answers)
    db.session.add_all(SurveyComment(survey_id=survey.id, text=text, status=status) for text, status in COMMENTS)
    db.session.flush()
    return survey
