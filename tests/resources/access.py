"""Routes of the resource library and who may reach them."""

from portal.security import Role
from tests import factories
from tests.routes import SIGNED_IN, STAFF_ONLY, Route

ROUTES = {
    "resources.library": Route("/en/resources/", SIGNED_IN),
    "resources.detail": Route(lambda s: f"/en/resources/{s.resource.id}", SIGNED_IN),
    "resources.download": Route(lambda s: f"/en/resources/{s.resource.id}/download/en", SIGNED_IN, page=False),
    "resources.manage": Route("/en/resources/manage", STAFF_ONLY),
    "resources.new": Route("/en/resources/new", STAFF_ONLY),
    "resources.edit": Route(lambda s: f"/en/resources/{s.resource.id}/edit", STAFF_ONLY),
}


def add_sample_data(sample):
    """A published resource with an English file, added by the sample staff member."""
    sample.resource = factories.make_resource(files={"en": factories.PDF_BYTES}, commit=False,
                                              actor=sample.users[Role.STAFF.value])
