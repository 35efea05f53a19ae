"""Numbers accept and show thousands separators (issue 14, item 8).

Before: "10,000" was stored but shown back as "10000" on the check-answers
page and the headcount form; a visit for "1,200" staff and an event of
"1,000" places were refused as "Not a valid integer value".
"""

import pytest
from sqlalchemy import select

from portal.events.models import Event
from portal.extensions import db
from portal.security import Role
from portal.visits.models import VisitRequest
from tests import factories
from tests.helpers import Page
from tests.registration.helpers import answer, answers, registrant


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_a_headcount_of_10000_is_accepted_and_shown_back_with_its_comma(sign_in, lang):
    client = sign_in(registrant(lang=lang), lang=lang)
    data = answers(factories.sector().id, factories.authority().id)
    assert answer(client, "employees", {"employee_count": "10,000"}, lang=lang).status_code == 302
    assert (
        answer(
            client, "group", {"part_of_group": "yes", "group_name": "Grŵp", "group_size": "12,500"}, lang=lang
        ).status_code
        == 302
    )
    assert client.page(f"/{lang}/register/questions/employees").field_value("employee_count") == "10,000"
    assert client.page(f"/{lang}/register/questions/group").field_value("group_size") == "12,500"
    for slug in ("name", "numbers", "sector", "address", "contact"):
        answer(client, slug, data[slug], lang=lang)
    text = client.page(f"/{lang}/register/check").text()
    assert "10,000" in text
    assert "12,500" in text
    assert "10000" not in text


def test_a_visit_count_with_a_comma_is_read_as_a_number(sign_in):
    organisation = factories.make_organisation(employee_count=200, eligibility_status="verified")
    client = sign_in(factories.make_user(Role.EMPLOYER, organisation=organisation))
    data = {
        "visit_type": "wellbeing-talk",
        "preferred_dates": "Mondays",
        "site_address": "1 Stryd Fawr",
        "language": "en",
    }
    # Read as 1200: more than the 200 the organisation employs, not "not a number".
    response = client.submit("/en/visits/request", {**data, "staff_count": "1,200"})
    assert Page(response).error_summary() == [
        "Staff taking part must be no more than the 200 people your organisation employs"
    ]
    assert Page(response).field_value("staff_count") == "1,200"
    assert client.submit("/en/visits/request", {**data, "staff_count": " 150 "}).status_code == 302
    assert db.session.scalar(select(VisitRequest)).staff_count == 150


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_a_number_field_names_itself_when_it_is_not_a_number(sign_in, lang):
    organisation = factories.make_organisation(employee_count=40, eligibility_status="verified")
    client = sign_in(factories.make_user(Role.EMPLOYER, organisation=organisation), lang=lang)
    response = client.submit(
        f"/{lang}/visits/request",
        {
            "visit_type": "wellbeing-talk",
            "preferred_dates": "Mondays",
            "site_address": "1 Stryd Fawr",
            "staff_count": "twelve",
            "language": "en",
        },
    )
    expected = {
        "en": "The answer to “How many staff would take part?” must be a whole number, like 12",
        "cy": "rhowch rif cyfan, fel 12",
    }[lang]
    summary = Page(response).error_summary()
    assert len(summary) == 1
    assert expected in summary[0]
    assert Page(response).field_value("staff_count") == "twelve"


def test_an_event_shows_its_capacity_back_with_separators(sign_in):
    event = factories.make_event(capacity=1000)
    client = sign_in(factories.make_user(Role.STAFF))
    page = client.page(f"/en/staff/events/{event.id}/edit")
    assert page.field_value("capacity") == "1,000"
    assert db.session.get(Event, event.id).capacity == 1000
