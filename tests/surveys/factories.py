"""Question sets, surveys, responses and comments made directly in the database.

The survey pages (answering, opening a survey) are another part of the
feature; results tests build what they read here, as the answering pages
would store it: a response with its day and one answer per question, and
free-text comments kept apart from the scores.
"""

import itertools
from datetime import date, timedelta

from sqlalchemy import insert, select

from portal.extensions import db
from portal.surveys.models import (
    CommentStatus,
    QuestionSet,
    Survey,
    SurveyAnswer,
    SurveyComment,
    SurveyQuestion,
    SurveyResponse,
    SurveyTheme,
)

_counter = itertools.count(1)

# (code, English title, Welsh title, statements: (English, Welsh, reverse scored))
THEMES = [
    ("workload", "Workload and demands", "Llwyth gwaith a gofynion", [
        ("I have unachievable deadlines", "Mae gennyf derfynau amser na ellir eu cyrraedd", True),
        ("I can manage the work I am given", "Gallaf reoli'r gwaith a roddir i mi", False),
    ]),
    ("support", "Support from managers and colleagues", "Cymorth gan reolwyr a chydweithwyr", [
        ("I can rely on my line manager", "Gallaf ddibynnu ar fy rheolwr llinell", False),
    ]),
    ("musculoskeletal", "Physical health and musculoskeletal issues", "Iechyd corfforol a phroblemau cyhyrysgerbydol", [
        ("My work does not cause me pain", "Nid yw fy ngwaith yn achosi poen i mi", False),
    ]),
]


def make_question_set(themes=THEMES, free_text=True, commit=True):
    """A bilingual question set with ``themes`` (as :data:`THEMES`) and, if ``free_text``, its free-text question."""
    n = next(_counter)
    question_set = QuestionSet(
        name_en=f"Staff well-being {n}", name_cy=f"Llesiant staff {n}",
        free_text_en="Is there anything else you would like to tell us?" if free_text else None,
        free_text_cy="A oes unrhyw beth arall yr hoffech ei ddweud wrthym?" if free_text else None,
    )
    for position, (code, title_en, title_cy, statements) in enumerate(themes):
        theme = SurveyTheme(code=code, position=position, title_en=title_en, title_cy=title_cy)
        for index, (text_en, text_cy, reverse) in enumerate(statements):
            theme.questions.append(SurveyQuestion(position=index, text_en=text_en, text_cy=text_cy,
                                                  reverse_scored=reverse))
        question_set.themes.append(theme)
    db.session.add(question_set)
    if commit:
        db.session.commit()
    return question_set


def make_survey(organisation, question_set=None, opens_on=None, closes_on=None, commit=True):
    """A survey of ``organisation``'s staff on ``question_set`` (a new default set if none)."""
    opens_on = opens_on or date(2026, 10, 1)
    survey = Survey(organisation=organisation, question_set=question_set or make_question_set(commit=False),
                    code=f"survey{next(_counter):06d}", opens_on=opens_on,
                    closes_on=closes_on or opens_on + timedelta(days=28))
    db.session.add(survey)
    if commit:
        db.session.commit()
    return survey


def questions_of(survey):
    """The survey's questions, theme by theme, in order."""
    return list(db.session.scalars(
        select(SurveyQuestion).join(SurveyTheme).where(SurveyTheme.question_set_id == survey.question_set_id)
        .order_by(SurveyTheme.position, SurveyQuestion.position)))


def add_responses(survey, count, value=4, skip=(), commit=True):
    """``count`` people's answers to every question of ``survey`` (in bulk).

    ``value`` is the point each gave as answered (1 to 5) or a function of
    (person index, question) returning it; questions whose theme code is in
    ``skip`` are left unanswered.
    """
    questions = [question for question in questions_of(survey) if question.theme.code not in skip]
    answered_on = survey.opens_on
    if not count:
        return
    ids = db.session.scalars(
        insert(SurveyResponse).returning(SurveyResponse.id, sort_by_parameter_order=True),
        [{"survey_id": survey.id, "answered_on": answered_on} for _ in range(count)]).all()
    answers = []
    for index, response_id in enumerate(ids):
        for question in questions:
            point = value(index, question) if callable(value) else value
            answers.append({"response_id": response_id, "question_id": question.id, "value": point})
    if answers:
        db.session.execute(insert(SurveyAnswer), answers)
    if commit:
        db.session.commit()


def add_comments(survey, texts, status=CommentStatus.WAITING, commit=True):
    """Free-text comments on ``survey``, each with ``status``."""
    comments = [SurveyComment(survey_id=survey.id, text=text, status=status) for text in texts]
    db.session.add_all(comments)
    if commit:
        db.session.commit()
    return comments
