"""Demo events, so a local ``make run`` shows a populated catalogue."""

from datetime import time, timedelta

from portal.events.models import Event, EventSession, EventStatus
from portal.events.services import session_times
from portal.extensions import db
from portal.timeutil import LONDON, utcnow

# (kind, topic, English title, Welsh title, language, online, days ahead, sessions, capacity)
DEMO_EVENTS = [
    ("webinar", "stress-management", "Managing stress at work", "Rheoli straen yn y gwaith", "bilingual", True, 7,
     1, 40),
    ("webinar", "mindfulness", "Mindfulness for busy teams", "Ymwybyddiaeth ofalgar i dimau prysur", "cy", True, 12,
     1, 30),
    ("webinar", "sleep", "Sleep and shift work", "Cwsg a gwaith shifft", "en", True, 20, 1, 2),
    ("event", "financial-wellbeing", "Money worries: how employers can help",
     "Pryderon ariannol: sut gall cyflogwyr helpu", "en", False, 25, 1, 25),
    ("webinar", "menopause", "Menopause in the workplace", "Y menopos yn y gweithle", "bilingual", True, 33, 1, 50),
    ("champion_training", "positive-ageing", "Well-being champion course", "Cwrs hyrwyddwyr llesiant", "bilingual",
     False, 40, 4, 16),
]


def seed_demo_events(partner):
    """Add the demo events of ``partner``; returns them."""
    today = utcnow().astimezone(LONDON).date()
    events = []
    for kind, topic, title_en, title_cy, language, online, days, sessions, capacity in DEMO_EVENTS:
        times = session_times(today + timedelta(days=days), time(10, 0), time(11, 30), sessions)
        event = Event(
            partner=partner, kind=kind, topic=topic, title_en=title_en, title_cy=title_cy,
            description_en=f"{title_en}: practical ideas you can use with your staff straight away.",
            description_cy=f"{title_cy}: syniadau ymarferol y gallwch eu defnyddio gyda'ch staff ar unwaith.",
            joining_details_en="" if not online else "Join on Teams: https://teams.example.com/demo",
            joining_details_cy="" if not online else "Ymunwch ar Teams: https://teams.example.com/demo",
            language=language, online=online, venue=None if online else "Canolfan y Cymoedd, Pontypridd",
            capacity=capacity, per_organisation_limit=5, booking_deadline=times[0][0] - timedelta(days=1),
            starts_at=times[0][0], ends_at=times[-1][1], status=EventStatus.SCHEDULED, places_taken=0,
            booking_sequence=0,
            sessions=[EventSession(starts_at=s, ends_at=e) for s, e in times],
        )
        db.session.add(event)
        events.append(event)
    return events
