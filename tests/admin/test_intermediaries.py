"""Intermediaries: bilingual reference data administrators add, rename and retire, audited."""

from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.reference.models import Intermediary
from portal.security import Role
from tests import factories
from tests.helpers import Page, count_queries
from tests.registration.helpers import registrant


def test_the_reference_data_starts_with_real_intermediaries():
    names = set(db.session.scalars(select(Intermediary.name_en)))
    assert {"Federation of Small Businesses Wales", "Business Wales"} <= names


def test_administrators_add_rename_and_retire_an_intermediary(sign_in):
    client = sign_in(factories.make_user(Role.ADMIN))
    response = client.submit("/en/admin/reference/intermediaries/new", {"name_en": "", "name_cy": ""})
    assert response.status_code == 200
    assert len(Page(response).error_summary()) == 2
    response = client.submit(
        "/en/admin/reference/intermediaries/new",
        {"name_en": "Hospitality Wales", "name_cy": "Lletygarwch Cymru", "active": "y"},
    )
    assert response.status_code == 302
    added = db.session.scalar(select(Intermediary).where(Intermediary.name_en == "Hospitality Wales"))
    assert added.active
    reference = client.page("/cy/admin/reference")
    assert "Lletygarwch Cymru" in reference.text("#intermediaries ~ table")
    # Retired (the box cleared): no longer offered at registration, still listed for administrators.
    response = client.submit(
        f"/en/admin/reference/intermediaries/{added.id}",
        {"name_en": "Hospitality Wales", "name_cy": "Lletygarwch Cymru"},
    )
    assert response.status_code == 302
    db.session.refresh(added)
    assert not added.active
    assert "Retired" in client.page("/en/admin/reference").text("#intermediaries ~ table")
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.target_type == "intermediaries").order_by(AuditEvent.id)
    ).all()
    assert [e.action for e in events] == ["intermediary_added", "intermediary_changed"]
    assert events[1].details == {"active_old": True, "active_new": False}
    assert client.get("/en/admin/reference/intermediaries/999999").status_code == 404


def test_a_retired_intermediary_is_not_offered_at_registration(sign_in):
    retired = db.session.scalar(select(Intermediary).where(Intermediary.name_en == "Business Wales"))
    retired.active = False
    db.session.commit()
    client = sign_in(registrant())
    page = client.page("/en/register/questions/how-you-heard")
    options = [o.get_text(strip=True) for o in page.soup.select("#intermediary_id option")]
    assert "Business Wales" not in options
    assert "Federation of Small Businesses Wales" in options


def test_the_reference_page_runs_the_same_queries_for_few_or_many_intermediaries(sign_in):
    client = sign_in(factories.make_user(Role.ADMIN))
    with count_queries() as small:
        client.page("/en/admin/reference")
    for n in range(200):
        db.session.add(Intermediary(name_en=f"Sector body {n}", name_cy=f"Corff sector {n}", active=n % 2 == 0))
    db.session.commit()
    with count_queries() as large:
        client.page("/en/admin/reference")
    assert large.count == small.count
