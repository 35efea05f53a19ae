"""The workplace health action plan: goals per survey theme, and actions that link to the catalogue."""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.dbtypes import UTCDateTime
from portal.extensions import db
from portal.timeutil import utcnow


class ActionPlan(db.Model):
    """The workplace health action plan an employer and their adviser build from a survey."""

    __tablename__ = "survey_action_plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    # The survey whose results it starts from (one plan per survey).
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # When the employer (or their adviser) marked it agreed.
    agreed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation = relationship("Organisation")
    survey = relationship("Survey")
    goals = relationship("PlanGoal", order_by="PlanGoal.position", back_populates="plan")


class PlanGoal(db.Model):
    """A goal for one theme, in each language the plan's readers need."""

    __tablename__ = "survey_plan_goals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("survey_action_plans.id"), index=True)
    theme_code: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer, default=0)
    text_en: Mapped[str | None] = mapped_column(Text)
    text_cy: Mapped[str | None] = mapped_column(Text)

    plan = relationship(ActionPlan, back_populates="goals")
    actions = relationship("PlanAction", order_by="PlanAction.position", back_populates="goal")


class PlanAction(db.Model):
    """One thing to do towards a goal: free text, or an offer from the catalogue.

    An action that is an event or a visit links to the booking or visit request
    made from the plan; its progress is read from that record.
    """

    __tablename__ = "survey_plan_actions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("survey_plan_goals.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text_en: Mapped[str | None] = mapped_column(Text)
    text_cy: Mapped[str | None] = mapped_column(Text)
    # What the catalogue offers for it: an event, or a kind of workplace visit.
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"))
    visit_type: Mapped[str | None] = mapped_column(String(40))
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("bookings.id"))
    visit_request_id: Mapped[int | None] = mapped_column(ForeignKey("visit_requests.id"))
    # Done by hand, for actions the portal cannot see happen.
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    goal = relationship(PlanGoal, back_populates="actions")
