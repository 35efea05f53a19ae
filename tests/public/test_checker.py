""""Can my organisation use this?": the checker's questions, its answers, and agreement with registration."""

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from sqlalchemy import select

from portal.accounts.models import User
from portal.eligibility import checker
from portal.eligibility import services as eligibility
from portal.eligibility.models import ProgrammeSettings
from portal.extensions import db
from portal.organisations import services as organisations
from portal.organisations.models import RegistrationDraft
from portal.reference.services import local_authorities
from tests import factories
from tests.helpers import Page
from tests.registration.helpers import answer, answers, registrant

SOUTH_EAST = "W06000015"  # Cardiff
NORTH_WEST = "W06000001"  # Isle of Anglesey

# where, local authority code, employees, part of a group, group size, eligible?, partner slug
CASES = [
    ("wales", SOUTH_EAST, 249, "no", None, True, "south-east"),
    ("wales", SOUTH_EAST, 250, "no", None, False, "south-east"),
    ("wales", NORTH_WEST, 12, "no", None, True, "north-west"),
    # A member of a group counts the group's size (PRODUCT.md's SME).
    ("wales", NORTH_WEST, 12, "yes", 40, True, "north-west"),
    ("wales", NORTH_WEST, 12, "yes", 249, True, "north-west"),
    ("wales", NORTH_WEST, 12, "yes", 250, False, "north-west"),
    ("wales", SOUTH_EAST, 12, "yes", 400, False, "south-east"),
    ("works_in_wales", NORTH_WEST, 30, "no", None, True, "north-west"),
    ("outside", None, 30, "no", None, False, None),
]


def _args(where, code, employees, group, group_size):
    args = {"where": where, "employees": str(employees), "group": group}
    if code:
        args["authority"] = str(factories.authority(code).id)
    if group_size:
        args["group_size"] = str(group_size)
    return args


def _registered(args):
    """Register an organisation with the same answers as the checker's, and return registration's decision."""
    answers = checker.Answers.parse(args, {a.id for a in local_authorities()})
    draft = checker.registration_answers(answers)
    user = registrant()
    saved = organisations.save_answers(user, {
        "name": f"Cwmni {next(factories._counter)}", "sector_id": factories.sector().id,
        "postcode": "CF10 1AA", "address_line_1": "1 Stryd Fawr", "town": "Caerdydd",
        "group_name": "Grŵp" if answers.part_of_group else "", **draft,
    })
    organisation = organisations.submit_registration(user, saved)
    db.session.flush()
    return organisation, eligibility.overview(organisation)


@pytest.mark.parametrize("lang", ["en", "cy"])
@pytest.mark.parametrize(("where", "code", "employees", "group", "group_size", "eligible", "partner"), CASES)
def test_the_checker_agrees_with_what_registration_decides(client, lang, where, code, employees, group,
                                                           group_size, eligible, partner):
    args = _args(where, code, employees, group, group_size)
    page = client.page(f"/{lang}/check-eligibility/result?{urlencode(args)}")
    verdict = page.soup.select_one("#verdict")
    assert verdict["data-eligible"] == ("yes" if eligible else "no")

    organisation, decided = _registered(args)
    assessment = checker.assess(checker.Answers.parse(args, {a.id for a in local_authorities()}))
    assert assessment.may_declare == decided.may_declare == eligible
    assert assessment.category == decided.category
    assert assessment.area_ok == decided.area_ok
    expected_partner = factories.partner(partner).id if partner else None
    assert (assessment.partner.id if assessment.partner else None) == organisation.partner_id == expected_partner
    if eligible:
        assert page.text("#partner") == factories.partner(partner).name_in(lang)
        assert page.soup.select_one("#register") is not None
    db.session.rollback()


def test_an_eligible_answer_says_what_can_be_used_today_and_after_one_check(client):
    args = _args("wales", SOUTH_EAST, 249, "no", None)
    page = client.page(f"/en/check-eligibility/result?{urlencode(args)}")
    assert page.h1 == "Your organisation can use Healthy Working Wales"
    assert "Webinars" in page.text("#with-declaration")
    assert "Workplace visits" in page.text("#after-check")
    assert "Well-being champion training" in page.text("#after-check")
    welsh = client.page(f"/cy/check-eligibility/result?{urlencode(args)}")
    assert welsh.h1 == "Gall eich sefydliad ddefnyddio Cymru Iach ar Waith"
    assert "Partner cyflenwi De-ddwyrain Cymru" in welsh.text("#partner")


def test_not_eligible_says_why_and_what_to_do(client):
    too_big = client.page(f"/en/check-eligibility/result?{urlencode(_args('wales', SOUTH_EAST, 250, 'no', None))}")
    assert "fewer than 250 employees" in too_big.text("#reasons")
    assert "Business Wales" in too_big.text("#other-services")
    assert too_big.soup.find("a", href="/en/contact") is not None
    small_group = client.page(f"/en/check-eligibility/result?{urlencode(_args('wales', SOUTH_EAST, 12, 'yes', 40))}")
    assert small_group.soup.select_one("#verdict")["data-eligible"] == "yes"
    large_group = client.page(f"/en/check-eligibility/result?{urlencode(_args('wales', SOUTH_EAST, 12, 'yes', 400))}")
    assert "part of a group that employs 250 people or more" in large_group.text("#reasons")
    assert large_group.soup.select_one("#exception-hint") is not None
    outside = client.page(f"/cy/check-eligibility/result?{urlencode(_args('outside', None, 30, 'no', None))}")
    assert "yng Nghymru" in outside.text("#reasons")


def test_the_administrators_large_employer_setting_is_the_one_the_checker_uses(client):
    db.session.add(ProgrammeSettings(id=1, allow_large_employers=True, evidence_retention_days=365))
    db.session.commit()
    args = _args("wales", SOUTH_EAST, 250, "no", None)
    page = client.page(f"/en/check-eligibility/result?{urlencode(args)}")
    assert page.soup.select_one("#verdict")["data-eligible"] == "yes"
    _organisation, decided = _registered(args)
    assert decided.may_declare
    assert decided.category == "large"


def test_one_question_a_page_with_errors_and_answers_carried_in_the_address(client):
    start = client.page("/en/check-eligibility/")
    url = start.soup.select_one("a.govuk-button--start")["href"]
    assert url == "/en/check-eligibility/questions/where"
    page = client.page(url)
    assert page.h1 == "Where is your organisation?"
    assert page.soup.select_one("main form")["method"] == "get"
    assert page.soup.select_one("input[name=csrf_token]") is None

    errors = client.page(f"{url}?submit=Continue")
    assert errors.error_summary() == ["Select where your organisation is"]

    response = client.get(f"{url}?where=outside&submit=Continue")
    assert response.status_code == 302
    # No local authority to give when the organisation does not work in Wales.
    assert urlsplit(response.headers["Location"]).path == "/en/check-eligibility/questions/employees"

    response = client.get(f"{url}?where=wales&submit=Continue")
    location = response.headers["Location"]
    assert urlsplit(location).path == "/en/check-eligibility/questions/authority"
    welsh = client.page(location.replace("/en/", "/cy/"))
    names = [o.get_text(strip=True) for o in welsh.soup.select("select[name=authority] option")][1:5]
    assert names == ["Abertawe", "Blaenau Gwent", "Bro Morgannwg", "Caerdydd"]

    cardiff = factories.authority(SOUTH_EAST).id
    bad = client.page(f"/en/check-eligibility/questions/employees?where=wales&authority={cardiff}"
                      "&employees=lots&submit=Continue")
    assert bad.error_summary() == ["Number of employees must be a whole number between 1 and 1,000,000"]
    hidden = {i["name"]: i["value"] for i in bad.soup.select("input[type=hidden]")}
    assert hidden == {"where": "wales", "authority": str(cardiff)}

    response = client.get(f"/en/check-eligibility/questions/group?where=wales&authority={cardiff}"
                          "&employees=12&group=yes&submit=Continue")
    assert urlsplit(response.headers["Location"]).path == "/en/check-eligibility/questions/group-size"
    response = client.get(f"/en/check-eligibility/result?where=wales&authority={cardiff}&employees=12")
    assert urlsplit(response.headers["Location"]).path == "/en/check-eligibility/questions/group"


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_register_carries_the_answers_into_the_new_draft(client, sign_in, lang):
    event = factories.make_event()
    args = {**_args("wales", NORTH_WEST, 12, "no", None), "next": f"/{lang}/events/{event.id}"}
    result = client.page(f"/{lang}/check-eligibility/result?{urlencode(_args('wales', NORTH_WEST, 12, 'no', None))}")
    register = urlsplit(result.soup.select_one("#register")["href"])
    assert register.path == f"/{lang}/register/"
    start = client.page(f"/{lang}/register/?{urlencode(args)}")
    account_url = start.soup.select_one("a.govuk-button--start")["href"]
    carried = parse_qs(urlsplit(account_url).query)
    assert carried["employees"] == ["12"]
    assert carried["next"] == [f"/{lang}/events/{event.id}"]
    response = client.submit(account_url, {"full_name": "Elin Jones", "email": f"elin.{lang}@example.com",
                                           "password": "a long enough passphrase",
                                           "confirm": "a long enough passphrase"})
    assert response.status_code == 200
    user = db.session.scalar(select(User).where(User.email == f"elin.{lang}@example.com"))
    draft = db.session.scalar(select(RegistrationDraft).where(RegistrationDraft.user_id == user.id))
    assert draft.answers["employee_count"] == 12
    assert draft.answers["part_of_group"] == "no"
    assert draft.answers["local_authority_id"] == factories.authority(NORTH_WEST).id
    assert draft.answers["return_to"] == f"/{lang}/events/{event.id}"
    assert set(draft.answers["done"]) == {"employees", "group"}

    user.email_verified_at = user.created_at
    db.session.commit()
    signed = sign_in(user, password="a long enough passphrase", lang=lang)
    assert signed.page(f"/{lang}/register/questions/employees").field_value("employee_count") == "12"
    assert signed.page(f"/{lang}/register/questions/address").field_value("local_authority_id") == str(
        factories.authority(NORTH_WEST).id)


def test_answers_carried_into_an_existing_account_are_ignored(client):
    existing = factories.make_user(email="taken@example.com")
    args = urlencode({**_args("wales", NORTH_WEST, 12, "no", None), "next": "//evil.example.com"})
    url = f"/en/register/account?{args}"
    client.submit(url, {"full_name": "Someone", "email": "taken@example.com",
                        "password": "a long enough passphrase", "confirm": "a long enough passphrase"})
    assert db.session.scalar(select(RegistrationDraft).where(RegistrationDraft.user_id == existing.id)) is None
    page = Page(client.get(url))
    # An unsafe "next" is not carried on (the language toggle still copies the address as it came).
    assert page.soup.select("input[name=next]") == []
    assert page.soup.select_one("input[name=employees]")["value"] == "12"


def test_after_registering_the_confirmation_leads_back_to_the_chosen_event(sign_in):
    event = factories.make_event()
    user = registrant()
    organisations.save_answers(user, {"return_to": f"/en/events/{event.id}"})
    db.session.commit()
    client = sign_in(user)
    for slug, values in answers(factories.sector().id, factories.authority(SOUTH_EAST).id).items():
        assert answer(client, slug, values).status_code == 302, slug
    response = client.submit("/en/register/check", {})
    assert response.status_code == 302
    confirmation = client.page(response.headers["Location"])
    assert confirmation.soup.select_one("#back-to-event")["href"] == f"/en/events/{event.id}"
