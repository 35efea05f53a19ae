"""A survey's results by theme, shown only where enough people answered.

Scores are on the five-point scale with every statement turned the same way
round (a higher score is better: agreeing with "I have unachievable deadlines"
counts as a low score). A theme's score is the mean of its answers; its
respondents are the people who answered at least one of its questions.

:func:`survey_results` adds what the results page and PDF compare each theme
with (the organisation's previous survey; the average of other organisations of
its size band, from ten of them) and the free-text answers staff approved.
"""

from dataclasses import dataclass, field

from flask import current_app
from flask_babel import format_decimal
from sqlalchemy import Float, and_, case, cast, distinct, func, or_, select

from portal.extensions import db
from portal.organisations.models import Organisation
from portal.organisations.sizes import SIZE_BANDS, UNKNOWN_BAND, band_of, size_band
from portal.scoping import organisation_scope
from portal.surveys.models import (
    CommentStatus,
    Survey,
    SurveyAnswer,
    SurveyComment,
    SurveyQuestion,
    SurveyResponse,
    SurveyTheme,
)
from portal.timeutil import today_in_wales

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


# --- the results page and PDF: comparisons and comments ---------------------------------

# The fewest other organisations whose scores are ever averaged for a comparison: with
# fewer, the average could say too much about any one of them.
MIN_ORGANISATIONS = 10


@dataclass
class Comments:
    """The free-text answers of one survey, as the employer may see them.

    ``given`` counts every comment written (waiting, approved or removed): the
    smallest group protects the people who wrote, so it applies to how many
    wrote, not to how many staff approved. Only approved comments are shown,
    and none unless at least the smallest group wrote one.
    """

    asked: bool
    given: int
    threshold: int
    waiting: int = 0
    # Approved comments, in the order of their text: the order they were written in
    # could be matched to who answered first.
    texts: list = field(default_factory=list)

    @property
    def enough(self):
        """True when enough people wrote a comment for the approved ones to be shown."""
        return self.given >= self.threshold


@dataclass
class ResultRow:
    """One theme of a survey with its comparisons, where they may be shown."""

    theme: ThemeResult
    # The same theme's score in the previous survey and the change since, when both are shown.
    previous_score: float | None = None
    change: float | None = None
    # The average of other organisations of the same size band, and how many contribute.
    average: float | None = None
    organisations: int = 0


@dataclass
class SurveyResults:
    """Everything the results page and PDF show for one survey, withheld where it must be."""

    survey: object
    respondents: int
    threshold: int
    rows: list
    previous: object | None
    band: str
    comments: Comments
    # Still taking answers: the figures may change.
    still_open: bool = False
    min_organisations: int = MIN_ORGANISATIONS

    @property
    def enough(self):
        """True when enough people answered the survey for any theme to be shown."""
        return self.respondents >= self.threshold

    @property
    def compared_with_previous(self):
        """True when at least one theme has a change since the previous survey."""
        return any(row.change is not None for row in self.rows)

    @property
    def compared_with_band(self):
        """True when at least one theme has an average of organisations of the same size."""
        return any(row.average is not None for row in self.rows)


def visible_survey(user, survey_id):
    """The survey ``survey_id`` if ``user`` may see its organisation's results, else None.

    Employers and champions: their own organisation's; staff: their partner's
    organisations'; administrators: any (``portal.scoping``).
    """
    return db.session.scalar(select(Survey).where(Survey.id == survey_id,
                                                  organisation_scope(user, Survey.organisation_id)))


def previous_survey(survey):
    """The same organisation's survey before ``survey`` (the latest that opened earlier), or None."""
    earlier = or_(Survey.opens_on < survey.opens_on, and_(Survey.opens_on == survey.opens_on, Survey.id < survey.id))
    return db.session.scalar(select(Survey).where(Survey.organisation_id == survey.organisation_id, earlier)
                             .order_by(Survey.opens_on.desc(), Survey.id.desc()).limit(1))


def changes_since(previous, current):
    """{theme code: (previous score, change)} for the themes shown in both lists of :class:`ThemeResult`.

    The change is worked out from the scores as shown (one decimal), so that
    the figures on the page add up.
    """
    before = {theme.code: theme.score for theme in previous if theme.shown}
    return {theme.code: (before[theme.code], round(theme.score - before[theme.code], 1))
            for theme in current if theme.shown and theme.code in before}


def band_averages(organisation_id, band, minimum=MIN_ORGANISATIONS):
    """{theme code: (average score, organisations)} over other organisations of the size ``band``.

    Each other organisation of the band contributes, for each theme, the score
    of its latest survey in which that theme is shown (enough people answered);
    the average is the mean of those organisations' scores, each counted once
    however many people answered. Themes are matched by code, across versions
    of question sets. Only themes with at least ``minimum`` organisations are
    returned; nothing for the ``unknown`` band. One query.
    """
    if band not in SIZE_BANDS or band == UNKNOWN_BAND:
        return {}
    value = case((SurveyQuestion.reverse_scored, 6 - SurveyAnswer.value), else_=SurveyAnswer.value)
    per_survey = (
        select(Survey.organisation_id, Survey.id.label("survey_id"), Survey.opens_on, SurveyTheme.code,
               (cast(func.sum(value), Float) / func.count()).label("score"))
        .join(Organisation, Organisation.id == Survey.organisation_id)
        .join(SurveyResponse, SurveyResponse.survey_id == Survey.id)
        .join(SurveyAnswer, SurveyAnswer.response_id == SurveyResponse.id)
        .join(SurveyQuestion, SurveyQuestion.id == SurveyAnswer.question_id)
        .join(SurveyTheme, SurveyTheme.id == SurveyQuestion.theme_id)
        .where(Survey.organisation_id != organisation_id, size_band(Organisation.employee_count) == band)
        .group_by(Survey.organisation_id, Survey.id, Survey.opens_on, SurveyTheme.code)
        .having(func.count(distinct(SurveyAnswer.response_id)) >= smallest_group())
        .subquery()
    )
    latest = func.row_number().over(partition_by=(per_survey.c.organisation_id, per_survey.c.code),
                                    order_by=(per_survey.c.opens_on.desc(), per_survey.c.survey_id.desc()))
    ranked = select(per_survey.c.code, per_survey.c.score, latest.label("latest")).subquery()
    rows = db.session.execute(
        select(ranked.c.code, func.avg(ranked.c.score), func.count())
        .where(ranked.c.latest == 1).group_by(ranked.c.code)
        .having(func.count() >= minimum)
    ).all()
    return {code: (round(float(average), 1), organisations) for code, average, organisations in rows}


def free_text(survey):
    """The survey's free-text answers as a :class:`Comments` (two queries at most)."""
    threshold = smallest_group()
    asked = bool(survey.question_set.free_text_en or survey.question_set.free_text_cy)
    counts = dict(db.session.execute(
        select(SurveyComment.status, func.count()).where(SurveyComment.survey_id == survey.id)
        .group_by(SurveyComment.status)
    ).all())
    comments = Comments(asked=asked or bool(counts), given=sum(counts.values()), threshold=threshold,
                        waiting=counts.get(CommentStatus.WAITING, 0))
    if comments.enough and counts.get(CommentStatus.APPROVED):
        comments.texts = list(db.session.scalars(
            select(SurveyComment.text)
            .where(SurveyComment.survey_id == survey.id, SurveyComment.status == CommentStatus.APPROVED)
            .order_by(SurveyComment.text, SurveyComment.id)
        ))
    return comments


def survey_results(survey):
    """The results of ``survey`` with their comparisons, as a :class:`SurveyResults`.

    A fixed number of queries, whatever the number of responses or surveys.
    Nothing is compared when fewer than the smallest group answered: the page
    then only says how many have.
    """
    threshold = smallest_group()
    count = respondents(survey.id)
    band = band_of(survey.organisation.employee_count)
    themes = theme_results(survey)
    previous = previous_survey(survey)
    changes = changes_since(theme_results(previous), themes) if previous is not None else {}
    averages = band_averages(survey.organisation_id, band) if count >= threshold else {}
    rows = []
    for theme in themes:
        row = ResultRow(theme)
        if theme.shown and theme.code in changes:
            row.previous_score, row.change = changes[theme.code]
        if theme.shown and theme.code in averages:
            row.average, row.organisations = averages[theme.code]
        rows.append(row)
    still_open = survey.closed_at is None and survey.closes_on >= today_in_wales()
    return SurveyResults(survey=survey, respondents=count, threshold=threshold, rows=rows, previous=previous,
                         band=band, comments=free_text(survey), still_open=still_open)


def format_score(score):
    """A score out of five with one decimal, written the way the page's language writes numbers."""
    return format_decimal(score, format="0.0")


def shares(distribution):
    """{point: fraction of the answers} for a theme's distribution (empty when withheld)."""
    total = sum(distribution.values())
    return {point: (count / total if total else 0) for point, count in distribution.items()}
