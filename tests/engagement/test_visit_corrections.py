"""Corrections with a trail for delivered workplace visits (issue 12 item 5).

Staff correct the day a delivered visit took place, what was delivered and who
took part, or void a visit recorded as delivered by mistake, each with a
reason. The visit keeps its history, the audit log says it in words, and the
intervention, the WHP and its date and every report figure follow in the same
transaction. A voided visit leaves the counts and the employer's view and stays,
marked, for staff.
"""

from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from portal.audit.models import AuditEvent, RecordCorrection
from portal.extensions import db
from portal.programme.models import Intervention, ProgrammeCycle
from portal.reporting.services import Period, report_rows
from portal.security import Role
from portal.timeutil import LONDON, today_in_wales
from portal.visits import services as visits
from tests import factories
from tests.helpers import Page, count_queries

TODAY = today_in_wales()
YEAR = TODAY.year if TODAY.month > 10 else TODAY.year - 1
OCT_2, OCT_10, OCT_22 = date(YEAR, 10, 2), date(YEAR, 10, 10), date(YEAR, 10, 22)


def _date_fields(name, day):
    return {name: [str(day.day), str(day.month), str(day.year)]}


def _at(day, hour=10):
    return datetime.combine(day, time(hour, 0), tzinfo=LONDON)


def _delivered_visit(organisation, day, recorded=None, **fields):
    """A visit scheduled on ``day`` and recorded as delivered (the day after, by default) through the service."""
    visit = factories.make_visit(organisation, status="scheduled", scheduled_for=_at(day), **fields)
    visits.mark_delivered(visit, now=_at(recorded or day + timedelta(days=1), 16))
    db.session.commit()
    return visit


def _setting():
    organisation = factories.make_organisation(eligibility_status="verified", employee_count=40)
    staff = factories.make_user(Role.STAFF)
    return organisation, staff


def _interventions(organisation):
    return db.session.scalar(select(func.count(Intervention.id)).where(Intervention.organisation_id == organisation.id))


def _cycle(organisation):
    return db.session.scalar(select(ProgrammeCycle).where(ProgrammeCycle.organisation_id == organisation.id))


def _report(organisation):
    rows = report_rows(Period(date(YEAR - 1, 1, 1), TODAY))
    return db.session.execute(select(rows).where(rows.c.organisation_id == organisation.id)).mappings().one()


def test_correcting_the_day_and_type_of_a_visit_redates_the_whp_and_keeps_the_history(sign_in):
    organisation, staff = _setting()
    factories.make_engagement(organisation, staff, type="advice_session", occurred_on=OCT_2)
    visit = _delivered_visit(organisation, OCT_22, visit_type="wellbeing-talk")
    assert _cycle(organisation).whp_implemented_at.date() == OCT_22
    client = sign_in(staff)
    url = f"/en/staff/visits/{visit.id}"
    page = client.page(url)
    assert [i.get("value") for i in page.soup.select("input[name=took_place_on]")] == ["22", "10", str(YEAR)]
    response = client.submit(
        url,
        {
            **_date_fields("took_place_on", OCT_10),
            "visit_type": "policy-support",
            "staff_count": "8",
            "reason": "It happened on the 10th, as policy support",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    intervention = db.session.scalar(select(Intervention).where(Intervention.source_type == "visit_requests"))
    assert intervention.occurred_at.astimezone(LONDON).date() == OCT_10
    assert intervention.support_type == "policy-support"
    assert _cycle(organisation).whp_implemented_at.astimezone(LONDON).date() == OCT_10
    assert _report(organisation)["whp_implemented_month"] == f"{YEAR}-10"
    correction = db.session.scalar(select(RecordCorrection))
    assert correction.actor_id == staff.id
    assert correction.before == {"took_place_on": OCT_22.isoformat(), "visit_type": "wellbeing-talk", "staff_count": 12}
    assert correction.after == {"took_place_on": OCT_10.isoformat(), "visit_type": "policy-support", "staff_count": 8}
    history = client.page(url).text("#history")
    assert "It happened on the 10th, as policy support" in history
    assert "Well-being talk" in history
    assert "Policy support" in history
    assert f"22 October {YEAR}" in history
    assert f"10 October {YEAR}" in history
    # The same values again change nothing and add no history.
    response = client.submit(
        url,
        {
            **_date_fields("took_place_on", OCT_10),
            "visit_type": "policy-support",
            "staff_count": "8",
            "reason": "Again",
        },
    )
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(RecordCorrection.id))) == 1


def test_voiding_a_delivered_visit_withdraws_the_whp_and_the_employer_no_longer_sees_it(sign_in):
    organisation, staff = _setting()
    employer = factories.make_user(Role.EMPLOYER, organisation=organisation)
    factories.make_engagement(organisation, staff, type="advice_session", occurred_on=OCT_2)
    visit = _delivered_visit(organisation, OCT_22, requested_by=employer)
    assert _report(organisation)["whp_implemented_month"] == f"{YEAR}-10"
    client = sign_in(staff)
    url = f"/en/staff/visits/{visit.id}/void"
    page = Page(client.submit(url, {"reason": ""}))
    assert page.error_summary() == ["Enter the reason for voiding this record"]
    assert client.submit(url, {"reason": "The visit did not happen"}).status_code == 302
    db.session.expire_all()
    assert _interventions(organisation) == 1
    assert _cycle(organisation).whp_implemented_at is None
    assert _report(organisation)["whp_implemented_month"] is None
    # Staff still see it, marked voided, with the reason.
    record = client.page(f"/en/staff/organisations/{organisation.id}")
    assert "Voided because: The visit did not happen" in record.text("main")
    assert "Voided" in client.page(f"/en/visits/{visit.id}").text("#voided")
    assert "Voided" in client.page("/en/visits/").text("main")
    assert client.submit(url, {"reason": "Again"}).status_code == 200  # already voided: shown, not voided twice
    assert db.session.scalar(select(func.count(RecordCorrection.id))) == 1
    # The employer's list, visit page and timeline leave it out.
    own = sign_in(employer)
    assert own.get(f"/en/visits/{visit.id}").status_code == 404
    assert "Well-being talk" not in own.page("/en/visits/").text("main")
    assert "Well-being talk" not in own.page("/en/programme/history").text("main")


@pytest.mark.parametrize(
    ("lang", "future", "recorded", "type_missing"),
    [
        (
            "en",
            "The date the visit took place must be today or in the past",
            "The date the visit took place must be on or before {date}, the day it was recorded as delivered",
            "Select what was delivered",
        ),
        (
            "cy",
            "Rhaid i ddyddiad yr ymweliad fod heddiw neu yn y gorffennol",
            "Rhaid i ddyddiad yr ymweliad fod ar {date} neu cyn hynny, y diwrnod y cofnodwyd ei fod wedi'i gynnal",
            "Dewiswch y math o ymweliad a gynhaliwyd",
        ),
    ],
)
def test_a_visit_cannot_be_corrected_to_the_future_or_after_it_was_recorded_as_delivered(
    sign_in, lang, future, recorded, type_missing
):
    organisation, staff = _setting()
    visit = _delivered_visit(organisation, OCT_10, recorded=OCT_22)
    client = sign_in(staff, lang=lang)
    url = f"/{lang}/staff/visits/{visit.id}"
    written = {"en": f"22 October {YEAR}", "cy": f"22 Hydref {YEAR}"}[lang]
    for day, message in (
        (TODAY + timedelta(days=1), future),
        (OCT_22 + timedelta(days=1), recorded.format(date=written)),
    ):
        page = Page(
            client.submit(
                url,
                {
                    **_date_fields("took_place_on", day),
                    "visit_type": "wellbeing-talk",
                    "staff_count": "9",
                    "reason": "Typed reason stays",
                },
            )
        )
        assert page.error_summary() == [message]
        assert [i.get("value") for i in page.soup.select("input[name=took_place_on]")] == [
            str(day.day),
            str(day.month),
            str(day.year),
        ]
        assert "Typed reason stays" in page.text("textarea#reason")
        assert page.field_value("staff_count") == "9"
    page = Page(client.submit(url, {**_date_fields("took_place_on", OCT_10), "staff_count": "999", "reason": "x"}))
    assert page.error_summary()[0] == type_missing
    assert len(page.error_summary()) == 2  # and the headcount (40)
    assert db.session.scalar(select(func.count(RecordCorrection.id))) == 0


def test_only_a_delivered_visit_of_the_staff_member_s_own_partner_can_be_corrected(sign_in):
    organisation, staff = _setting()
    visit = _delivered_visit(organisation, OCT_10)
    scheduled = factories.make_visit(organisation, status="scheduled", scheduled_for=_at(TODAY + timedelta(days=3)))
    other_partner_staff = factories.make_user(Role.STAFF, partner_slug="north-west")
    other = sign_in(other_partner_staff)
    for path in (f"/en/staff/visits/{visit.id}", f"/en/staff/visits/{visit.id}/void"):
        assert other.get(path).status_code == 404
        assert other.post(path, data={"reason": "x"}).status_code in (400, 404)
    own = sign_in(staff)
    assert own.get(f"/en/staff/visits/{scheduled.id}").status_code == 404
    assert own.get(f"/en/staff/visits/{scheduled.id}/void").status_code == 404
    assert _interventions(organisation) == 1


def test_the_audit_log_names_visit_corrections_in_words(sign_in):
    organisation, staff = _setting()
    visit = _delivered_visit(organisation, OCT_10)
    visits.correct_delivered_visit(
        visit, staff, "Wrong type", took_place_on=OCT_10, visit_type="policy-support", staff_count=12
    )
    visits.void_delivered_visit(visit, staff, "Did not happen")
    db.session.commit()
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-2:] == ["visit_requests_edited", "visit_requests_voided"]
    admin = factories.make_user(Role.ADMIN)
    for lang, words in (
        ("en", ("Delivered workplace visit corrected", "Delivered workplace visit voided", "Policy support")),
        (
            "cy",
            (
                "Ymweliad â'r gweithle a gynhaliwyd wedi'i gywiro",
                "Ymweliad â'r gweithle a gynhaliwyd wedi'i ddirymu",
                "Cymorth gyda pholisïau",
            ),
        ),
    ):
        text = sign_in(admin, lang=lang).page(f"/{lang}/admin/audit").text("main")
        for word in words:
            assert word in text
        assert "visit_requests_edited" not in text
        assert "policy-support" not in text


def test_the_record_and_the_visit_correction_page_run_a_bounded_number_of_queries(sign_in):
    organisation, staff = _setting()
    client = sign_in(staff)

    def add(n):
        for number in range(n):
            visit = factories.make_visit(
                organisation, status="delivered", scheduled_for=_at(OCT_2), delivered_at=_at(OCT_2, 16), commit=False
            )
            db.session.flush()
            if number % 2:
                visits.void_delivered_visit(visit, staff, "Mistake")
            else:
                visits.correct_delivered_visit(
                    visit, staff, "Fewer", took_place_on=OCT_2, visit_type=visit.visit_type, staff_count=3
                )
        db.session.commit()
        return visit

    last = add(10)
    paths = (f"/en/staff/organisations/{organisation.id}", f"/en/staff/visits/{last.id}", "/en/visits/")
    for path in paths:  # the first pages after signing in do one-off work (the session)
        client.page(path)
    small = []
    for path in paths:
        with count_queries() as counted:
            client.page(path)
        small.append(counted.count)
    last = add(300)
    paths = (paths[0], f"/en/staff/visits/{last.id}", paths[2])
    for path in paths:
        client.page(path)
    large = []
    for path in paths:
        with count_queries() as counted:
            client.page(path)
        large.append(counted.count)
    assert large == small
