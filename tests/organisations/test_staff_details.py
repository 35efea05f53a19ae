"""Staff correct every detail registration records: numbers, sector, the group, staff areas, how they heard."""

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from portal.audit.models import AuditEvent
from portal.eligibility.services import may_have
from portal.eligibility.tiers import EligibilityStatus, SupportKind
from portal.extensions import db
from portal.reference.models import Intermediary
from portal.security import Role
from tests import factories
from tests.helpers import Page

ANGLESEY = "W06000001"
POWYS = "W06000023"


def _organisation():
    return factories.make_organisation(
        name="Bara Brith Bakery", eligibility_status=EligibilityStatus.VERIFIED, address_line_1="1 High Street",
        town="Cardiff", contact_phone="029 2000 1234", correspondence_language="cy", support_language="either",
    )


def _form(organisation, **changes):
    values = {
        "name": organisation.name,
        "companies_house_number": "",
        "charity_number": "",
        "sector_id": str(organisation.sector_id),
        "employee_count": str(organisation.employee_count),
        "part_of_group": "no",
        "group_name": "",
        "group_size": "",
        "local_authority_id": str(organisation.local_authority_id),
        "address_line_1": "1 High Street",
        "address_line_2": "",
        "town": "Cardiff",
        "postcode": "CF10 1AA",
        "contact_job_title": "",
        "contact_phone": "029 2000 1234",
        "correspondence_language": "cy",
        "support_language": "either",
        "heard_via": "",
        "intermediary_id": "",
        "heard_via_other": "",
    }
    values.update(changes)
    return MultiDict(values)


def _url(organisation, lang="en"):
    return f"/{lang}/staff/organisations/{organisation.id}/details"


def _edit(client, organisation, lang="en", **changes):
    data = _form(organisation, **changes)
    data["csrf_token"] = client.csrf_token(_url(organisation, lang))
    return client.post(_url(organisation, lang), data=data)


def _last_edit():
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == "organisation_details_edited")
                              .order_by(AuditEvent.id.desc())).first()


def test_the_form_shows_every_detail_registration_records(sign_in):
    organisation = _organisation()
    organisation.part_of_group, organisation.group_name, organisation.group_size = True, "Bakers Group", 120
    organisation.companies_house_number = "01234567"
    organisation.staff_authorities = [factories.authority(ANGLESEY)]
    db.session.commit()
    page = sign_in(factories.make_user(Role.STAFF)).page(_url(organisation))
    assert page.field_value("companies_house_number") == "01234567"
    assert page.field_value("group_name") == "Bakers Group"
    assert page.field_value("group_size") == "120"
    assert page.soup.select_one("input[name=part_of_group][value=yes]").has_attr("checked")
    assert page.soup.select_one(f"input[name=sector_id][value='{organisation.sector_id}']").has_attr("checked")
    checked = [box["value"] for box in page.soup.select("input[name=staff_authority_ids][checked]")]
    assert checked == [str(factories.authority(ANGLESEY).id)]
    for name in ("charity_number", "heard_via", "intermediary_id", "heard_via_other"):
        assert page.soup.find(attrs={"name": name}) is not None, name


def test_staff_put_the_organisation_in_a_large_group_audited_and_the_decision_follows(sign_in):
    organisation = _organisation()
    staff = factories.make_user(Role.STAFF)
    client = sign_in(staff)
    assert may_have(organisation, SupportKind.WEBINAR).allowed
    response = _edit(client, organisation, part_of_group="yes", group_name="Big Bakers plc", group_size="1,200")
    assert response.status_code == 302
    db.session.refresh(organisation)
    assert (organisation.part_of_group, organisation.group_name, organisation.group_size) == (
        True, "Big Bakers plc", 1200)
    assert organisation.large_employer
    entry = _last_edit()
    assert entry.actor_id == staff.id
    assert entry.details["before"] == {"part_of_group": False, "group_name": None, "group_size": None}
    assert entry.details["after"] == {"part_of_group": True, "group_name": "Big Bakers plc", "group_size": 1200}
    # A group of 1,200 is not an SME: judged again from the new facts.
    assert not may_have(organisation, SupportKind.WEBINAR).allowed
    # Out of the group again: its name and size go with it.
    assert _edit(client, organisation, part_of_group="no", group_name="Big Bakers plc", group_size="1200"
                 ).status_code == 302
    db.session.refresh(organisation)
    assert (organisation.part_of_group, organisation.group_name, organisation.group_size) == (False, None, None)
    assert may_have(organisation, SupportKind.WEBINAR).allowed


@pytest.mark.parametrize(("lang", "name_error", "size_error"), [
    ("en", "Enter the name of the group", "Number of people in the group must be a whole number between 1 and "
                                          "1,000,000"),
    ("cy", "Rhowch enw'r grŵp", None),
])
def test_the_group_is_checked_as_registration_checks_it(sign_in, lang, name_error, size_error):
    organisation = _organisation()
    client = sign_in(factories.make_user(Role.STAFF), lang=lang)
    response = _edit(client, organisation, lang=lang, part_of_group="yes", group_name="", group_size="lots",
                     town="Newport")
    assert response.status_code == 400
    page = Page(response)
    summary = page.error_summary()
    assert name_error in summary
    if size_error:
        assert size_error in summary
    assert len(page.inline_errors()) == 2
    assert page.field_value("town") == "Newport"
    assert page.field_value("group_size") == "lots"
    db.session.refresh(organisation)
    assert not organisation.part_of_group
    assert _last_edit() is None


def test_staff_areas_numbers_sector_and_how_they_heard_are_saved_and_audited(sign_in):
    organisation = _organisation()
    staff = factories.make_user(Role.STAFF)
    client = sign_in(staff)
    sector = factories.sector("hospitality")
    assert sector is not None
    assert sector.id != organisation.sector_id
    intermediary = Intermediary(name_en="Business Wales", name_cy="Busnes Cymru")
    db.session.add(intermediary)
    db.session.commit()
    areas = [str(factories.authority(code).id) for code in (ANGLESEY, POWYS)]
    data = _form(organisation, companies_house_number="sc123456", charity_number="1234567",
                 heard_via="intermediary", intermediary_id=str(intermediary.id))
    data["sector_id"] = str(sector.id)
    data.setlist("staff_authority_ids", areas)
    data["csrf_token"] = client.csrf_token(_url(organisation))
    assert client.post(_url(organisation), data=data).status_code == 302
    db.session.refresh(organisation)
    assert organisation.companies_house_number == "SC123456"
    assert organisation.charity_number == "1234567"
    assert organisation.sector_id == sector.id
    assert sorted(str(a.id) for a in organisation.staff_authorities) == sorted(areas)
    assert (organisation.heard_via, organisation.intermediary_id) == ("intermediary", intermediary.id)
    after = _last_edit().details["after"]
    assert after["staff_authority_ids"] == sorted(int(a) for a in areas)
    assert after["companies_house_number"] == "SC123456"
    # Saving the same again changes nothing and audits nothing more.
    count = db.session.scalar(select(db.func.count(AuditEvent.id)))
    data["csrf_token"] = client.csrf_token(_url(organisation))
    assert client.post(_url(organisation), data=data).status_code == 302
    assert db.session.scalar(select(db.func.count(AuditEvent.id))) == count


def test_a_bad_company_number_is_refused_with_registrations_message(sign_in):
    organisation = _organisation()
    response = _edit(sign_in(factories.make_user(Role.STAFF)), organisation, companies_house_number="12-34")
    assert response.status_code == 400
    assert Page(response).error_summary() == [
        "Enter a Companies House number in the correct format, like 01234567 or SC123456"]
