"""Routes of the events feature (catalogue and staff event management) and who may reach them."""

from tests import factories
from tests.routes import ANYONE, EMPLOYER_ONLY, STAFF_ONLY, Route

# Public: anyone may read the catalogue and event pages before signing up (issue 18).
CATALOGUE = ANYONE

ROUTES = {
    "events.catalogue": Route("/en/events/", CATALOGUE),
    "events.detail": Route(lambda s: f"/en/events/{s.event.id}", CATALOGUE),
    "events.book": Route(lambda s: f"/en/events/{s.event.id}/book", EMPLOYER_ONLY, method="POST", page=False),
    "manage_events.index": Route("/en/staff/events/", STAFF_ONLY),
    "manage_events.create": Route("/en/staff/events/new", STAFF_ONLY),
    "manage_events.show": Route(lambda s: f"/en/staff/events/{s.event.id}", STAFF_ONLY),
    "manage_events.register": Route(lambda s: f"/en/staff/events/{s.event.id}/register", STAFF_ONLY),
    "manage_events.import_report": Route(
        lambda s: f"/en/staff/events/{s.event.id}/register/import", STAFF_ONLY, method="POST", page=False
    ),
    "manage_events.edit": Route(lambda s: f"/en/staff/events/{s.event.id}/edit", STAFF_ONLY),
    "manage_events.copy": Route(lambda s: f"/en/staff/events/{s.event.id}/copy", STAFF_ONLY),
    "manage_events.cancel": Route(lambda s: f"/en/staff/events/{s.event.id}/cancel", STAFF_ONLY),
    "manage_events.export": Route(lambda s: f"/en/staff/events/{s.event.id}/attendees.csv", STAFF_ONLY, page=False),
    "manage_events.export_xlsx": Route(
        lambda s: f"/en/staff/events/{s.event.id}/attendees.xlsx", STAFF_ONLY, page=False
    ),
    "manage_events.feedback": Route("/en/staff/events/feedback", STAFF_ONLY),
}


def add_sample_data(sample):
    """An upcoming webinar, and a past event (its bookings and feedback come from tests.bookings.access)."""
    sample.event = factories.make_event(title_en="Sample webinar", title_cy="Gweminar enghreifftiol")
