"""Routes of the visits feature and who may reach them."""

from tests import factories
from tests.routes import ALLOW, ANYONE, EMPLOYER_ONLY, FORBIDDEN, SIGN_IN, STAFF_ONLY, Route, access

EMPLOYER_AND_STAFF = access(SIGN_IN, ALLOW, FORBIDDEN, ALLOW, ALLOW)

ROUTES = {
    "visits.index": Route("/en/visits/", EMPLOYER_AND_STAFF),
    "visits.types": Route("/en/visits/types", ANYONE),
    "visits.request": Route("/en/visits/request", EMPLOYER_ONLY),
    "visits.show": Route(lambda s: f"/en/visits/{s.visit.id}", EMPLOYER_AND_STAFF),
    "visits.respond": Route(lambda s: f"/en/visits/{s.visit.id}/respond", STAFF_ONLY, method="POST", page=False),
    "visits.accept": Route(lambda s: f"/en/visits/{s.visit.id}/accept", EMPLOYER_ONLY, method="POST", page=False),
    "visits.calendar": Route(lambda s: f"/en/visits/{s.visit.id}/calendar.ics", EMPLOYER_AND_STAFF, page=False),
    "visits.withdraw": Route(lambda s: f"/en/visits/{s.visit.id}/withdraw", EMPLOYER_ONLY),
    "visits.delivered": Route(lambda s: f"/en/visits/{s.visit.id}/delivered", STAFF_ONLY, method="POST",
                              page=False),
}


def add_sample_data(sample):
    """A scheduled visit requested by the sample employer, on the sample event's day."""
    sample.visit = factories.make_visit(sample.organisation, requested_by=sample.users["employer"],
                                        status="scheduled", scheduled_for=sample.event.starts_at)
