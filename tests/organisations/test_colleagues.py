"""Inviting colleagues and champions, accepting once, removing, and keeping one contact."""

from datetime import timedelta

from sqlalchemy import select

from portal.accounts.models import User
from portal.email.models import OutboxMessage
from portal.extensions import db
from portal.organisations.models import Invitation
from portal.security import Role
from portal.timeutil import utcnow
from tests import factories
from tests.helpers import Page


def test_contact_invites_a_champion_who_joins_once(app, sign_in):
    organisation = factories.make_organisation(correspondence_language="cy")
    contact = factories.make_user(Role.EMPLOYER, organisation=organisation)
    client = sign_in(contact)
    page = Page(client.submit("/en/organisation/colleagues", {"email": "bad", "role": ""}))
    assert len(page.error_summary()) == 2
    assert page.field_value("email") == "bad"
    response = client.submit("/en/organisation/colleagues", {"email": "Champ@Example.com", "role": "champion"})
    assert response.status_code == 302
    [message] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == "invitation")).all()
    assert message.to_address == "champ@example.com"
    assert message.language == "cy"
    link = next(line for line in message.body_text.splitlines() if line.startswith("http"))
    path = link.replace("http://portal.test", "")

    visitor = app.test_client()
    assert organisation.name in visitor.page(path).text("main")
    response = visitor.submit(path, {"full_name": "Cerys Champion", "password": "a long enough passphrase",
                                     "confirm": "a long enough passphrase"})
    assert response.status_code == 302
    champion = db.session.scalar(select(User).where(User.email == "champ@example.com"))
    assert champion.role == Role.CHAMPION
    assert champion.organisation_id == organisation.id
    assert champion.email_verified_at is not None
    # Single use.
    assert app.test_client().get(path).status_code == 410


def test_an_expired_invitation_does_not_work(app):
    organisation = factories.make_organisation()
    invitation, token = factories.make_invitation(organisation, role=Role.EMPLOYER)
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert app.test_client().get(f"/en/organisation/invitation/{token}").status_code == 410


def test_the_last_contact_cannot_be_removed_but_others_can(sign_in):
    organisation = factories.make_organisation()
    contact = factories.make_user(Role.EMPLOYER, organisation=organisation)
    champion = factories.make_user(Role.CHAMPION, organisation=organisation)
    client = sign_in(contact)
    url = f"/en/organisation/colleagues/{contact.id}/remove"
    response = client.submit(url, {}, token_from="/en/organisation/colleagues")
    assert response.status_code == 409
    assert Page(response).error_summary() == [
        "Your organisation must keep at least one employer contact. Invite another contact first."]
    db.session.expire_all()
    assert db.session.get(User, contact.id).active is True

    client.submit(f"/en/organisation/colleagues/{champion.id}/remove", {}, token_from="/en/organisation/colleagues")
    db.session.expire_all()
    assert db.session.get(User, champion.id).active is False

    second = factories.make_user(Role.EMPLOYER, organisation=organisation)
    client.submit(url, {}, token_from="/en/organisation/colleagues")
    db.session.expire_all()
    assert db.session.get(User, contact.id).active is False
    assert db.session.get(User, second.id).active is True


def test_invitations_not_yet_accepted_are_listed_on_the_colleagues_page(sign_in):
    organisation = factories.make_organisation()
    contact = factories.make_user(Role.EMPLOYER, organisation=organisation)
    client = sign_in(contact, lang="cy")
    assert client.page("/cy/organisation/colleagues").soup.select_one("#invitations") is None
    client.submit("/cy/organisation/colleagues", {"email": "waiting@example.com", "role": "champion"})
    client.submit("/cy/organisation/colleagues", {"email": "lapsed@example.com", "role": "employer"})
    lapsed = db.session.scalar(select(Invitation).where(Invitation.email == "lapsed@example.com"))
    lapsed.expires_at = utcnow() - timedelta(minutes=1)
    elsewhere = factories.make_user(Role.EMPLOYER, organisation=factories.make_organisation())
    db.session.commit()
    sign_in(elsewhere).submit("/en/organisation/colleagues", {"email": "other@example.com", "role": "champion"})
    page = client.page("/cy/organisation/colleagues")
    rows = [row.get_text(" ", strip=True) for row in page.soup.select("#invitations tbody tr")]
    assert len(rows) == 1
    assert rows[0].startswith("waiting@example.com")
    assert "Hyrwyddwr llesiant" in rows[0]
    assert page.text("#invitations caption") == "Gwahoddiadau heb eu derbyn eto"
