"""Lists staff work from: search by every key, sort, page numbers, follow-ups with owners, and "today"."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bench.generate import generate
from portal.audit.models import AuditEvent
from portal.eligibility.tiers import EligibilityStatus
from portal.engagement import services
from portal.engagement.models import Engagement
from portal.engagement.services import follow_ups
from portal.extensions import db
from portal.organisations.models import Organisation
from portal.paging import page_window
from portal.programme.models import Intervention
from portal.security import Role
from portal.timeutil import today_in_wales, utcnow
from tests import factories
from tests.helpers import Page, count_queries


def _names(page):
    return [a.get_text(strip=True) for a in page.soup.select("tbody td:nth-of-type(2) a")]


def test_search_finds_an_organisation_by_every_key_people_have_to_hand(sign_in):
    staff = factories.make_user(Role.STAFF)
    wanted = factories.make_organisation(name="Tŷ Coffi", reference="HWW-4K7Q2M", postcode="CF24 3AA",
                                         contact_phone="029 2087 4000")
    factories.make_user(Role.EMPLOYER, organisation=wanted, full_name="Eleri Pritchard",
                        email="eleri@tycoffi.example")
    factories.make_organisation(name="Other Bakery", reference="HWW-ZZZZZZ", postcode="CF10 1AA",
                                contact_phone="01443 000 111")
    # Another partner's organisation is never found, whatever the key.
    factories.make_organisation(name="North Coffi", reference="HWW-4K7Q2N", la_code="W06000001",
                                postcode="LL58 8AA")
    client = sign_in(staff)
    for query in ("Tŷ Coffi", "HWW-4K7Q2M", "4k7q2m", "hww-4k7q2m", "CF24 3AA", "cf243aa", "CF24",
                  "Eleri", "pritchard", "ELERI@TYCOFFI.EXAMPLE", "029 2087 4000", "02920874000",
                  "+44 29 2087 4000", "(029) 2087-4000"):
        page = client.page(f"/en/staff/organisations?q={query.replace('+', '%2B')}")
        assert _names(page) == ["Tŷ Coffi"], query
    assert _names(client.page("/en/staff/organisations?q=4K7Q2")) == ["Tŷ Coffi"]
    assert _names(client.page("/en/staff/organisations?q=LL58")) == []


def test_the_list_shows_reference_last_contact_and_next_follow_up_and_sorts_by_each(sign_in):
    staff = factories.make_user(Role.STAFF)
    today = today_in_wales()
    early = factories.make_organisation(name="Alpha Ltd", reference="HWW-BBBBBB")
    late = factories.make_organisation(name="Beta Ltd", reference="HWW-AAAAAA")
    quiet = factories.make_organisation(name="Gamma Ltd", reference="HWW-CCCCCC")
    factories.make_engagement(early, staff, occurred_on=today - timedelta(days=40),
                              follow_up_on=today + timedelta(days=9))
    factories.make_engagement(late, staff, occurred_on=today - timedelta(days=2),
                              follow_up_on=today + timedelta(days=1))
    client = sign_in(staff)
    page = client.page("/en/staff/organisations")
    assert _names(page) == ["Alpha Ltd", "Beta Ltd", "Gamma Ltd"]
    first_row = [td.get_text(" ", strip=True) for td in page.soup.select("tbody tr")[0].select("td")]
    assert first_row[0] == "HWW-BBBBBB"
    assert (today - timedelta(days=40)).strftime("%-d") in first_row[4]
    assert page.soup.select_one("th[aria-sort=ascending]").get_text(" ", strip=True).startswith("Organisation")
    expectations = {
        "sort=reference": ["Beta Ltd", "Alpha Ltd", "Gamma Ltd"],
        "sort=last_contact&order=desc": ["Beta Ltd", "Alpha Ltd", "Gamma Ltd"],
        "sort=last_contact": ["Alpha Ltd", "Beta Ltd", "Gamma Ltd"],  # never contacted: last either way
        "sort=next_follow_up": ["Beta Ltd", "Alpha Ltd", "Gamma Ltd"],
        "sort=name&order=desc": ["Gamma Ltd", "Beta Ltd", "Alpha Ltd"],
        "sort=nonsense&order=sideways": ["Alpha Ltd", "Beta Ltd", "Gamma Ltd"],
    }
    for query, expected in expectations.items():
        assert _names(client.page(f"/en/staff/organisations?{query}")) == expected, query
    assert quiet.id


def test_sort_links_keep_the_filters_and_the_pager_keeps_both(sign_in):
    staff = factories.make_user(Role.STAFF)
    for number in range(60):
        factories.make_organisation(name=f"Paged {number:02d}", commit=False)
    db.session.commit()
    client = sign_in(staff)
    page = client.page("/en/staff/organisations?q=Paged&sort=reference&order=desc")
    header = page.soup.select_one("th[aria-sort=descending] a")["href"]
    assert "q=Paged" in header
    assert "order=asc" in header
    numbers = [a.get_text(strip=True) for a in page.soup.select(".govuk-pagination__item a")]
    assert numbers == ["1", "2", "3"]
    assert page.soup.select_one(".govuk-pagination__item--current a")["aria-current"] == "page"
    link = page.soup.select(".govuk-pagination__item a")[2]["href"]
    assert "q=Paged" in link
    assert "sort=reference" in link
    assert "order=desc" in link


def test_the_pager_shows_a_few_numbers_whatever_the_number_of_pages():
    assert page_window(1, 1) == [1]
    assert page_window(1, 3) == [1, 2, 3]
    assert page_window(5, 91) == [1, None, 4, 5, 6, None, 91]
    assert page_window(91, 91) == [1, None, 90, 91]
    assert page_window(2, 91) == [1, 2, 3, None, 91]


def test_a_follow_up_has_a_note_and_an_owner_and_can_be_reassigned(sign_in):
    mine = factories.make_user(Role.STAFF, full_name="Owain Adviser")
    colleague = factories.make_user(Role.STAFF, full_name="Ffion Colleague")
    organisation = factories.make_organisation(name="Caffi Cwm")
    engagement = factories.make_engagement(organisation, mine, follow_up_on=today_in_wales() + timedelta(days=3))
    client = sign_in(mine)
    url = f"/en/staff/engagements/{engagement.id}/follow-up"
    page = client.page(url)
    options = [o.get_text(strip=True) for o in page.soup.select("select[name=owner_id] option")]
    assert {"Owain Adviser", "Ffion Colleague"} <= set(options)
    day = today_in_wales() + timedelta(days=5)
    stranger = factories.make_user(Role.STAFF, partner_slug="north-west")
    refused = Page(client.submit(url, {"follow_up_on": [str(day.day), str(day.month), str(day.year)],
                                       "follow_up_note": "Kept when refused", "owner_id": str(stranger.id)}))
    assert refused.error_summary() == ["Select who will follow up"]
    assert refused.field_value("follow_up_note") == "Kept when refused"
    response = client.submit(url, {"follow_up_on": [str(day.day), str(day.month), str(day.year)],
                                   "follow_up_note": "Send the stress webinar dates", "owner_id": str(colleague.id)})
    assert response.status_code == 302, Page(response).error_summary()
    db.session.expire_all()
    assert follow_ups(mine) == ([], [])
    assert [e.follow_up_note for e in follow_ups(colleague)[1]] == ["Send the stress webinar dates"]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "engagement_follow_up_set"))
    assert (event.details["before_owner"], event.details["owner"]) == (mine.id, colleague.id)
    assert "Send the stress webinar dates" in sign_in(colleague).page("/en/staff/follow-ups").text("main")


def test_the_team_view_shows_the_partners_follow_ups_with_who_has_each(sign_in):
    mine = factories.make_user(Role.STAFF, full_name="Owain Adviser")
    colleague = factories.make_user(Role.STAFF, full_name="Ffion Colleague")
    elsewhere = factories.make_user(Role.STAFF, full_name="North Adviser", partner_slug="north-west")
    soon = today_in_wales() + timedelta(days=2)
    factories.make_engagement(factories.make_organisation(name="Ours One"), mine, follow_up_on=soon)
    factories.make_engagement(factories.make_organisation(name="Ours Two"), colleague, follow_up_on=soon)
    factories.make_engagement(factories.make_organisation(name="Theirs", la_code="W06000001"), elsewhere,
                              follow_up_on=soon)
    client = sign_in(mine)
    page = client.page("/en/staff/follow-ups?view=team")
    assert page.h1 == "Your team's follow-ups"
    text = page.text("#due")
    assert "Ours One" in text
    assert "Ours Two" in text
    assert "Ffion Colleague" in text
    assert "Theirs" not in text
    only = client.page(f"/en/staff/follow-ups?view=team&owner={colleague.id}").text("#due")
    assert "Ours Two" in only
    assert "Ours One" not in only
    assert "Ours Two" not in client.page("/en/staff/follow-ups").text("main")
    welsh = client.page("/cy/staff/follow-ups?view=team&owner=not-a-number")
    assert "Ours One" in welsh.text("#due")


def test_staff_land_on_today_with_what_needs_them_this_week(app, sign_in):
    staff = factories.make_user(Role.STAFF)
    today = today_in_wales()
    factories.make_engagement(factories.make_organisation(name="Late Ltd"), staff,
                              follow_up_on=today - timedelta(days=3))
    factories.make_engagement(factories.make_organisation(name="Soon Ltd"), staff,
                              follow_up_on=today + timedelta(days=2), follow_up_note="Call back about visits")
    factories.make_engagement(factories.make_organisation(name="Later Ltd"), staff,
                              follow_up_on=today + timedelta(days=30))
    waiting = factories.make_organisation(name="Waiting Ltd", eligibility_status=EligibilityStatus.AWAITING_REVIEW)
    waiting.status_changed_at = utcnow() - timedelta(days=6)
    factories.make_organisation(name="Their Queue", la_code="W06000001",
                                eligibility_status=EligibilityStatus.AWAITING_REVIEW)
    factories.make_event(starts_at=utcnow() + timedelta(days=3), title_en="Stress webinar")
    factories.make_event(starts_at=utcnow() + timedelta(days=20), title_en="Far webinar")
    factories.make_event(starts_at=utcnow() + timedelta(days=3), title_en="North webinar", partner_slug="north-west")
    factories.make_visit(factories.make_organisation(name="Visited Ltd"), status="scheduled",
                         scheduled_for=utcnow() + timedelta(days=1))
    db.session.commit()

    client = app.test_client()
    response = client.submit("/en/sign-in", {"email": staff.email, "password": "correct horse battery"})
    assert response.headers["Location"].endswith("/en/staff/today")
    page = Page(client.get("/en/staff/today"))
    text = page.text("main")
    for expected in ("Late Ltd", "Soon Ltd", "Call back about visits", "Waiting Ltd", "Waiting 6 days",
                     "Stress webinar", "Visited Ltd"):
        assert expected in text, expected
    for unexpected in ("Later Ltd", "Their Queue", "Far webinar", "North webinar"):
        assert unexpected not in text, unexpected
    assert "1 organisation waiting" in text
    welsh = client.get("/cy/staff/today")
    assert Page(welsh).h1 == "Heddiw"


def test_employers_still_land_on_their_account(app):
    employer = factories.make_user(Role.EMPLOYER)
    response = app.test_client().submit("/en/sign-in", {"email": employer.email, "password": "correct horse battery"})
    assert response.headers["Location"].endswith("/en/account")


def _many(count, staff):
    today = today_in_wales()
    for number in range(count):
        organisation = factories.make_organisation(name=f"Bulk {number:04d}", commit=False,
                                                   eligibility_status=EligibilityStatus.AWAITING_REVIEW)
        factories.make_engagement(organisation, staff, occurred_on=today - timedelta(days=1),
                                  follow_up_on=today + timedelta(days=number % 9), commit=False)
    db.session.commit()


def test_work_lists_issue_the_same_queries_for_10_or_1000_organisations(sign_in):
    staff = factories.make_user(Role.STAFF)
    client = sign_in(staff)
    pages = ("/en/staff/organisations?sort=next_follow_up", "/en/staff/today", "/en/staff/follow-ups?view=team")
    _many(10, staff)
    counts = {}
    for url in pages:
        with count_queries() as counter:
            client.page(url)
        counts[url] = counter.count
    _many(990, staff)
    for url in pages:
        with count_queries() as counter:
            client.page(url)
        assert counter.count == counts[url], url


@pytest.mark.parametrize("sort", ["name", "reference", "last_contact", "interventions"])
@pytest.mark.parametrize("descending", [False, True])
def test_each_page_of_the_list_has_the_organisations_and_figures_of_the_whole_list_in_order(sort, descending):
    # Sorted by name or reference the page is chosen before its figures are counted: each
    # page must still be the same slice of the whole list, with the same figures.
    generate(organisations=60, tag="list", seed=4)
    # Two of the same name: the page boundary must fall the same way in both orders.
    factories.make_organisation(name="Same Name Ltd")
    factories.make_organisation(name="Same Name Ltd")
    admin = factories.make_user(Role.ADMIN)
    db.session.commit()
    whole = []
    page = 1
    while True:
        rows, total = services.search_organisations(
            admin, services.Search(sort=sort, descending=descending, page=page))
        whole += rows
        if page * services.PER_PAGE >= total:
            break
        page += 1
    assert len(whole) == total == db.session.scalar(select(func.count(Organisation.id)))
    assert len({row.organisation.id for row in whole}) == total
    for row in whole:
        organisation_id = row.organisation.id
        live = select(Engagement).where(Engagement.organisation_id == organisation_id, Engagement.voided_at.is_(None))
        assert row.last_contact == db.session.scalar(
            select(func.max(Engagement.occurred_on)).where(live.whereclause))
        assert row.interventions == db.session.scalar(
            select(func.count(Intervention.id)).where(Intervention.organisation_id == organisation_id))
    if sort in ("name", "reference"):
        # In the order the database itself sorts the whole set (its collation), empty last.
        column = func.lower(Organisation.name) if sort == "name" else Organisation.reference
        expected = db.session.scalars(select(Organisation.id).order_by(
            column.is_(None), column.desc() if descending else column.asc(), Organisation.name, Organisation.id)).all()
        assert [row.organisation.id for row in whole] == expected
    else:
        values = [row.last_contact if sort == "last_contact" else row.interventions for row in whole]
        present = [value for value in values if value is not None]
        assert present == sorted(present, reverse=descending)
        assert values[len(present):] == [None] * (len(values) - len(present))
