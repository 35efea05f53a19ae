"""Corrections with a trail for programme cycles (issue 12 item 5).

Staff correct the days a programme started and ended, or void a programme
started by mistake, each with a reason. The cycle keeps its history, the audit
log says it in words, and the WHP and every figure follow in the same
transaction: a voided programme's support goes back to the programme before
it, which is open again; the voided one leaves the employer's view and stays,
marked, for staff.
"""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.audit.models import AuditEvent, RecordCorrection
from portal.extensions import db
from portal.programme import services as programme
from portal.programme.models import EqualityStrategyRecord, Intervention, ProgrammeCycle
from portal.reporting.services import Period, report_rows
from portal.security import Role
from portal.timeutil import today_in_wales
from tests import factories
from tests.helpers import Page, count_queries

TODAY = today_in_wales()
YEAR = TODAY.year if TODAY.month > 10 else TODAY.year - 1
OCT_2, OCT_22 = date(YEAR, 10, 2), date(YEAR, 10, 22)


def _date_fields(name, day):
    return {name: [str(day.day), str(day.month), str(day.year)]}


def _second_programme(with_equality=False):
    """An organisation whose first programme is implemented, and a second started (by mistake) with support in it."""
    organisation = factories.make_organisation(eligibility_status="verified")
    staff = factories.make_user(Role.STAFF)
    factories.make_engagement(organisation, staff, type="advice_session", occurred_on=OCT_2)
    factories.make_engagement(organisation, staff, type="wellbeing_survey", occurred_on=OCT_22)
    if with_equality:
        factories.make_equality_strategy_record(organisation, staff)
    first = programme.current_cycle(organisation)
    second = programme.start_new_cycle(organisation, staff)
    db.session.commit()
    factories.make_engagement(organisation, staff, type="strategy_support", occurred_on=TODAY)
    return organisation, staff, first, second


def _report(organisation):
    rows = report_rows(Period(date(YEAR - 1, 1, 1), TODAY))
    return db.session.execute(select(rows).where(rows.c.organisation_id == organisation.id)).mappings().one()


def test_voiding_a_programme_started_by_mistake_gives_its_support_back_to_the_one_before(sign_in):
    organisation, staff, first, second = _second_programme()
    employer = factories.make_user(Role.EMPLOYER, organisation=organisation)
    factories.make_equality_strategy_record(organisation, staff)  # made in the second programme
    assert db.session.scalar(select(func.count(Intervention.id)).where(Intervention.cycle_id == second.id)) == 1
    before = dict(_report(organisation))
    client = sign_in(staff)
    url = f"/en/staff/cycles/{second.id}/void"
    page = Page(client.submit(url, {"reason": ""}))
    assert page.error_summary() == ["Enter the reason for voiding this record"]
    assert client.submit(url, {"reason": "Started by mistake"}).status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Intervention.id)).where(Intervention.cycle_id == first.id)) == 3
    assert db.session.get(ProgrammeCycle, first.id).ended_at is None
    assert db.session.get(ProgrammeCycle, second.id).voided_at is not None
    equality = db.session.scalar(select(EqualityStrategyRecord))
    assert equality.cycle_id == first.id
    assert equality.voided_at is None
    # The organisation's figures stand: the same support, now in the first programme.
    after = dict(_report(organisation))
    assert {k: after[k] for k in ("supported_month", "whp_implemented_month", "equality_strategy_month")} == {
        k: before[k] for k in ("supported_month", "whp_implemented_month", "equality_strategy_month")
    }
    assert db.session.get(ProgrammeCycle, first.id).whp_implemented_at.date() == OCT_22
    # Staff see it, marked voided; the employer sees only the first programme, open again.
    record = client.page(f"/en/staff/organisations/{organisation.id}")
    assert "Voided" in record.text("#programmes + table")
    assert "Programme 1" in record.text("main")
    own = sign_in(employer).page("/en/programme/")
    assert "Programme 2" not in own.text("main")
    assert "programme 2" not in own.text("main")
    # The next programme started takes the next number after the voided one.
    again = programme.start_new_cycle(organisation, staff)
    assert again.number == 3


def test_only_an_open_programme_after_the_first_is_voided_and_never_with_two_equality_records(sign_in):
    organisation, staff, first, second = _second_programme(with_equality=True)
    factories.make_equality_strategy_record(organisation, staff)  # the second programme's own
    client = sign_in(staff)
    assert client.get(f"/en/staff/cycles/{first.id}/void").status_code == 404
    page = Page(client.submit(f"/en/staff/cycles/{second.id}/void", {"reason": "Mistake"}))
    assert "Void the record that is wrong first" in page.text("#refused")
    assert db.session.get(ProgrammeCycle, second.id).voided_at is None
    with pytest.raises(programme.CycleVoidRefused):
        programme.void_cycle(first, staff, "Mistake")
    other = sign_in(factories.make_user(Role.STAFF, partner_slug="north-west"))
    for path in (f"/en/staff/cycles/{second.id}", f"/en/staff/cycles/{second.id}/void"):
        assert other.get(path).status_code == 404


@pytest.mark.parametrize(
    ("lang", "messages"),
    [
        (
            "en",
            {
                "future": "The date the programme started must be today or in the past",
                "previous": "The date the programme started must be on or after {date}, when the programme before it "
                "ended",
                "end_early": "The date the programme ended must be on or after the date it started",
                "end_next": "The date the programme ended must be on or before {date}, when the programme after it "
                "started",
            },
        ),
        (
            "cy",
            {
                "future": "Rhaid i ddyddiad dechrau'r rhaglen fod heddiw neu yn y gorffennol",
                "previous": "Rhaid i ddyddiad dechrau'r rhaglen fod ar {date} neu wedi hynny, pan ddaeth y rhaglen "
                "flaenorol i ben",
                "end_early": "Rhaid i ddyddiad gorffen y rhaglen fod ar ddyddiad ei dechrau neu wedi hynny",
                "end_next": "Rhaid i ddyddiad gorffen y rhaglen fod ar {date} neu cyn hynny, pan ddechreuodd y rhaglen "
                "nesaf",
            },
        ),
    ],
)
def test_programme_dates_are_true_and_fit_between_the_programmes_either_side(sign_in, lang, messages):
    organisation, staff, first, second = _second_programme()
    first.started_at = programme.midday_in_wales(OCT_2 - timedelta(days=10))
    first.ended_at = programme.midday_in_wales(OCT_22 + timedelta(days=5))
    second.started_at = programme.midday_in_wales(OCT_22 + timedelta(days=6))
    db.session.commit()
    client = sign_in(staff, lang=lang)
    month = {"en": "October", "cy": "Hydref"}[lang]
    second_url, first_url = f"/{lang}/staff/cycles/{second.id}", f"/{lang}/staff/cycles/{first.id}"
    cases = (
        (second_url, {**_date_fields("started_on", TODAY + timedelta(days=1))}, messages["future"]),
        (second_url, {**_date_fields("started_on", OCT_22)}, messages["previous"].format(date=f"27 {month} {YEAR}")),
        (
            first_url,
            {**_date_fields("started_on", OCT_2), **_date_fields("ended_on", OCT_2 - timedelta(days=1))},
            messages["end_early"],
        ),
        (
            first_url,
            {**_date_fields("started_on", OCT_2), **_date_fields("ended_on", OCT_22 + timedelta(days=7))},
            messages["end_next"].format(date=f"28 {month} {YEAR}"),
        ),
    )
    for url, fields, message in cases:
        page = Page(client.submit(url, {**fields, "reason": "Typed reason stays"}))
        assert page.error_summary() == [message]
        assert "Typed reason stays" in page.text("textarea#reason")
    assert db.session.scalar(select(func.count(RecordCorrection.id))) == 0
    # A true correction is kept with its history; the WHP date does not move.
    response = client.submit(
        first_url,
        {
            **_date_fields("started_on", OCT_2),
            **_date_fields("ended_on", OCT_22 + timedelta(days=6)),
            "reason": "Started on the day of the first advice session",
        },
    )
    assert response.status_code == 302
    correction = db.session.scalar(select(RecordCorrection))
    assert correction.before == {
        "started_on": (OCT_2 - timedelta(days=10)).isoformat(),
        "ended_on": (OCT_22 + timedelta(days=5)).isoformat(),
    }
    assert correction.after == {"started_on": OCT_2.isoformat(), "ended_on": (OCT_22 + timedelta(days=6)).isoformat()}
    assert "Started on the day of the first advice session" in client.page(first_url).text("#history")
    db.session.expire_all()
    assert db.session.get(ProgrammeCycle, first.id).whp_implemented_at.date() == OCT_22


def test_the_audit_log_names_programme_corrections_in_words(sign_in):
    organisation, staff, first, second = _second_programme()
    programme.correct_cycle(first, staff, "Started with the first advice", started_on=OCT_2, ended_on=TODAY)
    programme.void_cycle(second, staff, "Started by mistake")
    db.session.commit()
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert {"programme_cycles_edited", "programme_cycles_voided"} <= set(actions)
    admin = factories.make_user(Role.ADMIN)
    for lang, words in (
        ("en", ("Programme dates corrected", "Programme voided: started by mistake", "Date the programme started")),
        (
            "cy",
            (
                "Dyddiadau'r rhaglen wedi'u cywiro",
                "Rhaglen wedi'i dirymu: dechreuwyd drwy gamgymeriad",
                "Dyddiad dechrau'r rhaglen",
            ),
        ),
    ):
        text = sign_in(admin, lang=lang).page(f"/{lang}/admin/audit").text("main")
        for word in words:
            assert word in text
        assert "programme_cycles_voided" not in text
        assert "started_on" not in text


def test_the_record_with_many_programmes_runs_a_bounded_number_of_queries(sign_in):
    organisation, staff, first, second = _second_programme()
    client = sign_in(staff)

    def add(n):
        for _ in range(n):
            cycle = programme.current_cycle(organisation)
            factories.make_intervention(
                organisation, support_type="a", occurred_at=programme.midday_in_wales(OCT_2), commit=False
            )
            factories.make_intervention(
                organisation, support_type="b", occurred_at=programme.midday_in_wales(OCT_2), commit=False
            )
            programme.correct_cycle(cycle, staff, "Earlier", started_on=OCT_2)
            programme.start_new_cycle(organisation, staff)
        db.session.commit()

    add(8)
    path = f"/en/staff/organisations/{organisation.id}"
    client.page(path)
    with count_queries() as small:
        client.page(path)
    add(100)
    client.page(path)
    with count_queries() as large:
        client.page(path)
    assert large.count == small.count
