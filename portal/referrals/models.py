"""A shareable link per organisation, and the counts left behind by referrals."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.dbtypes import UTCDateTime
from portal.extensions import db
from portal.timeutil import utcnow


class ReferralLink(db.Model):
    """The random code in an organisation's self-referral link (the employer is known from it).

    Usually one per organisation; after two organisations are merged the kept one
    has both, so posters already printed for either keep working.
    """

    __tablename__ = "referral_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation = relationship("Organisation")


class SelfReferral(db.Model):
    """That one employee of an organisation referred themselves, on a day, through a channel.

    Deliberately nothing about the person: their answers travel only in the
    e-mail to the individual service. The day (not the time) is kept for the
    quarterly counts.
    """

    __tablename__ = "self_referrals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    referred_on: Mapped[date] = mapped_column(Date, index=True)
    # How the employee reached the form: "link", "qr" or "poster".
    channel: Mapped[str] = mapped_column(String(10))

    organisation = relationship("Organisation")
