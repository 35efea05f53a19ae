"""Sign in, throttling, sign out and the session."""

from portal.accounts.models import User
from portal.extensions import db
from portal.ratelimit import used
from portal.security import Role
from tests import factories
from tests.helpers import Page


def _attempt(client, email, password="wrong password!", lang="en"):
    return client.submit(f"/{lang}/sign-in", {"email": email, "password": password})


def test_password_is_stored_as_argon2id():
    user = factories.make_user(Role.EMPLOYER)
    assert db.session.get(User, user.id).password_hash.startswith("$argon2id$")


def test_sign_in_goes_to_the_account_page(client):
    user = factories.make_user(Role.CHAMPION)
    response = _attempt(client, user.email.upper(), factories.PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/en/account")
    assert user.full_name in client.page("/en/account").text("main")


def test_staff_sign_in_to_their_today_page(client):
    user = factories.make_user(Role.STAFF)
    response = _attempt(client, user.email, factories.PASSWORD)
    assert response.headers["Location"].endswith("/en/staff/today")


def test_wrong_password_and_unknown_account_get_the_same_answer(client):
    user = factories.make_user(Role.STAFF)
    first = _attempt(client, user.email)
    second = _attempt(client, "nobody@example.com")
    assert first.status_code == second.status_code == 200
    assert Page(first).error_summary() == Page(second).error_summary() == [
        "The email address or password is not correct"
    ]


def test_errors_are_in_welsh_and_keep_the_email_entered(client):
    response = client.submit("/cy/sign-in", {"email": "not-an-email", "password": ""})
    page = Page(response)
    assert page.soup.select_one(".govuk-error-summary__title").get_text(strip=True) == "Mae problem wedi codi"
    assert "Rhowch gyfeiriad e-bost yn y fformat cywir, fel enw@enghraifft.com" in page.error_summary()
    assert "Rhowch eich cyfrinair" in page.error_summary()
    assert page.field_value("email") == "not-an-email"
    assert page.title.startswith("Gwall:")


def test_account_is_throttled_after_repeated_failures(client):
    user = factories.make_user(Role.EMPLOYER)
    for _ in range(5):  # SIGN_IN_LIMIT_PER_ACCOUNT_AND_ADDRESS
        assert _attempt(client, user.email).status_code == 200
    # Even the right password is refused while throttled, with a clear message.
    response = _attempt(client, user.email, factories.PASSWORD)
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.get_data(as_text=True)


def test_success_clears_the_failures_from_this_address(client):
    user = factories.make_user(Role.EMPLOYER)
    _attempt(client, user.email)
    _attempt(client, user.email, factories.PASSWORD)
    assert used("SIGN_IN_LIMIT_PER_ACCOUNT_AND_ADDRESS", "sign-in", f"{user.email}|127.0.0.1") == 0


def test_deactivated_user_cannot_sign_in(client):
    user = factories.make_user(Role.EMPLOYER, active=False)
    assert _attempt(client, user.email, factories.PASSWORD).status_code == 200
    assert client.get("/en/account").status_code == 302


def test_next_is_followed_only_within_the_site(client):
    user = factories.make_user(Role.ADMIN)
    token = client.csrf_token()
    response = client.post("/en/sign-in?next=https://evil.example/", data={
        "csrf_token": token, "email": user.email, "password": factories.PASSWORD})
    assert response.headers["Location"].endswith("/en/staff/today")
    client.post("/en/sign-out", data={"csrf_token": client.csrf_token()})
    token = client.csrf_token()
    response = client.post("/en/sign-in?next=/en/admin/audit", data={
        "csrf_token": token, "email": user.email, "password": factories.PASSWORD})
    assert response.headers["Location"].endswith("/en/admin/audit")


def test_sign_out_needs_post_and_ends_the_session(sign_in):
    user = factories.make_user(Role.CHAMPION)
    client = sign_in(user)
    assert client.get("/en/sign-out").status_code == 405
    response = client.submit("/en/sign-out", token_from="/en/account")
    assert response.status_code == 302
    assert client.get("/en/account").status_code == 302


def test_session_cookie_flags(client):
    user = factories.make_user(Role.EMPLOYER)
    response = _attempt(client, user.email, factories.PASSWORD)
    cookie = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")][0]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
