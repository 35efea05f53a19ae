"""Administrators edit reference data; every change is in the audit trail."""

from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.reference.models import DeliveryPartner
from portal.reference.services import partner_for_authority
from portal.security import Role
from tests import factories


def test_reference_data_has_the_22_welsh_authorities(client):
    from portal.reference.services import local_authorities

    authorities = local_authorities()
    assert len(authorities) == 22
    assert {a.name_cy for a in authorities} >= {"Ynys Môn", "Caerdydd", "Wrecsam", "Bro Morgannwg"}
    covered = [a for a in authorities if a.partners]
    assert len(covered) == 22


def test_changing_partner_coverage_reassigns_and_is_audited(sign_in):
    admin = factories.make_user(Role.ADMIN)
    client = sign_in(admin)
    south_east, _north_west = factories.partner("south-east"), factories.partner("north-west")
    cardiff = factories.authority("W06000015")
    assert partner_for_authority(cardiff.id).id == south_east.id
    keep = [a.id for a in south_east.authorities if a.id != cardiff.id]
    response = client.submit(f"/en/admin/reference/partner/{south_east.id}", {
        "name_en": south_east.name_en, "name_cy": south_east.name_cy, "active": "y",
        "authorities": [str(i) for i in keep]})
    assert response.status_code == 302
    db.session.expire_all()
    assert partner_for_authority(cardiff.id) is None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "partner_coverage_changed"))
    assert event.actor_id == admin.id
    assert "W06000015" in event.details["before"]
    assert "W06000015" not in event.details["after"]
    page = client.page("/en/admin/audit")
    assert "Delivery partner's local authorities changed" in page.text("main")
    assert "partner_coverage_changed" not in page.text("#audit")
    assert admin.full_name in page.text("main")


def test_renaming_needs_both_languages_and_keeps_input(sign_in):
    admin = factories.make_user(Role.ADMIN)
    client = sign_in(admin)
    sector = factories.sector()
    response = client.submit(f"/cy/admin/reference/sector/{sector.id}", {"name_en": "Shops", "name_cy": ""})
    from tests.helpers import Page

    page = Page(response)
    assert page.error_summary() == ["Enw yn Gymraeg: rhowch ateb"]  # names the field, not "this field"
    assert page.field_value("name_en") == "Shops"


def test_unknown_reference_kind_is_not_found(sign_in):
    admin = factories.make_user(Role.ADMIN)
    assert sign_in(admin).get("/en/admin/reference/planet/1").status_code == 404


def test_partner_can_be_made_inactive(sign_in):
    admin = factories.make_user(Role.ADMIN)
    partner = factories.partner("north-west")
    sign_in(admin).submit(f"/en/admin/reference/partner/{partner.id}", {
        "name_en": partner.name_en, "name_cy": partner.name_cy,
        "authorities": [str(a.id) for a in partner.authorities]})
    db.session.expire_all()
    assert db.session.get(DeliveryPartner, partner.id).active is False
    assert partner_for_authority(factories.authority("W06000011").id) is None
