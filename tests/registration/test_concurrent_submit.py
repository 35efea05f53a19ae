"""Sending the registration ten times at once registers the organisation once.

Real HTTP POSTs through the app, each on its own thread with its own client,
session and database connection, as tests/booking/test_concurrency.py does; it
runs on whichever database the suite runs on (PostgreSQL when TEST_DATABASE_URL
names it). The draft's idempotency key, unique on the organisation, decides.
"""

import threading

from sqlalchemy import func, select

from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.email.models import OutboxMessage
from portal.extensions import db
from portal.organisations.models import Organisation
from tests import factories
from tests.helpers import Page
from tests.registration.helpers import answer, answers, registrant

REQUESTS = 10


def _count(model, *conditions):
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


def test_ten_simultaneous_submissions_register_one_organisation(sign_in):
    user = registrant()
    user_id = user.id
    first = sign_in(user)
    for slug, values in answers(factories.sector().id, factories.authority().id).items():
        response = answer(first, slug, values)
        assert response.status_code == 302, f"{slug}: {Page(response).error_summary()}"
    clients = [first] + [sign_in(user) for _ in range(REQUESTS - 1)]
    tokens = [client.csrf_token("/en/register/check") for client in clients]

    barrier = threading.Barrier(REQUESTS)
    results, errors = [], []

    def submit(client, token):
        try:
            barrier.wait(timeout=60)
            response = client.post("/en/register/check", data={"csrf_token": token})
            results.append((response.status_code, response.headers.get("Location")))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))

    threads = [threading.Thread(target=submit, args=pair) for pair in zip(clients, tokens, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)

    assert not errors
    # Every request is answered as a success: a loser finds the registration already made
    # (on the confirmation page, or on the organisation page if it arrived after the commit).
    done = {"/en/register/confirmation", "/en/organisation/"}
    assert len(results) == REQUESTS
    unexpected = [(status, location) for status, location in results if status != 302 or location not in done]
    assert not unexpected
    db.session.expire_all()
    assert _count(Organisation) == 1
    organisation = db.session.scalar(select(Organisation))
    assert _count(User, User.organisation_id == organisation.id) == 1
    assert db.session.get(User, user_id).organisation_id == organisation.id
    assert _count(OutboxMessage, OutboxMessage.template == "registration_received") == 1
    assert _count(AuditEvent, AuditEvent.action == "organisation_registered") == 1
    assert organisation.name == "Caffi Cwtsh"
    assert organisation.reference in first.page("/en/register/confirmation").text("main")
