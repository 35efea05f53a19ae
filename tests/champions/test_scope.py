"""Champion lists and certificates are scoped: no organisation or partner means no one, never everyone."""

from portal.champions import services
from portal.extensions import db
from portal.security import Role
from tests import factories
from tests.registration.helpers import registrant


def _champions_elsewhere():
    """A champion with a certificate in another organisation, and a course attendee with no organisation."""
    champion = factories.make_user(Role.CHAMPION, full_name="Gwen Elsewhere")
    training = factories.make_training(champion)
    champion.certificate_code = training.certificate_code
    loose = factories.make_training(email="nobody@example.com", name="Ifan Unattached")
    return champion, loose


def test_an_employer_still_registering_sees_no_champions_on_your_champions(sign_in):
    champion, loose = _champions_elsewhere()
    page = sign_in(registrant()).get("/en/champions/team")
    text = page.get_data(as_text=True)
    assert "Gwen Elsewhere" not in text
    assert "Ifan Unattached" not in text
    assert loose.certificate_code not in text
    assert champion.certificate_code not in text


def test_no_organisation_and_no_partner_list_no_one():
    _champions_elsewhere()
    assert services.champions_with_status(organisation_id=None) == []
    assert services.champions_with_status() == []


def test_a_partner_scope_still_lists_its_area():
    champion, _loose = _champions_elsewhere()
    rows = services.champions_with_status(partner_id=champion.organisation.partner_id)
    assert [row["name"] for row in rows] == ["Gwen Elsewhere"]


def test_an_employer_without_an_organisation_cannot_open_certificates_without_one():
    _champion, loose = _champions_elsewhere()
    assert loose.organisation_id is None
    assert services.certificate_for(registrant(), loose.certificate_code) is None


def test_staff_without_a_partner_cannot_open_certificates_of_organisations_without_one():
    organisation = factories.make_organisation()
    organisation.partner = None
    champion = factories.make_user(Role.CHAMPION, organisation=organisation)
    training = factories.make_training(champion)
    staff = factories.make_user(Role.STAFF)
    staff.partner = None
    db.session.commit()
    assert services.certificate_for(staff, training.certificate_code) is None
