"""Staff journey: read an employer's follow-up answer on the organisation's record, record an
answer given by phone for a follow-up nobody could receive, and see both on the dashboard;
in English and in Welsh, at 1,280 px and 320 px, with no accessibility violations."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from portal.extensions import db
from portal.programme import services as programme
from portal.programme.models import OutcomeFollowUp
from portal.security import Role
from portal.timeutil import utcnow
from tests import factories
from tests.browser.conftest import axe_violations, browser_sign_in

pytestmark = pytest.mark.browser

TEXT = {
    "en": {"answered": "Answered", "champion": "We have a well-being champion", "not_sent": "Not sent",
           "recorded": "Answer recorded as given to staff", "by_staff": "Recorded by staff",
           "absence": "Sickness absence went down", "error": "There is a problem"},
    "cy": {"answered": "Wedi ateb", "champion": "Mae gennym hyrwyddwr llesiant", "not_sent": "Heb ei anfon",
           "recorded": "Ateb wedi'i gofnodi fel un a roddwyd i staff", "by_staff": "Cofnodwyd gan staff",
           "absence": "Gostyngodd absenoldeb salwch", "error": "Mae problem wedi codi"},
}


def _clean(page):
    violations = axe_violations(page)
    assert not violations, f"{page.url}: {violations}"


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url


def _follow_up(organisation):
    follow_up = factories.make_outcome_follow_up(organisation)
    follow_up.send_after = utcnow() - timedelta(days=1)
    return follow_up


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_staff_read_a_follow_up_answer_and_record_one_given_by_phone(page, lang):
    today = utcnow().date()
    period = factories.make_reporting_period(starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=30))
    answered = factories.make_organisation(name=f"Atebol {lang}", eligibility_status="verified")
    factories.make_user(Role.EMPLOYER, organisation=answered)
    first = _follow_up(answered)
    unreachable = factories.make_organisation(name=f"Neb Yma {lang}", eligibility_status="verified")
    second = _follow_up(unreachable)
    programme.send_due_follow_ups()
    programme.answer_follow_up(db.session.get(OutcomeFollowUp, first.id), "We walk at lunch now",
                               ["champion", "policy"])
    staff = factories.make_user(Role.STAFF, full_name="Ceri Adviser")
    db.session.commit()
    second_id, answered_id, unreachable_id, unreachable_name = second.id, answered.id, unreachable.id, unreachable.name
    email, period_id = staff.email, period.id
    # End the read so this test holds no SQLite lock while the server writes.
    db.session.rollback()

    browser_sign_in(page, email, factories.PASSWORD, lang=lang)
    page.goto(f"/{lang}/staff/organisations/{answered_id}")
    section = page.locator("#outcome-follow-ups")
    expect(section).to_contain_text(TEXT[lang]["answered"])
    expect(section).to_contain_text(TEXT[lang]["champion"])
    expect(section).to_contain_text("We walk at lunch now")
    _clean(page)

    page.goto(f"/{lang}/staff/organisations/{unreachable_id}")
    expect(page.locator("#outcome-follow-ups")).to_contain_text(TEXT[lang]["not_sent"])
    _clean(page)
    page.click(f"a[href$='/outcome-follow-ups/{second_id}/answer']")
    _clean(page)
    # Nothing given: the error is shown, itself accessible.
    page.click("main form[method=post] button[type=submit]")
    expect(page.locator(".govuk-error-summary")).to_contain_text(TEXT[lang]["error"])
    _clean(page)
    page.check("input[name=choices][value=absence]")
    page.fill("textarea[name=changes]", "Told us by phone: fewer sick days")
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_load_state()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(TEXT[lang]["recorded"])
    section = page.locator("#outcome-follow-ups")
    expect(section).to_contain_text(TEXT[lang]["by_staff"])
    expect(section).to_contain_text("Ceri Adviser")
    expect(section).to_contain_text(TEXT[lang]["absence"])
    _clean(page)

    page.set_viewport_size({"width": 320, "height": 800})
    page.reload()
    _no_sideways_scroll(page)
    _clean(page)
    page.screenshot(path=f"/tmp/outcomes-record-{lang}-320.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"/{lang}/reports/?period={period_id}")
    table = page.locator("#follow-ups")
    expect(table.locator("td[data-state=answered]")).to_contain_text("2")
    expect(table.locator("td[data-state=not_sent]")).to_contain_text("0")
    expect(page.locator("#outcomes td[data-outcome=absence]")).to_contain_text("1")
    _clean(page)
    page.locator("#outcomes-heading").screenshot(path=f"/tmp/outcomes-dash-{lang}.png")
    page.click("#outcomes td[data-outcome=absence] a")
    expect(page.locator("#organisations")).to_contain_text(unreachable_name)
    _clean(page)
    assert page.locator("html").get_attribute("lang") == lang
