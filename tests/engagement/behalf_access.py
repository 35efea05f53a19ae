"""Routes of staff acting on an employer's behalf: who may reach them."""

from portal.security import Role
from tests import factories
from tests.routes import STAFF_ONLY, Route


def _org(sample):
    return f"/en/staff/organisations/{sample.organisation.id}"


ROUTES = {
    "behalf.choose_event": Route(lambda s: f"{_org(s)}/book", STAFF_ONLY),
    "behalf.book": Route(lambda s: f"{_org(s)}/book/{s.event.id}", STAFF_ONLY),
    "behalf.walk_in": Route(lambda s: f"{_org(s)}/walk-in/{s.event.id}", STAFF_ONLY),
    "behalf.new_visit": Route(lambda s: f"{_org(s)}/visits/new", STAFF_ONLY),
    "behalf.upload_evidence": Route(lambda s: f"{_org(s)}/evidence/upload", STAFF_ONLY),
    "behalf.edit_details": Route(lambda s: f"{_org(s)}/details", STAFF_ONLY),
    "behalf.add_note": Route(lambda s: f"{_org(s)}/notes", STAFF_ONLY, method="POST", page=False),
    "behalf.attach_file": Route(lambda s: f"{_org(s)}/attachments/new", STAFF_ONLY),
    "behalf.download_attachment": Route(lambda s: f"{_org(s)}/attachments/{s.attachment.id}", STAFF_ONLY,
                                        page=False),
    "behalf.remove_attachment": Route(lambda s: f"{_org(s)}/attachments/{s.attachment.id}/remove", STAFF_ONLY),
}


def add_sample_data(sample):
    """The sample organisation and the sample event (tests/events/access.py), and a file on its record."""
    sample.attachment = factories.make_attachment(sample.organisation, sample.users[Role.STAFF.value], commit=False)
