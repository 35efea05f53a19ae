"""Loading and reading reference data."""

from sqlalchemy import select

from portal.extensions import db
from portal.i18n import in_page_order
from portal.reference.data import DELIVERY_PARTNERS, INTERMEDIARIES, LOCAL_AUTHORITIES, SECTORS
from portal.reference.models import DeliveryPartner, Intermediary, LocalAuthority, Sector


def load_reference_data():
    """Insert missing reference rows; existing rows (maybe edited) are left alone.

    Returns the number of rows added.
    """
    added = 0
    authorities = {a.code: a for a in db.session.scalars(select(LocalAuthority))}
    for code, name_en, name_cy in LOCAL_AUTHORITIES:
        if code not in authorities:
            authorities[code] = LocalAuthority(code=code, name_en=name_en, name_cy=name_cy)
            db.session.add(authorities[code])
            added += 1
    sectors = set(db.session.scalars(select(Sector.slug)))
    for position, (slug, name_en, name_cy) in enumerate(SECTORS):
        if slug not in sectors:
            db.session.add(Sector(slug=slug, name_en=name_en, name_cy=name_cy, position=position))
            added += 1
    partners = set(db.session.scalars(select(DeliveryPartner.slug)))
    for slug, name_en, name_cy, codes in DELIVERY_PARTNERS:
        if slug not in partners:
            partner = DeliveryPartner(slug=slug, name_en=name_en, name_cy=name_cy)
            partner.authorities = [authorities[c] for c in codes]
            db.session.add(partner)
            added += 1
    # Intermediaries have no fixed key (administrators rename them): seeded only into an empty table.
    if db.session.scalar(select(Intermediary.id).limit(1)) is None:
        for name_en, name_cy in INTERMEDIARIES:
            db.session.add(Intermediary(name_en=name_en, name_cy=name_cy))
            added += 1
    db.session.flush()
    return added


def local_authorities():
    """All local authorities, in the alphabet of the page's language (Abertawe first on Welsh pages)."""
    return in_page_order(db.session.scalars(select(LocalAuthority)))


def sectors():
    return db.session.scalars(select(Sector).order_by(Sector.position)).all()


def partners():
    """All delivery partners, in the alphabet of the page's language."""
    return in_page_order(db.session.scalars(select(DeliveryPartner)))


def partner_for_authority(local_authority_id):
    """The active delivery partner covering a local authority, or None."""
    return db.session.scalars(
        select(DeliveryPartner)
        .join(DeliveryPartner.authorities)
        .where(LocalAuthority.id == local_authority_id, DeliveryPartner.active.is_(True))
        .order_by(DeliveryPartner.id)
    ).first()


def intermediaries(include_retired=False):
    """Intermediaries in the alphabet of the page's language; only those still offered unless ``include_retired``."""
    query = select(Intermediary)
    if not include_retired:
        query = query.where(Intermediary.active.is_(True))
    return in_page_order(db.session.scalars(query))
