"""Welsh-language demand and supply (issue 15 item 4): each figure equals its drill-down and the export."""

import csv
import io
import re
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from portal.extensions import db
from portal.reference.models import DeliveryPartner
from portal.security import Role
from portal.timeutil import utcnow
from portal.visits.models import VisitRequest
from tests import factories
from tests.helpers import Page, count_queries

NORTH = "W06000001"  # Isle of Anglesey: the north-west partner's area


def _period():
    today = utcnow().date()
    return factories.make_reporting_period(starts_on=today - timedelta(days=100), ends_on=today + timedelta(days=100))


def _engaged(support, la_code="W06000015", correspondence="en", commit=True, **fields):
    organisation = factories.make_organisation(
        eligibility_status="verified",
        support_language=support,
        correspondence_language=correspondence,
        la_code=la_code,
        commit=False,
        **fields,
    )
    factories.make_intervention(organisation, commit=commit)
    return organisation


@pytest.fixture
def welsh_data():
    period = _period()
    south = [_engaged("cy", correspondence="cy"), _engaged("cy"), _engaged("either"), _engaged("en")]
    north = [_engaged("cy", la_code=NORTH), _engaged("en", la_code=NORTH)]
    welsh_event = factories.make_event(language="cy", topic="sleep", capacity=12)
    bilingual = factories.make_event(language="bilingual", topic="menopause", capacity=20)
    english = factories.make_event(language="en", topic="sleep", capacity=30)
    cancelled = factories.make_event(language="cy", topic="sleep", capacity=8, status="cancelled")
    north_event = factories.make_event(language="cy", topic="mindfulness", capacity=6, partner_slug="north-west")
    factories.make_booking(welsh_event, south[0], name="Siân")  # Welsh through the organisation
    factories.make_booking(welsh_event, south[1], name="Gwyn", language="cy")
    factories.make_booking(welsh_event, south[1], name="Ann", status="waiting", language="cy")  # no place
    factories.make_booking(bilingual, south[3], name="Bob", language="en")
    factories.make_booking(english, south[3], name="Carys", language="cy")
    factories.make_booking(cancelled, south[0], name="Dai")
    factories.make_booking(north_event, north[0], name="Elin", language="cy")
    contact = factories.make_user(Role.EMPLOYER, organisation=south[0])
    asked = factories.make_visit(south[0], requested_by=contact, language="cy")
    factories.make_visit(south[1], requested_by=contact, language="cy")  # still waiting
    factories.make_visit(south[3], requested_by=contact, language="en")  # not Welsh
    asked.created_at = utcnow() - timedelta(days=4)
    db.session.commit()
    return period, asked


def _number(text):
    return int(re.sub(r"[^\d]", "", text) or 0)


def _export(client, url, fmt):
    response = client.get(url.replace("/reports/welsh-language/?", f"/reports/welsh-language/export.{fmt}?"))
    assert response.status_code == 200
    if fmt == "csv":
        table = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    else:
        table = [
            ["" if v is None else v for v in row]
            for row in load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True)
        ]
    return {(row[0], row[1], row[2]): row[3] for row in table[4:] if len(row) == 4}


def test_each_figure_equals_its_drill_down_and_both_exports(sign_in, welsh_data):
    period, asked = welsh_data
    staff = factories.make_user(Role.STAFF, partner_slug="south-east")
    client = sign_in(staff)
    # The visit gets its date through the staff answer: that is when it was scheduled.
    day = (utcnow() + timedelta(days=20)).date()
    form = MultiDict(
        [
            ("decision", "scheduled"),
            ("visit_time", "10:00"),
            ("message_cy", ""),
            ("visit_date", str(day.day)),
            ("visit_date", str(day.month)),
            ("visit_date", str(day.year)),
        ]
    )
    form.add("csrf_token", client.csrf_token(f"/en/visits/{asked.id}"))
    assert client.post(f"/en/visits/{asked.id}/respond", data=form).status_code == 302
    assert db.session.get(VisitRequest, asked.id).first_scheduled_at is not None

    url = f"/en/reports/welsh-language/?period={period.id}"
    page = client.page(url)
    demand = {
        (c["data-figure"], c["data-choice"]): _number(c.get_text()) for c in page.soup.select("#demand td[data-figure]")
    }
    assert demand == {
        ("organisations", "cy"): 2,
        ("organisations", "either"): 1,
        ("organisations", "en"): 1,
        ("attendees", "cy"): 3,
        ("attendees", "en"): 1,
    }
    places = {(c["data-language"], c["data-measure"]): _number(c.get_text()) for c in page.soup.select("#places td")}
    # The cancelled, the English and the other partner's events are not counted; the waiting list holds no place.
    assert places == {
        ("cy", "offered"): 12,
        ("cy", "taken"): 2,
        ("bilingual", "offered"): 20,
        ("bilingual", "taken"): 1,
    }
    visits = {c["data-state"]: _number(c.get_text()) for c in page.soup.select("#visits dd[data-state]")}
    assert visits == {"requested": 2, "scheduled": 1, "waiting": 1}
    assert page.text("#median-days").startswith("4")
    assert page.soup.select_one("#partners") is None, "staff see their own partner only"

    csv_figures, xlsx_figures = _export(client, url, "csv"), _export(client, url, "xlsx")
    links = page.soup.select("main td a[href*='/welsh-language/list'], main dd a[href*='/welsh-language/list']")
    assert len(links) >= 15
    for link in links:
        shown = _number(link.get_text(" ", strip=True).split("–")[0])
        listed = Page(client.get(link["href"]))
        total = listed.soup.select_one("#total")
        if "figure=places" in link["href"]:
            measure = "offered" if "offered" in link.get_text() or "cynnig" in link.get_text() else "taken"
            sums = {"offered": int(total["data-offered"]), "taken": int(total["data-taken"])}
            assert shown in sums.values(), link["href"]
            assert (
                sum(_number(td.get_text()) for td in listed.soup.select(f"#rows td[data-label='Places {measure}']"))
                == sums[measure]
            )
        else:
            assert shown == _number(total.get_text()) == len(listed.soup.select("#rows tbody tr")), link["href"]
    for (figure, choice), count in demand.items():
        words = {"cy": "Welsh", "either": "Either Welsh or English", "en": "English"}[choice]
        heading = (
            "Organisations engaged, by language for training and visits"
            if figure == "organisations"
            else "Attendees with a place, by language of their emails"
        )
        assert int(csv_figures[(heading, "All", words)]) == xlsx_figures[(heading, "All", words)] == count
    for (language, measure), count in places.items():
        words = {"cy": "Welsh", "bilingual": "Bilingual"}[language]
        heading = "Places offered" if measure == "offered" else "Places taken"
        assert int(csv_figures[(heading, "All", words)]) == xlsx_figures[(heading, "All", words)] == count
    assert xlsx_figures[("Places by topic", "Sleep", "Welsh places offered")] == 12
    assert xlsx_figures[("Places by topic", "Menopause", "Bilingual places taken")] == 1
    for state, words in {
        "requested": "Requested",
        "scheduled": "Given a date",
        "waiting": "Waiting for a date",
    }.items():
        assert xlsx_figures[("Welsh-language visit requests", "All", words)] == visits[state]


def test_administrators_see_every_partner_side_by_side_and_staff_only_their_own(sign_in, welsh_data):
    period, _asked = welsh_data
    admin = sign_in(factories.make_user(Role.ADMIN))
    page = admin.page(f"/en/reports/welsh-language/?period={period.id}")
    rows = {row.th.get_text(strip=True): row for row in page.soup.select("#partners tbody tr")}
    assert len(rows) == 2
    assert _number(page.soup.select_one("#demand td[data-figure=organisations][data-choice=cy]").get_text()) == 3
    exported = _export(admin, f"/en/reports/welsh-language/?period={period.id}", "xlsx")
    partner_rows = {key[1] for key in exported if key[0] == "Places offered"} - {"All"}
    assert len(partner_rows) == 2
    staff = sign_in(factories.make_user(Role.STAFF, partner_slug="north-west"))
    own = staff.page(f"/en/reports/welsh-language/?period={period.id}")
    assert _number(own.soup.select_one("#demand td[data-figure=organisations][data-choice=cy]").get_text()) == 1
    south = db.session.scalar(select(DeliveryPartner).where(DeliveryPartner.slug == "south-east"))
    # Another partner's figures are not found for staff, in the page, the lists and the export.
    for path in ("", "list?figure=organisations&choice=cy&", "export.csv?"):
        sep = "" if path.endswith(("&", "?")) else "?"
        assert (
            staff.get(f"/en/reports/welsh-language/{path}{sep}partner={south.id}&period={period.id}").status_code == 404
        )


def test_welsh_page_in_welsh(sign_in, welsh_data):
    period, _asked = welsh_data
    client = sign_in(factories.make_user(Role.STAFF, partner_slug="south-east"), lang="cy")
    page = client.page(f"/cy/reports/welsh-language/?period={period.id}")
    assert page.h1.endswith("Galw a chyflenwad yn Gymraeg")
    assert "Lleoedd Cymraeg wedi'u cynnig" in page.text("#places")
    listed = client.page(f"/cy/reports/welsh-language/list?period={period.id}&figure=visits&state=waiting")
    assert "Yn aros" in listed.text("#rows")


def test_bad_filters_give_not_found_not_errors(sign_in, welsh_data):
    period, _asked = welsh_data
    client = sign_in(factories.make_user(Role.STAFF, partner_slug="south-east"))
    for query in ("figure=nonsense", "figure=places&language=en", "figure=organisations&choice=xx", "figure=visits"):
        assert client.get(f"/en/reports/welsh-language/list?period={period.id}&{query}").status_code == 404
    assert (
        client.get(
            f"/en/reports/welsh-language/list?period={period.id}&figure=places&language=cy&area=%27x"
        ).status_code
        == 200
    )
    assert client.get("/en/reports/welsh-language/export.pdf").status_code == 404


def test_query_counts_do_not_grow_with_the_data(sign_in):
    period = _period()
    client = sign_in(factories.make_user(Role.ADMIN))
    urls = [
        f"/en/reports/welsh-language/?period={period.id}",
        f"/en/reports/welsh-language/list?period={period.id}&figure=organisations&choice=cy",
        f"/en/reports/welsh-language/list?period={period.id}&figure=visits&state=requested",
        f"/en/reports/welsh-language/list?period={period.id}&figure=places&language=cy",
    ]

    def add(count):
        contact = None
        for n in range(count):
            organisation = _engaged(
                ("cy", "either", "en")[n % 3], commit=False, la_code=(NORTH if n % 2 else "W06000015")
            )
            if n % 50 == 0:
                event = factories.make_event(language="cy", commit=False, topic="sleep")
                factories.make_booking(event, organisation, commit=False, language="cy")
                contact = contact or factories.make_user(Role.EMPLOYER, organisation=organisation, commit=False)
                db.session.flush()
                factories.make_visit(organisation, requested_by=contact, language="cy", commit=False)
        db.session.commit()

    add(10)
    small = []
    for url in urls:
        client.page(url)
        with count_queries() as counted:
            client.page(url)
        small.append(counted.count)
    add(990)
    for url, before in zip(urls, small, strict=True):
        # Warmed up as the small run was: reference lists are cached after their first use.
        client.page(url)
        with count_queries() as counted:
            client.page(url)
        assert counted.count == before, url
    assert db.session.scalar(select(VisitRequest.id).limit(1)) is not None
