"""Action plans: built from a survey's results, booked from, and counted (issue 17 part 3)."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from portal.audit.labels import is_registered
from portal.audit.models import AuditEvent
from portal.bookings.models import Attendance, Booking
from portal.eligibility.tiers import EligibilityStatus
from portal.events.models import Event, EventSession
from portal.extensions import db
from portal.plans import services
from portal.plans.models import ActionPlan, PlanAction, PlanGoal
from portal.plans.suggestions import LOW_SCORE, is_low, suggestions
from portal.programme.models import Intervention, InterventionKind, RuleVersion
from portal.security import Role
from portal.surveys.results import theme_results
from portal.timeutil import utcnow
from portal.visits.models import VisitRequest
from tests import factories
from tests.helpers import Page, count_queries
from tests.plans.helpers import make_question_set, make_survey


def _employer(**fields):
    fields.setdefault("eligibility_status", EligibilityStatus.VERIFIED)
    organisation = factories.make_organisation(**fields)
    return factories.make_user(Role.EMPLOYER, organisation=organisation), organisation


def _stress_webinar(**fields):
    fields.setdefault("title_en", "Managing stress at work")
    fields.setdefault("title_cy", "Rheoli straen yn y gwaith")
    return factories.make_event(kind="webinar", topic="stress-management", **fields)


def _move_into_the_past(event):
    """The event took place three hours ago (attendance may then be recorded)."""
    start = utcnow() - timedelta(hours=3)
    db.session.execute(update(Event).where(Event.id == event.id).values(
        starts_at=start, ends_at=start + timedelta(hours=1), booking_deadline=start - timedelta(days=1)))
    db.session.execute(update(EventSession).where(EventSession.event_id == event.id).values(
        starts_at=start, ends_at=start + timedelta(hours=1)))
    db.session.commit()


def _plan_page(client, plan_id, lang="en"):
    return client.page(f"/{lang}/plans/{plan_id}")


# --- suggestions ------------------------------------------------------------------------------------


def test_a_theme_is_low_only_when_shown_and_below_the_threshold():
    organisation = factories.make_organisation()
    four = make_survey(organisation, scores={"workload": 1}, responses=4)
    five = make_survey(organisation, scores={"workload": 2, "musculoskeletal": 3}, responses=5)
    withheld = {r.code: r for r in theme_results(four)}
    assert not withheld["workload"].shown
    assert not is_low(withheld["workload"])
    results = {r.code: r for r in theme_results(five)}
    assert is_low(results["workload"])
    # Exactly at the threshold is not low.
    assert results["musculoskeletal"].score == LOW_SCORE
    assert not is_low(results["musculoskeletal"])
    assert not is_low(results["support"])


def test_suggestions_are_upcoming_bookable_events_of_the_theme_and_its_visit_types():
    webinar = _stress_webinar()
    training = factories.make_event(kind="champion_training", topic="sleep", title_en="Champion course")
    factories.make_event(kind="webinar", topic="sleep", title_en="Sleep well")
    factories.make_event(kind="webinar", topic="stress-management", status="cancelled")
    factories.make_event(kind="webinar", topic="stress-management", starts_at=utcnow() + timedelta(hours=5),
                         booking_deadline=utcnow() - timedelta(hours=1))
    found = suggestions(["workload", "musculoskeletal", "no-such-theme"])
    # Soonest first (the two start together: then in the order they were added).
    assert [e.id for e in found["workload"].events] == [webinar.id, training.id]
    assert found["workload"].visit_types == []
    assert found["musculoskeletal"].events == []
    assert [code for code, _label in found["musculoskeletal"].visit_types] == ["physiotherapy-outreach"]
    assert found["no-such-theme"].events == []
    assert found["no-such-theme"].visit_types == []


def test_suggestions_cost_one_query_however_many_events():
    for _ in range(3):
        _stress_webinar()
    with count_queries() as small:
        suggestions(["workload", "musculoskeletal"])
    for _ in range(60):
        _stress_webinar(commit=False)
    db.session.commit()
    with count_queries() as large:
        found = suggestions(["workload", "musculoskeletal"])
    assert large.count == small.count == 1
    assert len(found["workload"].events) == 3


# --- the acceptance point -------------------------------------------------------------------------


def _build_and_book(sign_in, counts_plan):
    """A survey with low workload → a plan suggesting the stress webinar → booked from the plan → attended."""
    factories.make_rule_version(counts_action_plan=counts_plan)
    employer, organisation = _employer()
    webinar = _stress_webinar()
    factories.make_event(kind="webinar", topic="sleep", title_en="Sleep well")
    survey = make_survey(organisation, scores={"workload": 2}, responses=5)
    client = sign_in(employer)

    index = client.page("/en/plans/")
    assert index.soup.select_one(f"tr[data-survey='{survey.id}']") is not None
    response = client.submit(f"/en/plans/survey/{survey.id}/start", token_from="/en/plans/")
    assert response.status_code == 302
    plan = db.session.scalar(select(ActionPlan).where(ActionPlan.survey_id == survey.id))
    assert [g.theme_code for g in plan.goals] == ["workload"]
    goal = plan.goals[0]

    page = _plan_page(client, plan.id)
    suggested = [li["data-event"] for li in page.soup.select(f"#goal-{goal.id} .app-suggestion[data-event]")]
    assert suggested == [str(webinar.id)]
    assert "Managing stress at work" in page.text(f"#goal-{goal.id}")
    assert "Sleep well" not in page.text()

    response = client.submit(f"/en/plans/{plan.id}/goals/{goal.id}/offers", {"offer": f"event:{webinar.id}"},
                             token_from=f"/en/plans/{plan.id}")
    assert response.status_code == 302
    action = db.session.scalar(select(PlanAction).where(PlanAction.goal_id == goal.id))
    assert action.event_id == webinar.id

    # The plan links to the existing booking journey, carrying the action.
    page = _plan_page(client, plan.id)
    assert page.soup.select_one(f"#action-{action.id}")["data-state"] == "not_booked"
    book_link = page.soup.select_one(f"#action-{action.id} a.app-book-from-plan")["href"]
    assert book_link == f"/en/events/{webinar.id}?plan_action={action.id}"
    event_page = client.page(book_link)
    form_action = event_page.soup.select_one("form input[name=name_1]").find_parent("form")["action"]
    assert form_action == f"/en/events/{webinar.id}/book?plan_action={action.id}"
    response = client.submit(form_action, {"name_1": "Nia Jones", "email_1": "nia@example.com"},
                             token_from=book_link)
    assert response.status_code == 302
    # Back to the action on the plan, not the event page.
    assert response.headers["Location"] == f"/en/plans/{plan.id}#action-{action.id}"
    db.session.expire_all()
    booking = db.session.scalar(select(Booking).where(Booking.event_id == webinar.id))
    assert db.session.get(PlanAction, action.id).booking_id == booking.id
    page = _plan_page(client, plan.id)
    assert page.soup.select_one(f"#action-{action.id}")["data-state"] == "booked"
    assert page.soup.select_one(f"#action-{action.id}")["data-done"] == "no"

    response = client.submit(f"/en/plans/{plan.id}/agree", token_from=f"/en/plans/{plan.id}")
    assert response.status_code == 302

    # Staff mark attendance on the register once the webinar has happened.
    _move_into_the_past(webinar)
    staff = factories.make_user(Role.STAFF)
    staff_client = sign_in(staff)
    register = f"/en/staff/events/{webinar.id}/register"
    assert staff_client.submit(register, {"attended": [str(booking.id)]}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Booking, booking.id).attendance == Attendance.ATTENDED
    return client, plan, action


def test_a_plan_books_the_suggested_webinar_and_the_programme_page_shows_it_done_and_counted(sign_in):
    client, plan, action = _build_and_book(sign_in, counts_plan=True)
    programme = client.page("/en/programme/")
    item = programme.soup.select_one(f"#plan-action-{action.id}")
    assert item["data-done"] == "yes"
    assert "Attended" in item.get_text()
    assert "Counted as an intervention" in item.get_text()
    assert "1 of 1 action done" in programme.text("#plan-done")
    kinds = sorted(db.session.scalars(select(Intervention.kind)))
    assert kinds == sorted([InterventionKind.SESSION_ATTENDED, InterventionKind.ACTION_PLAN])
    assert "The staff survey and this plan count as an intervention." in programme.text("#plan-intervention")
    interventions = programme.text("#interventions")
    assert "Webinar or event attended" in interventions
    assert "Staff survey and action plan" in interventions
    # Two interventions under the default rule: the plan and the webinar complete the programme.
    assert programme.text("#progress-summary") == "You have completed your workplace health programme"
    page = _plan_page(client, plan.id)
    assert page.soup.select_one(f"#action-{action.id}")["data-state"] == "attended"
    assert page.soup.select_one("#plan-counted") is not None


def test_with_the_rule_not_counting_plans_the_plans_intervention_is_absent(sign_in):
    client, plan, action = _build_and_book(sign_in, counts_plan=False)
    assert list(db.session.scalars(select(Intervention.kind))) == [InterventionKind.SESSION_ATTENDED]
    programme = client.page("/en/programme/")
    assert programme.soup.select_one(f"#plan-action-{action.id}")["data-done"] == "yes"
    assert programme.soup.select_one("#plan-intervention") is None
    assert "Staff survey and action plan" not in programme.text("#interventions")
    assert db.session.get(ActionPlan, plan.id).agreed_at is not None


def test_a_plan_on_a_survey_without_results_shown_is_not_counted(sign_in):
    factories.make_rule_version(counts_action_plan=True)
    employer, organisation = _employer()
    survey = make_survey(organisation, scores={"workload": 2}, responses=4)
    plan = services.start_plan(survey, employer)
    assert plan.goals == []
    services.agree(plan, employer)
    db.session.commit()
    assert db.session.scalar(select(func.count(Intervention.id))) == 0


def test_a_visit_action_goes_to_the_visit_request_and_reads_its_progress(sign_in):
    employer, organisation = _employer()
    survey = make_survey(organisation, scores={"musculoskeletal": 1})
    client = sign_in(employer)
    client.submit(f"/en/plans/survey/{survey.id}/start", token_from="/en/plans/")
    plan = db.session.scalar(select(ActionPlan).where(ActionPlan.survey_id == survey.id))
    goal = plan.goals[0]
    client.submit(f"/en/plans/{plan.id}/goals/{goal.id}/offers", {"offer": "visit:physiotherapy-outreach"},
                  token_from=f"/en/plans/{plan.id}")
    action = db.session.scalar(select(PlanAction).where(PlanAction.goal_id == goal.id))
    page = _plan_page(client, plan.id)
    link = page.soup.select_one(f"#action-{action.id} a.app-book-from-plan")["href"]
    request_page = client.page(link)
    assert request_page.soup.select_one("input[name=visit_type][value=physiotherapy-outreach]").has_attr("checked")
    response = client.submit(link, {"visit_type": "physiotherapy-outreach", "preferred_dates": "Mondays",
                                    "site_address": "1 Stryd Fawr", "staff_count": "5", "language": "cy"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/en/plans/{plan.id}#action-{action.id}"
    db.session.expire_all()
    visit = db.session.scalar(select(VisitRequest))
    assert db.session.get(PlanAction, action.id).visit_request_id == visit.id
    assert _plan_page(client, plan.id).soup.select_one(f"#action-{action.id}")["data-state"] == "requested"
    visit.status = "delivered"
    visit.delivered_at = utcnow()
    db.session.commit()
    row = _plan_page(client, plan.id).soup.select_one(f"#action-{action.id}")
    assert row["data-state"] == "delivered"
    assert row["data-done"] == "yes"


def test_the_adviser_books_and_makes_the_visit_from_the_plan_for_the_employer(sign_in):
    employer, organisation = _employer()
    webinar = _stress_webinar()
    survey = make_survey(organisation, scores={"workload": 2, "musculoskeletal": 1})
    plan = services.start_plan(survey, employer)
    db.session.commit()
    [workload] = [goal for goal in plan.goals if goal.theme_code == "workload"]
    [aches] = [goal for goal in plan.goals if goal.theme_code == "musculoskeletal"]
    adviser = sign_in(factories.make_user(Role.STAFF, partner_slug=organisation.partner.slug))
    for goal, offer in ((workload, f"event:{webinar.id}"), (aches, "visit:physiotherapy-outreach")):
        adviser.submit(f"/en/plans/{plan.id}/goals/{goal.id}/offers", {"offer": offer},
                       token_from=f"/en/plans/{plan.id}")
    [webinar_action] = db.session.scalars(select(PlanAction).where(PlanAction.goal_id == workload.id))
    [visit_action] = db.session.scalars(select(PlanAction).where(PlanAction.goal_id == aches.id))

    page = _plan_page(adviser, plan.id)
    book_link = page.soup.select_one(f"#action-{webinar_action.id} a.app-book-from-plan")["href"]
    assert book_link == f"/en/staff/organisations/{organisation.id}/book/{webinar.id}?plan_action={webinar_action.id}"
    book_page = adviser.page(book_link)
    # Opened from the plan, the page goes back to the action, not to the list of events.
    assert book_page.soup.select_one("a.govuk-back-link")["href"] == f"/en/plans/{plan.id}#action-{webinar_action.id}"
    form_action = book_page.soup.select_one("form input[name=name_1]").find_parent("form")["action"]
    assert form_action == book_link
    response = adviser.submit(form_action, {"name_1": "Nia Jones", "email_1": "nia@example.com"}, token_from=book_link)
    assert response.headers["Location"] == f"/en/plans/{plan.id}#action-{webinar_action.id}"

    visit_link = _plan_page(adviser, plan.id).soup.select_one(f"#action-{visit_action.id} a.app-book-from-plan")["href"]
    visit_page = adviser.page(visit_link)
    assert visit_page.soup.select_one("a.govuk-back-link")["href"] == f"/en/plans/{plan.id}#action-{visit_action.id}"
    assert visit_page.soup.select_one("input[name=visit_type][value=physiotherapy-outreach]").has_attr("checked")
    response = adviser.submit(visit_link, {"visit_type": "physiotherapy-outreach", "preferred_dates": "Mondays",
                                           "site_address": "1 Stryd Fawr", "staff_count": "5", "language": "cy"})
    assert response.headers["Location"] == f"/en/plans/{plan.id}#action-{visit_action.id}"

    db.session.expire_all()
    booking = db.session.scalar(select(Booking).where(Booking.event_id == webinar.id))
    visit = db.session.scalar(select(VisitRequest))
    assert db.session.get(PlanAction, webinar_action.id).booking_id == booking.id
    assert db.session.get(PlanAction, visit_action.id).visit_request_id == visit.id
    page = _plan_page(adviser, plan.id)
    assert page.soup.select_one(f"#action-{webinar_action.id}")["data-state"] == "booked"
    see = page.soup.find("a", string="See the booking")["href"]
    assert see == f"/en/staff/organisations/{organisation.id}/book/{webinar.id}"
    assert page.soup.select_one(f"#action-{visit_action.id}")["data-state"] == "requested"
    # The employer sees the same plan, with its own way to the booking.
    employer_page = _plan_page(sign_in(employer), plan.id)
    assert employer_page.soup.find("a", string="See the booking")["href"] == f"/en/events/{webinar.id}"


def test_the_back_link_goes_to_the_plan_only_for_an_action_of_the_organisation(sign_in):
    employer, organisation = _employer()
    other_employer, other = _employer()
    webinar = _stress_webinar()
    foreign_plan = services.start_plan(make_survey(other, scores={"workload": 2}), other_employer)
    foreign = services.add_offer(foreign_plan.goals[0], other_employer, f"event:{webinar.id}")
    db.session.commit()
    adviser = sign_in(factories.make_user(Role.STAFF, partner_slug=organisation.partner.slug))
    base = f"/en/staff/organisations/{organisation.id}"
    for query in (f"?plan_action={foreign.id}", "?plan_action=nonsense", f"?plan_action={2**70}", ""):
        back = adviser.page(f"{base}/book/{webinar.id}{query}").soup.select_one("a.govuk-back-link")["href"]
        assert back == f"{base}/book", query
        back = adviser.page(f"{base}/visits/new{query}").soup.select_one("a.govuk-back-link")["href"]
        assert back == base, query


def test_a_booking_is_linked_only_to_an_action_of_the_same_organisation_and_event(sign_in):
    employer, organisation = _employer()
    other_employer, other = _employer()
    webinar, another = _stress_webinar(), _stress_webinar()
    plan = services.start_plan(make_survey(other, scores={"workload": 2}), other_employer)
    foreign = services.add_offer(plan.goals[0], other_employer, f"event:{webinar.id}")
    own_plan = services.start_plan(make_survey(organisation, scores={"workload": 2}), employer)
    own = services.add_offer(own_plan.goals[0], employer, f"event:{another.id}")
    db.session.commit()
    client = sign_in(employer)
    for action in (foreign, own):
        url = f"/en/events/{webinar.id}/book?plan_action={action.id}"
        response = client.submit(url, {"name_1": f"Person {action.id}", "email_1": f"p{action.id}@example.com"},
                                 token_from=f"/en/events/{webinar.id}")
        assert response.status_code == 302
        # Nothing was linked: the booking stands, and the employer sees the event as usual.
        assert response.headers["Location"] == f"/en/events/{webinar.id}"
    # Nonsense in the address books all the same, linking nothing.
    response = client.submit(f"/en/events/{webinar.id}/book?plan_action=nonsense",
                             {"name_1": "Third", "email_1": "third@example.com"}, token_from=f"/en/events/{webinar.id}")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(PlanAction, foreign.id).booking_id is None
    assert db.session.get(PlanAction, own.id).booking_id is None
    assert db.session.scalar(select(func.count(Booking.id))) == 3


# --- building the plan ----------------------------------------------------------------------------


def test_the_employer_writes_in_their_own_language_and_staff_in_each_contacts(sign_in):
    employer, organisation = _employer(correspondence_language="cy")
    employer.language = "cy"
    factories.make_user(Role.EMPLOYER, organisation=organisation, language="en")
    plan = services.start_plan(make_survey(organisation, scores={"workload": 2}), employer)
    db.session.commit()
    goal = plan.goals[0]
    client = sign_in(employer, lang="cy")
    form = client.page(f"/cy/plans/{plan.id}/goals/{goal.id}")
    assert [t["name"] for t in form.soup.select("textarea")] == ["goal_cy"]
    response = client.submit(f"/cy/plans/{plan.id}/goals/{goal.id}", {"goal_cy": "Llai o oriau hir"})
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(PlanGoal, goal.id)
    assert (saved.text_cy, saved.text_en) == ("Llai o oriau hir", None)

    staff = factories.make_user(Role.STAFF)
    staff_client = sign_in(staff)
    url = f"/en/plans/{plan.id}/goals/{goal.id}/actions/new"
    page = staff_client.page(url)
    assert [t["name"] for t in page.soup.select("textarea")] == ["action_cy", "action_en"]
    # Both versions are needed: the contacts read Welsh and English. What was typed is kept.
    response = staff_client.submit(url, {"action_cy": "Adolygu rotâu"})
    assert response.status_code == 400
    page = Page(response)
    assert page.error_summary() == ["Enter the action in English"]
    assert page.soup.select_one("textarea[name=action_cy]").get_text() == "Adolygu rotâu"
    response = staff_client.submit(url, {"action_cy": "Adolygu rotâu", "action_en": "Review rotas"})
    assert response.status_code == 302
    action = db.session.scalar(select(PlanAction).where(PlanAction.goal_id == goal.id))
    assert (action.text_cy, action.text_en) == ("Adolygu rotâu", "Review rotas")
    welsh = client.page(f"/cy/plans/{plan.id}")
    assert "Adolygu rotâu" in welsh.text(f"#action-{action.id}")
    assert "Llai o oriau hir" in welsh.text(f"#goal-{goal.id}")


def test_add_edit_remove_goals_and_actions_and_mark_done_all_audited_in_words(sign_in):
    employer, organisation = _employer()
    plan = services.start_plan(make_survey(organisation, scores={"workload": 2}), employer)
    db.session.commit()
    client = sign_in(employer)
    base = f"/en/plans/{plan.id}"
    # A theme not in the survey is refused with a message, not a 500.
    response = client.submit(f"{base}/goals/new", {"theme": "nonsense", "goal_en": "Something"})
    assert response.status_code == 400
    assert Page(response).error_summary()
    response = client.submit(f"{base}/goals/new", {"theme": "support", "goal_en": "Managers check in weekly"})
    assert response.status_code == 302
    goal = db.session.scalar(select(PlanGoal).where(PlanGoal.theme_code == "support"))
    assert goal.text_en == "Managers check in weekly"
    response = client.submit(f"{base}/goals/{goal.id}/actions/new", {"action_en": "Weekly one-to-ones"})
    assert response.status_code == 302
    action = db.session.scalar(select(PlanAction).where(PlanAction.goal_id == goal.id))
    response = client.submit(f"{base}/actions/{action.id}", {"action_en": "Fortnightly one-to-ones"})
    assert response.status_code == 302
    assert client.submit(f"{base}/actions/{action.id}/done", {"done": "1"}, token_from=base).status_code == 302
    row = _plan_page(client, plan.id).soup.select_one(f"#action-{action.id}")
    assert row["data-state"] == "done"
    assert "Fortnightly one-to-ones" in row.get_text()
    assert client.submit(f"{base}/actions/{action.id}/done", {"done": "maybe"}, token_from=base).status_code == 400
    assert client.submit(f"{base}/goals/{goal.id}/offers", {"offer": "event:99999"},
                         token_from=base).status_code == 302
    assert client.submit(f"{base}/goals/{goal.id}/offers", {"offer": "visit:nonsense"},
                         token_from=base).status_code == 302
    assert db.session.scalar(select(func.count(PlanAction.id))) == 1
    assert client.page(f"{base}/actions/{action.id}/remove").h1 == "Remove the action"
    assert client.submit(f"{base}/actions/{action.id}/remove").status_code == 302
    assert client.submit(f"{base}/goals/{goal.id}/remove").status_code == 302
    assert db.session.scalar(select(func.count(PlanGoal.id))) == 1
    assert db.session.scalar(select(func.count(PlanAction.id))) == 0
    actions = set(db.session.scalars(select(AuditEvent.action).where(AuditEvent.target_type == "survey_action_plans")))
    assert actions == {"action_plan_started", "action_plan_goal_added", "action_plan_action_added",
                       "action_plan_action_edited", "action_plan_action_done", "action_plan_action_removed",
                       "action_plan_goal_removed"}
    assert all(is_registered(a) for a in actions)
    audit = sign_in(factories.make_user(Role.ADMIN)).page("/en/admin/audit")
    assert "Action of the action plan marked done" in audit.text("#audit")
    assert "action_plan_" not in audit.text("#audit")


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_another_partner_or_organisation_gets_404(sign_in, lang):
    employer, organisation = _employer()
    survey = make_survey(organisation, scores={"workload": 2})
    plan = services.start_plan(survey, employer)
    db.session.commit()
    goal = plan.goals[0]
    own_staff = factories.make_user(Role.STAFF)
    assert own_staff.partner_id == organisation.partner_id
    assert sign_in(own_staff, lang=lang).get(f"/{lang}/plans/{plan.id}").status_code == 200
    other_partner = factories.make_user(Role.STAFF, partner_slug="north")
    assert other_partner.partner_id != organisation.partner_id
    other_employer, _other = _employer()
    for user in (other_partner, other_employer):
        client = sign_in(user, lang=lang)
        for url in (f"/{lang}/plans/{plan.id}", f"/{lang}/plans/{plan.id}/goals/{goal.id}",
                    f"/{lang}/plans/{plan.id}/goals/new"):
            assert client.get(url).status_code == 404
        response = client.submit(f"/{lang}/plans/survey/{survey.id}/start", token_from=f"/{lang}/plans/")
        assert response.status_code == 404
        assert str(survey.id) not in " ".join(
            tr["data-survey"] for tr in client.page(f"/{lang}/plans/").soup.select("tr[data-survey]"))
    # A goal of another plan under this plan's id is not found either.
    other_plan = services.start_plan(make_survey(_other, scores={"workload": 2}), other_employer)
    db.session.commit()
    client = sign_in(employer, lang=lang)
    assert client.get(f"/{lang}/plans/{plan.id}/goals/{other_plan.goals[0].id}").status_code == 404


# --- a re-survey shows the change ---------------------------------------------------------------------


def test_a_later_survey_shows_the_change_where_both_results_are_shown(sign_in):
    employer, organisation = _employer()
    question_set = make_question_set()
    first = make_survey(organisation, question_set, scores={"workload": 2, "musculoskeletal": 2},
                        opens_on=utcnow().date() - timedelta(days=400))
    plan = services.start_plan(first, employer)
    db.session.commit()
    page = _plan_page(sign_in(employer), plan.id)
    assert page.soup.select_one("#changes") is None
    make_survey(organisation, question_set, scores={"workload": 4, "musculoskeletal": 1}, responses=5,
                opens_on=utcnow().date() - timedelta(days=20))
    page = _plan_page(sign_in(employer), plan.id)
    rows = {tr["data-theme"]: tr.get_text(" ", strip=True) for tr in page.soup.select("#changes tbody tr")}
    assert rows["workload"] == "Workload and demands 2 4"
    assert rows["musculoskeletal"] == "Physical health 2 1"


def test_a_theme_withheld_at_the_later_survey_is_left_out_of_the_change(sign_in):
    employer, organisation = _employer()
    question_set = make_question_set()
    first = make_survey(organisation, question_set, scores={"workload": 2},
                        opens_on=utcnow().date() - timedelta(days=400))
    make_survey(organisation, question_set, scores={"workload": 4}, responses=4,
                opens_on=utcnow().date() - timedelta(days=20))
    plan = services.start_plan(first, employer)
    db.session.commit()
    page = _plan_page(sign_in(employer), plan.id)
    assert page.soup.select_one("#changes") is None
    assert "no theme has a result in both surveys yet" in page.text("#change")


# --- query counts ------------------------------------------------------------------------------------


def _grow(plan, organisation, goals):
    """Add ``goals`` goals, each with a free-text action, a booked event and a requested visit."""
    for n in range(goals):
        goal = PlanGoal(plan_id=plan.id, theme_code="workload", position=10 + n, text_en=f"Goal {n}")
        event = _stress_webinar(commit=False)
        visit = factories.make_visit(organisation, commit=False, visit_type="physiotherapy-outreach")
        db.session.add(goal)
        db.session.flush()
        booking = factories.make_booking(event, organisation, commit=False)
        db.session.flush()
        db.session.add_all([
            PlanAction(goal_id=goal.id, text_en=f"Action {n}"),
            PlanAction(goal_id=goal.id, position=1, event_id=event.id, booking_id=booking.id),
            PlanAction(goal_id=goal.id, position=2, visit_type="physiotherapy-outreach", visit_request_id=visit.id),
        ])
    db.session.commit()


def test_the_plan_page_and_the_programme_page_cost_the_same_queries_at_any_size(sign_in):
    employer, organisation = _employer()
    plan = services.start_plan(make_survey(organisation, scores={"workload": 2, "musculoskeletal": 2}), employer)
    db.session.commit()
    _grow(plan, organisation, 1)
    client = sign_in(employer)
    with count_queries() as small:
        _plan_page(client, plan.id)
    with count_queries() as small_programme:
        client.page("/en/programme/")
    _grow(plan, organisation, 12)
    with count_queries() as large:
        page = _plan_page(client, plan.id)
    with count_queries() as large_programme:
        programme = client.page("/en/programme/")
    assert len(page.soup.select("tr[id^=action-]")) == 39
    assert len(programme.soup.select("#plan-actions li")) == 39
    assert large.count == small.count
    assert large_programme.count == small_programme.count


# --- the rules, the timeline and the programme page ------------------------------------------------


def test_administrators_choose_to_count_a_plan_in_a_new_rule_version(sign_in):
    client = sign_in(factories.make_user(Role.ADMIN))
    page = client.page("/en/programme/rules")
    assert page.soup.select_one("input[name=counts_action_plan]").has_attr("checked") is False
    response = client.submit("/en/programme/rules", {
        "whp_min_interventions": "2", "counts_action_plan": "y", "follow_up_after_days": "182",
        "follow_up_response_days": "28"})
    assert response.status_code == 302
    versions = db.session.scalars(select(RuleVersion).order_by(RuleVersion.number)).all()
    assert [v.counts_action_plan for v in versions] == [False, True]
    page = client.page("/cy/programme/rules")
    assert page.soup.select_one("input[name=counts_action_plan]").has_attr("checked")
    # Newest version first: it counts plans, the first did not.
    assert [td.get_text(strip=True) for td in page.soup.select("#versions tbody tr td:nth-child(6)")] == [
        "Ydy", "Nac ydy"]
    # A version made without saying keeps the choice (the factories' versions, demo data).
    assert factories.make_rule_version(whp_min_interventions=3).counts_action_plan is True


def test_the_plan_is_on_the_timeline_and_its_intervention_is_named(sign_in):
    factories.make_rule_version(counts_action_plan=True)
    employer, organisation = _employer()
    plan = services.start_plan(make_survey(organisation, scores={"workload": 2}), employer)
    services.agree(plan, employer)
    db.session.commit()
    history = sign_in(employer).page("/en/programme/history")
    text = history.text("main")
    assert "Workplace health action plan started" in text
    assert "Workplace health action plan agreed" in text
    assert "Intervention counted: Staff survey and action plan" in text
    welsh = sign_in(employer, lang="cy").page("/cy/programme/history").text("main")
    assert "Cytunwyd ar y cynllun gweithredu iechyd yn y gweithle" in welsh


def test_the_programme_page_offers_a_plan_once_there_is_a_survey(sign_in):
    employer, organisation = _employer()
    client = sign_in(employer)
    assert client.page("/en/programme/").soup.select_one("#action-plan") is None
    make_survey(organisation)
    page = client.page("/en/programme/")
    assert page.soup.select_one("#plan-start a")["href"] == "/en/plans/"


def test_the_list_of_surveys_costs_the_same_queries_at_any_size(sign_in):
    staff = factories.make_user(Role.STAFF)
    question_set = make_question_set()
    organisation = factories.make_organisation()
    services.start_plan(make_survey(organisation, question_set, responses=0), staff)
    db.session.commit()
    client = sign_in(staff)
    with count_queries() as small:
        client.page("/en/plans/")
    for _ in range(25):
        other = factories.make_organisation(commit=False)
        db.session.flush()
        survey = make_survey(other, question_set, responses=0, commit=False)
        services.start_plan(survey, staff, results=[])
    db.session.commit()
    with count_queries() as large:
        page = client.page("/en/plans/")
    assert len(page.soup.select("#surveys tbody tr")) == services.PER_PAGE
    assert page.soup.select_one(".govuk-pagination") is not None
    assert large.count == small.count


def test_the_results_page_starts_the_plan_for_the_employer_and_the_adviser_not_the_champion(sign_in):
    employer, organisation = _employer()
    champion = factories.make_user(Role.CHAMPION, organisation=organisation)
    adviser = factories.make_user(Role.STAFF, partner=organisation.partner)
    survey = make_survey(organisation, scores={"workload": 2}, responses=5)
    url = f"/en/surveys/{survey.id}/results"

    assert sign_in(champion).page(url).soup.select_one("#action-plan") is None
    assert sign_in(adviser).page(url).soup.select_one("#start-plan") is not None
    client = sign_in(employer)
    page = client.page(url)
    form = page.soup.select_one("#start-plan").find_parent("form")
    assert form["action"] == f"/en/plans/survey/{survey.id}/start"
    response = client.submit(form["action"], {})
    plan = db.session.scalar(select(ActionPlan).where(ActionPlan.survey_id == survey.id))
    assert response.headers["Location"].endswith(f"/en/plans/{plan.id}")
    assert client.page(url).soup.select_one("#open-plan")["href"] == f"/en/plans/{plan.id}"
