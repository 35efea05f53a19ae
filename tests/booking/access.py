"""Routes of the booking feature (events, bookings, visits) and who may reach them."""

from portal.eligibility.tiers import EligibilityStatus
from tests import factories
from tests.routes import ALLOW, ANYONE, EMPLOYER_ONLY, FORBIDDEN, SIGN_IN, STAFF_ONLY, Route, access

CATALOGUE = access(SIGN_IN, ALLOW, ALLOW, ALLOW, ALLOW)
EMPLOYER_AND_STAFF = access(SIGN_IN, ALLOW, FORBIDDEN, ALLOW, ALLOW)

ROUTES = {
    "events.catalogue": Route("/en/events/", CATALOGUE),
    "events.detail": Route(lambda s: f"/en/events/{s.event.id}", CATALOGUE),
    "events.book": Route(lambda s: f"/en/events/{s.event.id}/book", EMPLOYER_ONLY, method="POST", page=False),
    "manage_events.index": Route("/en/staff/events/", STAFF_ONLY),
    "manage_events.create": Route("/en/staff/events/new", STAFF_ONLY),
    "manage_events.show": Route(lambda s: f"/en/staff/events/{s.event.id}", STAFF_ONLY),
    "manage_events.edit": Route(lambda s: f"/en/staff/events/{s.event.id}/edit", STAFF_ONLY),
    "manage_events.copy": Route(lambda s: f"/en/staff/events/{s.event.id}/copy", STAFF_ONLY),
    "manage_events.cancel": Route(lambda s: f"/en/staff/events/{s.event.id}/cancel", STAFF_ONLY),
    "manage_events.export": Route(lambda s: f"/en/staff/events/{s.event.id}/attendees.csv", STAFF_ONLY,
                                  page=False),
    "manage_events.feedback": Route("/en/staff/events/feedback", STAFF_ONLY),
    "bookings.your_bookings": Route("/en/bookings/", EMPLOYER_ONLY),
    "bookings.cancel": Route(lambda s: f"/en/bookings/{s.booking.id}/cancel", EMPLOYER_ONLY),
    "bookings.accept": Route(lambda s: f"/en/bookings/{s.booking.id}/accept", EMPLOYER_ONLY, method="POST",
                             page=False),
    "bookings.change": Route(lambda s: f"/en/bookings/{s.booking.id}/change", EMPLOYER_ONLY),
    "bookings.calendar": Route(lambda s: f"/en/bookings/{s.booking.id}/calendar.ics", EMPLOYER_ONLY, page=False),
    "bookings.feedback": Route(lambda s: f"/en/bookings/feedback/{s.booking.feedback_token}", ANYONE),
    "bookings.staff_cancel": Route(lambda s: f"/en/bookings/staff/{s.booking.id}/cancel", STAFF_ONLY),
    "bookings.attendance": Route(lambda s: f"/en/bookings/staff/{s.booking.id}/attendance", STAFF_ONLY,
                                 method="POST", page=False),
    "visits.index": Route("/en/visits/", EMPLOYER_AND_STAFF),
    "visits.request": Route("/en/visits/request", EMPLOYER_ONLY),
    "visits.show": Route(lambda s: f"/en/visits/{s.visit.id}", EMPLOYER_AND_STAFF),
    "visits.respond": Route(lambda s: f"/en/visits/{s.visit.id}/respond", STAFF_ONLY, method="POST", page=False),
    "visits.accept": Route(lambda s: f"/en/visits/{s.visit.id}/accept", EMPLOYER_ONLY, method="POST", page=False),
    "visits.delivered": Route(lambda s: f"/en/visits/{s.visit.id}/delivered", STAFF_ONLY, method="POST",
                              page=False),
}


def add_sample_data(sample):
    """An event the sample organisation has a confirmed place on, with feedback, and a visit request."""
    sample.organisation.eligibility_status = EligibilityStatus.VERIFIED
    sample.event = factories.make_event(title_en="Sample webinar", title_cy="Gweminar enghreifftiol")
    sample.booking = factories.make_booking(sample.event, sample.organisation, name="Sample Attendee",
                                            email="sample.attendee@example.com")
    sample.past_event = factories.make_event(starts_at=sample.event.starts_at.replace(year=2025))
    factories.make_booking(sample.past_event, sample.organisation, attendance="attended")
    factories.make_feedback(factories.make_booking(sample.past_event, sample.organisation), comments="Useful")
    sample.visit = factories.make_visit(sample.organisation, requested_by=sample.users["employer"],
                                        status="scheduled", scheduled_for=sample.event.starts_at)
