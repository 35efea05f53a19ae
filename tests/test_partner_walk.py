"""Two delivery partners: staff of one never see, nor reach, the other's records.

Partner B ("south-east") holds the shared sample of ``tests/routes.py`` —
every record each feature's routes point at — plus a few more (a
follow-up, an organisation waiting for review). Partner A ("north-west") gets
a record of each kind too. Signed in as partner A's staff, the test walks
every route in ``tests.routes.ROUTES`` (which must cover ``app.url_map``) that
staff may reach:

- every list and page without an id must not name any of partner B's
  records (organisations, references, events, attendees, threads…);
- every URL that points at one of partner B's records must be a 404, for
  GET and POST alike;
- the same pages pointed at partner A's own records open and do not name B's.

A new staff route is walked automatically. Only the pages listed in
``NATIONAL`` show every partner's records, on purpose.
"""

from datetime import timedelta
from types import SimpleNamespace

import pytest

from portal.eligibility.tiers import EligibilityStatus
from portal.extensions import db
from portal.programme.models import ProgrammeCycle
from portal.security import Role
from portal.timeutil import utcnow
from tests import factories
from tests.plans.helpers import plan_records
from tests.routes import ALLOW, ROUTES, build_sample_data
from tests.surveys import factories as survey_factories

NORTH_WEST_LA = "W06000001"  # Isle of Anglesey: partner A's area

# Pages that are national by design: every partner's records appear on them
# (the catalogue of events and its pages, the champions' directory across
# Wales, the shared resource library, certificate checks).
NATIONAL = {
    "events.catalogue": "every signed-in user can find and book any event in Wales",
    "events.detail": "an event's public page is open to everyone signed in",
    "behalf.choose_event": "staff book an organisation onto any event in Wales, as its contacts can (the catalogue)",
    "champions.directory": "the directory lists champions across Wales (filterable by partner)",
    "champions.verify": "anyone may check a certificate code",
    "resources.library": "the resource library is shared by every partner",
    "resources.detail": "the resource library is shared by every partner",
    "resources.download": "the resource library is shared by every partner",
    "resources.edit": "the resource library is shared by every partner",
}


def _partner_a():
    """Partner A's staff and one record of each kind, in the shape of the shared sample."""
    partner = factories.partner("north-west")
    staff = factories.make_user(Role.STAFF, partner_slug="north-west", full_name="Anwen Staff")
    organisation = factories.make_organisation(name="Anglesey Apiaries Ltd", la_code=NORTH_WEST_LA,
                                               eligibility_status=EligibilityStatus.VERIFIED)
    employer = factories.make_user(Role.EMPLOYER, organisation=organisation, full_name="Aled Employer")
    champion = factories.make_user(Role.CHAMPION, organisation=organisation, full_name="Alys Champion")
    event = factories.make_event(partner_slug="north-west", title_en="Menai walking webinar")
    booking = factories.make_booking(event, organisation, name="Anglesey Attendee")
    visit = factories.make_visit(organisation, requested_by=employer, status="scheduled",
                                 scheduled_for=event.starts_at)
    engagement = factories.make_engagement(organisation, staff, notes="Anglesey notes",
                                           follow_up_on=utcnow().date() + timedelta(days=3))
    equality_record = factories.make_equality_strategy_record(organisation, staff)
    thread = factories.make_thread(champion, title="Anglesey walking group")
    post = factories.make_post(thread, champion, body="See you on Friday")
    report = factories.make_report(post, champion)
    training = factories.make_training(champion)
    evidence = factories.make_evidence(organisation, uploaded_by=employer)
    attachment = factories.make_attachment(organisation, staff, description="Anglesey letter")
    follow_up = factories.make_outcome_follow_up(organisation)
    # Sent and unanswered, as in the shared sample, so staff may record an answer given by phone.
    follow_up.status = "sent"
    factories.make_organisation(name="Amlwch Awaiting Review Ltd", la_code=NORTH_WEST_LA,
                                eligibility_status=EligibilityStatus.AWAITING_REVIEW)
    yesterday = utcnow() - timedelta(days=1)
    delivered_visit = factories.make_visit(organisation, requested_by=employer, status="delivered",
                                           scheduled_for=yesterday, delivered_at=yesterday)
    # A second programme, open, that may be corrected or voided (the first ended).
    first_cycle = factories.make_programme_cycle(organisation)
    first_cycle.ended_at = yesterday
    second_cycle = ProgrammeCycle(organisation_id=organisation.id, number=first_cycle.number + 1,
                                  started_at=yesterday)
    db.session.add(second_cycle)
    survey = survey_factories.make_survey(organisation)
    survey_factories.add_responses(survey, 5)
    [survey_comment] = survey_factories.add_comments(survey, ["Anglesey comment"])
    db.session.commit()
    plans = plan_records(organisation, event)
    return SimpleNamespace(
        **plans,
        partner=partner, staff=staff, organisation=organisation, event=event, booking=booking, visit=visit,
        engagement=engagement, equality_record=equality_record, thread=thread, post=post, report=report,
        training=training, evidence=evidence, attachment=attachment, follow_up=follow_up,
        delivered_visit=delivered_visit, second_cycle=second_cycle, survey=survey, answered_survey=survey,
        survey_comment=survey_comment,
        users={Role.EMPLOYER.value: employer, Role.CHAMPION.value: champion, Role.STAFF.value: staff},
    )


def _partner_b_extras(sample, staff_a):
    """Records of partner B that partner A's lists could wrongly pick up."""
    # An organisation that moved to partner B while partner A's adviser had a
    # follow-up open on it: the follow-up list must not show it to A any more.
    factories.make_engagement(sample.organisation, staff_a, notes="Moved away notes",
                              follow_up_on=utcnow().date() - timedelta(days=2))
    factories.make_organisation(name="Barry Bakers Awaiting Review Ltd",
                                eligibility_status=EligibilityStatus.AWAITING_REVIEW)
    factories.make_outcome_follow_up(sample.organisation)


def _partner_b_names(sample):
    """Names and references that identify partner B's records on a page."""
    assert sample.organisation.partner.slug == "south-east"
    names = {
        sample.organisation.name, sample.organisation.reference, "Barry Bakers Awaiting Review Ltd",
        sample.event.title_en, sample.booking.name, sample.booking.email, sample.thread.title,
        "Moved away notes", sample.engagement.notes, sample.users[Role.STAFF.value].full_name,
        sample.users[Role.EMPLOYER.value].full_name, sample.users[Role.CHAMPION.value].full_name,
        sample.other_contact.organisation.name, sample.survey_comment.text,
    }
    return {name for name in names if name}


def _staff_routes(method=None):
    """Routes for signed-in users that staff may reach (public and token pages are no one's records)."""
    return {
        endpoint: route for endpoint, route in ROUTES.items()
        if route.access[Role.STAFF.value] == ALLOW and route.access["anonymous"] != ALLOW
        and (method is None or route.method == method)
    }


@pytest.fixture
def two_partners(app, sign_in):
    sample = build_sample_data()
    mine = _partner_a()
    _partner_b_extras(sample, mine.staff)
    db.session.commit()
    return SimpleNamespace(b=sample, a=mine, names=_partner_b_names(sample), client=sign_in(mine.staff))


def _leaks(text, names):
    return sorted(name for name in names if name in text)


def test_the_walk_covers_every_staff_route(app):
    """Every route staff may reach is in ROUTES, so the walks below see it (new pages included)."""
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    assert endpoints <= set(ROUTES)
    assert {"engagement.follow_ups", "eligibility.queue", "manage_events.index", "visits.index",
            "champions.noticeboard", "champions.staff_list", "reporting.dashboard"} <= set(_staff_routes())


def test_staff_lists_show_nothing_of_another_partner(two_partners):
    """Pages without an id (the lists) never name partner B's records to partner A's staff."""
    client, names = two_partners.client, two_partners.names
    walked = []
    for endpoint, route in sorted(_staff_routes("GET").items()):
        if callable(route.url) or endpoint in NATIONAL:
            continue
        response = client.get(route.url)
        assert response.status_code < 400, f"{endpoint}: {response.status_code}"
        text = response.get_data().decode("utf-8", "replace")
        assert not _leaks(text, names), f"{endpoint} shows partner B's {_leaks(text, names)}"
        walked.append(endpoint)
    assert "engagement.follow_ups" in walked
    assert "eligibility.queue" in walked


def test_another_partners_records_are_not_found(two_partners):
    """Every staff URL pointing at one of partner B's records is a 404, GET or POST."""
    client, sample = two_partners.client, two_partners.b
    token = client.csrf_token()
    reached = []
    for endpoint, route in sorted(_staff_routes().items()):
        if not callable(route.url) or endpoint in NATIONAL:
            continue
        path = route.path(sample)
        if route.method == "POST":
            response = client.post(path, data={"csrf_token": token, **route.data})
        else:
            response = client.get(path)
        if response.status_code != 404:
            reached.append(f"{endpoint} {path}: {response.status_code}")
    assert not reached, "partner A's staff reached partner B's records:\n" + "\n".join(reached)


def test_own_records_open_and_name_nothing_of_another_partner(two_partners):
    """The same pages pointed at partner A's own records open, and name none of B's records."""
    client, mine, names = two_partners.client, two_partners.a, two_partners.names
    own = SimpleNamespace(**{**vars(two_partners.b), **vars(mine)})
    for endpoint, route in sorted(_staff_routes("GET").items()):
        if not callable(route.url) or not route.page or endpoint in NATIONAL:
            continue
        response = client.get(route.path(own))
        assert response.status_code == 200, f"{endpoint} on partner A's record: {response.status_code}"
        text = response.get_data().decode("utf-8", "replace")
        assert not _leaks(text, names), f"{endpoint} shows partner B's {_leaks(text, names)}"
