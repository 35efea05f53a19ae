"""Demo data for trying the portal locally. The README lists the accounts."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from portal.accounts.models import User
from portal.accounts.passwords import hash_password
from portal.bookings.demo import seed_demo_bookings
from portal.champions.services import add_reply, create_thread, record_training_completion
from portal.eligibility.rules import is_large_employer
from portal.eligibility.tiers import EligibilityStatus
from portal.engagement.services import assign_adviser, log_engagement, today
from portal.events.demo import seed_demo_events
from portal.extensions import db
from portal.organisations.models import Organisation
from portal.programme.services import start_new_cycle
from portal.reference.models import DeliveryPartner, LocalAuthority, Sector
from portal.reference.services import load_reference_data
from portal.reporting.services import add_period, set_target
from portal.resources.services import save_resource
from portal.security import Role
from portal.surveys.demo import seed_demo_survey
from portal.timeutil import LONDON, utcnow

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - published in the README for local demos

DEMO_ACCOUNTS = [
    ("employer@demo.healthyworking.wales", "Eleri Jones", Role.EMPLOYER, "cy"),
    ("champion@demo.healthyworking.wales", "Dafydd Evans", Role.CHAMPION, "cy"),
    ("staff@demo.healthyworking.wales", "Sam Price", Role.STAFF, "en"),
    # Another partner's adviser, to see that each partner sees only its own organisations.
    ("north-staff@demo.healthyworking.wales", "Gwenno Hughes", Role.STAFF, "cy"),
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


# A realistic spread of eligibility statuses for the demo organisations.
DEMO_STATUSES = {
    "Caffi'r Cwm": EligibilityStatus.VERIFIED,
    "Taff Valley Engineering Ltd": EligibilityStatus.AWAITING_REVIEW,
    "Gofal Gwynedd Care": EligibilityStatus.DECLARED,
    "Swansea Bay Logistics": EligibilityStatus.MORE_INFO_REQUESTED,
    "Menter Môn Crafts": EligibilityStatus.NOT_STARTED,
}


def seed_demo():
    """Create the demo data unless it exists. Returns True if created."""
    load_reference_data()
    if db.session.scalar(select(User).where(User.email == DEMO_ACCOUNTS[0][0])):
        return False
    authorities = {a.code: a for a in db.session.scalars(select(LocalAuthority))}
    sectors = {s.slug: s for s in db.session.scalars(select(Sector))}
    south_east = db.session.scalar(select(DeliveryPartner).where(DeliveryPartner.slug == "south-east"))
    north_west = db.session.scalar(select(DeliveryPartner).where(DeliveryPartner.slug == "north-west"))
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
            eligibility_status=DEMO_STATUSES[name],
            large_employer=is_large_employer(employees, False),
        )
        db.session.add(organisation)
        organisations.append(organisation)
    for email, name, role, lang in DEMO_ACCOUNTS:
        user = User(email=email, full_name=name, role=role, language=lang, password_hash=hash_password(DEMO_PASSWORD))
        if role in (Role.EMPLOYER, Role.CHAMPION):
            user.organisation = organisations[0]
        if role == Role.STAFF:
            user.partner = north_west if email.startswith("north-") else south_east
        db.session.add(user)

    seed_demo_bookings(seed_demo_events(south_east), organisations)
    db.session.flush()
    seed_programme_demo(organisations)
    seed_champions_demo()
    seed_reporting_demo()
    seed_demo_survey(organisations[0])
    return True


# The Welsh service's 2022 targets: programme-wide, and for each delivery area.
DEMO_TARGETS = {
    None: {"engaged": 2800, "supported": 1400, "whp_implemented": 700, "equality_strategy": 700},
    "south-east": {"engaged": 1600, "supported": 800, "whp_implemented": 400, "equality_strategy": 350},
    "north-west": {"engaged": 1600, "supported": 800, "whp_implemented": 400, "equality_strategy": 350},
}


def seed_reporting_demo():
    """This financial year as a reporting period, with the evaluated service's targets."""


    today = utcnow().astimezone(LONDON).date()
    start_year = today.year if today.month >= 4 else today.year - 1
    period = add_period(f"{start_year} to {start_year + 1}", f"{start_year} i {start_year + 1}",
                        date(start_year, 4, 1), date(start_year + 1, 3, 31))
    for slug, values in DEMO_TARGETS.items():
        partner = db.session.scalar(select(DeliveryPartner).where(DeliveryPartner.slug == slug)) if slug else None
        set_target(period.id, partner.id if partner else None, values)


def seed_programme_demo(organisations):
    """Engagements and interventions putting the demo organisations at different stages."""


    staff = db.session.scalar(select(User).where(User.email == DEMO_ACCOUNTS[2][0]))
    day = today()
    # (organisation index, eligibility, [(engagement type, days ago, follow-up in days or None)])
    stages = [
        (0, EligibilityStatus.VERIFIED, [("phone_call", 30, None), ("advice_session", 20, 3)]),
        (1, EligibilityStatus.VERIFIED, [("wellbeing_survey", 60, None), ("strategy_support", 40, -2)]),
        (2, EligibilityStatus.EXCEPTION, [("meeting", 10, 7)]),
        (4, EligibilityStatus.VERIFIED, [("advice_session", 200, None), ("induction_reviews", 150, None)]),
    ]
    for index, status, engagements in stages:
        organisation = organisations[index]
        organisation.eligibility_status = status
        assign_adviser(organisation, staff, staff)
        for kind, days_ago, follow_up in engagements:
            log_engagement(organisation, staff, type=kind, occurred_on=day - timedelta(days=days_ago),
                           adviser_id=staff.id, duration_minutes=45,
                           follow_up_on=day + timedelta(days=follow_up) if follow_up is not None else None)
    # Menter Môn Crafts completed one programme and has started a second.
    start_new_cycle(organisations[4], staff)
    log_engagement(organisations[4], staff, type="individual_support", occurred_on=day - timedelta(days=5),
                   adviser_id=staff.id, duration_minutes=30)


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
