"""Staff answer their employer's survey without an account: one theme a page, check and
send; nothing stored ties an answer to a person, a device or a time finer than a day;
one response per browser; rate limit and honeypot; surveys not open, closed or unknown."""

import logging
from datetime import timedelta

import pytest
from sqlalchemy import DateTime, func, inspect, select

from portal.extensions import db
from portal.surveys import services
from portal.surveys.models import BrowserMark, CommentStatus, Survey, SurveyAnswer, SurveyComment, SurveyResponse
from portal.surveys.questions import THEMES
from portal.surveys.routes import ANSWERED_COOKIE
from portal.timeutil import today_in_wales, utcnow
from portal.tokens import hash_token
from tests import factories
from tests.helpers import Page

ANONYMOUS_TABLES = ("survey_responses", "survey_answers", "survey_comments", "survey_browser_marks")


def _survey(opens_in=0, days=21, organisation=None):
    organisation = organisation or factories.make_organisation(eligibility_status="verified")
    employer = factories.make_user("employer", organisation=organisation)
    today = today_in_wales()
    if opens_in >= 0:
        survey = services.open_survey(organisation.id, today + timedelta(days=opens_in),
                                      today + timedelta(days=opens_in + days), employer)
    else:
        # A survey that has run its course: made directly, as no one may open one in the past.
        survey = services.open_survey(organisation.id, today, today + timedelta(days=days), employer)
        survey.opens_on, survey.closes_on = today + timedelta(days=opens_in - days), today + timedelta(days=opens_in)
    db.session.commit()
    return survey


def _question_ids(survey):
    return {page.code: [s.id for s in page.statements] for page in services.theme_pages(survey.question_set_id, "en")}


def _answer_every_page(client, survey, lang="en", value="4", comment="More breaks, please."):
    """Answer every theme page with ``value`` (the first statement of each: "Prefer not to say")."""
    code = survey.code
    client.page(f"/{lang}/survey/{code}/")
    for theme, ids in _question_ids(survey).items():
        data = {f"q{qid}": value for qid in ids}
        data[f"q{ids[0]}"] = services.UNSAID
        response = client.submit(f"/{lang}/survey/{code}/questions/{theme}", data)
        assert response.status_code == 302, (theme, Page(response).error_summary())
    response = client.submit(f"/{lang}/survey/{code}/comments", {"comment": comment})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/{lang}/survey/{code}/check")


def _send(client, survey, lang="en", **extra):
    # The token from another page: a browser that already answered is shown no form.
    return client.submit(f"/{lang}/survey/{survey.code}/check", extra, token_from="/en/sign-in")


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_member_of_staff_answers_page_by_page_and_sends(client):
    survey = _survey()
    code = survey.code
    start = client.page(f"/en/survey/{code}/")
    assert "anonymous" in start.text("main")
    first = start.soup.select_one("a.govuk-button--start")["href"]
    assert first == f"/en/survey/{code}/questions/workload"
    page = client.page(first)
    assert page.text("h1") == "Workload and demands"
    # Five points, "or", then "Prefer not to say", for each statement.
    labels = [label.get_text(strip=True) for label in page.soup.select("fieldset")[0].select("label")]
    assert labels == ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree",
                      "Prefer not to say"]
    assert page.soup.select_one(".govuk-radios__divider").get_text(strip=True) == "or"

    _answer_every_page(client, survey)
    check = client.page(f"/en/survey/{code}/check")
    assert "Prefer not to say" in check.text("main")
    assert "More breaks, please." in check.text("main")
    response = _send(client, survey)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/en/survey/{code}/sent")
    assert "Your answers have been sent" in client.page(f"/en/survey/{code}/sent").text("h1")

    [stored] = db.session.scalars(select(SurveyResponse)).all()
    assert stored.survey_id == survey.id
    assert stored.answered_on == today_in_wales()
    # "Prefer not to say" stores no answer: one statement per theme is missing.
    statements = sum(len(statements) for _code, _titles, statements in THEMES)
    answers = db.session.scalars(select(SurveyAnswer)).all()
    assert len(answers) == statements - len(THEMES)
    assert {answer.value for answer in answers} == {4}
    [comment] = db.session.scalars(select(SurveyComment)).all()
    assert (comment.survey_id, comment.text, comment.status) == (survey.id, "More breaks, please.",
                                                                 CommentStatus.WAITING)
    assert _count(BrowserMark) == 1


def test_nothing_stored_ties_an_answer_to_a_person_a_device_or_a_time(app, client):
    survey = _survey()
    _answer_every_page(client, survey)
    response = _send(client, survey, **{})
    assert response.status_code == 302
    inspector = inspect(db.engine)
    columns = {table: {column["name"]: column for column in inspector.get_columns(table)}
               for table in ANONYMOUS_TABLES}
    # Exactly these columns: a day, the points, the text, a hash; nothing else.
    assert set(columns["survey_responses"]) == {"id", "survey_id", "answered_on"}
    assert set(columns["survey_answers"]) == {"id", "response_id", "question_id", "value"}
    assert set(columns["survey_comments"]) == {"id", "survey_id", "text", "status", "moderated_at",
                                               "moderated_by_id"}
    assert set(columns["survey_browser_marks"]) == {"id", "survey_id", "token_hash"}
    # No time finer than a day where people's answers are kept (moderated_at is when
    # staff moderated, and is empty until they do).
    for table in ("survey_responses", "survey_answers", "survey_browser_marks"):
        assert not [name for name, column in columns[table].items() if isinstance(column["type"], DateTime)]
    # The comment has no way back to the response, and the mark none to either.
    keys = {table: {fk["referred_table"] for fk in inspector.get_foreign_keys(table)} for table in ANONYMOUS_TABLES}
    assert keys["survey_comments"] == {"surveys", "users"}
    assert keys["survey_browser_marks"] == {"surveys"}

    # And the stored rows hold nothing of the request: no address, no browser, no time.
    headers = {"User-Agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) TellTale/1.0"}
    other = app.test_client()
    _answer_every_page(other, survey, comment="Second person")
    other.submit(f"/en/survey/{survey.code}/check", {}, headers=headers,
                 environ_base={"REMOTE_ADDR": "203.0.113.77"})
    assert _count(SurveyResponse) == 2
    values = []
    for table in ANONYMOUS_TABLES:
        for row in db.session.execute(select(db.metadata.tables[table])).mappings():
            values.extend(str(value) for value in row.values() if value is not None)
    stored = " ".join(values)
    for telltale in ("203.0.113.77", "127.0.0.1", "TellTale", "Mozilla", utcnow().strftime("%H:%M")):
        assert telltale not in stored
    [comment] = db.session.scalars(select(SurveyComment).where(SurveyComment.text == "Second person")).all()
    assert comment.moderated_at is None


def test_the_browser_keeps_only_a_random_token_and_the_database_only_its_hash(client):
    survey = _survey()
    _answer_every_page(client, survey)
    response = _send(client, survey)
    cookies = [value for value in response.headers.getlist("Set-Cookie") if value.startswith(ANSWERED_COOKIE)]
    # One for each language's pages (a cookie's path is its scope), both the same token.
    assert sorted(c.split("Path=")[1].split(";")[0] for c in cookies) == [f"/cy/survey/{survey.code}/",
                                                                           f"/en/survey/{survey.code}/"]
    for cookie in cookies:
        assert "HttpOnly" in cookie
        assert "SameSite=Lax" in cookie
        assert "Max-Age=31536000" in cookie
    token = cookies[0].split(";")[0].split("=", 1)[1]
    assert len(token) >= 40
    [mark] = db.session.scalars(select(BrowserMark)).all()
    assert mark.token_hash == hash_token(token)
    assert token not in mark.token_hash
    # The answers have left the session.
    page = client.page(f"/en/survey/{survey.code}/questions/workload")
    assert not page.soup.select("input[type=radio][checked]")


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_same_browser_is_refused_politely_the_second_time(client, lang):
    survey = _survey()
    _answer_every_page(client, survey, lang=lang)
    assert _send(client, survey, lang=lang).status_code == 302
    heading = {"en": "You have already answered this survey", "cy": "Rydych chi eisoes wedi ateb yr arolwg hwn"}
    for path in ("", "questions/workload", "check"):
        page = client.page(f"/{lang}/survey/{survey.code}/{path}")
        assert page.text("h1") == heading[lang]
    # The other language's pages know too (the cookie is set for both).
    other = "cy" if lang == "en" else "en"
    assert client.page(f"/{other}/survey/{survey.code}/").text("h1") == heading[other]
    # Answering again and sending (say, from a page left open) stores nothing more.
    response = _send(client, survey, lang=lang)
    assert response.status_code == 200
    assert Page(response).text("h1") == heading[lang]
    assert _count(SurveyResponse) == 1
    assert _count(SurveyComment) == 1


def test_another_browser_can_answer(app, client):
    survey = _survey()
    _answer_every_page(client, survey)
    _send(client, survey)
    other = app.test_client()
    _answer_every_page(other, survey, value="2")
    assert _send(other, survey).status_code == 302
    assert _count(SurveyResponse) == 2
    assert _count(BrowserMark) == 2


def test_the_honeypot_stores_nothing_but_looks_sent(client, caplog):
    survey = _survey()
    _answer_every_page(client, survey)
    response = _send(client, survey, website="http://spam.example")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/en/survey/{survey.code}/sent")
    assert not [c for c in response.headers.getlist("Set-Cookie") if c.startswith(ANSWERED_COOKIE)]
    for model in (SurveyResponse, SurveyAnswer, SurveyComment, BrowserMark):
        assert _count(model) == 0


def test_sending_is_rate_limited_per_address(app, limits):
    limits(SURVEY_LIMIT_PER_ADDRESS="2 per hour")
    survey = _survey()
    outcomes = []
    for _ in range(3):
        browser = app.test_client()  # a new browser each time: only the address is shared
        _answer_every_page(browser, survey)
        outcomes.append(_send(browser, survey).status_code)
    assert outcomes == [302, 302, 429]
    assert _count(SurveyResponse) == 2


def test_going_over_the_limit_writes_no_address_to_the_logs(app, limits):
    limits(SURVEY_LIMIT_PER_ADDRESS="1 per hour")
    survey = _survey()
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    # Everything at INFO, as a deployment that logs requests would: the request log and
    # whatever the libraries say (Flask-Limiter names the address that went over a limit).
    root, portal_log = logging.getLogger(), logging.getLogger("portal")
    levels = (root.level, portal_log.level)
    root.setLevel(logging.INFO)
    portal_log.setLevel(logging.INFO)
    root.addHandler(handler)
    try:
        for _ in range(2):
            browser = app.test_client()
            _answer_every_page(browser, survey)
            response = browser.submit(f"/en/survey/{survey.code}/check", {}, token_from="/en/sign-in",
                                      environ_base={"REMOTE_ADDR": "198.51.100.23"})
    finally:
        root.removeHandler(handler)
        root.setLevel(levels[0])
        portal_log.setLevel(levels[1])
    assert response.status_code == 429
    # The request log was written (so the check could fail), without the address.
    assert [r for r in records if r.name == "portal.requests" and getattr(r, "path", "").endswith("/check")]
    assert not [r for r in records if "198.51.100.23" in r.getMessage() + str(vars(r))]


def test_language_switch_keeps_progress(client):
    survey = _survey()
    ids = _question_ids(survey)
    client.page(f"/en/survey/{survey.code}/")
    client.submit(f"/en/survey/{survey.code}/questions/workload", {f"q{qid}": "5" for qid in ids["workload"]})
    page = client.page(f"/cy/survey/{survey.code}/questions/workload")
    assert page.text("h1") == "Llwyth gwaith a gofynion"
    assert len(page.soup.select("input[type=radio][value='5'][checked]")) == len(ids["workload"])
    # The check page sends people to the first page not answered yet, in their language.
    response = client.get(f"/cy/survey/{survey.code}/check")
    assert response.headers["Location"].endswith(f"/cy/survey/{survey.code}/questions/control")


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_every_statement_needs_an_answer_and_nothing_chosen_is_lost(client, lang):
    survey = _survey()
    ids = _question_ids(survey)["workload"]
    client.page(f"/{lang}/survey/{survey.code}/")
    page = Page(client.submit(f"/{lang}/survey/{survey.code}/questions/workload", {f"q{ids[0]}": "2"}))
    statements = [s.text for s in services.theme_pages(survey.question_set_id, lang)[0].statements]
    expected = {"en": "Select how much you agree with “{}”, or ‘Prefer not to say’",
                "cy": "Dewiswch i ba raddau rydych chi'n cytuno, neu ‘Byddai'n well gennyf beidio â dweud’: “{}”"}
    assert page.error_summary() == [expected[lang].format(text.rstrip(".")) for text in statements[1:]]
    assert page.soup.select_one(f"input[name=q{ids[0]}][value='2']").has_attr("checked")


def test_answers_that_are_not_on_the_scale_are_refused(client):
    survey = _survey()
    ids = _question_ids(survey)["workload"]
    client.page(f"/en/survey/{survey.code}/")
    page = Page(client.submit(f"/en/survey/{survey.code}/questions/workload", {f"q{qid}": "9" for qid in ids}))
    assert len(page.error_summary()) == len(ids)
    # Points smuggled into the session for another set's questions are never stored.
    assert services.kept_answers(survey, {"999999": "5", str(ids[0]): "7", str(ids[1]): "3", "x": "1"}) == {
        ids[1]: 3}


def test_changing_an_answer_from_the_check_page_returns_to_it(client):
    survey = _survey()
    _answer_every_page(client, survey)
    ids = _question_ids(survey)["control"]
    check = client.page(f"/en/survey/{survey.code}/check")
    change = check.soup.select_one(f"a[href='/en/survey/{survey.code}/questions/control?change=1']")
    assert change is not None
    response = client.submit(change["href"], {f"q{qid}": "1" for qid in ids})
    assert response.headers["Location"].endswith(f"/en/survey/{survey.code}/check")
    _send(client, survey)
    values = db.session.scalars(select(SurveyAnswer.value).where(SurveyAnswer.question_id.in_(ids))).all()
    assert values == [1] * len(ids)


def test_the_comment_is_optional(client):
    survey = _survey()
    _answer_every_page(client, survey, comment="   ")
    assert _send(client, survey).status_code == 302
    assert _count(SurveyResponse) == 1
    assert _count(SurveyComment) == 0


def test_a_long_comment_is_refused_with_its_text_kept(client):
    survey = _survey()
    client.page(f"/en/survey/{survey.code}/")
    text = "x" * (services.COMMENT_LIMIT + 1)
    page = Page(client.submit(f"/en/survey/{survey.code}/comments", {"comment": text}))
    assert len(page.error_summary()) == 1
    assert page.soup.select_one("textarea[name=comment]").get_text() == text


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_a_survey_not_open_yet_or_closed_says_so(client, lang):
    later = _survey(opens_in=5)
    page = client.page(f"/{lang}/survey/{later.code}/")
    assert page.text("h1") == {"en": "This survey is not open yet", "cy": "Nid yw'r arolwg hwn ar agor eto"}[lang]
    client.page(f"/{lang}/survey/{later.code}/questions/workload")
    over = _survey(opens_in=-1)
    closed = {"en": "This survey has closed", "cy": "Mae'r arolwg hwn wedi cau"}[lang]
    assert client.page(f"/{lang}/survey/{over.code}/").text("h1") == closed
    assert Page(client.submit(f"/{lang}/survey/{over.code}/check", {}, token_from="/en/sign-in")).text("h1") == closed


def test_a_survey_closed_while_someone_answers_takes_nothing(client):
    survey = _survey()
    _answer_every_page(client, survey)
    services.close_survey(survey, None)
    db.session.commit()
    page = Page(client.submit(f"/en/survey/{survey.code}/check", {}, token_from="/en/sign-in"))
    assert page.text("h1") == "This survey has closed"
    assert _count(SurveyResponse) == 0


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_an_unknown_code_is_a_clear_page(client, lang):
    page = client.page(f"/{lang}/survey/not-a-code/", expect=404)
    assert page.text("h1") == {"en": "We cannot find this survey", "cy": "Ni allwn ddod o hyd i'r arolwg hwn"}[lang]
    client.page(f"/{lang}/survey/{'x' * 200}/questions/workload", expect=404)
    client.page(f"/{lang}/survey/not-a-code/sent", expect=404)
    survey = _survey()
    client.page(f"/{lang}/survey/{survey.code}/questions/no-such-theme", expect=404)


def test_a_survey_keeps_asking_its_own_questions(client):
    survey = _survey()
    assert db.session.get(Survey, survey.id).question_set_id == services.question_set_of(survey).id
