"""Reference data models, each named in Welsh and English."""

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.i18n import current_lang


class BilingualName:
    """Mixin for rows named in both languages."""

    name_en: Mapped[str]
    name_cy: Mapped[str]

    @property
    def name(self):
        """The name in the current page's language."""
        return self.name_cy if current_lang() == "cy" else self.name_en

    def name_in(self, lang):
        return self.name_cy if lang == "cy" else self.name_en


partner_authorities = Table(
    "partner_authorities",
    db.metadata,
    Column("partner_id", ForeignKey("delivery_partners.id", ondelete="CASCADE"), primary_key=True),
    Column("local_authority_id", ForeignKey("local_authorities.id", ondelete="CASCADE"), primary_key=True),
)


class LocalAuthority(BilingualName, db.Model):
    __tablename__ = "local_authorities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(9), unique=True)
    name_en: Mapped[str] = mapped_column(String(100))
    name_cy: Mapped[str] = mapped_column(String(100))

    partners: Mapped[list["DeliveryPartner"]] = relationship(
        secondary=partner_authorities, back_populates="authorities"
    )


class DeliveryPartner(BilingualName, db.Model):
    __tablename__ = "delivery_partners"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(50), unique=True)
    name_en: Mapped[str] = mapped_column(String(150))
    name_cy: Mapped[str] = mapped_column(String(150))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    authorities: Mapped[list[LocalAuthority]] = relationship(
        secondary=partner_authorities, back_populates="partners", order_by=LocalAuthority.name_en
    )


class Sector(BilingualName, db.Model):
    __tablename__ = "sectors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(50), unique=True)
    name_en: Mapped[str] = mapped_column(String(150))
    name_cy: Mapped[str] = mapped_column(String(150))
    position: Mapped[int] = mapped_column(Integer, default=0)


class Intermediary(BilingualName, db.Model):
    """A body that introduces employers to the service (FSB, Business Wales, a sector body…).

    Administrators add, rename and retire them; a retired one stays on the
    organisations that named it but is no longer offered.
    """

    __tablename__ = "intermediaries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name_en: Mapped[str] = mapped_column(String(150))
    name_cy: Mapped[str] = mapped_column(String(150))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
