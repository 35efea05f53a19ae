"""Question sets, surveys and their anonymous responses."""

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.dbtypes import UTCDateTime
from portal.extensions import db
from portal.timeutil import utcnow


class QuestionSet(db.Model):
    """A bilingual set of survey questions grouped into themes, managed by administrators.

    A set that a survey has used is never changed underneath it: editing one
    that is in use makes a new version (``replaces_id``) and retires the old.
    """

    __tablename__ = "survey_question_sets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_cy: Mapped[str] = mapped_column(String(200))
    # The one optional free-text question at the end (empty: none is asked).
    free_text_en: Mapped[str | None] = mapped_column(Text)
    free_text_cy: Mapped[str | None] = mapped_column(Text)
    # The set employers get when they open a survey.
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("survey_question_sets.id"))
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    themes = relationship("SurveyTheme", order_by="SurveyTheme.position", back_populates="question_set")


class SurveyTheme(db.Model):
    """A group of questions reported together (workload and demands, control, support…)."""

    __tablename__ = "survey_themes"
    __table_args__ = (UniqueConstraint("question_set_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_set_id: Mapped[int] = mapped_column(ForeignKey("survey_question_sets.id"), index=True)
    # A stable key ("workload", "musculoskeletal"…) that links a theme to the
    # catalogue offers suggested for it, across versions of a set.
    code: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer, default=0)
    title_en: Mapped[str] = mapped_column(String(200))
    title_cy: Mapped[str] = mapped_column(String(200))
    description_en: Mapped[str | None] = mapped_column(Text)
    description_cy: Mapped[str | None] = mapped_column(Text)

    question_set = relationship(QuestionSet, back_populates="themes")
    questions = relationship("SurveyQuestion", order_by="SurveyQuestion.position", back_populates="theme")


class SurveyQuestion(db.Model):
    """One statement answered on the five-point scale (strongly disagree … strongly agree)."""

    __tablename__ = "survey_questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("survey_themes.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text_en: Mapped[str] = mapped_column(Text)
    text_cy: Mapped[str] = mapped_column(Text)
    # A statement where agreeing is the worse answer ("I have unachievable
    # deadlines"): its scale is turned round so that a higher score is better.
    reverse_scored: Mapped[bool] = mapped_column(Boolean, default=False)

    theme = relationship(SurveyTheme, back_populates="questions")


class Survey(db.Model):
    """An organisation's survey of its staff, open between two days."""

    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    question_set_id: Mapped[int] = mapped_column(ForeignKey("survey_question_sets.id"), index=True)
    # The random code in the shared link, QR code and poster.
    code: Mapped[str] = mapped_column(String(32), unique=True)
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    # Closed early by the employer (no more answers are taken).
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    organisation = relationship("Organisation")
    question_set = relationship(QuestionSet)


class SurveyResponse(db.Model):
    """One person's answers: the day they were given and nothing else about them."""

    __tablename__ = "survey_responses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), index=True)
    # A day, never a time: a time could be matched to who was at work then.
    answered_on: Mapped[date] = mapped_column(Date)

    answers = relationship("SurveyAnswer", back_populates="response")


class SurveyAnswer(db.Model):
    """The point (1 strongly disagree … 5 strongly agree) given to one question, as answered."""

    __tablename__ = "survey_answers"
    __table_args__ = (UniqueConstraint("response_id", "question_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("survey_responses.id"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_questions.id"), index=True)
    value: Mapped[int] = mapped_column(SmallInteger)

    response = relationship(SurveyResponse, back_populates="answers")
    question = relationship(SurveyQuestion)


class CommentStatus(enum.StrEnum):
    """Where a free-text answer stands in moderation (stored as its value)."""

    WAITING = "waiting"
    APPROVED = "approved"
    REMOVED = "removed"


class SurveyComment(db.Model):
    """A free-text answer, kept apart from the scores so the two cannot be joined.

    Shown to the employer only after staff approve it, and only when enough
    people wrote one.
    """

    __tablename__ = "survey_comments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default=CommentStatus.WAITING)
    moderated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    moderated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class BrowserMark(db.Model):
    """That some browser has answered a survey: the hash of a random token in its cookie.

    Not linked to the response it allowed, so it says nothing about which
    answers came from where.
    """

    __tablename__ = "survey_browser_marks"
    __table_args__ = (UniqueConstraint("survey_id", "token_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64))
