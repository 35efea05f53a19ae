"""Staff check the free-text answers of their partner's surveys before employers read them.

A comment waits until a member of staff (of the organisation's delivery
partner) or an administrator approves or removes it; either can be changed
later. Each decision is audited, without the comment's text: the audit trail
is read by more people than the comments are.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.audit.labels import register_action, register_field, register_record_type
from portal.audit.services import record
from portal.extensions import db
from portal.scoping import organisation_scope
from portal.surveys.models import CommentStatus, Survey, SurveyComment
from portal.surveys.results import visible_survey
from portal.timeutil import utcnow

register_action("survey_comment_approved", _l("Staff survey comment approved"))
register_action("survey_comment_removed", _l("Staff survey comment removed"))
register_record_type("survey_comments", _l("Staff survey comment"))
register_field("survey_id", _l("Staff survey"))

DECISIONS = {"approve": CommentStatus.APPROVED, "remove": CommentStatus.REMOVED}


def surveys_waiting(user):
    """(survey, comments waiting) for the surveys ``user`` moderates that have any waiting, oldest first.

    Two queries, however many surveys there are.
    """
    waiting = func.count(SurveyComment.id).label("waiting")
    rows = db.session.execute(
        select(Survey, waiting)
        .join(SurveyComment, SurveyComment.survey_id == Survey.id)
        .where(SurveyComment.status == CommentStatus.WAITING, organisation_scope(user, Survey.organisation_id))
        .group_by(Survey.id)
        .order_by(Survey.closes_on, Survey.id)
        .options(selectinload(Survey.organisation))
    ).all()
    return [(survey, count) for survey, count in rows]


def moderated_survey(user, survey_id):
    """The survey ``survey_id`` if ``user`` moderates its comments, else None.

    The views are for staff and administrators only; for them, the surveys they
    may read are the ones they moderate (their partner's organisations, or all).
    """
    return visible_survey(user, survey_id)


def comments_by_status(survey):
    """{status: [comment, …]} of the survey's comments, every status present, in the order they came."""
    grouped = {status: [] for status in CommentStatus}
    for comment in db.session.scalars(select(SurveyComment).where(SurveyComment.survey_id == survey.id)
                                      .order_by(SurveyComment.id)):
        grouped[CommentStatus(comment.status)].append(comment)
    return grouped


def comment_of(survey, comment_id):
    """The comment ``comment_id`` of ``survey``, or None (another survey's id is not found)."""
    return db.session.scalar(select(SurveyComment).where(SurveyComment.id == comment_id,
                                                         SurveyComment.survey_id == survey.id))


def moderate(comment, survey, decision, actor):
    """Approve or remove ``comment`` (``decision`` is ``approve`` or ``remove``); audited."""
    comment.status = DECISIONS[decision]
    comment.moderated_at = utcnow()
    comment.moderated_by_id = actor.id
    approving = decision == "approve"
    record("survey_comment_approved" if approving else "survey_comment_removed", comment, actor=actor,
           organisation_id=survey.organisation_id, survey_id=survey.id)
