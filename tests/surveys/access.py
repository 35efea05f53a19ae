"""Routes of the staff survey and who may reach them."""

from datetime import timedelta

from portal.extensions import db
from portal.surveys import services
from portal.surveys.questions import default_set, themes_of
from portal.timeutil import today_in_wales
from tests.routes import ADMIN_ONLY, ANYONE, FORBIDDEN, SIGN_IN, Route, access

# The employer contact and the organisation's champions run its surveys.
EMPLOYER_OR_CHAMPION = access(SIGN_IN, "allow", "allow", FORBIDDEN, FORBIDDEN)


def _admin(path, **options):
    return Route(lambda s: f"/en/admin/survey-questions{path(s)}", ADMIN_ONLY, **options)


ROUTES = {
    # Staff answer with the shared link: anyone, no account.
    "surveys.start": Route(lambda s: f"/en/survey/{s.survey.code}/", ANYONE),
    "surveys.questions": Route(lambda s: f"/en/survey/{s.survey.code}/questions/workload", ANYONE),
    "surveys.comments": Route(lambda s: f"/en/survey/{s.survey.code}/comments", ANYONE),
    # Until every page is answered it sends people back to the first one.
    "surveys.check": Route(lambda s: f"/en/survey/{s.survey.code}/check", ANYONE, page=False),
    "surveys.sent": Route(lambda s: f"/en/survey/{s.survey.code}/sent", ANYONE),
    "surveys.index": Route("/en/organisation/surveys", EMPLOYER_OR_CHAMPION),
    "surveys.new": Route("/en/organisation/surveys/new", EMPLOYER_OR_CHAMPION),
    "surveys.share": Route(lambda s: f"/en/organisation/surveys/{s.survey.id}", EMPLOYER_OR_CHAMPION),
    "surveys.qr_code": Route(lambda s: f"/en/organisation/surveys/{s.survey.id}/qr-code.png", EMPLOYER_OR_CHAMPION,
                             page=False),
    "surveys.poster_pdf": Route(lambda s: f"/en/organisation/surveys/{s.survey.id}/poster.pdf",
                                EMPLOYER_OR_CHAMPION, page=False),
    "surveys.close": Route(lambda s: f"/en/organisation/surveys/{s.survey.id}/close", EMPLOYER_OR_CHAMPION),
    "survey_admin.sets": _admin(lambda s: "/"),
    "survey_admin.new_set": _admin(lambda s: "/new"),
    "survey_admin.question_set": _admin(lambda s: f"/{s.question_set.id}"),
    "survey_admin.edit_set": _admin(lambda s: f"/{s.question_set.id}/details"),
    "survey_admin.make_default": _admin(lambda s: f"/{s.question_set.id}/default", method="POST", page=False),
    "survey_admin.add_theme": _admin(lambda s: f"/{s.question_set.id}/themes/new"),
    "survey_admin.edit_theme": _admin(lambda s: f"/{s.question_set.id}/themes/{s.survey_theme.id}"),
    "survey_admin.move_theme": _admin(lambda s: f"/{s.question_set.id}/themes/{s.survey_theme.id}/move",
                                      method="POST", data={"direction": "down"}, page=False),
    "survey_admin.remove_theme": _admin(lambda s: f"/{s.question_set.id}/themes/{s.survey_theme.id}/remove"),
    "survey_admin.add_question": _admin(lambda s: f"/{s.question_set.id}/themes/{s.survey_theme.id}/questions/new"),
    "survey_admin.edit_question": _admin(lambda s: f"/{s.question_set.id}/questions/{s.survey_question.id}"),
    "survey_admin.move_question": _admin(lambda s: f"/{s.question_set.id}/questions/{s.survey_question.id}/move",
                                         method="POST", data={"direction": "down"}, page=False),
    "survey_admin.remove_question": _admin(
        lambda s: f"/{s.question_set.id}/questions/{s.survey_question.id}/remove"),
}


def add_sample_data(sample):
    """An open survey of the sample organisation, on the team's question set."""
    today = today_in_wales()
    sample.survey = services.open_survey(sample.organisation.id, today, today + timedelta(days=21),
                                         sample.users["employer"])
    sample.question_set = default_set()
    sample.survey_theme = themes_of(sample.question_set)[0]
    sample.survey_question = sample.survey_theme.questions[0]
    db.session.commit()
