"""Staff invite well-being champions to organisations in their own area."""

from sqlalchemy import select

from portal.email.models import OutboxMessage
from portal.extensions import db
from portal.organisations.models import Invitation
from portal.security import Role
from tests import factories
from tests.helpers import Page


def test_staff_invite_a_champion_in_the_organisations_language(sign_in):
    organisation = factories.make_organisation(la_code="W06000015", correspondence_language="cy")
    staff = factories.make_user(Role.STAFF, partner_slug="south-east")
    response = sign_in(staff).submit("/en/champions/invite", {
        "reference": organisation.reference.lower(), "email": "Nia@Example.com"})
    assert response.status_code == 302
    invitation = db.session.scalar(select(Invitation))
    assert invitation.role == Role.CHAMPION.value
    assert invitation.organisation_id == organisation.id
    assert invitation.email == "nia@example.com"
    message = db.session.scalar(select(OutboxMessage))
    assert message.to_address == "nia@example.com"
    assert message.language == "cy"


def test_staff_cannot_invite_to_another_partners_organisation(sign_in):
    elsewhere = factories.make_organisation(la_code="W06000011")  # Swansea: the other partner
    staff = factories.make_user(Role.STAFF, partner_slug="south-east")
    response = sign_in(staff).submit("/cy/champions/invite", {"reference": elsewhere.reference,
                                                              "email": "nia@example.com"})
    page = Page(response)
    assert page.error_summary() == ["Nid oes sefydliad â'r cyfeirnod hwnnw yn eich ardal chi"]
    assert page.field_value("email") == "nia@example.com"
    assert db.session.scalar(select(Invitation)) is None


def test_administrators_invite_anywhere(sign_in):
    elsewhere = factories.make_organisation(la_code="W06000011")
    admin = factories.make_user(Role.ADMIN)
    assert sign_in(admin).submit("/en/champions/invite", {"reference": elsewhere.reference,
                                                          "email": "a@example.com"}).status_code == 302
    assert db.session.scalar(select(Invitation)).organisation_id == elsewhere.id
