"""Routes of staff and administrator account management: who may reach them."""

from datetime import timedelta

from sqlalchemy import select

from portal.accounts.models import StaffInvitation
from portal.extensions import db
from portal.reference.models import Intermediary
from portal.security import Role
from portal.timeutil import utcnow
from tests.routes import ADMIN_ONLY, ANYONE, Route

ROUTES = {
    "users.index": Route("/en/admin/users", ADMIN_ONLY),
    "users.invite": Route("/en/admin/users/invite", ADMIN_ONLY),
    "users.cancel_invitation": Route(lambda s: f"/en/admin/users/invitations/{s.staff_invitation.id}/cancel",
                                     ADMIN_ONLY, method="POST", page=False),
    "users.detail": Route(lambda s: f"/en/admin/users/{s.users['staff'].id}", ADMIN_ONLY),
    "users.change_role": Route(lambda s: f"/en/admin/users/{s.users['staff'].id}/role", ADMIN_ONLY, method="POST",
                               page=False),
    # The confirmation page only: a POST would sign the sample member of staff out for the other routes.
    "users.deactivate": Route(lambda s: f"/en/admin/users/{s.users['staff'].id}/deactivate", ADMIN_ONLY),
    "users.reactivate": Route(lambda s: f"/en/admin/users/{s.users['staff'].id}/reactivate", ADMIN_ONLY,
                              method="POST", page=False),
    "users.reassign": Route(lambda s: f"/en/admin/users/{s.users['staff'].id}/reassign", ADMIN_ONLY, method="POST",
                            page=False),
    "accounts.accept_staff_invitation": Route("/en/staff-invitation/not-a-real-token", ANYONE, page=False),
    "admin.add_intermediary": Route("/en/admin/reference/intermediaries/new", ADMIN_ONLY),
    "admin.edit_intermediary": Route(lambda s: f"/en/admin/reference/intermediaries/{s.intermediary.id}",
                                     ADMIN_ONLY),
}


def add_sample_data(sample):
    """An invitation not yet accepted, for the cancel route; an intermediary (reference data) to change."""
    invitation = StaffInvitation(email="new.adviser@example.com", role=Role.STAFF, partner_id=sample.partner.id,
                                 language="en", token_hash="0" * 64, expires_at=utcnow() + timedelta(days=7))
    db.session.add(invitation)
    sample.staff_invitation = invitation
    sample.intermediary = db.session.scalars(select(Intermediary).order_by(Intermediary.id)).first()
