"""Outcome follow-ups people can read: honest states, reminders, answers on the record, phone answers."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.audit.models import AuditEvent
from portal.cli import outcome_follow_ups_command
from portal.eligibility.tiers import EligibilityStatus
from portal.email.models import OutboxMessage
from portal.extensions import db
from portal.programme import services
from portal.programme.models import FollowUpStatus, OutcomeFollowUp
from portal.security import Role
from portal.timeutil import utcnow
from tests import factories
from tests.helpers import Page, count_queries


def _implemented(with_contact=True, language="en", **fields):
    # Only a supported (verified) organisation's WHP counts, so only it is followed up.
    fields.setdefault("eligibility_status", EligibilityStatus.VERIFIED)
    organisation = factories.make_organisation(correspondence_language=language, **fields)
    employer = factories.make_user(Role.EMPLOYER, organisation=organisation) if with_contact else None
    follow_up = factories.make_outcome_follow_up(organisation)
    return organisation, employer, follow_up


def _due_now(*follow_ups):
    """Make follow-ups due, as if their six months had passed."""
    for follow_up in follow_ups:
        db.session.get(OutcomeFollowUp, follow_up.id).send_after = utcnow() - timedelta(minutes=5)
    db.session.commit()


def _queued(template=None):
    query = select(func.count(OutboxMessage.id))
    if template:
        query = query.where(OutboxMessage.template == template)
    return db.session.scalar(query)


def _link(message):
    return re.search(r"http://portal\.test(/\S+)", message.body_text).group(1)


def test_a_follow_up_nobody_can_receive_is_not_sent_and_never_closes_as_no_response(app):
    _organisation, _employer, follow_up = _implemented(with_contact=False)
    _due_now(follow_up)
    result = app.test_cli_runner().invoke(outcome_follow_ups_command)
    db.session.expire_all()
    stored = db.session.get(OutcomeFollowUp, follow_up.id)
    assert stored.status == FollowUpStatus.NOT_SENT
    assert stored.token_hash is None
    assert stored.sent_at is None
    assert _queued() == 0
    assert "0 sent" in result.output
    assert "1 not sent" in result.output
    # Past any deadline it is still "not sent": only a follow-up that reached someone can go unanswered.
    assert services.close_unanswered_follow_ups(now=utcnow() + timedelta(days=400)) == 0
    db.session.commit()
    assert db.session.get(OutcomeFollowUp, follow_up.id).status == FollowUpStatus.NOT_SENT
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.action == "outcome_follow_up_not_sent")) == 1


def test_the_command_counts_equal_the_emails_queued(app):
    _a, _employer, reached = _implemented()
    _b, _nobody, unreachable = _implemented(with_contact=False)
    _due_now(reached, unreachable)
    result = app.test_cli_runner().invoke(outcome_follow_ups_command)
    assert _queued("outcome_follow_up") == 1
    assert "1 sent (1 email queued)" in result.output, result.output
    assert "1 not sent" in result.output


def test_a_follow_up_to_two_contacts_counts_one_follow_up_and_two_emails(app):
    organisation, _employer, follow_up = _implemented()
    factories.make_user(Role.EMPLOYER, organisation=organisation)
    _due_now(follow_up)
    result = app.test_cli_runner().invoke(outcome_follow_ups_command)
    assert _queued("outcome_follow_up") == 2
    assert "1 sent (2 emails queued)" in result.output, result.output


def test_a_contact_added_later_receives_the_follow_up_that_was_not_sent(app):
    organisation, _nobody, follow_up = _implemented(with_contact=False)
    _due_now(follow_up)
    services.send_due_follow_ups()
    db.session.commit()
    factories.make_user(Role.EMPLOYER, organisation=organisation)
    counts = services.send_due_follow_ups()
    db.session.commit()
    assert (counts.sent, counts.emails, counts.not_sent) == (1, 1, 0)
    assert db.session.get(OutcomeFollowUp, follow_up.id).status == FollowUpStatus.SENT


def test_a_reminder_goes_out_once_before_the_deadline_and_both_links_work(client):
    _organisation, employer, follow_up = _implemented(language="cy")
    _due_now(follow_up)
    services.send_due_follow_ups()
    db.session.commit()
    first = _link(db.session.scalar(select(OutboxMessage).where(OutboxMessage.template == "outcome_follow_up")))
    follow_up = db.session.get(OutcomeFollowUp, follow_up.id)
    # Not yet: more than a week to go.
    assert services.send_follow_up_reminders(now=follow_up.respond_by - timedelta(days=8)).emails == 0
    counts = services.send_follow_up_reminders(now=follow_up.respond_by - timedelta(days=6))
    db.session.commit()
    assert (counts.sent, counts.emails) == (1, 1)
    [reminder] = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.template == "outcome_follow_up_reminder")).all()
    assert reminder.to_address == employer.email
    assert reminder.language == "cy"
    assert services.send_follow_up_reminders(now=follow_up.respond_by - timedelta(days=5)).emails == 0
    second = _link(reminder)
    assert client.get(first).status_code == 200
    assert client.get(second).status_code == 200
    assert client.submit(second, {"choices": ["policy"]}).status_code == 200
    assert client.get(first).status_code == 404


def test_nothing_has_changed_yet_cannot_be_ticked_with_changes(client):
    _organisation, _employer, follow_up = _implemented()
    _due_now(follow_up)
    services.send_due_follow_ups()
    db.session.commit()
    path = _link(db.session.scalar(select(OutboxMessage).where(OutboxMessage.template == "outcome_follow_up")))
    response = client.submit(path, {"choices": ["nothing_yet", "policy"]})
    page = Page(response)
    assert response.status_code == 200
    assert page.error_summary() == ["Select “Nothing has changed yet” or the changes, not both"]
    assert sorted(i["value"] for i in page.soup.select("input[name=choices][checked]")) == ["nothing_yet", "policy"]
    db.session.expire_all()
    assert db.session.get(OutcomeFollowUp, follow_up.id).status == FollowUpStatus.SENT


def _answered(language="en", **fields):
    organisation, _employer, follow_up = _implemented(language=language, **fields)
    _due_now(follow_up)
    services.send_due_follow_ups()
    follow_up = db.session.get(OutcomeFollowUp, follow_up.id)
    services.answer_follow_up(follow_up, "We now hold walking meetings", ["policy", "champion"])
    db.session.commit()
    return organisation, follow_up


@pytest.mark.parametrize(("lang", "heading", "choice", "state"), [
    ("en", "Outcome follow-ups", "We have a well-being champion", "Answered"),
    ("cy", "Dilyniannau canlyniadau", "Mae gennym hyrwyddwr llesiant", "Wedi ateb"),
])
def test_staff_read_the_answer_on_the_organisation_record(sign_in, lang, heading, choice, state):
    organisation, _follow_up = _answered()
    client = sign_in(factories.make_user(Role.STAFF), lang=lang)
    page = client.page(f"/{lang}/staff/organisations/{organisation.id}")
    section = page.soup.select_one("#outcome-follow-ups")
    assert section is not None
    text = section.get_text(" ", strip=True)
    assert heading in text
    assert state in text
    assert choice in text
    assert "We now hold walking meetings" in text


@pytest.mark.parametrize(("lang", "marked"), [("en", "Recorded by staff"), ("cy", "Cofnodwyd gan staff")])
def test_staff_record_an_answer_given_by_phone(sign_in, lang, marked):
    organisation, _nobody, follow_up = _implemented(with_contact=False)
    _due_now(follow_up)
    services.send_due_follow_ups()
    db.session.commit()
    staff = factories.make_user(Role.STAFF, full_name="Siân Adviser")
    client = sign_in(staff, lang=lang)
    url = f"/{lang}/staff/organisations/{organisation.id}/outcome-follow-ups/{follow_up.id}/answer"
    empty = client.submit(url, {"changes": " "})
    assert empty.status_code == 400
    response = client.submit(url, {"choices": ["absence"], "changes": "Told us on the phone: absence is down"})
    assert response.status_code == 302
    db.session.expire_all()
    stored = db.session.get(OutcomeFollowUp, follow_up.id)
    assert stored.status == FollowUpStatus.ANSWERED
    assert stored.recorded_by_id == staff.id
    assert stored.choices == ["absence"]
    text = client.page(f"/{lang}/staff/organisations/{organisation.id}").text("#outcome-follow-ups")
    assert marked in text
    assert "Siân Adviser" in text
    assert "Told us on the phone: absence is down" in text
    # Once answered it cannot be answered again.
    assert client.submit(url, {"choices": ["policy"]}).status_code == 404


def test_a_phone_answer_is_refused_for_another_partners_organisation(sign_in):
    organisation, _nobody, follow_up = _implemented(with_contact=False, la_code="W06000001")
    _due_now(follow_up)
    services.send_due_follow_ups()
    db.session.commit()
    client = sign_in(factories.make_user(Role.STAFF, partner_slug="south-east"))
    url = f"/en/staff/organisations/{organisation.id}/outcome-follow-ups/{follow_up.id}/answer"
    assert client.get(url).status_code == 404


def _staff_answered_cycles(organisation, staff, count):
    """``count`` more programmes for ``organisation``, each follow-up answered by staff."""
    for _ in range(count):
        services.start_new_cycle(organisation)
        factories.make_intervention(organisation, support_type="stress", commit=False)
        factories.make_intervention(organisation, support_type="sleep", commit=False)
    for follow_up in db.session.scalars(select(OutcomeFollowUp).where(
            OutcomeFollowUp.organisation_id == organisation.id, OutcomeFollowUp.status == "scheduled")):
        follow_up.status = FollowUpStatus.SENT
        services.record_staff_answer(follow_up, staff, "By phone", ["policy"])
    db.session.commit()


def test_the_organisation_record_has_a_bounded_number_of_queries(sign_in):
    organisation, _follow_up = _answered()
    staff = factories.make_user(Role.STAFF)
    _staff_answered_cycles(organisation, staff, 1)
    client = sign_in(factories.make_user(Role.ADMIN))
    url = f"/en/staff/organisations/{organisation.id}"
    for _ in range(8):
        _answered()
    client.page(url)
    with count_queries() as small:
        client.page(url)
    for _ in range(990):
        factories.make_organisation(commit=False)
    db.session.commit()
    # More follow-ups of this organisation, answered by staff, do not add queries either.
    _staff_answered_cycles(organisation, staff, 3)
    with count_queries() as large:
        client.page(url)
    assert large.count == small.count
