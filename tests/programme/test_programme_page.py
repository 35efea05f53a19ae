"""The employer's programme page, history and certificate."""

import pytest
from sqlalchemy import select

from portal.email.models import OutboxMessage
from portal.extensions import db
from portal.programme import services
from portal.security import Role
from tests import factories
from tests.helpers import count_queries


def _employer(**fields):
    fields.setdefault("eligibility_status", "verified")
    organisation = factories.make_organisation(name="Caffi Bach", **fields)
    return organisation, factories.make_user(Role.EMPLOYER, organisation=organisation)


def _add(organisation, count, start=0):
    for number in range(count):
        factories.make_intervention(organisation, support_type=f"topic-{start + number}")


@pytest.mark.parametrize(
    ("interventions", "summary", "next_step"),
    [
        (0, "0 of 2 interventions counted", "Your organisation has not had any support that counts yet. "
                                            "Take part in 2 interventions to complete your programme."),
        (1, "1 of 2 interventions counted", "Take part in one more intervention to complete your programme"),
        (2, "You have completed your workplace health programme", None),
        (3, "You have completed your workplace health programme", None),
    ],
)
def test_progress_at_each_stage(sign_in, interventions, summary, next_step):
    organisation, employer = _employer()
    _add(organisation, interventions)
    page = sign_in(employer).page("/en/programme/")
    assert page.text("#progress-summary") == summary
    if next_step:
        assert page.text("#progress-next") == next_step
        assert "certificate" not in page.text("main").lower()
    else:
        assert page.soup.select_one("#progress-next") is None
        assert f"{interventions} interventions counted in this programme" in page.text("#progress")
        assert page.soup.select_one('a[href="/en/programme/certificate/1"]') is not None
    done = page.soup.select(".app-progress__step--done")
    assert len(done) == interventions
    rows = page.soup.select("#interventions tbody tr")
    assert len(rows) == interventions


def test_progress_in_welsh_uses_welsh_plurals(sign_in):
    organisation, employer = _employer()
    _add(organisation, 1)
    page = sign_in(employer).page("/cy/programme/")
    assert page.text("#progress-summary") == "1 o 2 ymyriad wedi'u cyfrif"
    assert page.text("#progress-next") == "Cymerwch ran mewn un ymyriad arall i gwblhau eich rhaglen"
    assert page.text("#current-rule") == ("Mae eich sefydliad yn cwblhau rhaglen iechyd yn y gweithle pan fydd "
                                          "wedi cael 2 ymyriad.")


def test_second_cycle_starts_empty_and_keeps_the_first(sign_in):
    organisation, employer = _employer()
    _add(organisation, 2)
    client = sign_in(employer)
    page = client.page("/en/programme/")
    assert page.soup.select_one('form[action="/en/programme/new"]') is not None
    response = client.submit("/en/programme/new", token_from="/en/programme/")
    assert response.status_code == 302
    page = client.page("/en/programme/")
    assert "This is programme 2 for your organisation." in page.text("main")
    assert page.text("#progress-summary") == "0 of 2 interventions counted"
    earlier = page.soup.select("#earlier tbody tr")
    assert len(earlier) == 1
    assert "2" in earlier[0].get_text()
    _add(organisation, 1, start=10)
    page = client.page("/en/programme/")
    assert page.text("#progress-summary") == "1 of 2 interventions counted"
    # Starting again before this cycle is complete does nothing.
    client.submit("/en/programme/new", token_from="/en/programme/")
    assert services.current_cycle(organisation).number == 2


def test_distinct_types_progress_asks_for_a_different_type(sign_in):
    factories.make_rule_version(whp_distinct_types=True)
    organisation, employer = _employer()
    factories.make_intervention(organisation, support_type="stress")
    factories.make_intervention(organisation, support_type="stress")
    page = sign_in(employer).page("/en/programme/")
    assert page.text("#progress-next") == ("Take part in one more intervention, of a different kind, to complete "
                                           "your programme")
    assert "of at least two different kinds" in page.text("#current-rule")


def test_certificate_page_and_pdf_only_when_implemented(sign_in):
    organisation, employer = _employer()
    client = sign_in(employer)
    assert client.get("/en/programme/certificate/1").status_code == 404
    assert client.get("/en/programme/certificate/1.pdf").status_code == 404
    _add(organisation, 2)
    page = client.page("/en/programme/certificate/1")
    welsh = page.soup.select_one('.app-certificate [lang="cy"]').get_text(" ", strip=True)
    english = page.soup.select_one('.app-certificate [lang="en"]').get_text(" ", strip=True)
    assert "Caffi Bach" in welsh
    assert "Tystysgrif" in welsh
    assert "Caffi Bach" in english
    assert "Certificate" in english
    response = client.get("/en/programme/certificate/1.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert "attachment" in response.headers["Content-Disposition"]


def test_certificate_of_another_organisation_is_not_found(sign_in):
    other = factories.make_organisation()
    _add(other, 2)
    _organisation, employer = _employer()
    assert sign_in(employer).get("/en/programme/certificate/1").status_code == 404


def test_employer_history_leaves_out_staff_notes(sign_in):
    organisation, employer = _employer()
    staff = factories.make_user(Role.STAFF)
    factories.make_engagement(organisation, staff, type="advice_session", notes="Owner seemed stressed",
                              outcome="Internal outcome")
    factories.make_caseload_assignment(organisation, staff)
    page = sign_in(employer).page("/en/programme/history")
    text = page.text("main")
    assert "Advice session" in text
    assert "Intervention counted" in text
    assert "Owner seemed stressed" not in text
    assert "Internal outcome" not in text
    assert "Adviser assigned" not in text
    assert staff.full_name not in text


def test_programme_page_runs_a_fixed_number_of_queries(sign_in):
    small, small_employer = _employer()
    _add(small, 2)
    services.start_new_cycle(small)
    db.session.commit()
    _add(small, 1, start=100)
    large = factories.make_organisation(eligibility_status="verified")
    large_employer = factories.make_user(Role.EMPLOYER, organisation=large)
    for _cycle in range(3):
        _add(large, 2)
        services.start_new_cycle(large)
        db.session.commit()
    _add(large, 30, start=100)
    counts = []
    for employer in (small_employer, large_employer):
        client = sign_in(employer)
        client.get("/en/programme/")
        with count_queries() as counter:
            page = client.page("/en/programme/")
        counts.append(counter.count)
    assert len(page.soup.select("#interventions tbody tr")) == 30
    assert counts[0] == counts[1]


def test_history_runs_a_fixed_number_of_queries(sign_in):
    staff = factories.make_user(Role.STAFF)
    counts = []
    for size in (1, 25):
        organisation = factories.make_organisation()
        employer = factories.make_user(Role.EMPLOYER, organisation=organisation)
        for _ in range(size):
            factories.make_engagement(organisation, staff, type="advice_session")
        client = sign_in(employer)
        client.get("/en/programme/history")
        with count_queries() as counter:
            page = client.page("/en/programme/history")
        counts.append(counter.count)
        assert len(page.soup.select(".app-timeline__entry")) >= size * 2
    assert counts[0] == counts[1]



def _completion_emails():
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == "programme_complete")).all()


def test_the_contacts_are_emailed_once_when_the_programme_is_complete():
    # Only a supported organisation's programme counts as implemented.
    organisation = factories.make_organisation(correspondence_language="cy", eligibility_status="verified")
    first = factories.make_user(Role.EMPLOYER, organisation=organisation)
    second = factories.make_user(Role.EMPLOYER, organisation=organisation)
    factories.make_user(Role.CHAMPION, organisation=organisation)
    stress = factories.make_intervention(organisation, support_type="stress")
    assert not _completion_emails()
    factories.make_intervention(organisation, support_type="sleep")
    messages = _completion_emails()
    assert sorted(m.to_address for m in messages) == sorted([first.email, second.email])
    assert {m.language for m in messages} == {"cy"}
    assert "/cy/programme/certificate/1" in messages[0].body_text
    # Withdrawn and met again: not told twice.
    services.withdraw_intervention(factories.source(source_id=stress.source_id))
    db.session.commit()
    assert services.current_cycle(organisation).whp_implemented_at is None
    factories.make_intervention(organisation, support_type="stress")
    assert services.current_cycle(organisation).whp_implemented_at is not None
    assert len(_completion_emails()) == 2


def test_the_page_says_what_counts_and_that_bookings_count_once_attended(sign_in):
    organisation, employer = _employer()
    event = factories.make_event()
    for _ in range(6):
        factories.make_booking(event, organisation)
    page = sign_in(employer).page("/en/programme/")
    assert page.text("#progress-summary") == "0 of 2 interventions counted"
    assert page.text("#not-yet-counted") == ("You have 6 booked places that do not count yet: each counts once we "
                                             "record that the person attended.")
    assert "An intervention is support your organisation has had, not support it has booked" in page.text("main")
    assert "a booking on its own" in page.text("main")
    assert "rule version" not in page.text("main").lower()
    assert page.text("#current-rule") == ("Your organisation completes a workplace health programme when it has "
                                          "had 2 interventions.")


def test_the_certificate_date_is_kept_on_one_line(sign_in):
    organisation, employer = _employer()
    _add(organisation, 2)
    page = sign_in(employer).page("/cy/programme/certificate/1")
    body = page.soup.select(".app-certificate__language p")[1].get_text()
    date = services.current_cycle(organisation).whp_implemented_at
    assert f"{date.day}\u00a0" in body
    assert f" {date.year}" not in body.split(str(date.day), 1)[1][:20]
