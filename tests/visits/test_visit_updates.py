"""Visit updates carry a calendar file; an employer can withdraw a request."""

from datetime import date, timedelta

from icalendar import Calendar
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from portal.audit.models import AuditEvent
from portal.email.models import OutboxMessage
from portal.extensions import db
from portal.security import Role
from portal.timeutil import utcnow
from portal.visits.models import VisitRequest
from tests import factories
from tests.helpers import Page


def _employer(lang="cy"):
    organisation = factories.make_organisation(correspondence_language=lang)
    return factories.make_user(Role.EMPLOYER, organisation=organisation)


def _updates():
    return db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.template == "visit_update").order_by(OutboxMessage.id)
    ).all()


def _calendar(message):
    [attachment] = message.attachments
    assert attachment["content_type"] == "text/calendar"
    return Calendar.from_ical(attachment["content"])


def _schedule(staff, visit, day):
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


def test_a_scheduled_visit_is_emailed_with_a_calendar_file_in_the_organisations_language(sign_in):
    user = _employer("cy")
    visit = factories.make_visit(user.organisation, requested_by=user, site_address="1 Stryd Fawr, Bangor")
    staff = sign_in(factories.make_user(Role.STAFF))
    day = date.today() + timedelta(days=14)
    _schedule(staff, visit, day)
    [message] = _updates()
    assert message.language == "cy"
    assert "ffeil calendr" in message.body_text
    [entry] = _calendar(message).walk("VEVENT")
    assert str(entry["summary"]) == "Ymweliad â'r gweithle: Sgwrs am lesiant"
    assert str(entry["location"]) == "1 Stryd Fawr, Bangor"
    assert entry.decoded("dtstart").date() == day
    assert entry.decoded("dtend") - entry.decoded("dtstart") == timedelta(hours=2)
    # The same file from the visit page.
    client = sign_in(user)
    page = client.page(f"/en/visits/{visit.id}")
    assert page.soup.select_one(f"a[href='/en/visits/{visit.id}/calendar.ics']") is not None
    response = client.get(f"/en/visits/{visit.id}/calendar.ics")
    assert response.mimetype == "text/calendar"
    assert f"visit-{visit.id}@healthyworking.wales" in response.get_data(as_text=True)


def test_the_calendar_file_is_only_for_a_booked_visit(sign_in):
    user = _employer()
    visit = factories.make_visit(user.organisation, requested_by=user)
    assert sign_in(user).get(f"/en/visits/{visit.id}/calendar.ics").status_code == 404


def test_an_employer_withdraws_a_request_in_welsh(sign_in):
    user = _employer("cy")
    visit = factories.make_visit(user.organisation, requested_by=user)
    client = sign_in(user, lang="cy")
    page = client.page(f"/cy/visits/{visit.id}")
    assert page.soup.select_one(f"a[href='/cy/visits/{visit.id}/withdraw']") is not None
    assert client.page(f"/cy/visits/{visit.id}/withdraw").h1 == "Tynnu eich cais am ymweliad â'r gweithle yn ôl?"
    response = client.submit(f"/cy/visits/{visit.id}/withdraw")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(VisitRequest, visit.id).status == "cancelled"
    [message] = _updates()
    assert "wedi'i dynnu'n ôl" in message.body_text
    assert not message.attachments
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "visit.cancelled"))
    # Once withdrawn there is nothing left to withdraw.
    assert client.get(f"/cy/visits/{visit.id}/withdraw").status_code == 404


def test_withdrawing_a_booked_visit_sends_a_cancelled_calendar_entry(sign_in):
    user = _employer("en")
    when = utcnow() + timedelta(days=10)
    visit = factories.make_visit(user.organisation, requested_by=user, status="scheduled", scheduled_for=when)
    sign_in(user).submit(f"/en/visits/{visit.id}/withdraw")
    [message] = _updates()
    [entry] = _calendar(message).walk("VEVENT")
    assert str(entry["status"]) == "CANCELLED"
    assert str(entry["uid"]) == f"visit-{visit.id}@healthyworking.wales"


def test_a_delivered_visit_cannot_be_withdrawn_nor_another_organisations(sign_in):
    user = _employer()
    delivered = factories.make_visit(user.organisation, requested_by=user, status="delivered")
    other = factories.make_visit(factories.make_organisation())
    client = sign_in(user)
    assert client.get(f"/en/visits/{delivered.id}/withdraw").status_code == 404
    assert client.get(f"/en/visits/{other.id}/withdraw").status_code == 404
    assert (
        Page(client.get(f"/en/visits/{delivered.id}")).soup.select_one(f"a[href='/en/visits/{delivered.id}/withdraw']")
        is None
    )
