"""The evidence tier each kind of support needs, as set by administrators."""

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db


class SupportTier(db.Model):
    __tablename__ = "support_tiers"

    kind: Mapped[str] = mapped_column(String(30), primary_key=True)
    tier: Mapped[str] = mapped_column(String(20))
