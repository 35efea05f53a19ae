"""Registration warns on the headcount and group questions themselves, and asks the group's size.

Before: an ineligible employer found out only after registering; the group's
size was not asked, and every group member was treated as not an SME.
"""

from urllib.parse import urlsplit

from sqlalchemy import select

from portal.email.models import OutboxMessage
from portal.extensions import db
from portal.organisations.models import Organisation
from tests import factories
from tests.helpers import Page
from tests.registration.helpers import answer, answers, registrant


def _warned_then_continue(client, slug, values, lang="en"):
    """Answer; the same page comes back with the warning; "continue" again goes on. Returns the warning page."""
    response = answer(client, slug, values, lang=lang)
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == f"/{lang}/register/questions/{slug}"
    page = client.page(f"/{lang}/register/questions/{slug}")
    warned = page.soup.select_one("input[name=warned]")["value"]
    onward = answer(client, slug, {**values, "warned": warned}, lang=lang)
    assert onward.status_code == 302
    assert urlsplit(onward.headers["Location"]).path != f"/{lang}/register/questions/{slug}"
    return page


def test_the_headcount_question_warns_and_says_what_can_be_done(sign_in):
    client = sign_in(registrant())
    page = _warned_then_continue(client, "employees", {"employee_count": "300"})
    assert page.soup.select_one("#eligibility-warning") is not None
    decision = page.soup.select_one(".app-support-decision")
    assert decision["data-reason"] == "too_large"
    assert "fewer than 250" in decision.get_text()
    assert "exception" in page.text("[data-instead=ask_exception]")
    assert page.soup.select_one("[data-instead=ask_exception] a")["href"] == "/en/contact"
    assert "Business Wales" in page.text("[data-instead=other_services]")
    assert page.field_value("employee_count") == "300"  # nothing typed is lost

    welsh = sign_in(registrant(lang="cy"), lang="cy")
    page = _warned_then_continue(welsh, "employees", {"employee_count": "300"}, lang="cy")
    assert "llai na 250" in page.text(".app-support-decision")


def test_an_eligible_headcount_goes_straight_on(sign_in):
    client = sign_in(registrant())
    response = answer(client, "employees", {"employee_count": "249"})
    assert urlsplit(response.headers["Location"]).path == "/en/register/questions/group"
    assert client.page("/en/register/questions/employees").soup.select_one("#eligibility-warning") is None


def test_the_group_question_asks_the_groups_size_and_warns_on_a_large_group(sign_in):
    client = sign_in(registrant())
    answer(client, "employees", {"employee_count": "12"})
    page = Page(answer(client, "group", {"part_of_group": "yes", "group_name": "Grŵp Mawr", "group_size": ""}))
    assert page.error_summary() == ["Enter the number of people the whole group employs"]
    page = _warned_then_continue(client, "group", {"part_of_group": "yes", "group_name": "Grŵp Mawr",
                                                   "group_size": "400"})
    assert page.soup.select_one(".app-support-decision")["data-reason"] == "group_too_large"
    assert page.field_value("group_size") == "400"
    # A small group: a small or medium-sized enterprise, no warning.
    response = answer(client, "group", {"part_of_group": "yes", "group_name": "Grŵp Bach", "group_size": "40"})
    assert urlsplit(response.headers["Location"]).path == "/en/register/tasks"


def _register(client, **overrides):
    sector, authority = factories.sector(), factories.authority("W06000015")
    for slug, values in answers(sector.id, authority.id, **overrides).items():
        response = answer(client, slug, values)
        if urlsplit(response.headers["Location"]).path == f"/en/register/questions/{slug}":
            warned = client.page(f"/en/register/questions/{slug}").soup.select_one("input[name=warned]")["value"]
            answer(client, slug, {**values, "warned": warned})
    assert client.submit("/en/register/check", {}).status_code == 302
    return db.session.scalar(select(Organisation))


def test_the_group_size_is_stored_and_used_by_the_rule(sign_in):
    client = sign_in(registrant())
    organisation = _register(client, group={"part_of_group": "yes", "group_name": "Grŵp Bach", "group_size": "40"})
    assert organisation.group_size == 40
    assert organisation.large_employer is False
    page = client.page("/en/organisation/")
    assert page.soup.select_one("[data-support-kind=webinar]")["data-reason"] == "needs_declaration"
    assert client.submit("/en/organisation/declaration", {"confirm": "y"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Organisation, organisation.id).eligibility_status == "declared"


def test_the_warning_the_confirmation_page_the_email_and_the_organisation_page_agree(sign_in):
    client = sign_in(registrant())
    organisation = _register(client, employees={"employee_count": "300"})
    confirmation = client.page("/en/register/confirmation")
    assert confirmation.soup.select_one("#next-step")["data-reason"] == "too_large"
    why = confirmation.text("#next-step [data-part=why]")
    overview = client.page("/en/organisation/")
    assert overview.soup.select_one("#next-step .app-support-decision")["data-reason"] == "too_large"
    assert overview.text("#next-step [data-part=why]") == why
    # The e-mail goes in the correspondence language (Welsh here): it says what the Welsh page says.
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.template == "registration_received"))
    assert message.language == "cy"
    welsh_why = client.page("/cy/register/confirmation").text("#next-step [data-part=why]")
    assert " ".join(welsh_why.split()) in " ".join(message.body_text.split())
    assert "Confirm the declaration" not in confirmation.text("main")
    declaration = client.page("/en/organisation/declaration")
    assert declaration.soup.select_one("#declaration-refused")["data-reason"] == "too_large"
    assert organisation.large_employer is True
