"""Survey results the employer can act on: withheld below the smallest group, compared with the
previous survey and with organisations of the same size (from ten), free text only after staff
approve it, scoped to the organisation and its partner, in a bounded number of queries."""

from datetime import date

import pytest
from sqlalchemy import select

from portal.audit.labels import is_registered
from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.security import Role
from portal.surveys import results
from portal.surveys.models import CommentStatus, SurveyComment
from portal.surveys.results_pdf import results_pdf
from portal.timeutil import today_in_wales, utcnow
from tests import factories
from tests.champions.pdftext import pdf_text
from tests.helpers import Page, count_queries
from tests.surveys import factories as surveys

WITHHELD = {"en": "No results are shown until at least 5 people have answered",
            "cy": "Ni ddangosir unrhyw ganlyniadau nes bod o leiaf 5 o bobl wedi ateb"}
THEME_WITHHELD = {"en": "Fewer than 5 people answered the questions on this theme",
                  "cy": "Atebodd llai na 5 o bobl y cwestiynau ar y thema hon"}


def _answers(index, question):
    """Workload: the deadline statement answered 2 (turned round: 4), the other 4; support 3; pain 5."""
    if question.theme.code == "workload":
        return 2 if question.reverse_scored else 4
    return {"support": 3, "musculoskeletal": 5}[question.theme.code]


def _employer_survey(responses, employee_count=20, value=_answers, **fields):
    organisation = factories.make_organisation(employee_count=employee_count)
    employer = factories.make_user(Role.EMPLOYER, organisation=organisation)
    survey = surveys.make_survey(organisation, **fields)
    surveys.add_responses(survey, responses, value=value)
    return employer, survey


def _scores(page):
    """{theme code: the cells of its row} in the scores table."""
    return {row["data-theme"]: [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
            for row in page.soup.select("#scores tbody tr")}


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_four_answers_show_no_theme_result_and_say_why(sign_in, lang):
    employer, survey = _employer_survey(4)
    surveys.add_comments(survey, [f"Comment {n}" for n in range(5)], status=CommentStatus.APPROVED)
    page = sign_in(employer, lang=lang).page(f"/{lang}/surveys/{survey.id}/results")
    assert WITHHELD[lang] in page.text("#withheld")
    assert "4" in page.text("#respondents")
    assert page.soup.select_one("#scores") is None
    assert page.soup.select(".app-distribution") == []
    assert page.soup.select_one("#comments") is None
    assert all(not theme.shown and theme.distribution == {} for theme in results.theme_results(survey))


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_five_answers_show_each_themes_score_and_distribution(sign_in, lang):
    employer, survey = _employer_survey(5)
    page = sign_in(employer, lang=lang).page(f"/{lang}/surveys/{survey.id}/results")
    assert page.soup.select_one("#withheld") is None
    scores = _scores(page)
    assert [cells[0] for cells in scores.values()] == ["4.0", "3.0", "5.0"]
    workload = page.soup.select_one("#theme-workload .app-distribution")
    # Ten answers (two statements, five people), all on 4 once the deadline statement is turned round.
    counts = [row.find("td").get_text(strip=True) for row in workload.select("tbody tr")]
    assert counts == ["0", "0", "0", "10", "0"]
    assert "100%" in workload.select("tbody tr")[3].get_text()
    title = {"en": "Workload and demands", "cy": "Llwyth gwaith a gofynion"}[lang]
    assert title in page.text("#scores")


def test_a_theme_fewer_answered_is_withheld_with_the_reason_and_the_others_shown(sign_in):
    employer, survey = _employer_survey(4)
    surveys.add_responses(survey, 1, value=_answers, skip={"support"})
    page = sign_in(employer).page(f"/en/surveys/{survey.id}/results")
    scores = _scores(page)
    assert scores["support"][0] == "Not shown"
    assert scores["workload"][0] == "4.0"
    assert THEME_WITHHELD["en"] in page.text("#theme-support")
    assert page.soup.select_one("#theme-support .app-distribution") is None
    [support] = [theme for theme in results.theme_results(survey) if theme.code == "support"]
    assert (support.respondents, support.score, support.distribution) == (4, None, {})


def test_the_smallest_group_can_be_raised_but_never_lowered(app, monkeypatch):
    _employer, survey = _employer_survey(6)
    monkeypatch.setitem(app.config, "SURVEY_SMALLEST_GROUP", 2)
    assert results.survey_results(survey).threshold == 5
    assert results.survey_results(survey).enough
    monkeypatch.setitem(app.config, "SURVEY_SMALLEST_GROUP", 7)
    found = results.survey_results(survey)
    assert not found.enough
    assert not any(row.theme.shown for row in found.rows)


# --- the previous survey -----------------------------------------------------------------

def test_the_previous_survey_is_compared_theme_by_theme_where_both_are_shown(sign_in):
    employer, survey = _employer_survey(5, opens_on=date(2026, 10, 1))
    organisation = survey.organisation
    # Older than the previous one: never compared with.
    oldest = surveys.make_survey(organisation, opens_on=date(2025, 10, 1))
    surveys.add_responses(oldest, 5, value=1)
    previous = surveys.make_survey(organisation, opens_on=date(2026, 4, 1))
    # Five answered everything with 3 (workload 3.0, musculoskeletal 3.0), but support was skipped
    # by one of them: withheld there, so not compared.
    surveys.add_responses(previous, 4, value=3)
    surveys.add_responses(previous, 1, value=3, skip={"support"})
    found = results.survey_results(survey)
    assert found.previous.id == previous.id
    changes = {row.theme.code: row.change for row in found.rows}
    assert changes == {"workload": 1.0, "support": None, "musculoskeletal": 2.0}

    page = sign_in(employer).page(f"/en/surveys/{survey.id}/results")
    scores = _scores(page)
    assert scores["workload"][1] == "1.0 higher (was 3.0)"
    assert scores["support"][1] == "Not compared"
    assert "1 April 2026" in page.text("#previous")


def test_a_lower_score_and_no_change_read_in_words(sign_in):
    employer, survey = _employer_survey(5, opens_on=date(2026, 10, 1))
    previous = surveys.make_survey(survey.organisation, opens_on=date(2026, 1, 10))
    surveys.add_responses(previous, 5, value=lambda index, question: 5 if question.theme.code == "support" else
                          _answers(index, question))
    page = sign_in(employer, lang="cy").page(f"/cy/surveys/{survey.id}/results")
    scores = _scores(page)
    assert scores["support"][1] == "2.0 yn is (5.0 o'r blaen)"
    assert scores["workload"][1] == "Dim newid"


def test_a_first_survey_says_there_is_nothing_to_compare_with(sign_in):
    employer, survey = _employer_survey(5)
    page = sign_in(employer).page(f"/en/surveys/{survey.id}/results")
    assert "first survey" in page.text("#previous")
    assert len(_scores(page)["workload"]) == 1  # no change column


# --- organisations of the same size --------------------------------------------------------

def _others(count, employee_count=30, value=3):
    for _ in range(count):
        organisation = factories.make_organisation(employee_count=employee_count)
        surveys.add_responses(surveys.make_survey(organisation), 5, value=value)


@pytest.mark.parametrize(("others", "shown"), [(9, False), (10, True)])
def test_the_programme_wide_comparison_appears_only_with_ten_organisations(sign_in, others, shown):
    employer, survey = _employer_survey(5, employee_count=20)
    _others(others)
    # Not of the same size band, not enough answers, or its own: none of these count.
    _others(3, employee_count=300)
    _others(2, employee_count=None)
    thin = surveys.make_survey(factories.make_organisation(employee_count=15))
    surveys.add_responses(thin, 4, value=3)
    own_older = surveys.make_survey(survey.organisation, opens_on=date(2025, 1, 1))
    surveys.add_responses(own_older, 5, value=1)

    page = sign_in(employer).page(f"/en/surveys/{survey.id}/results")
    header = page.text("#scores thead")
    if shown:
        assert "Average of organisations of your size" in header
        assert [cells[-1] for cells in _scores(page).values()] == ["3.0", "3.0", "3.0"]
        assert "Small (10 to 49 employees)" in page.text("#band")
        assert {row.organisations for row in results.survey_results(survey).rows} == {10}
    else:
        assert "Average of organisations of your size" not in header
        assert "Fewer than 10 other organisations" in page.text("#band")


def test_each_organisation_counts_once_with_its_latest_survey_showing_the_theme():
    _employer, survey = _employer_survey(5, employee_count=20)
    _others(8, value=2)
    # An organisation surveyed twice: its latest survey (5s) counts, not its first (1s), however
    # many answered; in another, the latest survey withheld support, so its older one counts there.
    twice = factories.make_organisation(employee_count=12)
    surveys.add_responses(surveys.make_survey(twice, opens_on=date(2025, 3, 1)), 50, value=1)
    surveys.add_responses(surveys.make_survey(twice, opens_on=date(2026, 3, 1)), 5, value=5)
    withheld = factories.make_organisation(employee_count=40)
    surveys.add_responses(surveys.make_survey(withheld, opens_on=date(2025, 3, 1)), 5, value=4)
    latest = surveys.make_survey(withheld, opens_on=date(2026, 3, 1))
    surveys.add_responses(latest, 4, value=2)
    surveys.add_responses(latest, 1, value=2, skip={"support"})
    averages = results.band_averages(survey.organisation_id, "small")
    # Eight at 2, one at 5, and for support one at 4 (its older survey), elsewhere one at 2.
    assert averages["support"] == (round((8 * 2 + 5 + 4) / 10, 1), 10)
    assert averages["musculoskeletal"] == (round((8 * 2 + 5 + 2) / 10, 1), 10)
    # Every statement answered alike: the deadline statement turned round evens workload out at 3.
    assert averages["workload"] == (3.0, 10)
    assert results.band_averages(survey.organisation_id, "unknown") == {}


def test_an_organisation_whose_size_is_not_known_is_told_so(sign_in):
    employer, survey = _employer_survey(5, employee_count=None)
    _others(10, employee_count=None)
    page = sign_in(employer).page(f"/en/surveys/{survey.id}/results")
    assert "number of employees is not known" in page.text("#band")


# --- free text ---------------------------------------------------------------------------

def test_only_approved_comments_are_shown_and_only_once_five_were_given(sign_in):
    employer, survey = _employer_survey(5)
    surveys.add_comments(survey, ["Approved one", "Approved two"], status=CommentStatus.APPROVED)
    surveys.add_comments(survey, ["Still waiting"])
    surveys.add_comments(survey, ["Names my manager"], status=CommentStatus.REMOVED)
    client = sign_in(employer)
    # Four given: none shown, even approved ones.
    page = client.page(f"/en/surveys/{survey.id}/results")
    assert "Fewer than 5 people wrote a comment" in page.text("#comments")
    assert page.soup.select(".app-comment") == []

    surveys.add_comments(survey, ["Waiting too"])
    page = client.page(f"/en/surveys/{survey.id}/results")
    assert [item.get_text() for item in page.soup.select(".app-comment")] == ["Approved one", "Approved two"]
    assert "2 comments are still waiting to be read" in page.text("#comments")
    assert "Names my manager" not in page.html
    assert "Still waiting" not in page.html


def test_comment_text_is_shown_escaped(sign_in):
    employer, survey = _employer_survey(5)
    surveys.add_comments(survey, ["<script>alert(1)</script> & <b>bold</b>"] + [f"Fine {n}" for n in range(4)],
                         status=CommentStatus.APPROVED)
    page = sign_in(employer).page(f"/en/surveys/{survey.id}/results")
    assert "<script>alert(1)</script>" not in page.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page.html
    staff = factories.make_user(Role.STAFF)
    staff_page = sign_in(staff).page(f"/en/staff/survey-comments/{survey.id}")
    assert "<script>alert(1)</script>" not in staff_page.html
    assert "&lt;script&gt;" in staff_page.html


def test_staff_approve_and_remove_comments_audited_and_the_employer_sees_the_approved(sign_in):
    employer, survey = _employer_survey(5)
    comments = surveys.add_comments(survey, [f"Comment {n}" for n in range(5)])
    staff = factories.make_user(Role.STAFF, full_name="Siân Adviser")
    client = sign_in(staff)
    listing = client.page("/en/staff/survey-comments")
    assert survey.organisation.name in listing.text("#surveys")
    assert "5" in listing.text("#surveys")

    page = client.page(f"/en/staff/survey-comments/{survey.id}")
    assert len(page.soup.select("#waiting-comments li")) == 5
    assert "only once at least 5 people have written one" in page.text("#threshold")
    url = f"/en/staff/survey-comments/{survey.id}"
    for comment in comments[:3]:
        response = client.submit(f"{url}/{comment.id}/approve", token_from=url)
        assert response.status_code == 302
    response = client.submit(f"{url}/{comments[3].id}/remove", token_from=url, follow_redirects=True)
    assert "The comment is removed" in Page(response).text(".govuk-notification-banner")

    db.session.expire_all()
    statuses = {comment.id: comment.status for comment in db.session.scalars(select(SurveyComment))}
    assert [statuses[comment.id] for comment in comments] == ["approved"] * 3 + ["removed", "waiting"]
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.target_type == "survey_comments")
                                .order_by(AuditEvent.id)).all()
    assert [event.action for event in events] == ["survey_comment_approved"] * 3 + ["survey_comment_removed"]
    assert all(is_registered(event.action) for event in events)
    assert {event.organisation_id for event in events} == {survey.organisation_id}
    assert {event.actor_id for event in events} == {staff.id}
    # The audit keeps no comment's words.
    assert not any("Comment" in str(event.details) for event in events)

    page = sign_in(employer).page(f"/en/surveys/{survey.id}/results")
    assert [item.get_text() for item in page.soup.select(".app-comment")] == ["Comment 0", "Comment 1", "Comment 2"]
    # The audit trail reads the action in words.
    admin = factories.make_user(Role.ADMIN)
    audit = sign_in(admin, lang="cy").page("/cy/admin/audit")
    assert "Sylw o'r arolwg staff wedi'i gymeradwyo" in audit.text("#audit")


def test_moderating_without_a_valid_form_changes_nothing(sign_in):
    _employer, survey = _employer_survey(5)
    [comment] = surveys.add_comments(survey, ["Hello"])
    client = sign_in(factories.make_user(Role.STAFF))
    response = client.post(f"/en/staff/survey-comments/{survey.id}/{comment.id}/approve", data={})
    assert response.status_code == 400
    assert client.post(f"/en/staff/survey-comments/{survey.id}/{comment.id}/publish",
                       data={"csrf_token": client.csrf_token()}).status_code == 404
    db.session.expire_all()
    assert db.session.get(SurveyComment, comment.id).status == "waiting"
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.target_type == "survey_comments")) is None


# --- who may see what ------------------------------------------------------------------------

def test_champions_and_the_partners_staff_read_the_results_and_others_get_404(sign_in):
    employer, survey = _employer_survey(5)
    [comment] = surveys.add_comments(survey, ["Hello"])
    organisation = survey.organisation
    champion = factories.make_user(Role.CHAMPION, organisation=organisation)
    own_staff = factories.make_user(Role.STAFF, partner_slug=organisation.partner.slug)
    sign_in(champion).page(f"/en/surveys/{survey.id}/results")
    sign_in(own_staff).page(f"/en/surveys/{survey.id}/results")

    assert organisation.partner.slug == "south-east"
    other_staff = sign_in(factories.make_user(Role.STAFF, partner_slug="north-west"))
    other_employer = sign_in(factories.make_user(Role.EMPLOYER))
    for client in (other_staff, other_employer):
        assert client.get(f"/en/surveys/{survey.id}/results").status_code == 404
        assert client.get(f"/en/surveys/{survey.id}/results.pdf").status_code == 404
        assert client.get(f"/en/surveys/{survey.id + 1000}/results").status_code == 404
    assert other_staff.get(f"/en/staff/survey-comments/{survey.id}").status_code == 404
    response = other_staff.submit(f"/en/staff/survey-comments/{survey.id}/{comment.id}/approve",
                                  token_from="/en/staff/survey-comments")
    assert response.status_code == 404
    assert organisation.name not in other_staff.page("/en/staff/survey-comments").html
    # A comment of another survey through this survey's address is not found either.
    _other_employer, other_survey = _employer_survey(5)
    [other_comment] = surveys.add_comments(other_survey, ["Elsewhere"])
    own = sign_in(own_staff)
    response = own.submit(f"/en/staff/survey-comments/{survey.id}/{other_comment.id}/approve",
                          token_from="/en/staff/survey-comments")
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(SurveyComment, other_comment.id).status == "waiting"


# --- the PDF -------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_pdf_shows_what_the_page_shows_in_the_readers_language(sign_in, lang):
    employer, survey = _employer_survey(4)
    surveys.add_responses(survey, 1, value=_answers, skip={"support"})
    surveys.add_comments(survey, [f"Sylw {n}" for n in range(5)], status=CommentStatus.APPROVED)
    previous = surveys.make_survey(survey.organisation, opens_on=date(2026, 1, 5))
    surveys.add_responses(previous, 5, value=3)
    response = sign_in(employer).get(f"/{lang}/surveys/{survey.id}/results.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text = " ".join(pdf_text(response.data).split())
    expected = {
        "en": ["Staff well-being survey results", "Workload and demands", "4.0", "1.0 higher (was 3.0)",
               THEME_WITHHELD["en"], "Sylw 0", "10 answers (100%)"],
        "cy": ["Canlyniadau'r arolwg llesiant staff", "Llwyth gwaith a gofynion", "4.0", "1.0 yn uwch (3.0 o'r blaen)",
               THEME_WITHHELD["cy"], "Sylw 0", "10 ateb (100%)"],
    }[lang]
    for words in expected:
        assert words in text, words
    assert ("Workload and demands" in text) == (lang == "en")


def test_the_pdf_of_too_few_answers_withholds_everything():
    _employer, survey = _employer_survey(3)
    surveys.add_comments(survey, [f"Comment {n}" for n in range(5)], status=CommentStatus.APPROVED)
    with_few = results.survey_results(survey)
    text = " ".join(pdf_text(results_pdf(with_few, "en")).split())
    assert WITHHELD["en"] in text
    assert "Workload" not in text
    # Comments are results too: even five approved ones wait until five people have answered.
    assert "Comment 0" not in text


# --- queries -------------------------------------------------------------------------------

def test_the_results_page_and_pdf_cost_the_same_queries_for_5_and_500_responses(sign_in):
    employer, survey = _employer_survey(5)
    previous = surveys.make_survey(survey.organisation, opens_on=date(2026, 1, 5))
    surveys.add_responses(previous, 5, value=3)
    _others(10)
    surveys.add_comments(survey, [f"Comment {n}" for n in range(5)], status=CommentStatus.APPROVED)
    client = sign_in(employer)
    client.page(f"/en/surveys/{survey.id}/results")
    with count_queries() as small:
        client.page(f"/en/surveys/{survey.id}/results")
    with count_queries() as small_pdf:
        client.get(f"/en/surveys/{survey.id}/results.pdf")
    surveys.add_responses(survey, 495, value=_answers)
    surveys.add_responses(previous, 495, value=2)
    surveys.add_comments(survey, [f"More {n}" for n in range(200)], status=CommentStatus.APPROVED)
    _others(5)
    with count_queries() as large:
        page = client.page(f"/en/surveys/{survey.id}/results")
    with count_queries() as large_pdf:
        client.get(f"/en/surveys/{survey.id}/results.pdf")
    assert "500" in page.text("#respondents")
    assert len(page.soup.select(".app-comment")) == 205
    assert large.count == small.count
    assert large_pdf.count == small_pdf.count


def test_the_comments_to_check_cost_the_same_queries_for_one_survey_and_many(sign_in):
    staff = factories.make_user(Role.STAFF)
    _employer, survey = _employer_survey(5)
    surveys.add_comments(survey, ["One"])
    client = sign_in(staff)
    with count_queries() as small:
        client.page("/en/staff/survey-comments")
    with count_queries() as small_survey:
        client.page(f"/en/staff/survey-comments/{survey.id}")
    for _ in range(30):
        other = surveys.make_survey(factories.make_organisation())
        surveys.add_comments(other, ["A", "B"])
    surveys.add_comments(survey, [f"More {n}" for n in range(50)])
    with count_queries() as large:
        page = client.page("/en/staff/survey-comments")
    with count_queries() as large_survey:
        client.page(f"/en/staff/survey-comments/{survey.id}")
    assert len(page.soup.select("#surveys tbody tr")) == 31
    assert large.count == small.count
    assert large_survey.count == small_survey.count


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_a_survey_still_open_says_its_results_may_change(sign_in, lang):
    employer, survey = _employer_survey(5, opens_on=today_in_wales())
    client = sign_in(employer, lang=lang)
    notice = {"en": "still open", "cy": "yn dal ar agor"}[lang]
    assert notice in client.page(f"/{lang}/surveys/{survey.id}/results").text("#still-open")
    survey.closed_at = utcnow()
    db.session.commit()
    assert client.page(f"/{lang}/surveys/{survey.id}/results").soup.select_one("#still-open") is None
