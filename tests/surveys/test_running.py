"""The employer contact or a champion opens a survey for a period, shares it (both links, a
QR code, an A4 poster Welsh first), sees its responses and may close it early."""

import io
import re
from datetime import date, timedelta

import pytest
import segno
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.qrcodes import qr_svg_inline
from portal.surveys import services
from portal.surveys.models import Survey, SurveyResponse
from portal.timeutil import today_in_wales
from tests import factories
from tests.champions.pdftext import pdf_text
from tests.helpers import Page, count_queries


def _organisation(**fields):
    fields.setdefault("eligibility_status", "verified")
    return factories.make_organisation(**fields)


def _dates(prefix, day):
    # The GOV.UK date input sends its three parts under the field's one name.
    return {prefix: [str(day.day), str(day.month), str(day.year)]}


def _open(client, opens_on, closes_on, lang="en"):
    return client.submit(f"/{lang}/organisation/surveys/new", {**_dates("opens_on", opens_on),
                                                                **_dates("closes_on", closes_on)})


@pytest.mark.parametrize("role", ["employer", "champion"])
def test_the_employer_or_a_champion_opens_a_survey(sign_in, role):
    organisation = _organisation()
    user = factories.make_user(role, organisation=organisation)
    client = sign_in(user)
    today = today_in_wales()
    response = _open(client, today, today + timedelta(days=14))
    assert response.status_code == 302
    [survey] = db.session.scalars(select(Survey)).all()
    assert (survey.organisation_id, survey.opens_on, survey.closes_on) == (organisation.id, today,
                                                                            today + timedelta(days=14))
    assert response.headers["Location"].endswith(f"/en/organisation/surveys/{survey.id}")
    assert services.is_open(survey)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "survey_opened"))
    assert (event.actor_id, event.organisation_id) == (user.id, organisation.id)


@pytest.mark.parametrize(("opens", "closes", "field", "message"), [
    (-1, 10, "opens_on", "The survey must open today or later"),
    (0, 0, "closes_on", "The closing date must be after the opening date"),
    (3, 1, "closes_on", "The closing date must be after the opening date"),
    (0, 100, "closes_on", "A survey can be open for 3 months at most: choose an earlier closing date"),
    (400, 410, "opens_on", "The survey must open within a year of today"),
])
def test_survey_dates_are_checked(sign_in, opens, closes, field, message):
    client = sign_in(factories.make_user("employer", organisation=_organisation()))
    today = today_in_wales()
    page = Page(_open(client, today + timedelta(days=opens), today + timedelta(days=closes)))
    assert page.error_summary() == [message]
    # What was typed stays on the page.
    typed = today + timedelta(days=opens if field == "opens_on" else closes)
    assert page.soup.select_one(f"input#{field}-day")["value"] == str(typed.day)
    assert db.session.scalar(select(Survey.id)) is None


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_dates_that_do_not_exist_or_are_missing_get_a_clear_error(sign_in, lang):
    client = sign_in(factories.make_user("employer", organisation=_organisation()))
    page = Page(client.submit(f"/{lang}/organisation/surveys/new", {"opens_on": ["31", "2", "2027"],
                                                                    "closes_on": ["", "", ""]}))
    assert page.error_summary() == {
        "en": ["Enter the date the survey opens as a real date, like 27 3 2027", "Enter the date the survey closes"],
        "cy": ["Rhowch y dyddiad y mae'r arolwg yn agor fel dyddiad go iawn, fel 27 3 2027",
               "Rhowch y dyddiad y mae'r arolwg yn cau"],
    }[lang]
    page = Page(client.submit(f"/{lang}/organisation/surveys/new", {
        "opens_on": ["x", "99", "99999999999999999999"], "closes_on": ["1", "1", "-5"]}))
    assert len(page.error_summary()) == 2


def test_the_period_rule_counts_months_on_the_calendar():
    assert services.period_errors(date(2027, 1, 31), date(2027, 4, 30), today=date(2027, 1, 1)) == {}
    assert "closes_on" in services.period_errors(date(2027, 1, 31), date(2027, 5, 1), today=date(2027, 1, 1))


def test_one_survey_at_a_time(sign_in):
    organisation = _organisation()
    client = sign_in(factories.make_user("employer", organisation=organisation))
    today = today_in_wales()
    assert _open(client, today + timedelta(days=7), today + timedelta(days=21)).status_code == 302
    # A survey about to open counts: the form is not even offered.
    page = client.page("/en/organisation/surveys/new")
    assert page.soup.select_one("#one-at-a-time") is not None
    assert not page.soup.select("input[name=opens_on]")
    assert _open(client, today, today + timedelta(days=5)).status_code == 200
    with pytest.raises(services.SurveyRefused):
        services.open_survey(organisation.id, today, today + timedelta(days=5), None)
    # Once it is closed, another can be opened.
    services.close_survey(services.current_survey(organisation.id), None)
    db.session.commit()
    assert _open(client, today, today + timedelta(days=5)).status_code == 302
    assert len(db.session.scalars(select(Survey)).all()) == 2


def _survey(organisation, days=21):
    today = today_in_wales()
    survey = services.open_survey(organisation.id, today, today + timedelta(days=days), None)
    db.session.commit()
    return survey


def _responses(survey, count):
    for _ in range(count):
        db.session.add(SurveyResponse(survey_id=survey.id, answered_on=today_in_wales()))
    db.session.commit()


def test_the_list_shows_each_survey_with_its_responses(sign_in):
    organisation = _organisation()
    old = _survey(organisation)
    _responses(old, 7)
    services.close_survey(old, None)
    new = _survey(organisation)
    _responses(new, 2)
    page = sign_in(factories.make_user("champion", organisation=organisation)).page("/en/organisation/surveys")
    rows = [[cell.get_text(strip=True) for cell in row.select("th, td")]
            for row in page.soup.select("#surveys tbody tr")]
    # Newest first.
    assert [(row[1], row[2]) for row in rows] == [("Open", "2"), ("Closed", "7")]
    assert page.soup.select_one(f"a[href='/en/organisation/surveys/{new.id}']") is not None


def test_the_list_issues_the_same_queries_for_few_and_many_surveys_and_responses(sign_in):
    organisation = _organisation()
    client = sign_in(factories.make_user("employer", organisation=organisation))
    survey = _survey(organisation)
    _responses(survey, 5)
    with count_queries() as small:
        client.page("/en/organisation/surveys")
    services.close_survey(survey, None)
    for _ in range(12):
        another = _survey(organisation, days=3)
        _responses(another, 40)
        services.close_survey(another, None)
    db.session.commit()
    with count_queries() as large:
        client.page("/en/organisation/surveys")
    assert large.count == small.count


def test_the_sharing_page_gives_both_links_a_qr_code_and_a_poster(sign_in):
    organisation = _organisation(name="Becws Bach")
    survey = _survey(organisation)
    client = sign_in(factories.make_user("employer", organisation=organisation))
    page = client.page(f"/cy/organisation/surveys/{survey.id}")
    cy_url = f"http://portal.test/cy/survey/{survey.code}/"
    en_url = f"http://portal.test/en/survey/{survey.code}/"
    assert page.soup.select_one("#link-cy")["href"] == cy_url
    assert page.soup.select_one("#link-en")["href"] == en_url
    # The QR code is drawn in the page, and is the code of the Welsh page's address.
    svg = page.soup.select_one("#qr-code svg")
    assert svg["role"] == "img"
    assert svg["aria-label"]
    assert svg.select_one("path")["d"] == re.search(r' d="([^"]+)"', qr_svg_inline(cy_url, "x")).group(1)
    assert svg.select_one("path")["d"] != re.search(r' d="([^"]+)"', qr_svg_inline(en_url, "x")).group(1)

    png = client.get(f"/cy/organisation/surveys/{survey.id}/qr-code.png")
    assert png.mimetype == "image/png"
    assert png.data.startswith(b"\x89PNG")
    assert "attachment" in png.headers["Content-Disposition"]
    expected = io.BytesIO()
    segno.make(cy_url, error="m").save(expected, kind="png", scale=16, border=2, dark="#0b0c0c")
    assert png.data == expected.getvalue()

    pdf = client.get(f"/en/organisation/surveys/{survey.id}/poster.pdf")
    assert pdf.mimetype == "application/pdf"
    assert len(re.findall(rb"/Type /Page\b", pdf.data)) == 1
    # A4 portrait, in points.
    [box] = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf.data)
    assert (round(float(box[0])), round(float(box[1]))) == (595, 842)
    text = pdf_text(pdf.data)
    assert text.index("Dweud eich dweud") < text.index("Have your say")
    assert cy_url in text
    assert en_url in text
    assert "Becws Bach" in text


def test_someone_elses_survey_is_not_found(sign_in):
    ours, theirs = _organisation(), _organisation()
    survey = _survey(theirs)
    client = sign_in(factories.make_user("employer", organisation=ours))
    for path in ("", "/qr-code.png", "/poster.pdf", "/close"):
        assert client.get(f"/en/organisation/surveys/{survey.id}{path}").status_code == 404
    response = client.submit(f"/en/organisation/surveys/{survey.id}/close", {}, token_from="/en/organisation/surveys")
    assert response.status_code == 404
    assert db.session.get(Survey, survey.id).closed_at is None


def test_closing_early_stops_answers(sign_in, client):
    organisation = _organisation()
    survey = _survey(organisation)
    employer = sign_in(factories.make_user("employer", organisation=organisation))
    confirm = employer.page(f"/en/organisation/surveys/{survey.id}/close")
    assert "0 people have answered so far." in confirm.text("main")
    response = employer.submit(f"/en/organisation/surveys/{survey.id}/close", {})
    assert response.status_code == 302
    db.session.expire_all()
    assert services.status(db.session.get(Survey, survey.id)) == services.SurveyStatus.CLOSED
    assert employer.page(f"/en/organisation/surveys/{survey.id}").text("#status") == "Closed"
    assert client.page(f"/en/survey/{survey.code}/").text("h1") == "This survey has closed"
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "survey_closed"))


def test_the_organisation_page_links_to_surveys_beside_self_referral(sign_in):
    organisation = _organisation()
    page = sign_in(factories.make_user("employer", organisation=organisation)).page("/en/organisation/")
    links = [a["href"] for a in page.soup.select("main a")]
    assert "/en/organisation/surveys" in links
    assert links.index("/en/organisation/surveys") == links.index("/en/organisation/staff-support") + 1
