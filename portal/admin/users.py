"""Staff and administrator accounts: roles, partners, leavers and their open work.

Every change is audited with its before and after values. Two guards keep the
service usable: nobody changes their own role or deactivates themselves, and
the last active administrator cannot be demoted or deactivated.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from portal.accounts.models import User
from portal.accounts.services import end_every_session
from portal.audit.labels import register_action, register_field, register_values
from portal.audit.services import record
from portal.engagement.models import CaseloadAssignment, Engagement
from portal.engagement.services import open_follow_up_of
from portal.extensions import db
from portal.reference.models import DeliveryPartner
from portal.scoping import can_manage
from portal.security import Role
from portal.timeutil import utcnow

STAFF_ROLES = (Role.STAFF, Role.ADMIN)
PER_PAGE = 50

register_action("user_role_changed", _l("Role or delivery partner changed"))
register_action("user_deactivated", _l("Account deactivated"))
register_action("user_reactivated", _l("Account reactivated"))
register_action("user_work_reassigned", _l("Caseload and follow-ups handed to a colleague"))
register_field("role", _l("Role"))
register_field("partner", _l("Delivery partner"))
register_field("moved", _l("Items moved"))
register_field("left", _l("Items left"))
register_field("to_name", _l("Given to"))
register_values("role", {"staff": _l("Staff"), "admin": _l("Administrator"), "employer": _l("Employer contact"),
                         "champion": _l("Well-being champion")})


class ChangeRefused(ValueError):
    """The change would lock the service out or break a rule; ``reason`` is a key the page puts in words."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


@dataclass
class UserFilter:
    text: str = ""
    role: str | None = None
    partner_id: int | None = None
    status: str | None = None  # "active" or "deactivated"
    page: int = 1


def staff_page(filters):
    """One page of staff and administrator accounts matching ``filters``, and the total."""
    query = select(User).where(User.role.in_(STAFF_ROLES))
    if filters.text:
        pattern = f"%{filters.text.strip().lower()}%"
        query = query.where(or_(func.lower(User.full_name).like(pattern), func.lower(User.email).like(pattern)))
    if filters.role in {r.value for r in STAFF_ROLES}:
        query = query.where(User.role == Role(filters.role))
    if filters.partner_id:
        query = query.where(User.partner_id == filters.partner_id)
    if filters.status == "active":
        query = query.where(User.active.is_(True))
    elif filters.status == "deactivated":
        query = query.where(User.active.is_(False))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    users = db.session.scalars(
        query.options(selectinload(User.partner)).order_by(User.full_name, User.id)
        .limit(PER_PAGE).offset((filters.page - 1) * PER_PAGE)
    ).all()
    return users, total


def staff_member(user_id):
    """The staff or administrator account ``user_id``, or None (employers and champions are not managed here)."""
    return db.session.scalar(
        select(User).where(User.id == user_id, User.role.in_(STAFF_ROLES)).options(selectinload(User.partner))
    )


def _other_active_admins(user):
    return db.session.scalar(
        select(func.count(User.id)).where(User.role == Role.ADMIN, User.active.is_(True), User.id != user.id)
    )


def change_role(user, role, partner, actor):
    """Make ``user`` a member of staff of ``partner`` or an administrator (who has no partner).

    Raises :class:`ChangeRefused` for one's own account, for demoting the last
    administrator and for staff without a partner. Returns True if anything changed.
    """
    role = Role(role)
    if role not in STAFF_ROLES:
        raise ChangeRefused("role")
    if user.id == actor.id:
        raise ChangeRefused("self")
    if role == Role.STAFF and partner is None:
        raise ChangeRefused("partner")
    if user.role == Role.ADMIN and role != Role.ADMIN and user.active and not _other_active_admins(user):
        raise ChangeRefused("last_admin")
    partner_id = partner.id if role == Role.STAFF else None
    before = (user.role, user.partner_id)
    if before == (role, partner_id):
        return False
    before_partner = user.partner.name_en if user.partner is not None else None
    user.role, user.partner_id = role, partner_id
    record("user_role_changed", user, actor=actor,
           before={"role": before[0].value, "partner": before_partner},
           after={"role": role.value, "partner": partner.name_en if partner_id else None})
    return True


def deactivate(user, actor):
    """Stop ``user`` signing in and end every session they have, at once.

    Their caseload and follow-ups stay theirs until reassigned (see
    :func:`open_work`), so nothing is lost when someone leaves.
    """
    if user.id == actor.id:
        raise ChangeRefused("self")
    if user.role == Role.ADMIN and not _other_active_admins(user):
        raise ChangeRefused("last_admin")
    if not user.active:
        return False
    user.active = False
    end_every_session(user)
    record("user_deactivated", user, actor=actor, email=user.email)
    return True


def reactivate(user, actor):
    """Let a deactivated account sign in again (with its old password; no session comes back)."""
    if user.active:
        return False
    user.active = True
    record("user_reactivated", user, actor=actor, email=user.email)
    return True


@dataclass
class OpenWork:
    caseload: list
    follow_ups: list

    @property
    def empty(self):
        return not self.caseload and not self.follow_ups


def open_work(user):
    """The organisations on ``user``'s caseload and the follow-ups they still own."""
    caseload = db.session.scalars(
        select(CaseloadAssignment).where(CaseloadAssignment.adviser_id == user.id)
        .options(selectinload(CaseloadAssignment.organisation)).order_by(CaseloadAssignment.id)
    ).all()
    follow_ups = db.session.scalars(
        select(Engagement).where(open_follow_up_of(user))
        .options(selectinload(Engagement.organisation)).order_by(Engagement.follow_up_on, Engagement.id)
    ).all()
    return OpenWork(list(caseload), list(follow_ups))


def reassignment_candidates(user):
    """Active staff and administrators who could take over ``user``'s work: their partner's staff first."""
    query = select(User).where(User.active.is_(True), User.id != user.id, User.role.in_(STAFF_ROLES))
    if user.partner_id is not None:
        query = query.where(or_(User.role == Role.ADMIN, User.partner_id == user.partner_id))
    return db.session.scalars(query.order_by(User.role.desc(), User.full_name)).all()


def reassign_work(user, to_user, actor):
    """Move ``user``'s caseload and open follow-ups to ``to_user``.

    Only what ``to_user`` may work on moves (an organisation of another
    partner stays where it is). Returns (moved, left) counts.
    """
    work = open_work(user)
    moved = left = 0
    for assignment in work.caseload:
        if can_manage(to_user, assignment.organisation):
            assignment.adviser_id, assignment.assigned_at = to_user.id, utcnow()
            moved += 1
        else:
            left += 1
    for engagement in work.follow_ups:
        if can_manage(to_user, engagement.organisation):
            engagement.follow_up_owner_id = to_user.id
            moved += 1
        else:
            left += 1
    if moved:
        record("user_work_reassigned", user, actor=actor, to_user=to_user.id, to_name=to_user.full_name,
               moved=moved, left=left)
    return moved, left


def partner_by_id(partner_id):
    """An active delivery partner, or None."""
    if not partner_id:
        return None
    return db.session.scalar(
        select(DeliveryPartner).where(DeliveryPartner.id == partner_id, DeliveryPartner.active.is_(True))
    )
