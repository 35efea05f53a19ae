"""Capacity under simultaneous requests, on whichever database the suite runs on.

The suite runs on SQLite by default and on PostgreSQL when TEST_DATABASE_URL
names it, so this same test proves both. Every request is a real HTTP POST
through the app, on its own thread and its own database connection.
"""

import threading

from sqlalchemy import select

from portal.bookings.models import Booking
from portal.eligibility.tiers import EligibilityStatus
from portal.events.models import Event
from portal.extensions import db
from portal.security import Role
from tests import factories
from tests.conftest import POSTGRES

REQUESTS = 50
CAPACITY = 10


def test_simultaneous_bookings_never_exceed_capacity(app, sign_in):
    event = factories.make_event(capacity=CAPACITY, per_organisation_limit=1)
    url = f"/en/events/{event.id}/book"
    clients = []
    for number in range(REQUESTS):
        organisation = factories.make_organisation(eligibility_status=EligibilityStatus.DECLARED)
        client = sign_in(factories.make_user(Role.EMPLOYER, organisation=organisation))
        clients.append((number, client, client.csrf_token(f"/en/events/{event.id}")))

    barrier = threading.Barrier(REQUESTS)
    results, errors = {}, []

    def fire(number, client, token):
        try:
            barrier.wait(timeout=60)
            response = client.post(url, data={"csrf_token": token, "name_1": f"Person {number}",
                                              "email_1": f"person{number}@example.com"})
            results[number] = response.status_code
        except Exception as exc:  # noqa: BLE001 - reported below, with the thread's number
            errors.append((number, repr(exc)))

    threads = [threading.Thread(target=fire, args=args) for args in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)

    assert not errors
    assert len(results) == REQUESTS
    assert set(results.values()) == {302}, f"not every request succeeded: {results}"

    db.session.expire_all()
    bookings = db.session.scalars(select(Booking).where(Booking.event_id == event.id)
                                  .order_by(Booking.sequence)).all()
    assert len(bookings) == REQUESTS
    confirmed = [b for b in bookings if b.status == "confirmed"]
    waiting = [b for b in bookings if b.status == "waiting"]
    assert len(confirmed) == CAPACITY
    assert len(waiting) == REQUESTS - CAPACITY
    # Each request took the event lock in turn: sequences are 1..50 with no gaps or repeats,
    # the first ten to commit hold the places and the rest wait in the order they committed.
    assert [b.sequence for b in bookings] == list(range(1, REQUESTS + 1))
    assert [b.sequence for b in confirmed] == list(range(1, CAPACITY + 1))
    assert [b.sequence for b in waiting] == list(range(CAPACITY + 1, REQUESTS + 1))
    # The time each was written under the lock never goes backwards in that order.
    created = [b.created_at for b in bookings]
    assert created == sorted(created)
    stored = db.session.get(Event, event.id)
    assert stored.places_taken == CAPACITY
    assert stored.booking_sequence == REQUESTS


def test_the_lock_is_the_one_for_this_database():
    """PostgreSQL locks the row with FOR UPDATE; SQLite takes the write lock with an UPDATE first."""
    from portal.bookings.services import lock_event
    from tests.helpers import count_queries

    event_id = factories.make_event().id
    with count_queries() as counter:
        lock_event(event_id)
    db.session.rollback()
    statements = " ".join(counter.statements).upper()
    if POSTGRES:
        assert "FOR UPDATE" in statements
    else:
        assert statements.index("UPDATE EVENTS") < statements.index("SELECT")
