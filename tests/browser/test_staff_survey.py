"""The employer opens a staff survey and shares it; a member of staff opens it from the QR
link on a 320 px phone and answers it without JavaScript, in Welsh and in English. Axe
cannot run without JavaScript, so the same journey runs again with it, axe on every page."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from portal.eligibility.tiers import EligibilityStatus
from portal.extensions import db
from portal.qrcodes import qr_svg_inline
from portal.security import Role
from portal.surveys import services
from portal.surveys.models import Survey, SurveyAnswer, SurveyComment, SurveyResponse
from portal.timeutil import today_in_wales
from tests import factories
from tests.browser.conftest import axe_violations, browser_sign_in

pytestmark = pytest.mark.browser

TEXT = {
    "en": {"surveys": "open a staff survey", "open": "Open a survey", "submit": "Open the survey",
           "start": "Start now", "toggle": "Cymraeg", "other_heading": "Rheolaeth dros eich gwaith",
           "heading": "Control over your work", "unsaid": "Prefer not to say", "agree": "Agree",
           "error": "Select how much you agree with", "sent": "Your answers have been sent",
           "answered": "You have already answered this survey"},
    "cy": {"surveys": "agor arolwg staff", "open": "Agor arolwg", "submit": "Agor yr arolwg",
           "start": "Dechrau nawr", "toggle": "English", "other_heading": "Control over your work",
           "heading": "Rheolaeth dros eich gwaith", "unsaid": "Byddai'n well gennyf beidio â dweud",
           "agree": "Cytuno", "error": "Dewiswch i ba raddau rydych chi'n cytuno",
           "sent": "Mae eich atebion wedi'u hanfon", "answered": "Rydych chi eisoes wedi ateb yr arolwg hwn"},
}


def _checked(page, javascript=True):
    # axe needs the page's JavaScript; without it the journey is checked for working and fitting.
    if javascript:
        violations = axe_violations(page)
        assert not violations, f"{page.url}: {violations}"
    too_wide = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert too_wide <= 0, f"{page.url} is {too_wide} px wider than the screen"


def _continue(page):
    page.click("form button[type=submit]:not(.app-link-button)")
    page.wait_for_load_state()


def _choose(page, name, value):
    radio = page.locator(f"input[name='{name}'][value='{value}']").get_attribute("id")
    page.check(f"label[for='{radio}']")


def _open_survey(page, lang):
    """The employer opens a survey from their organisation's page and lands on its sharing page."""
    page.goto(f"/{lang}/organisation/")
    page.click(f"a:has-text('{TEXT[lang]['surveys']}')")
    _checked(page)
    page.click(f"text={TEXT[lang]['open']}")
    _checked(page)
    today, closes = today_in_wales(), today_in_wales() + timedelta(days=20)
    for name, day in (("opens_on", today), ("closes_on", closes)):
        page.fill(f"#{name}-day", str(day.day))
        page.fill(f"#{name}-month", str(day.month))
        page.fill(f"#{name}-year", str(day.year))
    page.click(f"button:has-text('{TEXT[lang]['submit']}')")
    page.wait_for_load_state()
    _checked(page)
    return page


@pytest.mark.parametrize("javascript", [False, True], ids=["without-javascript", "with-javascript-and-axe"])
@pytest.mark.parametrize("lang", ["en", "cy"])
def test_staff_answer_the_survey_from_the_qr_link(browser, live_server, page, lang, javascript):
    organisation = factories.make_organisation(name=f"Survey Journey Mill {lang} {javascript}",
                                               eligibility_status=EligibilityStatus.VERIFIED)
    employer = factories.make_user(Role.EMPLOYER, organisation=organisation, language=lang)
    page.set_viewport_size({"width": 320, "height": 700})
    browser_sign_in(page, employer.email, factories.PASSWORD, lang=lang)
    _open_survey(page, lang)
    db.session.expire_all()
    survey = db.session.scalar(select(Survey).where(Survey.organisation_id == organisation.id))
    # The QR code on the page is the code of this language's link: what a phone camera opens.
    link = page.locator(f"#link-{lang}").get_attribute("href")
    expected = re.search(r' d="([^"]+)"', qr_svg_inline(services.survey_url(survey, lang), "x")).group(1)
    assert page.locator("#qr-code svg path").get_attribute("d") == expected
    assert page.locator("#qr-code svg").bounding_box()["width"] > 100
    poster = page.request.get(f"/{lang}/organisation/surveys/{survey.id}/poster.pdf")
    assert poster.headers["content-type"] == "application/pdf"
    png = page.request.get(f"/{lang}/organisation/surveys/{survey.id}/qr-code.png")
    assert png.headers["content-type"] == "image/png"
    pages = services.theme_pages(survey.question_set_id, lang)
    db.session.rollback()

    context = browser.new_context(base_url=live_server, java_script_enabled=javascript,
                                  viewport={"width": 320, "height": 700})
    try:
        phone = context.new_page()
        phone.set_default_timeout(15000)
        phone.goto(urlsplit(link).path)
        _checked(phone, javascript)
        phone.click(f"text={TEXT[lang]['start']}")
        for index, theme in enumerate(pages):
            assert phone.locator("h1").inner_text() == theme.title
            if index == 0:
                # Sent with one statement unanswered: said so, and the answers given are kept.
                for statement in theme.statements[1:]:
                    _choose(phone, f"q{statement.id}", "4")
                _continue(phone)
                assert TEXT[lang]["error"] in phone.locator(".govuk-error-summary").inner_text()
                _checked(phone, javascript)
                assert phone.locator(f"input[name='q{theme.statements[1].id}'][value='4']").is_checked()
            if index == 1:
                # The language toggle keeps what was answered.
                _checked(phone, javascript)
                phone.click(f".app-language-toggle a:has-text('{TEXT[lang]['toggle']}')")
                phone.wait_for_load_state()
                assert phone.locator("h1").inner_text() == TEXT[lang]["other_heading"]
                phone.go_back()
                phone.wait_for_load_state()
            _choose(phone, f"q{theme.statements[0].id}", services.UNSAID)
            for statement in theme.statements[1:]:
                _choose(phone, f"q{statement.id}", "4")
            _continue(phone)
        _checked(phone, javascript)
        phone.fill("textarea[name=comment]", "A quiet room for phone calls would help.")
        _continue(phone)
        _checked(phone, javascript)
        summary = phone.locator("main").inner_text()
        assert TEXT[lang]["unsaid"] in summary
        assert "A quiet room for phone calls would help." in summary
        _continue(phone)
        assert TEXT[lang]["sent"] in phone.locator("h1").inner_text()
        _checked(phone, javascript)
        # The same phone again: thanked, not asked a second time.
        phone.goto(urlsplit(link).path)
        assert phone.locator("h1").inner_text() == TEXT[lang]["answered"]
        _checked(phone, javascript)
    finally:
        context.close()

    db.session.expire_all()
    [response] = db.session.scalars(select(SurveyResponse).where(SurveyResponse.survey_id == survey.id)).all()
    answers = db.session.scalar(select(func.count()).select_from(SurveyAnswer)
                                .where(SurveyAnswer.response_id == response.id))
    assert answers == sum(len(theme.statements) - 1 for theme in pages)
    [comment] = db.session.scalars(select(SurveyComment).where(SurveyComment.survey_id == survey.id)).all()
    assert comment.text == "A quiet room for phone calls would help."
    db.session.rollback()
