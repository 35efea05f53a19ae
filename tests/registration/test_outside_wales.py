"""Based outside Wales but employing staff in Wales (issue 18), and a postcode outside Wales flagged (issue 14).

Before: the address page needed a Welsh local authority, so an organisation
based in England with staff in Wales could not say so, and SW1A 1AA with
Gwynedd as its council passed silently.
"""

from urllib.parse import urlencode, urlsplit

import pytest
from sqlalchemy import select

from portal.eligibility import checker
from portal.eligibility.services import overview
from portal.extensions import db
from portal.organisations.formats import postcode_in_wales
from portal.organisations.models import Organisation, RegistrationDraft
from portal.reference.services import local_authorities
from portal.security import Role
from tests import factories
from tests.helpers import Page
from tests.registration.helpers import answer, answers, registrant

GWYNEDD = "W06000002"
CARDIFF = "W06000015"


def _outside_wales_answers(staff_code=CARDIFF):
    staff = factories.authority(staff_code)
    data = answers(factories.sector().id, "outside")
    data["address"] = {**data["address"], "postcode": "BS1 4DJ", "town": "Bristol"}
    data["staff-areas"] = {"staff_authority_ids": [str(staff.id)]}
    return data


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_an_organisation_based_outside_wales_with_staff_in_wales_registers_as_the_checker_says(sign_in, lang):
    client = sign_in(registrant(lang=lang), lang=lang)
    address = client.page(f"/{lang}/register/questions/address")
    assert address.soup.select_one("select[name=local_authority_id] option[value=outside]") is not None
    data = _outside_wales_answers()
    for slug, values in data.items():
        response = answer(client, slug, values, lang=lang)
        assert response.status_code == 302, f"{slug}: {Page(response).error_summary()}"
    check = client.page(f"/{lang}/register/check")
    assert ("Outside Wales" if lang == "en" else "Y tu allan i Gymru") in check.text("main")
    assert client.submit(f"/{lang}/register/check", {}).status_code == 302
    organisation = db.session.scalar(select(Organisation))
    assert organisation.local_authority_id is None
    cardiff = factories.authority(CARDIFF)
    assert [a.id for a in organisation.staff_authorities] == [cardiff.id]

    args = {"where": "works_in_wales", "authority": str(cardiff.id), "employees": "12", "group": "no"}
    result = client.page(f"/{lang}/check-eligibility/result?{urlencode(args)}")
    assert result.soup.select_one("#verdict")["data-eligible"] == "yes"
    assessment = checker.assess(checker.Answers.parse(args, {a.id for a in local_authorities()}))
    decided = overview(organisation)
    assert assessment.may_declare is decided.may_declare is True
    assert assessment.partner.id == organisation.partner_id == cardiff.partners[0].id


def test_based_outside_wales_needs_where_in_wales_staff_work(sign_in):
    client = sign_in(registrant())
    data = _outside_wales_answers()
    answer(client, "address", data["address"])
    page = Page(answer(client, "staff-areas", {}))
    assert page.error_summary() == ["Select the local authorities in Wales where you employ staff"]


def test_the_checker_carries_works_in_wales_into_registration(client):
    cardiff = factories.authority(CARDIFF)
    args = {"where": "works_in_wales", "authority": str(cardiff.id), "employees": "12", "group": "no"}
    response = client.submit(f"/en/register/account?{urlencode(args)}", {
        "full_name": "Ann", "email": "ann-outside@example.com", "password": factories.PASSWORD,
        "confirm": factories.PASSWORD, **args})
    assert response.status_code == 200
    draft = db.session.scalar(select(RegistrationDraft))
    assert draft.answers["address_outside_wales"] is True
    assert draft.answers["staff_authority_ids"] == [cardiff.id]


@pytest.mark.parametrize(("postcode", "expected"), [
    ("SW1A 1AA", False), ("BS1 4DJ", False), ("CF10 1AA", True), ("ll57 2dg", True), ("SA1 1AA", True),
    ("SY23 1AA", None), ("CH5 1AA", None), ("not one", None)])
def test_postcode_in_wales(postcode, expected):
    assert postcode_in_wales(postcode) is expected


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_a_postcode_outside_wales_with_a_welsh_council_is_flagged_and_asks_about_wales(sign_in, lang):
    client = sign_in(registrant(lang=lang), lang=lang)
    gwynedd = factories.authority(GWYNEDD)
    values = {"address_line_1": "Buckingham Palace", "address_line_2": "", "town": "London",
              "postcode": "SW1A 1AA", "local_authority_id": str(gwynedd.id)}
    response = answer(client, "address", values, lang=lang)
    assert urlsplit(response.headers["Location"]).path == f"/{lang}/register/questions/address"
    page = client.page(f"/{lang}/register/questions/address")
    assert "SW1A 1AA" in page.text("#postcode-warning")
    assert page.field_value("postcode") == "SW1A 1AA"
    assert (("Outside Wales" if lang == "en" else "Y tu allan i Gymru")
            in page.text("#postcode-warning + p"))
    warned = page.soup.select_one("input[name=warned]")["value"]
    onward = answer(client, "address", {**values, "warned": warned}, lang=lang)
    assert urlsplit(onward.headers["Location"]).path == f"/{lang}/register/questions/staff-areas"


def test_a_welsh_postcode_is_not_flagged_and_staff_see_the_flag(sign_in):
    client = sign_in(registrant())
    cardiff = factories.authority(CARDIFF)
    response = answer(client, "address", {"address_line_1": "1 Stryd", "address_line_2": "", "town": "Caerdydd",
                                          "postcode": "CF10 1AA", "local_authority_id": str(cardiff.id)})
    assert urlsplit(response.headers["Location"]).path == "/en/register/questions/staff-areas"
    flagged = factories.make_organisation(name="Odd Address", la_code=GWYNEDD, postcode="SW1A 1AA")
    staff = sign_in(factories.make_user(Role.STAFF, partner_slug="north-west"))
    assert "SW1A 1AA is not in Wales" in staff.page(f"/en/eligibility/organisations/{flagged.id}").text(
        "#postcode-outside")
