"""Routes of the bookings feature and who may reach them."""

from tests import factories
from tests.routes import ANYONE, EMPLOYER_ONLY, STAFF_ONLY, Route

ROUTES = {
    "bookings.your_bookings": Route("/en/bookings/", EMPLOYER_ONLY),
    "bookings.cancel": Route(lambda s: f"/en/bookings/{s.booking.id}/cancel", EMPLOYER_ONLY),
    "bookings.accept": Route(lambda s: f"/en/bookings/{s.booking.id}/accept", EMPLOYER_ONLY, method="POST",
                             page=False),
    "bookings.change": Route(lambda s: f"/en/bookings/{s.booking.id}/change", EMPLOYER_ONLY),
    "bookings.calendar": Route(lambda s: f"/en/bookings/{s.booking.id}/calendar.ics", EMPLOYER_ONLY, page=False),
    # A used or made-up offer link: the "no longer works" page (tests/bookings/test_offer_links.py uses real ones).
    "bookings.offer": Route("/en/bookings/offer/not-a-real-token", ANYONE, page=False),
    "bookings.feedback": Route(lambda s: f"/en/bookings/feedback/{s.booking.feedback_token}", ANYONE),
    "bookings.correct_attendance": Route(lambda s: f"/en/bookings/staff/{s.booking.id}/attendance/correct",
                                         STAFF_ONLY),
    "bookings.staff_cancel": Route(lambda s: f"/en/bookings/staff/{s.booking.id}/cancel", STAFF_ONLY),
    "bookings.attendance": Route(lambda s: f"/en/bookings/staff/{s.booking.id}/attendance", STAFF_ONLY,
                                 method="POST", page=False),
}


def add_sample_data(sample):
    """A confirmed place for the sample organisation, and a past event with attendance and feedback."""
    sample.booking = factories.make_booking(sample.event, sample.organisation, name="Sample Attendee",
                                            email="sample.attendee@example.com")
    sample.past_event = factories.make_event(starts_at=sample.event.starts_at.replace(year=2025))
    factories.make_booking(sample.past_event, sample.organisation, attendance="attended")
    factories.make_feedback(factories.make_booking(sample.past_event, sample.organisation), comments="Useful")
