"""The employer reads their survey's results and builds a workplace health action plan from them, on a 320 px screen,
in Welsh and in English, with no accessibility violations (issue 17 part 3)."""

import pytest
from sqlalchemy import select

from portal.eligibility.tiers import EligibilityStatus
from portal.extensions import db
from portal.plans import services
from portal.plans.models import ActionPlan, PlanAction
from portal.security import Role
from tests import factories
from tests.browser.conftest import axe_violations, browser_sign_in
from tests.plans.helpers import make_survey

pytestmark = pytest.mark.browser

TEXT = {
    "en": {"start": "Start a plan", "goal": "Fewer people tell us their workload is too high",
           "action": "Managers agree deadlines with their teams each month", "error": "Enter the action in English",
           "agreed": "Agreed on", "plan": "Your action plan"},
    "cy": {"start": "Dechrau cynllun", "goal": "Llai o bobl yn dweud bod eu llwyth gwaith yn rhy drwm",
           "action": "Rheolwyr yn cytuno ar derfynau amser gyda'u timau bob mis",
           "error": "Rhowch y cam gweithredu yn Gymraeg",
           "agreed": "Cytunwyd arno ar", "plan": "Eich cynllun gweithredu"},
}


def _checked(page):
    violations = axe_violations(page)
    assert not violations, f"{page.url}: {violations}"
    too_wide = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert too_wide <= 0, f"{page.url} is {too_wide} px wider than the screen"


def _submit(page, selector="main form button[type=submit]"):
    page.click(selector)
    page.wait_for_load_state()


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_employer_builds_a_plan_from_the_results(narrow, lang, tmp_path):
    page = narrow
    organisation = factories.make_organisation(name=f"Plan Journey Joinery {lang}", correspondence_language=lang,
                                               eligibility_status=EligibilityStatus.VERIFIED)
    employer = factories.make_user(Role.EMPLOYER, organisation=organisation, language=lang)
    webinar = factories.make_event(kind="webinar", topic="stress-management", title_en="Managing stress at work",
                                   title_cy="Rheoli straen yn y gwaith")
    survey = make_survey(organisation, scores={"workload": 2, "musculoskeletal": 2}, responses=6)
    db.session.rollback()

    browser_sign_in(page, employer.email, factories.PASSWORD, lang=lang)
    page.goto(f"/{lang}/plans/")
    _checked(page)
    assert page.locator(f"#start-{survey.id}").count() == 1
    # The employer reads the results, and starts the plan from them.
    page.goto(f"/{lang}/surveys/{survey.id}/results")
    _checked(page)
    page.click("#start-plan")
    page.wait_for_load_state()
    _checked(page)
    plan = db.session.scalar(select(ActionPlan).where(ActionPlan.survey_id == survey.id))
    workload, physical = plan.goals
    db.session.rollback()
    page.screenshot(path=str(tmp_path / f"plan-{lang}.png"), full_page=True)

    page.click(f"#offer-{workload.id}-event-{webinar.id}")
    page.wait_for_load_state()
    page.click(f"#offer-{physical.id}-visit-physiotherapy-outreach")
    page.wait_for_load_state()
    _checked(page)
    assert page.locator(f"#goal-{workload.id} .app-book-from-plan").count() == 1
    assert page.locator(f"#goal-{physical.id} .app-book-from-plan").count() == 1

    page.click(f"a[href='/{lang}/plans/{plan.id}/goals/{workload.id}']")
    page.wait_for_load_state()
    _checked(page)
    page.fill(f"textarea[name=goal_{lang}]", TEXT[lang]["goal"])
    _submit(page)
    assert TEXT[lang]["goal"] in page.locator(f"#goal-{workload.id}").inner_text()

    page.click(f"a[href='/{lang}/plans/{plan.id}/goals/{workload.id}/actions/new']")
    page.wait_for_load_state()
    _submit(page)
    assert TEXT[lang]["error"] in page.locator(".govuk-error-summary").inner_text()
    _checked(page)
    page.fill(f"textarea[name=action_{lang}]", TEXT[lang]["action"])
    _submit(page)
    _checked(page)
    assert TEXT[lang]["action"] in page.locator(f"#goal-{workload.id}").inner_text()

    _submit(page, "#agree")
    assert TEXT[lang]["agreed"] in page.locator("#agreed").inner_text()
    _checked(page)
    page.screenshot(path=str(tmp_path / f"plan-built-{lang}.png"), full_page=True)
    db.session.rollback()
    assert db.session.scalar(select(ActionPlan.agreed_at).where(ActionPlan.id == plan.id)) is not None
    texts = db.session.scalars(select(getattr(PlanAction, f"text_{lang}")).where(
        PlanAction.goal_id == workload.id)).all()
    assert TEXT[lang]["action"] in texts
    db.session.rollback()

    page.goto(f"/{lang}/surveys/{survey.id}/results")
    assert page.locator("#open-plan").get_attribute("href") == f"/{lang}/plans/{plan.id}"
    page.goto(f"/{lang}/programme/")
    _checked(page)
    assert TEXT[lang]["plan"] in page.locator("#action-plan").inner_text()
    assert page.locator("#plan-actions li").count() == 3
    page.screenshot(path=str(tmp_path / f"programme-{lang}.png"), full_page=True)
    print(tmp_path)


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_adviser_writes_an_action_in_each_contacts_language(narrow, lang, tmp_path):
    page = narrow
    organisation = factories.make_organisation(name=f"Adviser Journey Dairy {lang}", correspondence_language="cy",
                                               eligibility_status=EligibilityStatus.VERIFIED)
    employer = factories.make_user(Role.EMPLOYER, organisation=organisation, language="cy")
    factories.make_user(Role.EMPLOYER, organisation=organisation, language="en")
    staff = factories.make_user(Role.STAFF)
    survey = make_survey(organisation, scores={"workload": 2})
    plan = services.start_plan(survey, employer)
    db.session.commit()
    goal_id, plan_id = plan.goals[0].id, plan.id
    db.session.rollback()

    browser_sign_in(page, staff.email, factories.PASSWORD, lang=lang)
    page.goto(f"/{lang}/plans/")
    _checked(page)
    page.click(f"a[href='/{lang}/plans/{plan_id}']")
    page.wait_for_load_state()
    _checked(page)
    page.click(f"a[href='/{lang}/plans/{plan_id}/goals/{goal_id}/actions/new']")
    page.wait_for_load_state()
    page.fill("textarea[name=action_cy]", "Adolygu rotâu")
    _submit(page)
    # Both versions are needed: one contact reads Welsh, the other English; the Welsh stays.
    assert page.locator(".govuk-error-summary").count() == 1
    assert page.locator("textarea[name=action_cy]").input_value() == "Adolygu rotâu"
    _checked(page)
    page.screenshot(path=str(tmp_path / f"adviser-action-{lang}.png"), full_page=True)
    page.fill("textarea[name=action_en]", "Review rotas")
    _submit(page)
    _checked(page)
    assert ("Adolygu rotâu" if lang == "cy" else "Review rotas") in page.locator(f"#goal-{goal_id}").inner_text()
    page.screenshot(path=str(tmp_path / f"adviser-plan-{lang}.png"), full_page=True)
    print(tmp_path)
