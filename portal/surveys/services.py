"""Opening and closing an organisation's staff survey, and taking anonymous answers.

What is stored for each person who answers is deliberately little: the day
(never the time), the points they gave, and, apart and unlinked, anything they
wrote in the free-text box. One response per browser is kept to by a random
token in a cookie, of which only a SHA-256 hash is stored, in a table that
says nothing about which response it allowed.
"""

import enum
import secrets
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.audit.services import record
from portal.email.services import external_url
from portal.extensions import db
from portal.scoping import organisation_scope
from portal.surveys.models import (
    BrowserMark,
    CommentStatus,
    QuestionSet,
    Survey,
    SurveyAnswer,
    SurveyComment,
    SurveyQuestion,
    SurveyResponse,
    SurveyTheme,
)
from portal.surveys.questions import default_set
from portal.timeutil import add_months, today_in_wales, utcnow
from portal.tokens import hash_token

# A survey runs for at most this many months: long enough for shift workers and
# people on leave to answer, short enough that the answers describe one time.
LONGEST_RUN_MONTHS = 3
# A survey opens within a year: a later date is almost always a mistyped year.
OPENS_WITHIN_MONTHS = 12
# The five points of the scale, as stored (1 strongly disagree … 5 strongly agree).
SCALE = (1, 2, 3, 4, 5)
# What "Prefer not to say" is kept as in the browser's session until sending (never stored).
UNSAID = "unsaid"
COMMENT_LIMIT = 2000


class SurveyStatus(enum.StrEnum):
    """Where a survey stands on a given day."""

    SCHEDULED = "scheduled"
    OPEN = "open"
    CLOSED = "closed"


STATUS_WORDS = {
    SurveyStatus.SCHEDULED: _l("Not open yet"),
    SurveyStatus.OPEN: _l("Open"),
    SurveyStatus.CLOSED: _l("Closed"),
}


def status(survey, today=None):
    """:class:`SurveyStatus` of ``survey`` on ``today`` (default: today in Wales)."""
    today = today or today_in_wales()
    if survey.closed_at is not None or today > survey.closes_on:
        return SurveyStatus.CLOSED
    if today < survey.opens_on:
        return SurveyStatus.SCHEDULED
    return SurveyStatus.OPEN


def is_open(survey, today=None):
    """True while staff can answer ``survey``."""
    return status(survey, today) == SurveyStatus.OPEN


# --- the employer's surveys ---------------------------------------------------------------


def survey_for(user, survey_id):
    """The survey ``survey_id`` if ``user`` may see it (their organisation's), else None (a 404)."""
    return db.session.scalar(select(Survey).where(Survey.id == survey_id,
                                                  organisation_scope(user, Survey.organisation_id)))


def response_counts(survey_ids):
    """{survey id: number of responses} for ``survey_ids`` (one query)."""
    if not survey_ids:
        return {}
    return dict(db.session.execute(
        select(SurveyResponse.survey_id, func.count()).where(SurveyResponse.survey_id.in_(survey_ids))
        .group_by(SurveyResponse.survey_id)
    ).all())


@dataclass(frozen=True)
class SurveyRow:
    """One of an organisation's surveys as its list shows it."""

    survey: Survey
    status: SurveyStatus
    responses: int


def surveys_of(organisation_id):
    """The organisation's surveys, newest first, each with its status and number of responses (two queries)."""
    surveys = db.session.scalars(select(Survey).where(Survey.organisation_id == organisation_id)
                                 .order_by(Survey.opens_on.desc(), Survey.id.desc())).all()
    counts = response_counts([survey.id for survey in surveys])
    today = today_in_wales()
    return [SurveyRow(survey, status(survey, today), counts.get(survey.id, 0)) for survey in surveys]


def current_survey(organisation_id, today=None):
    """The organisation's survey that is open or not open yet, or None: there is one at a time."""
    today = today or today_in_wales()
    return db.session.scalar(select(Survey).where(
        Survey.organisation_id == organisation_id, Survey.closed_at.is_(None), Survey.closes_on >= today,
    ).order_by(Survey.opens_on).limit(1))


MESSAGES = {
    "opens_past": _l("The survey must open today or later"),
    "opens_far": _l("The survey must open within a year of today"),
    "closes_before": _l("The closing date must be after the opening date"),
    "too_long": _l("A survey can be open for 3 months at most: choose an earlier closing date"),
    "one_at_a_time": _l("Your organisation already has a survey open or about to open. Close it before "
                        "opening another."),
    "no_questions": _l("There are no survey questions to ask yet. Contact Healthy Working Wales."),
}


def period_errors(opens_on, closes_on, today=None):
    """{"opens_on" or "closes_on": message} for what is wrong with a survey's dates (empty: nothing)."""
    today = today or today_in_wales()
    errors = {}
    if opens_on < today:
        errors["opens_on"] = str(MESSAGES["opens_past"])
    elif opens_on > add_months(today, OPENS_WITHIN_MONTHS):
        errors["opens_on"] = str(MESSAGES["opens_far"])
    if closes_on <= opens_on:
        errors["closes_on"] = str(MESSAGES["closes_before"])
    elif closes_on > add_months(opens_on, LONGEST_RUN_MONTHS):
        errors["closes_on"] = str(MESSAGES["too_long"])
    return errors


class SurveyRefused(ValueError):
    """A survey that cannot be opened; ``field`` is the form field to show ``message`` on (None: the page)."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message, self.field = message, field


def open_survey(organisation_id, opens_on, closes_on, user):
    """Open a survey of the organisation's staff between two days, on the default question set (caller commits).

    Raises :class:`SurveyRefused` for dates :func:`period_errors` refuses, while
    another survey is open or about to open, or when there are no questions.
    """
    errors = period_errors(opens_on, closes_on)
    if errors:
        field, message = next(iter(errors.items()))
        raise SurveyRefused(message, field)
    if current_survey(organisation_id) is not None:
        raise SurveyRefused(str(MESSAGES["one_at_a_time"]))
    question_set = default_set()
    if question_set is None or not question_count(question_set.id):
        raise SurveyRefused(str(MESSAGES["no_questions"]))
    survey = Survey(organisation_id=organisation_id, question_set_id=question_set.id,
                    code=secrets.token_urlsafe(12), opens_on=opens_on, closes_on=closes_on,
                    created_by_id=user.id if user is not None else None)
    db.session.add(survey)
    db.session.flush()
    record("survey_opened", survey, actor=user, organisation_id=organisation_id,
           opens_on=opens_on.isoformat(), closes_on=closes_on.isoformat(), question_set_id=question_set.id)
    return survey


def close_survey(survey, user):
    """Close ``survey`` now, before its closing date: no more answers are taken (caller commits)."""
    if survey.closed_at is not None:
        return False
    survey.closed_at = utcnow()
    record("survey_closed", survey, actor=user, organisation_id=survey.organisation_id,
           closes_on=survey.closes_on.isoformat())
    return True


def question_count(question_set_id):
    """How many statements the set asks."""
    return db.session.scalar(select(func.count(SurveyQuestion.id)).join(SurveyTheme)
                             .where(SurveyTheme.question_set_id == question_set_id))


def survey_url(survey, lang):
    """The absolute address of the survey's start page in ``lang`` (the link, the QR code, the poster)."""
    return external_url("surveys.start", lang, code=survey.code)


# --- staff answering ----------------------------------------------------------------------


def survey_for_code(code):
    """The survey a shared link names, or None for an unknown code."""
    if not code or len(code) > 32:
        return None
    return db.session.scalar(select(Survey).where(Survey.code == code))


@dataclass(frozen=True)
class Statement:
    """One statement of a theme page, in the page's language."""

    id: int
    text: str


@dataclass(frozen=True)
class ThemePage:
    """One theme, as one page of the survey, in the page's language."""

    code: str
    title: str
    description: str | None
    statements: tuple


def theme_pages(question_set_id, lang):
    """The set's themes that have questions, in order, as :class:`ThemePage` (two queries)."""
    themes = db.session.scalars(
        select(SurveyTheme).where(SurveyTheme.question_set_id == question_set_id)
        .order_by(SurveyTheme.position, SurveyTheme.id).options(selectinload(SurveyTheme.questions))
    ).all()
    welsh = lang == "cy"
    return [
        ThemePage(theme.code, theme.title_cy if welsh else theme.title_en,
                  (theme.description_cy if welsh else theme.description_en) or None,
                  tuple(Statement(q.id, q.text_cy if welsh else q.text_en) for q in theme.questions))
        for theme in themes if theme.questions
    ]


def free_text_question(question_set, lang):
    """The set's free-text question in ``lang``, or None when the set asks none."""
    text = question_set.free_text_cy if lang == "cy" else question_set.free_text_en
    return (text or "").strip() or None


def has_answered(survey, token):
    """True when the browser holding ``token`` (from its cookie) has already answered ``survey``."""
    if not token or len(token) > 100:
        return False
    return db.session.scalar(select(BrowserMark.id).where(
        BrowserMark.survey_id == survey.id, BrowserMark.token_hash == hash_token(token))) is not None


def kept_answers(survey, answers):
    """The points worth storing from the answers kept in the session: {question id: 1–5}.

    Only questions of the survey's own set, only points on the scale;
    "Prefer not to say" (and anything else) is left out, so it stores nothing.
    """
    known = set(db.session.scalars(
        select(SurveyQuestion.id).join(SurveyTheme).where(SurveyTheme.question_set_id == survey.question_set_id)))
    kept = {}
    for key, value in (answers or {}).items():
        if str(key).isdigit() and int(key) in known and str(value) in {str(point) for point in SCALE}:
            kept[int(key)] = int(value)
    return kept


def submit_response(survey, answers, comment=""):
    """Store one person's answers and return the new token for their browser's cookie (caller commits).

    The response keeps the day and the points; the comment is a separate row
    with no link to it; the browser mark is the token's hash alone.
    """
    response = SurveyResponse(survey_id=survey.id, answered_on=today_in_wales())
    db.session.add(response)
    db.session.flush()
    for question_id, value in sorted(kept_answers(survey, answers).items()):
        db.session.add(SurveyAnswer(response_id=response.id, question_id=question_id, value=value))
    text = (comment or "").strip()[:COMMENT_LIMIT]
    if text:
        db.session.add(SurveyComment(survey_id=survey.id, text=text, status=CommentStatus.WAITING))
    token = secrets.token_urlsafe(32)
    db.session.add(BrowserMark(survey_id=survey.id, token_hash=hash_token(token)))
    db.session.flush()
    return token


def question_set_of(survey):
    """The question set ``survey`` asks (never changed underneath it: edits make a new version)."""
    return db.session.get(QuestionSet, survey.question_set_id)


def survey_dates(survey):
    """(first day, last day) staff can answer: an early close ends it on the day it was closed."""
    last = survey.closes_on
    if survey.closed_at is not None:
        last = min(last, survey.closed_at.date())
    return survey.opens_on, last
