"""Response time does not tell whether an address has an account.

Registration is timed at the production Argon2 cost (``BaseConfig``), for this
test only: the password hash is the work that used to be skipped for a known
address. Known and unknown addresses are timed alternately, so a busy machine
slows both alike, and compared by median with a generous tolerance.
"""

import statistics
import time

import pytest

from portal.config import BaseConfig
from portal.security import Role
from tests import factories
from tests.helpers import count_queries

PASSPHRASE = "a long enough passphrase"
ROUNDS = 9


@pytest.fixture
def unthrottled(limits):
    """Limits high enough for the timing rounds (the limits themselves are tested elsewhere)."""
    limits(**dict.fromkeys(("REGISTRATION_LIMIT_PER_ADDRESS", "REGISTRATION_LIMIT_PER_EMAIL",
                            "PASSWORD_RESET_LIMIT_PER_ADDRESS", "PASSWORD_RESET_LIMIT_PER_EMAIL"), "1000 per hour"))


@pytest.fixture
def production_cost(app, monkeypatch):
    for name in ("ARGON2_TIME_COST", "ARGON2_MEMORY_COST", "ARGON2_PARALLELISM"):
        monkeypatch.setitem(app.config, name, getattr(BaseConfig, name))


def _timed(client, url, data):
    data = {**data, "csrf_token": client.csrf_token(url)}
    started = time.perf_counter()
    response = client.post(url, data=data)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200
    return elapsed


def _medians(client, url, known, unknown):
    """Median milliseconds for (known address, unknown address), timed alternately."""
    known_times, unknown_times = [], []
    for n in range(ROUNDS):
        known_times.append(_timed(client, url, known(n)))
        unknown_times.append(_timed(client, url, unknown(n)))
    return statistics.median(known_times), statistics.median(unknown_times)


def _similar(known, unknown):
    # Generous: within a third of the slower one. Before the fix they differed twentyfold or more.
    return abs(known - unknown) <= max(known, unknown) / 3


def test_registration_takes_as_long_for_an_existing_address(client, unthrottled, production_cost):
    taken = factories.make_user(Role.EMPLOYER).email

    def form(email):
        return {"full_name": "Siân Owen", "email": email, "password": PASSPHRASE, "confirm": PASSPHRASE}

    known, unknown = _medians(client, "/en/register/account", lambda n: form(taken),
                              lambda n: form(f"new{n}@example.com"))
    assert _similar(known, unknown), f"known {known:.1f} ms, unknown {unknown:.1f} ms"


def _writes(client, email):
    """The INSERT, UPDATE and DELETE statements (verb and table) of one reset request."""
    token = client.csrf_token("/en/forgotten-password")
    with count_queries() as counter:
        assert client.post("/en/forgotten-password", data={"csrf_token": token, "email": email}).status_code == 200
    words = [statement.split() for statement in counter.statements]
    return [(w[0], w[2] if w[0] in ("INSERT", "DELETE") else w[1]) for w in words
            if w[0] in ("INSERT", "UPDATE", "DELETE")]


def test_a_reset_request_does_the_same_work_for_an_unknown_address(client, unthrottled):
    """Structural, not timed: a reset request takes ~10 ms, too little to time reliably on a busy machine.

    The time is mostly the database writes and their commit, so both requests
    must make the same writes; the only one left out for an unknown address is
    the e-mail itself, one more row in the same commit.
    """
    user = factories.make_user(Role.EMPLOYER)
    known = _writes(client, user.email)
    unknown = _writes(client, "nobody@example.com")
    assert known == [("UPDATE", "password_reset_tokens"), ("INSERT", "password_reset_tokens"),
                     ("INSERT", "outbox_messages")]
    assert unknown == [write for write in known if write[1] != "outbox_messages"]
