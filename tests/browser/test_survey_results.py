"""The employer reads their staff survey results in a real browser, in Welsh and in English, at
1280 and 320 CSS px, axe-clean: scores with their distributions, the change since the previous
survey, the average of organisations of the same size, the approved comments and the PDF; a
member of staff checks the comments first."""

import os
from datetime import date

import pytest

from portal.security import Role
from portal.surveys.models import CommentStatus
from tests import factories
from tests.browser.conftest import axe_violations, browser_sign_in
from tests.surveys import factories as surveys

pytestmark = pytest.mark.browser
WIDER_THAN = """w => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > w + 1)
    .map(e => e.tagName + '.' + e.className + '#' + e.id).slice(0, 8)"""
TEXT = {
    "en": {"heading": "Staff well-being survey results", "average": "Average of organisations of your size",
           "higher": "higher (was 3.0)", "approve": "Approve", "approved": "The comment is approved"},
    "cy": {"heading": "Canlyniadau'r arolwg llesiant staff", "average": "Cyfartaledd sefydliadau o'ch maint chi",
           "higher": "yn uwch (3.0 o'r blaen)", "approve": "Cymeradwyo", "approved": "Mae'r sylw wedi'i gymeradwyo"},
}


def _look(page, name):
    """Axe-clean at 1280 and 320 CSS px, nothing wider than the screen; screenshots if asked for."""
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        violations = axe_violations(page)
        assert not violations, f"{page.url} at {width}px: {violations}"
        wide = page.evaluate(WIDER_THAN, width)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, wide
        if os.environ.get("SCREENSHOTS_DIR"):
            page.screenshot(path=f"{os.environ['SCREENSHOTS_DIR']}/{name}-{width}.png", full_page=True)


def _survey_with_results(lang):
    organisation = factories.make_organisation(name=f"Becws Bryn {lang}", employee_count=25)
    employer = factories.make_user(Role.EMPLOYER, organisation=organisation, language=lang)
    previous = surveys.make_survey(organisation, opens_on=date(2026, 3, 2))
    surveys.add_responses(previous, 6, value=3)
    survey = surveys.make_survey(organisation, opens_on=date(2026, 10, 5))
    surveys.add_responses(survey, 11, value=lambda index, question: 2 + index % 4)
    # One person skipped the support questions: ten answered them, still enough.
    surveys.add_responses(survey, 1, value=4, skip={"support"})
    for _ in range(10):
        other = surveys.make_survey(factories.make_organisation(employee_count=12))
        surveys.add_responses(other, 5, value=3)
    surveys.add_comments(survey, ["More breaks on long shifts, please.\nThe new rota helps.",
                                  "Mae angen mwy o hyfforddiant ar godi a chario."], status=CommentStatus.APPROVED)
    surveys.add_comments(survey, ["Thanks to the team", "Quiet room would help", "Parking is hard"])
    return employer, survey


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_employer_reads_the_results_after_staff_check_the_comments(page, lang):
    employer, survey = _survey_with_results(lang)
    staff = factories.make_user(Role.STAFF, language=lang)
    text = TEXT[lang]

    browser_sign_in(page, staff.email, factories.PASSWORD, lang)
    page.goto(f"/{lang}/staff/survey-comments")
    _look(page, f"survey-comments-{lang}")
    page.click(f"#surveys a:has-text('{survey.organisation.name}')")
    page.wait_for_load_state()
    _look(page, f"survey-moderation-{lang}")
    page.locator("li[data-comment]", has_text="Quiet room would help").locator(
        f"button:has-text('{text['approve']}')").click()
    page.wait_for_load_state()
    assert text["approved"] in page.locator(".govuk-notification-banner").inner_text()
    page.context.clear_cookies()

    browser_sign_in(page, employer.email, factories.PASSWORD, lang)
    page.goto(f"/{lang}/surveys/{survey.id}/results")
    assert text["heading"] in page.locator("h1").inner_text()
    _look(page, f"survey-results-{lang}")
    scores = page.locator("#scores")
    assert text["average"] in scores.inner_text()
    assert text["higher"] in scores.inner_text()
    assert page.locator(".app-distribution").count() == 3
    comments = page.locator(".app-comment").all_inner_texts()
    assert "Quiet room would help" in comments
    assert "Parking is hard" not in comments
    assert len(comments) == 3
    pdf = page.request.get(page.locator(f"#pdf-{lang}").get_attribute("href"))
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
