"""Sessions are recorded on the server: sign-out ends them, and they expire when idle or old."""

from datetime import timedelta

from sqlalchemy import select, update

from portal.accounts.models import UserSession
from portal.extensions import db
from portal.security import Role
from portal.timeutil import utcnow
from tests import factories
from tests.helpers import Page, count_queries
from tests.registration.helpers import answer, answers, registrant

IDLE_NOTICE = "You were signed out because you had not done anything for 30 minutes."


def _copy_of(app, client):
    """A second client carrying the same cookie, as someone who saved it would."""
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    return copy


def _age_sessions(user, **ago):
    db.session.execute(update(UserSession).where(UserSession.user_id == user.id)
                       .values(**{column: utcnow() - delta for column, delta in ago.items()}))
    db.session.commit()


def test_a_cookie_saved_before_sign_out_no_longer_works(app, sign_in):
    user = factories.make_user(Role.EMPLOYER)
    client = sign_in(user)
    saved = _copy_of(app, client)
    assert saved.get("/en/account").status_code == 200
    client.submit("/en/sign-out", token_from="/en/account")
    response = saved.get("/en/account")
    assert response.status_code == 302
    assert "/en/sign-in" in response.headers["Location"]


def test_signing_out_on_one_device_leaves_the_others_signed_in(sign_in):
    user = factories.make_user(Role.EMPLOYER)
    phone, laptop = sign_in(user), sign_in(user)
    phone.submit("/en/sign-out", token_from="/en/account")
    assert phone.get("/en/account").status_code == 302
    assert laptop.get("/en/account").status_code == 200


def test_only_a_hash_of_the_session_key_is_stored(sign_in):
    user = factories.make_user(Role.EMPLOYER)
    client = sign_in(user)
    [stored] = db.session.scalars(select(UserSession.token_hash)).all()
    assert len(stored) == 64
    assert stored not in client.get_cookie("session").value


def test_an_idle_session_returns_to_sign_in_in_welsh_then_to_where_the_user_was(sign_in, app):
    user = registrant(lang="cy")
    client = sign_in(user, lang="cy")
    data = answers(factories.sector().id, factories.authority().id)
    assert answer(client, "name", data["name"], lang="cy").status_code == 302
    _age_sessions(user, last_seen_at=timedelta(minutes=31))

    response = client.get("/cy/register/questions/sector")
    assert response.status_code == 302
    sign_in_url = response.headers["Location"]
    assert sign_in_url.startswith("/cy/sign-in?next=")
    page = client.page(sign_in_url)
    assert ("Cawsoch eich allgofnodi am nad oeddech wedi gwneud dim am 30 munud."
            in page.text(".govuk-notification-banner"))

    response = client.submit(sign_in_url, {"email": user.email, "password": factories.PASSWORD})
    assert response.headers["Location"] == "/cy/register/questions/sector"
    # What was typed before is still there.
    assert client.page("/cy/register/questions/name").field_value("name") == "Caffi Cwtsh"


def test_activity_keeps_a_session_alive(sign_in):
    user = factories.make_user(Role.EMPLOYER)
    client = sign_in(user)
    _age_sessions(user, last_seen_at=timedelta(minutes=29))
    assert client.get("/en/account").status_code == 200
    [session] = db.session.scalars(select(UserSession)).all()
    assert session.last_seen_at > utcnow() - timedelta(minutes=1)


def test_recording_activity_costs_no_second_read_of_the_user(sign_in):
    # The touch is committed before the view runs; expiring the user on that
    # commit made the view read it again, one statement more once a minute.
    user = factories.make_user(Role.EMPLOYER)
    client = sign_in(user)
    client.get("/en/account")
    with count_queries() as quiet:
        client.get("/en/account")
    _age_sessions(user, last_seen_at=timedelta(minutes=2))
    with count_queries() as touched:
        client.get("/en/account")
    assert db.session.scalar(select(UserSession.last_seen_at)) > utcnow() - timedelta(minutes=1)
    assert touched.statements == quiet.statements


def test_the_user_and_their_session_are_read_in_one_statement(sign_in):
    # Every signed-in request loads both: one round trip, not two.
    client = sign_in(factories.make_user(Role.EMPLOYER))
    client.get("/en/account")
    with count_queries() as counted:
        assert client.get("/en/account").status_code == 200
    loading = [" ".join(s.split()) for s in counted.statements if "FROM users" in s or "FROM user_sessions" in s]
    assert len(loading) == 1, loading
    assert "FROM users JOIN user_sessions" in loading[0]


def test_a_session_ends_twelve_hours_after_sign_in_even_when_busy(sign_in):
    user = factories.make_user(Role.EMPLOYER)
    client = sign_in(user)
    _age_sessions(user, created_at=timedelta(hours=12, minutes=1))
    response = client.get("/en/account")
    assert response.status_code == 302
    assert "Sign in again" in Page(client.get(response.headers["Location"])).text(".govuk-notification-banner")


def test_session_timeouts_are_settings(sign_in, app, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_IDLE_MINUTES", 5)
    user = factories.make_user(Role.EMPLOYER)
    client = sign_in(user)
    _age_sessions(user, last_seen_at=timedelta(minutes=6))
    assert client.get("/en/account").status_code == 302
