"""The demo data has a finished survey whose results can be read (``make run``)."""

from sqlalchemy import select

from portal.accounts.models import User
from portal.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, seed_demo
from portal.extensions import db
from portal.surveys.models import Survey, SurveyComment
from portal.surveys.results import theme_results


def test_the_demo_employer_has_survey_results_to_read(client):
    assert seed_demo()
    db.session.commit()
    employer = db.session.scalar(select(User).where(User.email == DEMO_ACCOUNTS[0][0]))
    survey = db.session.scalar(select(Survey).where(Survey.organisation_id == employer.organisation_id))
    themes = {theme.code: theme for theme in theme_results(survey)}
    assert all(theme.shown for theme in themes.values())
    lowest = min(themes.values(), key=lambda theme: theme.score)
    assert lowest.code in ("workload", "musculoskeletal")
    assert themes["manager_support"].score > themes["workload"].score
    assert db.session.scalar(select(SurveyComment.id).where(SurveyComment.survey_id == survey.id)) is not None


def test_the_survey_page_leads_to_its_results(sign_in):
    assert seed_demo()
    db.session.commit()
    employer = db.session.scalar(select(User).where(User.email == DEMO_ACCOUNTS[0][0]))
    survey = db.session.scalar(select(Survey).where(Survey.organisation_id == employer.organisation_id))
    client = sign_in(employer, password=DEMO_PASSWORD)
    page = client.page(f"/cy/organisation/surveys/{survey.id}")
    link = page.soup.select_one("#results-link")
    assert link["href"] == f"/cy/surveys/{survey.id}/results"
    results = client.page(link["href"])
    assert results.soup.h1.get_text(strip=True) == "Canlyniadau'r arolwg llesiant staff"
