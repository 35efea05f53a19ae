"""An e-mail verification link opened while signed in as someone else asks before switching."""

import re

from sqlalchemy import select

from portal.accounts.models import User
from portal.email.models import OutboxMessage
from portal.extensions import db
from portal.security import Role
from tests import factories
from tests.helpers import Page

PASSPHRASE = "a long enough passphrase"


def _new_account_link(app, email="newcomer@example.com", lang="en"):
    app.test_client().submit(f"/{lang}/register/account", {
        "full_name": "Newydd Person", "email": email, "password": PASSPHRASE, "confirm": PASSPHRASE})
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.template == "verify_email"))
    return re.search(r"http://portal\.test(/\S+)", message.body_text).group(1)


def _newcomer():
    return db.session.scalar(select(User).where(User.email == "newcomer@example.com"))


def test_signed_in_as_someone_else_the_link_asks_first(app, sign_in):
    link = _new_account_link(app)
    someone = factories.make_user(Role.EMPLOYER, full_name="Gwen Arall")
    client = sign_in(someone)

    response = client.get(link)
    assert response.status_code == 200
    page = Page(response)
    form = page.soup.select_one("main form[method=post]")
    assert form is not None
    assert form.select_one("input[name=csrf_token]")
    assert "Gwen Arall" in page.text("main")
    # Nothing changed yet: still signed in as before, the address not yet confirmed.
    assert "Gwen Arall" in client.page("/en/account").text("main")
    db.session.expire_all()
    assert _newcomer().email_verified_at is None

    # Without the CSRF token, nothing happens.
    assert client.post(link).status_code == 400
    response = client.submit(link)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/en/register/tasks")
    assert "Newydd Person" in client.page("/en/account").text("main")
    db.session.expire_all()
    assert _newcomer().email_verified_at is not None


def test_the_question_is_asked_in_welsh(app, sign_in):
    link = _new_account_link(app, lang="cy")
    client = sign_in(factories.make_user(Role.EMPLOYER), lang="cy")
    page = Page(client.get(link))
    assert page.soup.html["lang"] == "cy"
    assert page.h1 == "Newid i gyfrif arall?"


def test_signed_in_as_the_same_person_or_not_at_all_it_confirms_at_once(app, client):
    link = _new_account_link(app)
    response = client.get(link)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/en/register/tasks")
