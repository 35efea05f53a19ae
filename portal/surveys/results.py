"""A survey's results by theme, shown only where enough people answered.

Scores are on the five-point scale with every statement turned the same way
round (a higher score is better: agreeing with "I have unachievable deadlines"
counts as a low score). A theme's score is the mean of its answers; its
respondents are the people who answered at least one of its questions.
"""

from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import case, distinct, func, select

from portal.extensions import db
from portal.surveys.models import SurveyAnswer, SurveyQuestion, SurveyResponse, SurveyTheme

# The fewest people whose answers are ever shown together: below it a result
# could point at a person. Configuration may raise it, never lower it.
SMALLEST_GROUP_FLOOR = 5
SCALE = (1, 2, 3, 4, 5)


def smallest_group():
    """The threshold in force: ``SURVEY_SMALLEST_GROUP``, never below five."""
    return max(SMALLEST_GROUP_FLOOR, int(current_app.config.get("SURVEY_SMALLEST_GROUP", SMALLEST_GROUP_FLOOR)))


@dataclass
class ThemeResult:
    """One theme of one survey: its score and distribution, or why they are withheld."""

    code: str
    title_en: str
    title_cy: str
    respondents: int
    # None when fewer than the smallest group answered (``shown`` false).
    score: float | None = None
    # Answers per point of the (turned) scale, 1 to 5; empty when withheld.
    distribution: dict = field(default_factory=dict)

    @property
    def shown(self):
        """True when enough people answered for the theme's figures to be shown."""
        return self.score is not None


def respondents(survey_id):
    """How many people answered the survey."""
    return db.session.scalar(select(func.count()).select_from(SurveyResponse)
                             .where(SurveyResponse.survey_id == survey_id))


def theme_results(survey):
    """Each theme of ``survey``'s question set, in order, as a :class:`ThemeResult` (three queries)."""
    value = case((SurveyQuestion.reverse_scored, 6 - SurveyAnswer.value), else_=SurveyAnswer.value)
    rows = db.session.execute(
        select(SurveyQuestion.theme_id, value.label("point"), func.count().label("answers"))
        .join(SurveyAnswer, SurveyAnswer.question_id == SurveyQuestion.id)
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .where(SurveyResponse.survey_id == survey.id)
        .group_by(SurveyQuestion.theme_id, value)
    ).all()
    people = dict(db.session.execute(
        select(SurveyQuestion.theme_id, func.count(distinct(SurveyAnswer.response_id)))
        .join(SurveyAnswer, SurveyAnswer.question_id == SurveyQuestion.id)
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .where(SurveyResponse.survey_id == survey.id)
        .group_by(SurveyQuestion.theme_id)
    ).all())
    points = {}
    for row in rows:
        points.setdefault(row.theme_id, {})[int(row.point)] = row.answers
    threshold = smallest_group()
    themes = db.session.scalars(select(SurveyTheme).where(SurveyTheme.question_set_id == survey.question_set_id)
                                .order_by(SurveyTheme.position, SurveyTheme.id))
    results = []
    for theme in themes:
        result = ThemeResult(theme.code, theme.title_en, theme.title_cy, people.get(theme.id, 0))
        counts = points.get(theme.id, {})
        total = sum(counts.values())
        if result.respondents >= threshold and total:
            result.score = round(sum(point * n for point, n in counts.items()) / total, 1)
            result.distribution = {point: counts.get(point, 0) for point in SCALE}
        results.append(result)
    return results
