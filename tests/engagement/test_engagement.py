"""Staff pages: logging engagements, the timeline, follow-ups, caseloads and search."""

from datetime import timedelta

from sqlalchemy import func, select

from portal.eligibility.tiers import EligibilityStatus
from portal.engagement.models import CaseloadAssignment, Engagement
from portal.engagement.services import today
from portal.extensions import db
from portal.programme.models import EqualityStrategyRecord, Intervention, InterventionKind
from portal.security import Role
from tests import factories
from tests.helpers import count_queries


def _date_fields(name, day):
    return {name: [str(day.day), str(day.month), str(day.year)]}


def _engagement_form(staff, **overrides):
    day = today()
    data = {"type": "advice_session", "duration_minutes": "45", "adviser_id": str(staff.id),
            "notes": "Discussed stress", "outcome": "Will run a survey"}
    data.update(_date_fields("occurred_on", day))
    data.update(overrides)
    return data


def test_log_a_counted_engagement(sign_in):
    staff = factories.make_user(Role.STAFF)
    organisation = factories.make_organisation()
    client = sign_in(staff)
    url = f"/en/staff/organisations/{organisation.id}/engagements/new"
    follow_up = today() + timedelta(days=7)
    response = client.submit(url, {**_engagement_form(staff), **_date_fields("follow_up_on", follow_up)})
    assert response.status_code == 302
    engagement = db.session.scalar(select(Engagement))
    assert engagement.type == "advice_session"
    assert engagement.duration_minutes == 45
    assert engagement.follow_up_on == follow_up
    assert engagement.counted
    intervention = db.session.scalar(select(Intervention))
    assert intervention.kind == InterventionKind.SUPPORT_LOGGED
    assert (intervention.source_type, intervention.source_id) == ("engagements", engagement.id)
    page = client.page(f"/en/staff/organisations/{organisation.id}")
    assert "Engagement saved and counted as an intervention" in page.text()
    timeline = page.text(".app-timeline")
    assert "Advice session" in timeline
    assert "Discussed stress" in timeline
    assert "Will run a survey" in timeline


def test_a_phone_call_is_logged_but_not_counted(sign_in):
    staff = factories.make_user(Role.STAFF)
    organisation = factories.make_organisation()
    response = sign_in(staff).submit(f"/en/staff/organisations/{organisation.id}/engagements/new",
                                     _engagement_form(staff, type="phone_call"))
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(Engagement.id))) == 1
    assert db.session.scalar(select(func.count(Intervention.id))) == 0


def test_errors_keep_what_was_entered(sign_in):
    staff = factories.make_user(Role.STAFF)
    organisation = factories.make_organisation()
    url = f"/en/staff/organisations/{organisation.id}/engagements/new"
    response = sign_in(staff).submit(url, _engagement_form(staff, type="", duration_minutes="lots",
                                                           occurred_on=["31", "2", "2026"]))
    from tests.helpers import Page

    page = Page(response)
    assert response.status_code == 200
    assert page.error_summary() == [
        "Select the type of engagement",
        "Enter the date of the engagement as a real date, like 27 3 2026",
        "Enter the duration as a whole number of minutes, between 1 and 1440",
    ]
    assert page.field_value("notes").strip() == "Discussed stress"
    assert page.field_value("outcome") == "Will run a survey"
    assert page.field_value("duration_minutes") == "lots"
    assert page.title.startswith("Error:")
    assert db.session.scalar(select(func.count(Engagement.id))) == 0


def test_another_partners_organisation_is_not_found(sign_in):
    north = factories.make_organisation(la_code="W06000001")  # Anglesey: another partner
    staff = factories.make_user(Role.STAFF)
    client = sign_in(staff)
    assert client.get(f"/en/staff/organisations/{north.id}").status_code == 404
    assert client.get(f"/en/staff/organisations/{north.id}/engagements/new").status_code == 404
    engagement = factories.make_engagement(north, factories.make_user(Role.ADMIN))
    assert client.get(f"/en/staff/engagements/{engagement.id}/follow-up").status_code == 404
    admin = factories.make_user(Role.ADMIN)
    assert sign_in(admin).get(f"/en/staff/organisations/{north.id}").status_code == 200


def test_follow_ups_due_and_overdue(sign_in):
    staff = factories.make_user(Role.STAFF)
    colleague = factories.make_user(Role.STAFF)
    overdue_org = factories.make_organisation(name="Overdue Ltd")
    due_org = factories.make_organisation(name="Due Soon Ltd")
    factories.make_engagement(overdue_org, staff, follow_up_on=today() - timedelta(days=2))
    due = factories.make_engagement(due_org, staff, follow_up_on=today() + timedelta(days=3))
    factories.make_engagement(due_org, colleague, follow_up_on=today(), notes="not mine")
    client = sign_in(staff)
    page = client.page("/en/staff/follow-ups")
    assert "Overdue Ltd" in page.text("#overdue")
    assert "Due Soon Ltd" not in page.text("#overdue")
    assert "Due Soon Ltd" in page.text("#due")
    assert len(page.soup.select("#due tbody tr")) == 1
    response = client.submit(f"/en/staff/engagements/{due.id}/done", token_from="/en/staff/follow-ups")
    assert response.status_code == 302
    page = client.page("/en/staff/follow-ups")
    assert page.soup.select_one("#due") is None
    assert "You have no follow-ups due." in page.text()


def test_set_a_follow_up_date(sign_in):
    staff = factories.make_user(Role.STAFF)
    engagement = factories.make_engagement(factories.make_organisation(), staff)
    client = sign_in(staff)
    url = f"/en/staff/engagements/{engagement.id}/follow-up"
    page = client.page(url)
    assert page.h1 == "Change the follow-up"
    new_date = today() + timedelta(days=10)
    assert client.submit(url, _date_fields("follow_up_on", new_date)).status_code == 302
    db.session.expire_all()
    assert db.session.get(Engagement, engagement.id).follow_up_on == new_date


def test_assign_adviser_and_find_the_caseload(sign_in):
    staff = factories.make_user(Role.STAFF, full_name="Ceri Adviser")
    mine = factories.make_organisation(name="Mine Ltd")
    factories.make_organisation(name="Unassigned Ltd")
    client = sign_in(staff)
    url = f"/en/staff/organisations/{mine.id}/adviser"
    response = client.submit(url, {"adviser_id": str(staff.id)}, token_from=f"/en/staff/organisations/{mine.id}")
    assert response.status_code == 302
    assert db.session.scalar(select(CaseloadAssignment.adviser_id)) == staff.id
    page = client.page("/en/staff/organisations")
    page = client.page(page.soup.select_one("#my-caseload")["href"])
    names = [a.get_text() for a in page.soup.select("tbody a")]
    assert names == ["Mine Ltd"]
    page = client.page("/en/staff/organisations?adviser=none")
    assert [a.get_text() for a in page.soup.select("tbody a")] == ["Unassigned Ltd"]


def test_search_filters_by_name_area_sector_and_status(sign_in):
    staff = factories.make_user(Role.STAFF)
    factories.make_organisation(name="Cardiff Bakery", eligibility_status=EligibilityStatus.VERIFIED)
    factories.make_organisation(name="Rhondda Garage", la_code="W06000016", sector=factories.sector("manufacturing"))
    client = sign_in(staff)
    rhondda = factories.authority("W06000016")
    cases = {
        "q=bakery": ["Cardiff Bakery"],
        f"local_authority={rhondda.id}": ["Rhondda Garage"],
        f"sector={factories.sector('manufacturing').id}": ["Rhondda Garage"],
        "status=verified": ["Cardiff Bakery"],
        "": ["Cardiff Bakery", "Rhondda Garage"],
    }
    for query, expected in cases.items():
        page = client.page(f"/en/staff/organisations?{query}")
        assert [a.get_text() for a in page.soup.select("tbody a")] == expected, query


def test_search_is_paginated_and_keeps_filters(sign_in):
    staff = factories.make_user(Role.STAFF)
    for number in range(30):
        factories.make_organisation(name=f"Paged {number:02d}", commit=False)
    db.session.commit()
    client = sign_in(staff)
    page = client.page("/en/staff/organisations?q=Paged")
    assert len(page.soup.select("tbody tr")) == 25
    next_link = page.soup.select_one(".govuk-pagination__next a")["href"]
    assert "q=Paged" in next_link
    assert "page=2" in next_link
    page = client.page(next_link)
    assert len(page.soup.select("tbody tr")) == 5


def test_record_equality_strategy_needs_a_note(sign_in):
    staff = factories.make_user(Role.STAFF)
    organisation = factories.make_organisation()
    client = sign_in(staff)
    url = f"/en/staff/organisations/{organisation.id}/equality"
    token_from = f"/en/staff/organisations/{organisation.id}"
    response = client.submit(url, {"change": "adopted", "note": ""}, token_from=token_from)
    assert response.status_code == 200
    assert "Enter a note saying what changed" in response.get_data(as_text=True)
    response = client.submit(url, {"change": "improved", "note": "Policy rewritten",
                                   **_date_fields("occurred_on", today())}, token_from=token_from)
    assert response.status_code == 302
    entry = db.session.scalar(select(EqualityStrategyRecord))
    assert (entry.change, entry.note) == ("improved", "Policy rewritten")


def test_timeline_filters_by_kind_and_date(sign_in):
    staff = factories.make_user(Role.STAFF)
    organisation = factories.make_organisation()
    factories.make_engagement(organisation, staff, type="phone_call", occurred_on=today() - timedelta(days=40))
    factories.make_engagement(organisation, staff, type="advice_session")
    client = sign_in(staff)
    base = f"/en/staff/organisations/{organisation.id}"
    page = client.page(f"{base}?kind=engagement")
    titles = [h.get_text() for h in page.soup.select(".app-timeline__title")]
    assert titles == ["Advice session", "Phone call"]
    page = client.page(f"{base}?kind=intervention")
    assert [h.get_text() for h in page.soup.select(".app-timeline__title")] == [
        "Intervention counted: Support from an adviser"
    ]
    start = today() - timedelta(days=7)
    page = client.page(f"{base}?kind=engagement&start={start.day}&start={start.month}&start={start.year}")
    assert [h.get_text() for h in page.soup.select(".app-timeline__title")] == ["Advice session"]


def test_timeline_runs_a_fixed_number_of_queries(sign_in):
    staff = factories.make_user(Role.STAFF)
    counts = []
    for size in (2, 30):
        organisation = factories.make_organisation()
        for _ in range(size):
            factories.make_engagement(organisation, staff, type="advice_session", notes="n",
                                      follow_up_on=today())
        factories.make_caseload_assignment(organisation, staff)
        client = sign_in(staff)
        url = f"/en/staff/organisations/{organisation.id}"
        client.get(url)
        with count_queries() as counter:
            page = client.page(url)
        counts.append(counter.count)
        assert len(page.soup.select(".app-timeline__entry")) >= size * 2
    assert counts[0] == counts[1]


def test_caseload_and_follow_up_pages_run_a_fixed_number_of_queries(sign_in):
    staff = factories.make_user(Role.STAFF)
    client = sign_in(staff)
    counts = {"/en/staff/organisations": [], f"/en/staff/organisations?adviser={staff.id}": [],
              "/en/staff/follow-ups": []}
    for size in (2, 40):
        for number in range(size):
            organisation = factories.make_organisation(name=f"Org {size}-{number}", commit=False,
                                                       sector=factories.sector("retail" if number % 2 else "arts"))
            db.session.flush()
            factories.make_caseload_assignment(organisation, staff, commit=False)
            factories.make_engagement(organisation, staff, type="advice_session", commit=False,
                                      follow_up_on=today() + timedelta(days=number % 3 - 1))
        db.session.commit()
        for url, found in counts.items():
            client.get(url)
            with count_queries() as counter:
                client.page(url)
            found.append(counter.count)
    for url, found in counts.items():
        assert found[0] == found[1], url


def test_staff_start_a_new_cycle_after_a_whp_and_see_it_on_the_timeline(sign_in):
    staff = factories.make_user(Role.STAFF)
    organisation = factories.make_organisation(eligibility_status="verified")
    client = sign_in(staff)
    url = f"/en/staff/organisations/{organisation.id}"
    assert client.page(url).soup.select_one(f'form[action="{url}/cycles"]') is None
    factories.make_engagement(organisation, staff, type="advice_session", duration_minutes=30,
                              follow_up_on=today() + timedelta(days=1))
    factories.make_engagement(organisation, staff, type="wellbeing_survey")
    page = client.page(url)
    assert "Workplace health programme implemented" in page.text(".app-timeline")
    assert "30 minutes" in page.text(".app-timeline")
    assert page.soup.select_one(f'form[action="{url}/cycles"]') is not None
    assert client.submit(f"{url}/cycles", token_from=url).status_code == 302
    page = client.page(url)
    assert "New programme started" in page.text(".app-timeline")
    assert "Programme 2" in page.text(".govuk-summary-list")
