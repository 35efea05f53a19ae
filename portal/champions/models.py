"""Champion training records, preferences, the network noticeboard and reminders."""

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.dbtypes import UTCDateTime
from portal.extensions import db
from portal.timeutil import utcnow


class Notifications(enum.StrEnum):
    """Which network e-mails a champion asked for (stored as its value)."""

    NONE = "none"
    REPLIES = "replies"
    DIGEST = "digest"


NOTIFY_CHOICES = (Notifications.NONE, Notifications.REPLIES, Notifications.DIGEST)


class ChampionSettings(db.Model):
    """Programme-wide settings for champion training; one row."""

    __tablename__ = "champion_settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    validity_months: Mapped[int] = mapped_column(Integer, default=36)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ChampionTraining(db.Model):
    """One completed champion training course and its certificate.

    The attendee may not have an account yet: the record keeps their e-mail
    address and is matched to the account (case-insensitively) when read.
    """

    __tablename__ = "champion_trainings"
    __table_args__ = (UniqueConstraint("source_type", "source_id", name="uq_champion_trainings_source"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    name: Mapped[str] = mapped_column(String(200))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    course_title_en: Mapped[str] = mapped_column(String(200))
    course_title_cy: Mapped[str] = mapped_column(String(200))
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    valid_until: Mapped[date] = mapped_column(Date)
    certificate_code: Mapped[str] = mapped_column(String(32), unique=True)
    source_type: Mapped[str] = mapped_column(String(40))
    source_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user = relationship("User")
    organisation = relationship("Organisation")


class RefresherReminder(db.Model):
    """A refresher reminder sent for a training record (months before it lapses)."""

    __tablename__ = "refresher_reminders"
    __table_args__ = (UniqueConstraint("training_id", "months_before", name="uq_refresher_reminders_stage"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    training_id: Mapped[int] = mapped_column(ForeignKey("champion_trainings.id", ondelete="CASCADE"))
    months_before: Mapped[int] = mapped_column(Integer)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ChampionProfile(db.Model):
    """A champion's own choices: notifications and the directory."""

    __tablename__ = "champion_profiles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    notifications: Mapped[str] = mapped_column(String(10), default=Notifications.REPLIES)
    listed: Mapped[bool] = mapped_column(Boolean, default=False)
    speaks_welsh: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user = relationship("User")


class DigestDelivery(db.Model):
    """The weekly digest for one champion and one week (Monday), so it goes once."""

    __tablename__ = "digest_deliveries"
    __table_args__ = (UniqueConstraint("user_id", "week_start", name="uq_digest_deliveries_week"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    week_start: Mapped[date] = mapped_column(Date)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class NetworkThread(db.Model):
    """A noticeboard thread in one delivery partner's area."""

    __tablename__ = "network_threads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("delivery_partners.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    search_text: Mapped[str] = mapped_column(Text, default="")
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_post_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    author = relationship("User")
    partner = relationship("DeliveryPartner")
    posts = relationship("NetworkPost", back_populates="thread", order_by="NetworkPost.id")


class NetworkPost(db.Model):
    """A post in a thread; the first post opens the thread."""

    __tablename__ = "network_posts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("network_threads.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    search_text: Mapped[str] = mapped_column(Text, default="")
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    thread = relationship(NetworkThread, back_populates="posts")
    author = relationship("User")


class PostReport(db.Model):
    """Someone reported a post for staff to look at."""

    __tablename__ = "post_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("network_posts.id", ondelete="CASCADE"), index=True)
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    post = relationship(NetworkPost)
    reporter = relationship("User")
