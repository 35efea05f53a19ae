"""Sign-in throttling slows the guesser, not the owner, and cannot be raced.

The counters live in Redis (``TEST_REDIS_URL``). The parallel test sends real
HTTP requests through the app, each on its own thread with its own client and
database connection, as tests/booking/test_concurrency.py does; it runs on
whichever database the suite runs on (PostgreSQL when TEST_DATABASE_URL names it).
"""

import threading

from portal.accounts import services
from portal.extensions import db
from portal.ratelimit import used
from portal.security import Role
from tests import factories
from tests.helpers import Page

GUESSES = 30
WRONG = "The email address or password is not correct"
THROTTLED = "Too many attempts to sign in. Wait 15 minutes, then try again, or reset your password."


def _attempt(client, email, password="wrong password!", address="127.0.0.1", lang="en"):
    return client.submit(f"/{lang}/sign-in", {"email": email, "password": password},
                         environ_base={"REMOTE_ADDR": address})


def _answer(response):
    return response.status_code, Page(response).error_summary()



def test_parallel_wrong_guesses_are_all_counted(app):
    email = factories.make_user(Role.EMPLOYER).email
    clients = []
    for _ in range(GUESSES):
        client = app.test_client()
        clients.append((client, client.csrf_token()))
    barrier = threading.Barrier(GUESSES)
    results, errors = [], []

    def guess(client, token):
        try:
            barrier.wait(timeout=60)
            response = client.post("/en/sign-in", data={"csrf_token": token, "email": email,
                                                        "password": "wrong password!"})
            results.append(response.status_code)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))

    threads = [threading.Thread(target=guess, args=args) for args in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)

    assert not errors
    assert len(results) == GUESSES
    # Only the first five were checked against the password; the other 25 were refused unchecked.
    assert sorted(results) == [200] * 5 + [429] * 25, f"{results.count(200)} guesses were checked"
    assert used("SIGN_IN_LIMIT_PER_ACCOUNT_AND_ADDRESS", "sign-in", f"{email}|127.0.0.1") == GUESSES
    # The owner, somewhere else, is not locked out by the guesser.
    assert _attempt(app.test_client(), email, factories.PASSWORD, address="192.0.2.7").status_code == 302


def test_guesses_from_one_address_do_not_lock_the_owner_out_elsewhere(client):
    user = factories.make_user(Role.EMPLOYER)
    for _ in range(5):
        assert _attempt(client, user.email, address="203.0.113.9").status_code == 200
    assert _attempt(client, user.email, factories.PASSWORD, address="203.0.113.9").status_code == 429
    assert _attempt(client, user.email, factories.PASSWORD, address="192.0.2.1").status_code == 302


def test_an_office_behind_one_address_is_not_blocked_by_others_mistakes(client):
    for n in range(25):
        assert _attempt(client, f"colleague{n}@example.com").status_code == 200
    user = factories.make_user(Role.EMPLOYER)
    assert _attempt(client, user.email, factories.PASSWORD).status_code == 302


def test_successful_sign_ins_do_not_use_up_the_address_ceiling(app, limits):
    limits(SIGN_IN_LIMIT_PER_ADDRESS="3 per 15 minutes")
    for _ in range(5):
        user = factories.make_user(Role.EMPLOYER)
        assert _attempt(app.test_client(), user.email, factories.PASSWORD).status_code == 302


def test_an_address_trying_many_accounts_meets_the_address_ceiling(client, limits):
    limits(SIGN_IN_LIMIT_PER_ADDRESS="3 per 15 minutes")
    for n in range(3):
        assert _attempt(client, f"guess{n}@example.com").status_code == 200
    user = factories.make_user(Role.EMPLOYER)
    assert _attempt(client, user.email, factories.PASSWORD).status_code == 429
    assert _attempt(client, user.email, factories.PASSWORD, address="192.0.2.2").status_code == 302


def test_a_password_reset_lets_the_owner_in_at_once(app, client, limits):
    limits(SIGN_IN_LIMIT_PER_ACCOUNT="3 per 15 minutes")
    user = factories.make_user(Role.EMPLOYER)
    for n in range(3):
        assert _attempt(client, user.email, address=f"198.51.100.{n}").status_code == 200
    # Guesses from many addresses meet the account's ceiling, even for the right password...
    assert _attempt(client, user.email, factories.PASSWORD, address="192.0.2.3").status_code == 429
    # ...until the owner resets the password.
    token = services.request_password_reset(user.email)
    services.reset_password(token, "a brand new passphrase")
    db.session.commit()
    assert _attempt(app.test_client(), user.email, "a brand new passphrase", address="192.0.2.3").status_code == 302


def test_the_throttled_answer_tells_no_more_than_a_wrong_password(client):
    user = factories.make_user(Role.EMPLOYER)
    for email in (user.email, "nobody@example.com"):
        for _ in range(5):
            assert _answer(_attempt(client, email)) == (200, [WRONG])
    known_wrong = _answer(_attempt(client, user.email))
    known_right = _answer(_attempt(client, user.email, factories.PASSWORD))
    unknown = _answer(_attempt(client, "nobody@example.com"))
    # The same whether the account exists and whether the password was right.
    assert known_wrong == known_right == unknown == (429, [THROTTLED])
