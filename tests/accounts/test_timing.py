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

PASSPHRASE = "a long enough passphrase"
ROUNDS = 9


@pytest.fixture
def unthrottled(app, monkeypatch):
    """Limits high enough for the timing rounds (the limits themselves are tested elsewhere)."""
    for name in ("REGISTRATION_LIMIT_PER_ADDRESS", "REGISTRATION_LIMIT_PER_EMAIL",
                 "PASSWORD_RESET_LIMIT_PER_ADDRESS", "PASSWORD_RESET_LIMIT_PER_EMAIL"):
        monkeypatch.setitem(app.config, name, "1000 per hour")


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


def test_a_reset_request_takes_as_long_for_an_unknown_address(client, unthrottled):
    user = factories.make_user(Role.EMPLOYER)
    known, unknown = _medians(client, "/en/forgotten-password", lambda n: {"email": user.email},
                              lambda n: {"email": f"nobody{n}@example.com"})
    assert _similar(known, unknown), f"known {known:.1f} ms, unknown {unknown:.1f} ms"
