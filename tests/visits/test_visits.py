"""Workplace visits: the employer asks, staff answer, delivery counts as an intervention."""

from datetime import date, time, timedelta

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from portal.email.models import OutboxMessage
from portal.events.services import london_datetime
from portal.extensions import db
from portal.programme.models import Intervention, InterventionKind
from portal.security import Role
from portal.visits.models import VisitRequest
from tests import factories


def _employer(**fields):
    fields.setdefault("eligibility_status", "verified")
    organisation = factories.make_organisation(**fields)
    return factories.make_user(Role.EMPLOYER, organisation=organisation), organisation


def test_request_form_prefills_the_support_language_and_keeps_entries_on_error(sign_in):
    user, _organisation = _employer(support_language="cy")
    client = sign_in(user)
    page = client.page("/en/visits/request")
    assert page.field_value("language") == "cy"
    response = client.submit(
        "/en/visits/request",
        {
            "visit_type": "wellbeing-talk",
            "preferred_dates": "Mondays",
            "site_address": "",
            "staff_count": "12",
            "language": "en",
        },
    )
    from tests.helpers import Page

    page = Page(response)
    assert page.error_summary()
    assert page.field_value("preferred_dates") == "Mondays"
    assert page.field_value("language") == "en"


def test_employer_requests_and_staff_schedule_then_deliver(sign_in):
    user, organisation = _employer(correspondence_language="cy", employee_count=40)
    client = sign_in(user)
    response = client.submit(
        "/en/visits/request",
        {
            "visit_type": "physiotherapy-outreach",
            "preferred_dates": "Any Tuesday",
            "site_address": "1 Stryd Fawr",
            "staff_count": "25",
            "access_needs": "Step-free access",
            "language": "cy",
        },
    )
    assert response.status_code == 302
    visit = db.session.scalar(select(VisitRequest))
    assert (visit.organisation_id, visit.status, visit.staff_count) == (organisation.id, "requested", 25)

    staff = sign_in(factories.make_user(Role.STAFF))
    day = date.today() + timedelta(days=14)
    form = MultiDict(
        [
            ("decision", "scheduled"),
            ("visit_time", "10:30"),
            ("message_en", ""),
            ("visit_date", str(day.day)),
            ("visit_date", str(day.month)),
            ("visit_date", str(day.year)),
        ]
    )
    form.add("csrf_token", staff.csrf_token(f"/en/visits/{visit.id}"))
    assert staff.post(f"/en/visits/{visit.id}/respond", data=form).status_code == 302
    db.session.refresh(visit)
    assert visit.status == "scheduled"
    assert visit.scheduled_for == london_datetime(day, time(10, 30))
    page = client.page(f"/cy/visits/{visit.id}")
    assert page.text("#visit-status") == "Wedi'i drefnu"

    token = staff.csrf_token(f"/en/visits/{visit.id}")
    # Not before its day: nothing is counted and no one is thanked for a visit that has not happened.
    refused = staff.post(f"/en/visits/{visit.id}/delivered", data={"csrf_token": token}, follow_redirects=True)
    assert "cannot be recorded as delivered before its scheduled day" in refused.get_data(as_text=True)
    db.session.refresh(visit)
    assert visit.status == "scheduled"
    assert db.session.scalar(select(Intervention)) is None
    assert len(db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == "visit_update")).all()) == 2
    visit.scheduled_for = london_datetime(date.today() - timedelta(days=1), time(10, 30))
    db.session.commit()
    token = staff.csrf_token(f"/en/visits/{visit.id}")
    assert staff.post(f"/en/visits/{visit.id}/delivered", data={"csrf_token": token}).status_code == 302
    intervention = db.session.scalar(select(Intervention))
    assert intervention.kind == InterventionKind.VISIT_DELIVERED
    assert intervention.support_type == "physiotherapy-outreach"
    messages = db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == "visit_update")).all()
    assert len(messages) == 3
    assert {m.language for m in messages} == {"cy"}
    assert "Wedi'i drefnu" in messages[1].subject


def test_staff_propose_another_date_and_the_employer_accepts(sign_in):
    user, organisation = _employer()
    visit = factories.make_visit(organisation, requested_by=user)
    staff = sign_in(factories.make_user(Role.STAFF))
    day = date.today() + timedelta(days=21)
    form = MultiDict(
        [
            ("decision", "proposed"),
            ("visit_time", "14:00"),
            ("message_en", "We are busy that week"),
            ("visit_date", str(day.day)),
            ("visit_date", str(day.month)),
            ("visit_date", str(day.year)),
        ]
    )
    form.add("csrf_token", staff.csrf_token(f"/en/visits/{visit.id}"))
    assert staff.post(f"/en/visits/{visit.id}/respond", data=form).status_code == 302
    client = sign_in(user)
    page = client.page(f"/en/visits/{visit.id}")
    assert "Accept the date we propose" in page.text()
    assert (
        client.post(
            f"/en/visits/{visit.id}/accept", data={"csrf_token": client.csrf_token(f"/en/visits/{visit.id}")}
        ).status_code
        == 302
    )
    db.session.refresh(visit)
    assert visit.status == "scheduled"


def test_declining_needs_a_reason(sign_in):
    user, organisation = _employer()
    visit = factories.make_visit(organisation, requested_by=user)
    staff = sign_in(factories.make_user(Role.STAFF))
    response = staff.submit(
        f"/en/visits/{visit.id}/respond",
        {"decision": "declined", "message_en": ""},
        token_from=f"/en/visits/{visit.id}",
    )
    assert response.status_code == 400
    assert "Enter the reason for declining" in response.get_data(as_text=True)
    response = staff.submit(
        f"/en/visits/{visit.id}/respond",
        {"decision": "declined", "message_en": "Outside area"},
        token_from=f"/en/visits/{visit.id}",
    )
    assert response.status_code == 302
    db.session.refresh(visit)
    assert visit.status == "declined"
    assert visit.staff_message == "Outside area"


def test_visits_are_seen_only_by_their_organisation_and_partner(sign_in):
    user, organisation = _employer()
    visit = factories.make_visit(organisation, requested_by=user, site_address="Secret Lane")
    other_user, _other = _employer()
    assert sign_in(other_user).get(f"/en/visits/{visit.id}").status_code == 404
    assert "Secret Lane" not in sign_in(other_user).page("/en/visits/").html
    far_staff = factories.make_user(Role.STAFF, partner_slug="north-west")
    assert sign_in(far_staff).get(f"/en/visits/{visit.id}").status_code == 404
    near_staff = factories.make_user(Role.STAFF)
    assert sign_in(near_staff).get(f"/en/visits/{visit.id}").status_code == 200


def test_scheduling_needs_a_date_and_time(sign_in):
    user, organisation = _employer()
    visit = factories.make_visit(organisation, requested_by=user)
    staff = sign_in(factories.make_user(Role.STAFF))
    response = staff.submit(
        f"/en/visits/{visit.id}/respond",
        {"decision": "scheduled", "visit_time": "25:00"},
        token_from=f"/en/visits/{visit.id}",
    )
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Enter the date of the visit" in text
    assert "Enter a time like 10:00 or 14:30" in text
