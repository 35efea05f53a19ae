"""The programme certificate's verification code, its public check, and its one-page PDF."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.programme import services
from portal.programme.certificate import Verification, verify_certificate
from portal.programme.models import ProgrammeCycle
from portal.security import Role
from portal.timeutil import utcnow
from tests import factories
from tests.champions.pdftext import pdf_text

CODE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


def _implemented(name="Caffi Bach"):
    organisation = factories.make_organisation(name=name, eligibility_status="verified")
    employer = factories.make_user(Role.EMPLOYER, organisation=organisation)
    sources = [factories.source() for _ in range(2)]
    for number, source in enumerate(sources):
        factories.make_intervention(organisation, support_type=f"topic-{number}", source_record=source,
                                    occurred_at=utcnow() - timedelta(days=10 - number))
    return organisation, employer, services.current_cycle(organisation), sources


def test_a_code_is_given_when_the_programme_is_first_completed_and_kept():
    organisation = factories.make_organisation(eligibility_status="verified")
    source = factories.source()
    factories.make_intervention(organisation, support_type="stress", source_record=source)
    assert services.current_cycle(organisation).certificate_code is None
    factories.make_intervention(organisation, support_type="sleep")
    code = services.current_cycle(organisation).certificate_code
    assert CODE.fullmatch(code)
    # Withdrawn and met again: the same code, so a certificate already printed still checks.
    services.withdraw_intervention(source)
    db.session.commit()
    assert services.current_cycle(organisation).whp_implemented_at is None
    factories.make_intervention(organisation, support_type="diet")
    assert services.current_cycle(organisation).certificate_code == code


def test_each_half_shows_the_code_and_links_to_the_check_in_its_own_language(sign_in):
    _organisation, employer, cycle, _sources = _implemented()
    page = sign_in(employer, lang="cy").page("/cy/programme/certificate/1")
    halves = {s["lang"]: s for s in page.soup.select(".app-certificate__language")}
    assert set(halves) == {"cy", "en"}
    assert f"Cod y dystysgrif: {cycle.certificate_code}" in halves["cy"].get_text()
    assert f"Certificate code: {cycle.certificate_code}" in halves["en"].get_text()
    assert halves["cy"].select_one("a")["href"].endswith(f"/cy/programme/verify?code={cycle.certificate_code}")
    assert halves["en"].select_one("a")["href"].endswith(f"/en/programme/verify?code={cycle.certificate_code}")
    assert "/cy/programme/verify" not in halves["en"].get_text()
    assert "/en/programme/verify" not in halves["cy"].get_text()


def test_the_pdf_is_one_page_with_the_code_and_each_languages_link(sign_in):
    _organisation, employer, cycle, _sources = _implemented(name="Cwmni Adeiladu a Chynnal a Chadw Eiddo "
                                                                 "Gogledd Orllewin Cymru Cyfyngedig")
    data = sign_in(employer).get("/en/programme/certificate/1.pdf").data
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == 1
    lines = pdf_text(data).splitlines()
    welsh_link = [line for line in lines if f"/cy/programme/verify?code={cycle.certificate_code}" in line]
    english_link = [line for line in lines if f"/en/programme/verify?code={cycle.certificate_code}" in line]
    assert len(welsh_link) == 1
    assert welsh_link[0].startswith("Gwiriwch y dystysgrif hon yn")
    assert len(english_link) == 1
    assert english_link[0].startswith("Check this certificate at")
    # The date is on one line in each half: day, month and year shown together.
    date_lines = [line for line in lines if re.search(r"\b\d{1,2}[ \u00a0]\w+[ \u00a0]\d{4}\b", line)]
    assert len(date_lines) == 2


@pytest.mark.parametrize(("lang", "genuine", "organisation_label", "completed_label"), [
    ("cy", "Mae'r dystysgrif hon yn ddilys", "Sefydliad", "Cwblhawyd y rhaglen"),
    ("en", "This certificate is genuine", "Organisation", "Programme completed"),
])
def test_the_public_check_confirms_the_organisation_and_the_date(client, lang, genuine, organisation_label,
                                                                 completed_label):
    _organisation, _employer, cycle, _sources = _implemented()
    typed = cycle.certificate_code.lower().replace("-", " ")
    page = client.page(f"/{lang}/programme/verify?code={typed}")
    assert genuine in page.text(".app-verify-result")
    rows = {row.select_one("dt").get_text(strip=True): row.select_one("dd").get_text(" ", strip=True)
            for row in page.soup.select(".govuk-summary-list__row")}
    assert rows[organisation_label] == "Caffi Bach"
    completed = services.current_cycle(_organisation).whp_implemented_at
    assert str(completed.year) in rows[completed_label]
    assert page.soup.select_one("#date-corrected") is None


@pytest.mark.parametrize(("lang", "words"), [
    ("cy", "Nid oedd modd dod o hyd i dystysgrif"),
    ("en", "We could not find a certificate with that code"),
])
def test_an_unknown_code_is_said_to_be_unknown(client, lang, words):
    _implemented()
    for code in ("ABCD-EFGH-JKMN-PQRS", "nonsense"):
        page = client.page(f"/{lang}/programme/verify?code={code}")
        assert words in page.text("main")
        assert not page.soup.select(".govuk-summary-list")
    # A champion's code is not a programme certificate.
    champion = factories.make_training(factories.make_user(Role.CHAMPION))
    assert words in client.page(f"/{lang}/programme/verify?code={champion.certificate_code}").text("main")


@pytest.mark.parametrize(("lang", "words"), [
    ("cy", "Nid yw'r dystysgrif hon yn ddilys mwyach"),
    ("en", "This certificate is no longer valid"),
])
def test_a_voided_programme_no_longer_verifies(client, lang, words):
    organisation, _employer, first, _sources = _implemented()
    staff = factories.make_user(Role.STAFF)
    second = services.start_new_cycle(organisation, staff)
    db.session.commit()
    factories.make_intervention(organisation, support_type="topic-a")
    factories.make_intervention(organisation, support_type="topic-b")
    code = db.session.get(ProgrammeCycle, second.id).certificate_code
    assert verify_certificate(code)[0] == Verification.GENUINE
    services.void_cycle(db.session.get(ProgrammeCycle, second.id), staff, "Started by mistake")
    db.session.commit()
    page = client.page(f"/{lang}/programme/verify?code={code}")
    assert words in page.text("main")
    assert "Caffi Bach" not in page.text("main")
    # The first programme's certificate still stands.
    assert verify_certificate(first.certificate_code)[0] == Verification.GENUINE


@pytest.mark.parametrize(("lang", "words"), [
    ("cy", "Nid yw'r dystysgrif hon yn ddilys mwyach"),
    ("en", "This certificate is no longer valid"),
])
def test_a_withdrawn_programme_no_longer_verifies(client, lang, words):
    organisation, _employer, cycle, sources = _implemented()
    services.withdraw_intervention(sources[0])
    db.session.commit()
    assert words in client.page(f"/{lang}/programme/verify?code={cycle.certificate_code}").text("main")


@pytest.mark.parametrize(("lang", "words"), [
    ("cy", "Cafodd y dyddiad y cwblhawyd y rhaglen ei gywiro ar"),
    ("en", "The date the programme was completed was corrected on"),
])
def test_a_corrected_date_is_said_to_be_corrected(client, lang, words):
    organisation, _employer, cycle, sources = _implemented()
    services.redate_intervention(sources[1], utcnow() - timedelta(days=5))
    db.session.commit()
    page = client.page(f"/{lang}/programme/verify?code={cycle.certificate_code}")
    assert words in page.text("#date-corrected")


def test_a_programme_dated_in_the_future_is_not_confirmed():
    organisation, _employer, cycle, sources = _implemented()
    services.redate_intervention(sources[1], utcnow() + timedelta(days=3))
    db.session.commit()
    cycle = db.session.scalar(select(ProgrammeCycle).where(ProgrammeCycle.id == cycle.id))
    assert verify_certificate(cycle.certificate_code)[0] == Verification.WITHDRAWN
    assert verify_certificate(cycle.certificate_code, now=utcnow() + timedelta(days=4))[0] == Verification.GENUINE


def test_opening_the_empty_check_asks_for_a_code(client):
    for lang, words in (("cy", "Rhowch y cod"), ("en", "Enter the code printed on")):
        page = client.page(f"/{lang}/programme/verify")
        assert words in page.text("main")
        assert page.soup.select_one("input[name=code]") is not None


def test_checks_are_limited_per_address_like_the_champion_check(client, limits):
    limits(CERTIFICATE_CHECK_LIMIT_PER_ADDRESS="2 per hour")
    for _ in range(2):
        assert client.get("/en/programme/verify?code=ABCD-EFGH-JKMN-PQRS").status_code == 200
    assert client.get("/en/programme/verify").status_code == 200
    assert client.get("/cy/programme/verify?code=ABCD-EFGH-JKMN-PQRS").status_code == 429
