"""Self-referral to individual support: the employee's pages, delivery to the intake
mailbox, what is (not) stored, the employer's counts from five, staff counts per partner."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, inspect, select

from portal.email.models import OutboxMessage
from portal.email.sender import deliver_pending
from portal.extensions import db
from portal.referrals import services
from portal.referrals.models import SelfReferral
from portal.security import Role
from portal.timeutil import today_in_wales
from tests import factories
from tests.champions.pdftext import pdf_text
from tests.email.test_outbox import free_port, smtp  # noqa: F401 - the SMTP server fixture
from tests.helpers import Page, count_queries
from tests.surveys import factories as surveys

ANSWERS = [
    ("name", {"name": "Eleri Morgan"}),
    ("contact", {"contact_method": "phone", "phone": "07700 900982", "email": ""}),
    ("when", {"times": ["morning", "evening"]}),
    ("language", {"language": "cy"}),
    ("topic", {"topic": "musculoskeletal"}),
]


def _organisation(**fields):
    fields.setdefault("eligibility_status", "verified")
    return factories.make_organisation(**fields)


def _code(organisation):
    code = services.link_for(organisation).code
    db.session.commit()
    return code


def _answer_all(client, code, lang="en", via=None):
    client.page(f"/{lang}/refer/{code}/" + (f"?via={via}" if via else ""))
    for step, data in ANSWERS:
        response = client.submit(f"/{lang}/refer/{code}/{step}", data)
        assert response.status_code == 302, (step, Page(response).error_summary())
    return client.submit(f"/{lang}/refer/{code}/check", {"consent": "y"})


def test_an_employee_refers_themselves_and_the_intake_mailbox_gets_it_in_its_language(app, client, smtp):  # noqa: F811
    organisation = _organisation(name="Caffi'r Cei")
    response = _answer_all(client, _code(organisation), lang="en")
    assert response.status_code == 302
    assert "/sent" in response.headers["Location"]

    [message] = db.session.scalars(select(OutboxMessage)).all()
    assert message.to_address == app.config["SELF_REFERRAL_INTAKE_EMAIL"]
    # The service chose Welsh; the employee filled the form in English.
    assert message.language == "cy"
    assert "Eleri Morgan" in message.body_text
    assert "07700 900982" in message.body_text
    assert "Caffi'r Cei" in message.body_text
    assert deliver_pending()["sent"] == 1
    assert len(smtp.messages) == 1


def test_the_intake_language_is_the_services_choice(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "SELF_REFERRAL_INTAKE_LANGUAGE", "en")
    _answer_all(client, _code(_organisation()), lang="cy")
    message = db.session.scalar(select(OutboxMessage))
    assert message.language == "en"
    assert "Pain in muscles, joints or back" in message.body_text


def test_nothing_stored_identifies_the_person(client):
    organisation = _organisation()
    _answer_all(client, _code(organisation), via="qr")
    [record] = db.session.scalars(select(SelfReferral)).all()
    assert (record.organisation_id, record.referred_on, record.channel) == (organisation.id, today_in_wales(), "qr")
    # Only these columns exist: nothing for a name, contact details, a time or the browser.
    columns = {column["name"] for column in inspect(db.engine).get_columns("self_referrals")}
    assert columns == {"id", "organisation_id", "referred_on", "channel"}
    # And the browser forgets the answers once they are sent.
    page = client.page(f"/en/refer/{services.link_for(organisation).code}/name")
    assert page.field_value("name") in (None, "")


def test_a_referral_queued_while_the_mail_server_is_down_is_delivered_once_when_it_is_back(app, client, smtp):  # noqa: F811
    _answer_all(client, _code(_organisation()))
    working = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = free_port()  # nothing listens: the server is down
    try:
        assert deliver_pending() == {"sent": 0, "retry": 1, "failed": 0}
    finally:
        app.config["MAIL_PORT"] = working
    message = db.session.scalar(select(OutboxMessage))
    message.next_attempt_at = message.created_at - timedelta(seconds=1)
    db.session.commit()
    assert deliver_pending()["sent"] == 1
    assert deliver_pending()["sent"] == 0
    assert len(smtp.messages) == 1


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_each_question_says_what_is_missing_in_the_pages_language(client, lang):
    code = _code(_organisation())
    client.page(f"/{lang}/refer/{code}/")
    page = Page(client.submit(f"/{lang}/refer/{code}/contact", {"contact_method": "email", "email": ""}))
    expected = {"en": "Enter an email address to be contacted by email",
                "cy": "Rhowch gyfeiriad e-bost er mwyn cysylltu â chi drwy e-bost"}[lang]
    assert page.error_summary() == [expected]
    assert page.field_value("contact_method") == "email"
    page = Page(client.submit(f"/{lang}/refer/{code}/name", {"name": ""}))
    assert len(page.error_summary()) == 1
    assert page.error_summary()[0] in ("Enter your name", "Rhowch eich enw")


def test_the_check_page_needs_every_answer_and_consent(client):
    code = _code(_organisation())
    client.page(f"/en/refer/{code}/")
    response = client.get(f"/en/refer/{code}/check")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/name")
    for step, data in ANSWERS:
        client.submit(f"/en/refer/{code}/{step}", data)
    page = Page(client.submit(f"/en/refer/{code}/check", {}))
    assert page.error_summary() == ["Confirm that we may pass your details to the in-work support service"]
    assert "Eleri Morgan" in page.text("dl")
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_the_honeypot_sends_nothing_but_says_the_same(client):
    code = _code(_organisation())
    client.page(f"/en/refer/{code}/")
    for step, data in ANSWERS:
        client.submit(f"/en/refer/{code}/{step}", data)
    response = client.submit(f"/en/refer/{code}/check", {"consent": "y", "website": "http://spam.example"})
    assert response.status_code == 302
    assert "/sent" in response.headers["Location"]
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
    assert db.session.scalar(select(func.count()).select_from(SelfReferral)) == 0


def test_sending_is_rate_limited_per_address(client, limits):
    limits(SELF_REFERRAL_LIMIT_PER_ADDRESS="2 per hour")
    code = _code(_organisation())
    assert _answer_all(client, code).status_code == 302
    assert _answer_all(client, code).status_code == 302
    assert _answer_all(client, code).status_code == 429
    assert db.session.scalar(select(func.count()).select_from(SelfReferral)) == 2


def test_an_unknown_link_is_not_found(client):
    client.page("/en/refer/not-a-code/", expect=404)
    client.page("/en/refer/not-a-code/name", expect=404)


def _referrals(organisation, count, day=None, channel="link"):
    for _ in range(count):
        db.session.add(SelfReferral(organisation_id=organisation.id, referred_on=day or today_in_wales(),
                                    channel=channel))
    db.session.commit()


@pytest.mark.parametrize(("count", "shown"), [(4, None), (5, 5)])
def test_the_employer_sees_a_quarters_count_only_from_five(sign_in, count, shown):
    organisation = _organisation()
    _referrals(organisation, count)
    [current, *_older] = services.employer_counts(organisation)
    assert current.count == shown
    page = sign_in(factories.make_user(Role.EMPLOYER, organisation=organisation)).page(
        "/en/organisation/staff-support")
    cell = page.soup.select("tbody td")[0].get_text(strip=True)
    assert cell == ("Fewer than 5" if shown is None else "5")


def test_the_threshold_can_be_raised_but_never_lowered(app, monkeypatch):
    monkeypatch.setitem(app.config, "SELF_REFERRAL_SMALLEST_COUNT", 2)
    assert services.smallest_count() == 5
    monkeypatch.setitem(app.config, "SELF_REFERRAL_SMALLEST_COUNT", 8)
    assert services.smallest_count() == 8


def test_quarters_are_the_financial_years():
    assert services.quarter_of(date(2026, 4, 1)) == (2026, 1)
    assert services.quarter_of(date(2026, 12, 31)) == (2026, 3)
    assert services.quarter_of(date(2027, 3, 31)) == (2026, 4)
    assert services.quarter_bounds(2026, 4) == (date(2027, 1, 1), date(2027, 4, 1))


def test_staff_see_the_counts_of_their_partner_only(sign_in):
    ours = _organisation(name="Ein Cwmni", la_code="W06000015")  # Cardiff: South East partner
    theirs = _organisation(name="Cwmni Arall", la_code="W06000002")  # Gwynedd: North and West partner
    _referrals(ours, 2, channel="poster")
    _referrals(ours, 1, channel="qr")
    _referrals(theirs, 3)
    staff = factories.make_user(Role.STAFF, partner_slug="south-east")
    page = sign_in(staff).page("/en/staff/self-referrals")
    table = page.text("#by-organisation")
    assert "Ein Cwmni" in table
    assert "Cwmni Arall" not in table
    organisations, _partners, totals = services.staff_counts(staff)
    assert [(row.label, row.by_channel, row.total) for row in organisations] == [
        ("Ein Cwmni", {"link": 0, "qr": 1, "poster": 2}, 3)]
    admin = factories.make_user(Role.ADMIN)
    rows, partners, totals = services.staff_counts(admin)
    assert sum(row.total for row in rows) == sum(row.total for row in partners) == sum(totals.values()) == 6


def test_staff_counts_filter_by_quarter(sign_in):
    organisation = _organisation()
    _referrals(organisation, 2)
    _referrals(organisation, 3, day=today_in_wales() - timedelta(days=200))
    value, start, _last = services.recent_quarters()[0]
    rows, _partners, _totals = services.staff_counts(factories.make_user(Role.ADMIN),
                                                     *services.quarter_span(value))
    assert [row.total for row in rows] == [2]
    page = sign_in(factories.make_user(Role.ADMIN)).page(f"/en/staff/self-referrals?quarter={value}")
    assert "2 requests in all." in page.text("#total")
    # A made-up quarter is ignored, not an error.
    assert "5 requests in all." in sign_in(factories.make_user(Role.ADMIN)).page(
        "/en/staff/self-referrals?quarter=20x6-Q9").text("#total")


def test_counts_pages_issue_the_same_queries_for_5_and_500_referrals(sign_in):
    organisation = _organisation()
    employer = sign_in(factories.make_user(Role.EMPLOYER, organisation=organisation))
    admin = sign_in(factories.make_user(Role.ADMIN))
    _referrals(organisation, 5)
    employer.page("/en/organisation/staff-support")  # the first visit makes the link
    with count_queries() as employer_small:
        employer.page("/en/organisation/staff-support")
    with count_queries() as staff_small:
        admin.page("/en/staff/self-referrals")
    for index in range(20):
        _referrals(_organisation(name=f"Cwmni {index}"), 25)
    with count_queries() as employer_large:
        employer.page("/en/organisation/staff-support")
    with count_queries() as staff_large:
        admin.page("/en/staff/self-referrals")
    assert employer_large.count == employer_small.count
    assert staff_large.count == staff_small.count


def test_the_share_page_gives_links_a_qr_code_and_a_poster_in_both_languages(sign_in):
    organisation = _organisation(name="Siop Lyfrau")
    client = sign_in(factories.make_user(Role.EMPLOYER, organisation=organisation))
    page = client.page("/cy/organisation/staff-support")
    code = services.link_for(organisation).code
    assert page.soup.select_one("#link-cy")["href"].endswith(f"/cy/refer/{code}/")
    assert page.soup.select_one("#link-en")["href"].endswith(f"/en/refer/{code}/")
    svg = client.get("/cy/organisation/staff-support/qr-code.svg")
    assert svg.mimetype == "image/svg+xml"
    assert svg.data.lstrip().startswith(b"<svg")
    pdf = client.get("/cy/organisation/staff-support/poster.pdf")
    assert pdf.mimetype == "application/pdf"
    assert len(re.findall(rb"/Type /Page\b", pdf.data)) == 1
    text = pdf_text(pdf.data)
    # Welsh first, then English; each half with its own language's address.
    assert text.index("Angen cymorth") < text.index("Need support with")
    assert f"/cy/refer/{code}/?via=poster" in text
    assert f"/en/refer/{code}/?via=poster" in text
    assert "Siop Lyfrau" in text


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_survey_results_lead_the_employer_to_the_self_referral_link(sign_in, lang):
    organisation = _organisation()
    employer = factories.make_user(Role.EMPLOYER, organisation=organisation)
    champion = factories.make_user(Role.CHAMPION, organisation=organisation)
    survey = surveys.make_survey(organisation)
    surveys.add_responses(survey, 5)
    page = sign_in(employer).page(f"/{lang}/surveys/{survey.id}/results")
    link = page.soup.select_one("#staff-support-link")
    assert link["href"] == f"/{lang}/organisation/staff-support"
    sign_in(employer).page(link["href"])
    # The champion reads the same results; the sharing page is the employer's.
    assert sign_in(champion).page(f"/{lang}/surveys/{survey.id}/results").soup.select_one("#staff-support-link") is None
