"""Champion journeys in Chromium, in Welsh and English, with axe on every page."""

import pytest
from playwright.sync_api import expect

from portal.security import Role
from tests import factories
from tests.browser.conftest import axe_violations, browser_sign_in

pytestmark = pytest.mark.browser

TEXT = {
    "en": {"training": "Your training", "network": "Champions network", "resources": "Resources",
           "new": "Start a new thread", "post": "Post", "reply": "Reply", "search": "Search",
           "choices": "Change your choices", "save": "Save", "digest": "A weekly summary of new posts in my area",
           "genuine": "This certificate is genuine", "check": "Check the certificate",
           "only": "This resource is only available in Welsh."},
    "cy": {"training": "Eich hyfforddiant", "network": "Rhwydwaith yr hyrwyddwyr", "resources": "Adnoddau",
           "new": "Dechrau edefyn newydd", "post": "Cyhoeddi", "reply": "Ateb", "search": "Chwilio",
           "choices": "Newid eich dewisiadau", "save": "Cadw",
           "digest": "Crynodeb wythnosol o negeseuon newydd yn fy ardal",
           "genuine": "Mae'r dystysgrif hon yn ddilys", "check": "Gwirio'r dystysgrif",
           "only": "Dim ond yn Gymraeg mae'r adnodd hwn ar gael."},
}


def _clean(page):
    violations = axe_violations(page)
    assert not violations, f"{page.url}: {violations}"


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_champion_journey(page, lang):
    t = TEXT[lang]
    champion = factories.make_user(Role.CHAMPION, language=lang, full_name="Nia Ŵyn")
    training = factories.make_training(champion)
    factories.make_resource(title_en="", title_cy="Canllaw cysgu ŵ", topics=("sleep",))
    browser_sign_in(page, champion.email, factories.PASSWORD, lang=lang)

    page.click(f'#navigation a:text-is("{t["training"]}")')
    page.wait_for_load_state()
    assert page.url.endswith(f"/{lang}/champions/")
    assert page.locator("html").get_attribute("lang") == lang
    _clean(page)
    page.click(f"a[href$='/certificates/{training.certificate_code}']")
    page.wait_for_load_state()
    assert page.locator(".app-certificate__language").count() == 2
    _clean(page)

    page.goto(f"/{lang}/champions/settings")
    page.check("input[name=notifications][value=digest]")
    page.check("input[name=listed]")
    _clean(page)
    page.click(f'button:text-is("{t["save"]}")')
    page.wait_for_load_state()
    assert t["digest"] in page.inner_text("main")

    page.click(f'#navigation a:text-is("{t["network"]}")')
    page.wait_for_load_state()
    _clean(page)
    page.click(f'a:text-is("{t["new"]}")')
    page.wait_for_load_state()
    page.click(f'button:text-is("{t["post"]}")')
    page.wait_for_load_state()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    _clean(page)
    page.fill("input[name=title]", "Grŵp cerdded amser cinio")
    page.fill("textarea[name=body]", "Pwy sydd eisiau ymuno?")
    page.click(f'button:text-is("{t["post"]}")')
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Grŵp cerdded amser cinio"
    page.fill("textarea[name=body]", "Fi hefyd <b>!</b>")
    page.click(f'button:text-is("{t["reply"]}")')
    page.wait_for_load_state()
    assert "Fi hefyd <b>!</b>" in page.inner_text("main")
    _clean(page)

    page.click(f'#navigation a:text-is("{t["resources"]}")')
    page.wait_for_load_state()
    _clean(page)
    page.fill("input[name=q]", "GRWP")
    page.click(f'button:text-is("{t["search"]}")')
    page.wait_for_load_state()
    assert "Grŵp cerdded amser cinio" in page.inner_text("main")
    page.fill("input[name=q]", "canllaw cysgu w")
    page.click(f'button:text-is("{t["search"]}")')
    page.wait_for_load_state()
    page.click("a:has-text('Canllaw cysgu ŵ')")
    page.wait_for_load_state()
    if lang == "en":
        assert t["only"] in page.inner_text("main")
    _clean(page)


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_anyone_checks_a_certificate(page, lang):
    t = TEXT[lang]
    training = factories.make_training(name="Owain Glyn")
    page.goto(f"/{lang}/champions/verify")
    _clean(page)
    page.fill("input[name=code]", training.certificate_code.lower())
    page.click(f'button:text-is("{t["check"]}")')
    page.wait_for_load_state()
    assert t["genuine"] in page.inner_text("main")
    assert "Owain Glyn" in page.inner_text("main")
    _clean(page)
    page.fill("input[name=code]", "ABCD-EFGH-JKMN-PQRS")
    page.click(f'button:text-is("{t["check"]}")')
    page.wait_for_load_state()
    assert "Owain Glyn" not in page.inner_text("main")
    _clean(page)


def test_staff_moderate_and_publish(page):
    champion = factories.make_user(Role.CHAMPION)
    thread = factories.make_thread(champion, title="Needs moderating")
    post = factories.make_post(thread, champion, body="Off-topic advert")
    factories.make_report(post, champion)
    staff = factories.make_user(Role.STAFF)
    browser_sign_in(page, staff.email, factories.PASSWORD, lang="cy")
    page.goto("/cy/champions/network/reports")
    _clean(page)
    page.click("a:text-is('Needs moderating')")
    page.wait_for_load_state()
    page.click(f"#post-{post.id} button:has-text('Cuddio')")
    page.wait_for_load_state()
    expect(page.locator(f"#post-{post.id} .govuk-tag--red")).to_be_visible()
    _clean(page)
    page.goto("/cy/resources/new")
    _clean(page)
    page.fill("input[name=title_cy]", "Taflen straen")
    page.fill("textarea[name=summary_cy]", "Cyngor ar straen")
    page.fill("input[name=link_cy]", "https://example.com/straen")
    page.check("input[name=audience][value=champions]")
    page.click("button:text-is('Cadw')")
    page.wait_for_load_state()
    assert "Taflen straen" in page.inner_text("main")
    _clean(page)
