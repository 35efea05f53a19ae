"""Demo bookings, so a local ``make run`` shows a full event with a waiting list."""

import secrets

from portal.bookings.models import Booking, BookingStatus
from portal.extensions import db


def seed_demo_bookings(events, organisations):
    """Fill the third demo event (two places) and put one more person on its waiting list."""
    full = events[2]
    for number, (organisation, name) in enumerate(
        [(organisations[0], "Siân Williams"), (organisations[1], "Tom Evans"), (organisations[0], "Gareth Hughes")],
        start=1,
    ):
        status = BookingStatus.CONFIRMED if full.places_taken < full.capacity else BookingStatus.WAITING
        full.booking_sequence += 1
        full.places_taken += status == BookingStatus.CONFIRMED
        db.session.add(Booking(event=full, organisation=organisation, name=name,
                               email=f"demo.attendee{number}@example.com", status=status,
                               sequence=full.booking_sequence, feedback_token=secrets.token_urlsafe(32)))
