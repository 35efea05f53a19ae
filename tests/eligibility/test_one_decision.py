"""One eligibility decision: every page that says what an organisation may have says what the function says.

For a set of organisation states, the organisation page, the declaration
page, the upload page, the registration confirmation page, the event page,
booking, the visit request page and visit requests are each compared with
:func:`portal.eligibility.services.decisions_for`.
"""

import pytest
from sqlalchemy import func, select

from portal.bookings.models import Booking
from portal.eligibility.services import decisions_for
from portal.extensions import db
from portal.security import Role
from portal.visits.models import VisitRequest
from tests import factories

STATES = {
    "sme not started": {},
    "sme declared": {"eligibility_status": "declared"},
    "sme awaiting review": {"eligibility_status": "awaiting_review"},
    "sme more information": {"eligibility_status": "more_info_requested"},
    "sme verified": {"eligibility_status": "verified"},
    "refused": {"eligibility_status": "not_eligible"},
    "300 in a group of unknown size": {"employee_count": 300, "part_of_group": True, "group_name": "Big plc"},
    "12 in a group of 40, declared": {"employee_count": 12, "part_of_group": True, "group_size": 40,
                                      "eligibility_status": "declared"},
    "12 in a group of 400, verified": {"employee_count": 12, "part_of_group": True, "group_size": 400,
                                       "eligibility_status": "verified"},
    "10,000 never declared": {"employee_count": 10_000},
    "600 by exception": {"employee_count": 600, "eligibility_status": "exception", "exception_reason": "Branch"},
}


def _attrs(element):
    return element["data-allowed"] == "yes", element["data-reason"]


def _expected(decision):
    return decision.allowed, decision.reason.value if decision.reason else ""


@pytest.mark.parametrize("lang", ["en", "cy"])
@pytest.mark.parametrize("state", list(STATES))
def test_every_page_says_what_the_decision_says(sign_in, state, lang):
    organisation = factories.make_organisation(name=f"Cwmni {state}", **STATES[state])
    contact = factories.make_user(Role.EMPLOYER, organisation=organisation)
    webinar = factories.make_event(kind="webinar")
    course = factories.make_event(kind="champion_training", sessions=2)
    decisions = decisions_for(organisation)
    client = sign_in(contact, lang=lang)

    overview = client.page(f"/{lang}/organisation/")
    for kind, decision in decisions.items():
        assert _attrs(overview.soup.select_one(f"#support-table [data-support-kind={kind}]")) == _expected(decision)
    first = next((d for d in decisions.values() if not d.allowed), None)
    lead = overview.soup.select_one("#next-step .app-support-decision")
    assert (lead and (lead["data-support-kind"], *_attrs(lead))) == (first and (first.kind, *_expected(first)))

    confirmation = client.page(f"/{lang}/register/confirmation")
    for kind, decision in decisions.items():
        assert _attrs(confirmation.soup.select_one(f"#support-summary [data-support-kind={kind}]")) == \
            _expected(decision)
    if first:
        assert confirmation.text("#next-step [data-part=why]") == overview.text("#next-step [data-part=why]")

    declaration = client.page(f"/{lang}/organisation/declaration")
    webinar_decision = decisions["webinar"]
    refused = declaration.soup.select_one("#declaration-refused")
    assert (refused is None) is webinar_decision.may_declare
    if refused is not None:
        assert _attrs(refused) == _expected(webinar_decision)
    offered = declaration.soup.select_one("input[name=confirm]") is not None
    assert offered is (webinar_decision.may_declare and organisation.eligibility_status == "not_started")

    for event in (webinar, course):
        decision = decisions[event.kind]
        page = client.page(f"/{lang}/events/{event.id}")
        shown = page.soup.select_one("#booking-refused .app-support-decision")
        assert (shown is None) is decision.allowed
        assert (page.soup.select_one("input[name=email_1]") is not None) is decision.allowed
        if shown is not None:
            assert _attrs(shown) == _expected(decision)
            assert page.text("#booking-refused [data-part=why]") == client.page(f"/{lang}/organisation/").text(
                f"#support-table [data-support-kind={event.kind}] [data-part=status]")
        before = db.session.scalar(select(func.count(Booking.id)))
        client.submit(f"/{lang}/events/{event.id}/book", {"name_1": "Ann", "email_1": f"ann{event.id}@example.com",
                                                      "language_1": "en"},
                      token_from=f"/{lang}/account")
        assert db.session.scalar(select(func.count(Booking.id))) == before + (1 if decision.allowed else 0)

    visit = decisions["workplace_visit"]
    page = client.page(f"/{lang}/visits/request")
    shown = page.soup.select_one("#visit-refused")
    assert (shown is None) is visit.allowed
    if shown is not None:
        assert _attrs(shown) == _expected(visit)
    client.submit(f"/{lang}/visits/request", {
        "visit_type": "wellbeing-talk", "preferred_dates": "Mondays", "site_address": "1 High St",
        "staff_count": "12", "access_needs": "", "language": "en"}, token_from=f"/{lang}/account")
    assert db.session.scalar(select(func.count(VisitRequest.id))) == (1 if visit.allowed else 0)
