"""The question sets: the team's default, written in both languages, made when first needed;
administrators edit sets as data, and a set a survey asked is copied, never changed."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.audit.labels import is_registered
from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.surveys import questions, services
from portal.surveys.models import QuestionSet, Survey, SurveyQuestion, SurveyTheme
from portal.timeutil import today_in_wales
from tests import factories
from tests.helpers import Page, count_queries

CODES = ("workload", "control", "manager_support", "peer_support", "relationships", "role", "change", "physical",
         "musculoskeletal", "mental", "support_use")


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_default_set_is_made_when_first_needed_and_only_then():
    assert _count(QuestionSet) == 0
    first = questions.default_set()
    db.session.commit()
    assert first.is_default
    assert questions.default_set().id == first.id
    assert _count(QuestionSet) == 1


def test_the_default_set_covers_every_theme_in_both_languages():
    question_set = questions.default_set()
    themes = questions.themes_of(question_set)
    assert tuple(theme.code for theme in themes) == CODES
    assert question_set.free_text_en
    assert question_set.free_text_cy
    reversed_ = 0
    for theme in themes:
        assert theme.title_en
        assert theme.title_cy
        assert theme.title_en != theme.title_cy
        assert 2 <= len(theme.questions) <= 3, theme.code
        for question in theme.questions:
            assert question.text_en.endswith(".")
            assert question.text_cy.endswith(".")
            assert question.text_en != question.text_cy
            reversed_ += question.reverse_scored
    assert 4 <= reversed_ <= 12


def _open_survey(question_set=None):
    organisation = factories.make_organisation(eligibility_status="verified")
    today = today_in_wales()
    survey = services.open_survey(organisation.id, today, today + timedelta(days=14), None)
    db.session.commit()
    return survey


def test_a_set_not_yet_used_is_changed_in_place(app):
    admin = factories.make_user("admin")
    question_set = questions.default_set()
    theme = questions.themes_of(question_set)[0]
    changed = questions.update_theme(theme, {"code": "workload", "title_en": "Workload", "title_cy": "Llwyth gwaith",
                                             "description_en": "", "description_cy": ""}, admin)
    db.session.commit()
    assert changed.id == question_set.id
    assert _count(QuestionSet) == 1
    assert questions.themes_of(question_set)[0].title_en == "Workload"


def test_a_set_a_survey_asked_is_copied_into_a_new_version_and_the_old_retired():
    admin = factories.make_user("admin")
    survey = _open_survey()
    old = db.session.get(QuestionSet, survey.question_set_id)
    old_theme = questions.themes_of(old)[0]
    old_question = old_theme.questions[0]
    before = (old_question.text_en, len(old_theme.questions))

    new = questions.update_question(old_question, {"text_en": "I have time to do my work well.",
                                                   "text_cy": old_question.text_cy, "reverse_scored": False}, admin)
    db.session.commit()
    db.session.expire_all()
    assert new.id != old.id
    assert new.replaces_id == old.id
    assert old.retired_at is not None
    assert (new.is_default, old.is_default) == (True, False)
    # The survey keeps asking exactly what it asked.
    survey = db.session.get(Survey, survey.id)
    assert survey.question_set_id == old.id
    same = questions.themes_of(old)[0]
    assert (same.questions[0].text_en, len(same.questions)) == before
    assert services.theme_pages(survey.question_set_id, "en")[0].statements[0].text == before[0]
    # The new version has the change and every other theme and statement, with the same codes.
    new_themes = questions.themes_of(new)
    assert new_themes[0].questions[0].text_en == "I have time to do my work well."
    assert [t.code for t in new_themes] == [t.code for t in questions.themes_of(old)]
    assert services.question_count(new.id) == services.question_count(old.id)
    # A second change lands in the same new version (no survey has asked it yet).
    again = questions.move_question(new_themes[0].questions[0], "down", admin)
    db.session.commit()
    assert again.id == new.id
    assert _count(QuestionSet) == 2
    # A retired set is never changed.
    with pytest.raises(ValueError, match="retired"):
        questions.for_change(old, admin)
    # New surveys ask the new version.
    assert _open_survey().question_set_id == new.id
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert "survey_question_set_versioned" in actions
    assert "survey_question_changed" in actions


def test_each_kind_of_change_is_made_and_audited_in_words():
    admin = factories.make_user("admin")
    question_set = questions.create_set({"name_en": "Short check", "name_cy": "Gwiriad byr", "free_text_en": "",
                                         "free_text_cy": ""}, admin)
    questions.add_theme(question_set, {"code": "sleep", "title_en": "Sleep", "title_cy": "Cwsg"}, admin)
    questions.add_theme(question_set, {"code": "travel", "title_en": "Travel", "title_cy": "Teithio"}, admin)
    sleep, travel = questions.themes_of(question_set)
    questions.add_question(sleep, {"text_en": "I sleep well.", "text_cy": "Rwy'n cysgu'n dda.",
                                   "reverse_scored": False}, admin)
    questions.add_question(sleep, {"text_en": "I am tired at work.", "text_cy": "Rwy'n flinedig yn y gwaith.",
                                   "reverse_scored": True}, admin)
    questions.move_theme(travel, "up", admin)
    assert [t.code for t in questions.themes_of(question_set)] == ["travel", "sleep"]
    first = questions.themes_of(question_set)[1].questions[0]
    questions.move_question(first, "down", admin)
    assert [q.text_en for q in questions.themes_of(question_set)[1].questions] == ["I am tired at work.",
                                                                                  "I sleep well."]
    questions.remove_question(first, admin)
    questions.remove_theme(questions.themes_of(question_set)[0], admin)
    assert [t.code for t in questions.themes_of(question_set)] == ["sleep"]
    assert [q.text_en for q in questions.themes_of(question_set)[0].questions] == ["I am tired at work."]
    assert questions.make_default(question_set, admin)
    assert questions.default_set().id == question_set.id
    db.session.commit()
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert actions == {"survey_question_set_created", "survey_theme_added", "survey_question_added",
                       "survey_theme_moved", "survey_question_moved", "survey_question_removed",
                       "survey_theme_removed", "survey_question_set_made_default"}
    assert all(is_registered(action) for action in actions)


def test_a_set_with_no_questions_cannot_be_the_default():
    admin = factories.make_user("admin")
    empty = questions.create_set({"name_en": "Empty", "name_cy": "Gwag"}, admin)
    assert not questions.make_default(empty, admin)


def test_administrators_edit_a_set_through_the_pages(sign_in):
    admin = sign_in(factories.make_user("admin"))
    listing = admin.page("/en/admin/survey-questions/")
    [link] = listing.soup.select("#question-sets tbody a")
    set_id = int(link["href"].rstrip("/").split("/")[-1])
    page = admin.page(link["href"])
    assert "Workload and demands" in page.text("main")
    theme = db.session.scalar(select(SurveyTheme).where(SurveyTheme.question_set_id == set_id,
                                                        SurveyTheme.code == "workload"))
    response = admin.submit(f"/en/admin/survey-questions/{set_id}/themes/{theme.id}/questions/new",
                            {"text_en": "I can switch off after work.", "text_cy": "Gallaf ymlacio ar ôl gwaith.",
                             "reverse_scored": ""})
    assert response.status_code == 302
    assert db.session.scalar(select(SurveyQuestion).where(SurveyQuestion.text_en == "I can switch off after work."))
    # A code another theme has, and a code that is not one, are refused with the text kept.
    page = Page(admin.submit(f"/en/admin/survey-questions/{set_id}/themes/new",
                             {"code": "control", "title_en": "More", "title_cy": "Mwy"}))
    assert page.error_summary() == ["Another theme of this set has that code: choose another"]
    page = Page(admin.submit(f"/en/admin/survey-questions/{set_id}/themes/new",
                             {"code": "Not A Code", "title_en": "More", "title_cy": "Mwy"}))
    assert len(page.error_summary()) == 1
    assert page.field_value("title_en") == "More"
    # The free-text question is asked in both languages or in neither.
    page = Page(admin.submit(f"/en/admin/survey-questions/{set_id}/details",
                             {"name_en": "A", "name_cy": "B", "free_text_en": "Anything else?", "free_text_cy": ""}))
    assert page.error_summary() == ["Enter the free-text question in both Welsh and English, or in neither"]


def test_an_edit_through_the_pages_of_a_set_in_use_makes_a_new_version(sign_in):
    survey = _open_survey()
    admin = sign_in(factories.make_user("admin"))
    old_id = survey.question_set_id
    page = admin.page(f"/en/admin/survey-questions/{old_id}")
    assert page.soup.select_one("#in-use") is not None
    question = questions.themes_of(db.session.get(QuestionSet, old_id))[0].questions[0]
    response = admin.submit(f"/en/admin/survey-questions/{old_id}/questions/{question.id}/remove", {})
    assert response.status_code == 302
    new = db.session.scalar(select(QuestionSet).where(QuestionSet.replaces_id == old_id))
    assert response.headers["Location"].endswith(f"/en/admin/survey-questions/{new.id}")
    page = admin.page(response.headers["Location"])
    assert "made a new version" in page.text("#important-banner")
    assert services.question_count(new.id) == services.question_count(old_id) - 1
    # The old version's pages say it is retired, and its edit pages lead back to it.
    assert admin.page(f"/en/admin/survey-questions/{old_id}").soup.select_one("#retired") is not None
    response = admin.get(f"/en/admin/survey-questions/{old_id}/themes/new")
    assert response.headers["Location"].endswith(f"/en/admin/survey-questions/{old_id}")


def test_another_sets_theme_or_question_is_not_found(sign_in):
    admin = factories.make_user("admin")
    one = questions.default_set()
    other = questions.create_set({"name_en": "Other", "name_cy": "Arall"}, admin)
    db.session.commit()
    theme = questions.themes_of(one)[0]
    client = sign_in(admin)
    client.page(f"/en/admin/survey-questions/{other.id}/themes/{theme.id}", expect=404)
    client.page(f"/en/admin/survey-questions/{other.id}/questions/{theme.questions[0].id}", expect=404)
    client.page("/en/admin/survey-questions/999999", expect=404)


def test_the_set_pages_issue_the_same_queries_for_small_and_large_sets(sign_in):
    admin = factories.make_user("admin")
    client = sign_in(admin)
    question_set = questions.default_set()
    db.session.commit()
    with count_queries() as list_small:
        client.page("/en/admin/survey-questions/")
    with count_queries() as set_small:
        client.page(f"/en/admin/survey-questions/{question_set.id}")
    for index in range(8):
        questions.add_theme(question_set, {"code": f"extra_{index}", "title_en": f"Extra {index}",
                                           "title_cy": f"Ychwanegol {index}"}, admin)
        theme = questions.themes_of(question_set)[-1]
        for number in range(3):
            questions.add_question(theme, {"text_en": f"Statement {number}.", "text_cy": f"Datganiad {number}.",
                                           "reverse_scored": False}, admin)
        questions.create_set({"name_en": f"Set {index}", "name_cy": f"Set {index}"}, admin)
    db.session.commit()
    _open_survey()
    with count_queries() as list_large:
        client.page("/en/admin/survey-questions/")
    with count_queries() as set_large:
        client.page(f"/en/admin/survey-questions/{question_set.id}")
    assert list_large.count == list_small.count
    assert set_large.count == set_small.count
