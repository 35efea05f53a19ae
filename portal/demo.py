"""Demo data for trying the portal locally. The README lists the accounts."""

from sqlalchemy import select

from portal.accounts.models import User
from portal.accounts.passwords import hash_password
from portal.extensions import db
from portal.organisations.models import Organisation
from portal.reference.models import DeliveryPartner, LocalAuthority, Sector
from portal.reference.services import load_reference_data
from portal.security import Role

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - published in the README for local demos

DEMO_ACCOUNTS = [
    ("employer@demo.healthyworking.wales", "Eleri Jones", Role.EMPLOYER, "cy"),
    ("champion@demo.healthyworking.wales", "Dafydd Evans", Role.CHAMPION, "cy"),
    ("staff@demo.healthyworking.wales", "Sam Price", Role.STAFF, "en"),
    ("admin@demo.healthyworking.wales", "Alex Morgan", Role.ADMIN, "en"),
]

# (name, local authority code, sector slug, employees, correspondence, support)
DEMO_ORGANISATIONS = [
    ("Caffi'r Cwm", "W06000016", "hospitality", 12, "cy", "cy"),
    ("Taff Valley Engineering Ltd", "W06000016", "manufacturing", 85, "en", "en"),
    ("Gofal Gwynedd Care", "W06000002", "health", 140, "cy", "either"),
    ("Swansea Bay Logistics", "W06000011", "transport", 230, "en", "either"),
    ("Menter Môn Crafts", "W06000001", "arts", 6, "cy", "cy"),
]


def seed_demo():
    """Create the demo data unless it exists. Returns True if created."""
    load_reference_data()
    if db.session.scalar(select(User).where(User.email == DEMO_ACCOUNTS[0][0])):
        return False
    authorities = {a.code: a for a in db.session.scalars(select(LocalAuthority))}
    sectors = {s.slug: s for s in db.session.scalars(select(Sector))}
    south_east = db.session.scalar(select(DeliveryPartner).where(DeliveryPartner.slug == "south-east"))
    organisations = []
    for number, (name, la_code, sector, employees, corr, support) in enumerate(DEMO_ORGANISATIONS, start=1):
        authority = authorities[la_code]
        partner = authority.partners[0] if authority.partners else None
        organisation = Organisation(
            reference=f"HWW-DEMO-{number:03d}",
            name=name,
            sector=sectors[sector],
            employee_count=employees,
            local_authority=authority,
            partner=partner,
            town=authority.name_en,
            correspondence_language=corr,
            support_language=support,
        )
        db.session.add(organisation)
        organisations.append(organisation)
    for email, name, role, lang in DEMO_ACCOUNTS:
        user = User(email=email, full_name=name, role=role, language=lang, password_hash=hash_password(DEMO_PASSWORD))
        if role in (Role.EMPLOYER, Role.CHAMPION):
            user.organisation = organisations[0]
        if role == Role.STAFF:
            user.partner = south_east
        db.session.add(user)
    db.session.flush()
    seed_champions_demo()
    return True


DEMO_RESOURCES = [
    # (title_en, title_cy, summary_en, summary_cy, topics, audience)
    ("Managing stress at work", "Rheoli straen yn y gwaith", "A short guide for managers and staff.",
     "Canllaw byr i reolwyr a staff.", ["stress", "mental-health"], "both"),
    ("Starting a walking group", "Dechrau grŵp cerdded", "How champions can get colleagues moving.",
     "Sut y gall hyrwyddwyr gael cydweithwyr i symud.", ["physical-activity", "champion-role"], "champions"),
    ("Menopause in the workplace", "", "What employers can put in place.", "", ["menopause"], "employers"),
]


def seed_champions_demo():
    """Demo resources, a champion's training record and a noticeboard thread."""
    from datetime import UTC, datetime

    from portal.champions.services import add_reply, create_thread, record_training_completion
    from portal.resources.services import save_resource

    staff = db.session.scalar(select(User).where(User.role == Role.STAFF))
    champion = db.session.scalar(select(User).where(User.role == Role.CHAMPION))
    for title_en, title_cy, summary_en, summary_cy, topics, audience in DEMO_RESOURCES:
        save_resource(None, title_en=title_en, title_cy=title_cy, summary_en=summary_en, summary_cy=summary_cy,
                      link_en="https://www.nhs.uk/" if title_en else "",
                      link_cy="https://llyw.cymru/" if title_cy else "", audience=audience, topics=topics,
                      published=True, actor=staff)
    record_training_completion(
        email=champion.email, name=champion.full_name, organisation=champion.organisation,
        course_title_en="Well-being champion training", course_title_cy="Hyfforddiant hyrwyddwyr llesiant",
        completed_at=datetime(2025, 2, 12, 16, tzinfo=UTC), source=("demo", 1))
    if champion.organisation.partner_id:
        thread = create_thread(champion, champion.organisation.partner_id, "Syniadau am wythnos llesiant",
                               "Beth ydych chi'n ei wneud ar gyfer wythnos llesiant eleni?")
        add_reply(staff, thread, "Mae gennym adnoddau newydd ar straen yn y llyfrgell.")
