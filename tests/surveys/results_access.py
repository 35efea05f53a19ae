"""Routes of survey results and comment moderation, and who may reach them."""

from tests.routes import ALLOW, SIGN_IN, STAFF_ONLY, Route, access
from tests.surveys import factories as survey_factories

# The organisation's employer and champions, its partner's staff, administrators.
READERS = access(SIGN_IN, ALLOW, ALLOW, ALLOW, ALLOW)

ROUTES = {
    "survey_results.results": Route(lambda s: f"/en/surveys/{s.survey.id}/results", READERS),
    "survey_results.results_pdf_download": Route(lambda s: f"/en/surveys/{s.survey.id}/results.pdf", READERS,
                                                 page=False),
    "survey_results.moderation_list": Route("/en/staff/survey-comments", STAFF_ONLY),
    "survey_results.moderation_survey": Route(lambda s: f"/en/staff/survey-comments/{s.survey.id}", STAFF_ONLY),
    "survey_results.moderate": Route(
        lambda s: f"/en/staff/survey-comments/{s.survey.id}/{s.survey_comment.id}/approve", STAFF_ONLY,
        method="POST", page=False),
}


def add_sample_data(sample):
    """A survey of the sample organisation that five people answered, one of them with a comment."""
    sample.survey = survey_factories.make_survey(sample.organisation)
    survey_factories.add_responses(sample.survey, 5)
    [sample.survey_comment] = survey_factories.add_comments(sample.survey, ["More breaks, please"])
