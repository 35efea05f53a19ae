"""The outcome follow-up: sent a set time after a WHP, answered once, or closed as no response."""

import re
from datetime import timedelta

from sqlalchemy import select

from portal.cli import outcome_follow_ups_command
from portal.email.models import OutboxMessage
from portal.extensions import db
from portal.programme import services
from portal.programme.models import FollowUpStatus, OutcomeFollowUp
from portal.programme.rules import status_rows, summarise
from portal.security import Role
from portal.timeutil import utcnow
from tests import factories
from tests.helpers import Page


def _implemented(language="en"):
    organisation = factories.make_organisation(eligibility_status="verified", correspondence_language=language)
    employer = factories.make_user(Role.EMPLOYER, organisation=organisation)
    follow_up = factories.make_outcome_follow_up(organisation)
    return organisation, employer, follow_up


def test_follow_up_is_scheduled_six_months_after_the_whp():
    organisation, _employer, follow_up = _implemented()
    cycle = services.current_cycle(organisation)
    assert follow_up.status == FollowUpStatus.SCHEDULED
    assert follow_up.send_after - cycle.whp_implemented_at == timedelta(days=182)
    assert services.send_due_follow_ups().sent == 0


def _send(now):
    sent = services.send_due_follow_ups(now=now).sent
    db.session.commit()
    return sent


def _link(message):
    return re.search(r"http://portal\.test(/\S+)", message.body_text).group(1)


def test_follow_up_email_in_the_correspondence_language_with_a_single_use_link(client):
    _organisation, employer, follow_up = _implemented(language="cy")
    assert _send(utcnow() + timedelta(days=183)) == 1
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.template == "outcome_follow_up"))
    assert message.to_address == employer.email
    assert message.language == "cy"
    path = _link(message)
    assert path.startswith("/cy/programme/follow-up/")
    page = client.page(path)
    assert page.soup.select_one("input[name=choices]") is not None
    response = client.submit(path, {"choices": ["policy", "champion"], "changes": "We now have walking meetings"})
    assert response.status_code == 200
    db.session.expire_all()
    answered = db.session.get(OutcomeFollowUp, follow_up.id)
    assert answered.status == FollowUpStatus.ANSWERED
    assert answered.choices == ["champion", "policy"]
    assert answered.changes_in_own_words == "We now have walking meetings"
    # Single use: the link no longer opens the form.
    assert client.get(path).status_code == 404


def test_an_empty_answer_is_refused_and_nothing_stored(client):
    _organisation, _employer, follow_up = _implemented()
    _send(utcnow() + timedelta(days=183))
    path = _link(db.session.scalar(select(OutboxMessage).where(OutboxMessage.template == "outcome_follow_up")))
    response = client.submit(path, {"changes": "  "})
    assert response.status_code == 200
    assert "Tell us what changed, or select at least one option" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(OutcomeFollowUp, follow_up.id).status == FollowUpStatus.SENT


def test_an_answer_after_the_deadline_is_refused_politely_before_the_nightly_job_closes_it(client):
    _organisation, _employer, follow_up = _implemented(language="cy")
    _send(utcnow() + timedelta(days=183))
    path = _link(db.session.scalar(select(OutboxMessage).where(OutboxMessage.template == "outcome_follow_up")))
    token = client.csrf_token(path)  # the form was opened in time
    follow_up = db.session.get(OutcomeFollowUp, follow_up.id)
    follow_up.respond_by = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = client.post(path, data={"csrf_token": token, "choices": ["policy"], "changes": "Too late"})
    assert response.status_code == 410
    page = Page(response)
    assert page.h1 == "Mae'r amser i ateb wedi dod i ben"
    assert page.soup.select_one("input[name=choices]") is None
    db.session.expire_all()
    late = db.session.get(OutcomeFollowUp, follow_up.id)
    assert late.status == FollowUpStatus.SENT  # left for the nightly job to close as no response
    assert late.choices == []
    assert late.changes_in_own_words is None
    assert client.get(path).status_code == 410
    assert services.answer_follow_up(late, "Through the service", ["policy"]) is None


def test_a_made_up_token_is_not_found(client):
    _implemented()
    assert client.get("/en/programme/follow-up/not-a-token").status_code == 404


def test_unanswered_follow_up_reports_as_no_response_in_every_figure(app, client):
    organisation, _employer, follow_up = _implemented()
    sent_at = utcnow() + timedelta(days=183)
    _send(sent_at)
    path = _link(db.session.scalar(select(OutboxMessage).where(OutboxMessage.template == "outcome_follow_up")))
    # Before the deadline it is still awaited, not "no response" and not "no".
    assert services.close_unanswered_follow_ups(now=sent_at + timedelta(days=27)) == 0
    # The CLI closes it after the deadline (the clock is moved by setting respond_by in the past).
    follow_up = db.session.get(OutcomeFollowUp, follow_up.id)
    follow_up.respond_by = utcnow() - timedelta(minutes=1)
    db.session.commit()
    result = app.test_cli_runner().invoke(outcome_follow_ups_command)
    assert "1 closed as no response" in result.output
    db.session.expire_all()
    closed = db.session.get(OutcomeFollowUp, follow_up.id)
    assert closed.status == FollowUpStatus.NO_RESPONSE
    assert closed.choices == []
    assert closed.changes_in_own_words is None
    start, end = sent_at - timedelta(days=400), sent_at + timedelta(days=400)
    figures = services.follow_up_figures(start, end)
    assert figures[FollowUpStatus.NO_RESPONSE] == 1
    assert figures[FollowUpStatus.ANSWERED] == 0
    rows = list(db.session.execute(status_rows(start, end)))
    row = next(r for r in rows if r.organisation_id == organisation.id)
    assert row.follow_up == "no_response"
    assert summarise(rows)["follow_up"] == {"answered": 0, "no_response": 1, "sent": 0, "not_sent": 0,
                                               "scheduled": 0}
    # The closed link cannot be used to answer afterwards.
    assert client.get(path).status_code == 404
