"""The resource library: bilingual resources, their files and topics."""

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.dbtypes import UTCDateTime
from portal.extensions import db
from portal.timeutil import utcnow


class Audience(enum.StrEnum):
    """Who a resource is for (stored as its value)."""

    CHAMPIONS = "champions"
    EMPLOYERS = "employers"
    BOTH = "both"
    STAFF = "staff"


AUDIENCES = (Audience.BOTH, Audience.CHAMPIONS, Audience.EMPLOYERS, Audience.STAFF)


class Resource(db.Model):
    __tablename__ = "resources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title_en: Mapped[str] = mapped_column(String(200), default="")
    title_cy: Mapped[str] = mapped_column(String(200), default="")
    summary_en: Mapped[str] = mapped_column(Text, default="")
    summary_cy: Mapped[str] = mapped_column(Text, default="")
    link_en: Mapped[str] = mapped_column(String(500), default="")
    link_cy: Mapped[str] = mapped_column(String(500), default="")
    audience: Mapped[str] = mapped_column(String(20), default=Audience.BOTH, index=True)
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    # Both languages' text, normalised (see portal.champions.text), kept up to date on every write.
    search_text: Mapped[str] = mapped_column(Text, default="")
    download_count: Mapped[int] = mapped_column(Integer, default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    topics = relationship("ResourceTopic", cascade="all, delete-orphan", order_by="ResourceTopic.topic")
    files = relationship("ResourceFile", cascade="all, delete-orphan")

    def file_in(self, lang):
        return next((f for f in self.files if f.language == lang), None)

    def available_in(self, lang):
        """True when there is a title and a file or link in ``lang``."""
        title = self.title_cy if lang == "cy" else self.title_en
        link = self.link_cy if lang == "cy" else self.link_en
        return bool(title) and bool(link or self.file_in(lang))

    @property
    def languages(self):
        return [lang for lang in ("cy", "en") if self.available_in(lang)]

    def title_for(self, lang):
        """The title in ``lang``, or the other language's when there is none."""
        first, second = (self.title_cy, self.title_en) if lang == "cy" else (self.title_en, self.title_cy)
        return first or second

    def summary_for(self, lang):
        first, second = (self.summary_cy, self.summary_en) if lang == "cy" else (self.summary_en, self.summary_cy)
        return first or second

    @property
    def topic_slugs(self):
        return [t.topic for t in self.topics]


class ResourceTopic(db.Model):
    __tablename__ = "resource_topics"

    resource_id: Mapped[int] = mapped_column(ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True)
    topic: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)


class ResourceFile(db.Model):
    """An uploaded file for one language of a resource, stored under UPLOAD_FOLDER."""

    __tablename__ = "resource_files"
    __table_args__ = (UniqueConstraint("resource_id", "language", name="uq_resource_files_language"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    resource_id: Mapped[int] = mapped_column(ForeignKey("resources.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(2))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    original_name: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
