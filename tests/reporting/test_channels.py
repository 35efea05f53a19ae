"""Engaged and supported by how organisations heard of the service and by intermediary (issue 15 item 3)."""

from datetime import timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.reference.models import Intermediary
from portal.security import Role
from portal.timeutil import utcnow
from tests import factories


def _period():
    today = utcnow().date()
    return factories.make_reporting_period(starts_on=today - timedelta(days=100), ends_on=today + timedelta(days=10))


def _intermediary(name_en):
    return db.session.scalar(select(Intermediary).where(Intermediary.name_en == name_en))


def _rows(page, selector):
    return {row.th.get_text(strip=True): [td.get_text(" ", strip=True).split(" ")[0] for td in row.select("td")]
            for row in page.soup.select(f"{selector} tbody tr") if row.th is not None}


def _seed():
    business_wales = _intermediary("Business Wales")
    # Supported (verified, with an intervention) through Business Wales; engaged only (not yet eligible) too.
    supported = factories.make_organisation(name="Becws", eligibility_status="verified", heard_via="intermediary",
                                            intermediary_id=business_wales.id, commit=False)
    engaged = factories.make_organisation(name="Caffi", heard_via="intermediary", intermediary_id=business_wales.id,
                                          commit=False)
    searched = factories.make_organisation(name="Siop", eligibility_status="verified", heard_via="search",
                                           commit=False)
    # A stale intermediary on another channel counts under that channel only.
    stale = factories.make_organisation(name="Garej", eligibility_status="verified", heard_via="event",
                                        intermediary_id=business_wales.id, commit=False)
    north = factories.make_organisation(name="Fferm", eligibility_status="verified", heard_via="search",
                                        la_code="W06000001", commit=False)
    for organisation in (supported, engaged, searched, stale, north):
        factories.make_intervention(organisation, commit=False)
    db.session.commit()
    return business_wales, north


def test_the_dashboard_counts_engaged_and_supported_by_channel_and_intermediary_in_both_languages(sign_in):
    period = _period()
    business_wales, _north = _seed()
    admin = factories.make_user(Role.ADMIN)
    page = sign_in(admin).page(f"/en/reports/?period={period.id}")
    assert _rows(page, "#channels") == {
        "Intermediary": ["2", "1", "0", "0"],
        "Event": ["1", "1", "0", "0"],
        "Online search": ["2", "2", "0", "0"],
    }
    assert _rows(page, "#intermediaries") == {"Business Wales": ["2", "1", "0", "0"]}
    link = page.soup.select_one("#intermediaries td a")["href"]
    assert f"intermediary={business_wales.id}" in link
    listing = sign_in(admin).page(link)
    assert listing.text("#total").startswith("2")
    assert "Business Wales" in listing.text("#filters")
    names = {a.get_text(strip=True) for a in listing.soup.select("#organisations tbody tr td:first-child a")}
    assert names == {"Becws", "Caffi"}, "the stale intermediary on an event is not Business Wales's"

    welsh = sign_in(admin, lang="cy").page(f"/cy/reports/?period={period.id}")
    assert _rows(welsh, "#channels")["Cyfryngwr"] == ["2", "1", "0", "0"]
    assert _rows(welsh, "#intermediaries") == {"Busnes Cymru": ["2", "1", "0", "0"]}
    search = next(a["href"] for a in welsh.soup.select("#channels a") if "channel=search" in a["href"])
    listing = sign_in(admin, lang="cy").page(search)
    assert "Sut y clywodd y sefydliad" in listing.text("#filters")


def test_staff_see_their_own_partners_channels(sign_in):
    period = _period()
    _business_wales, north = _seed()
    staff = factories.make_user(Role.STAFF)
    assert staff.partner_id != north.partner_id
    page = sign_in(staff).page(f"/en/reports/?period={period.id}")
    assert _rows(page, "#channels")["Online search"] == ["1", "1", "0", "0"]
    assert page.soup.select_one("#evaluation-downloads") is None
    # Another partner's channel list is refused, as every other drill-down.
    response = sign_in(staff).get(f"/en/reports/organisations?period={period.id}&channel=search"
                                  f"&partner={north.partner_id}")
    assert response.status_code == 404
