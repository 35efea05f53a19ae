"""The one scoping rule: who sees which organisations, and a missing partner means no rows."""

from sqlalchemy import select

from portal.engagement.models import Engagement
from portal.events.models import Event
from portal.extensions import db
from portal.organisations.models import Organisation
from portal.scoping import can_manage, can_see, manage_scope, organisation_scope, partner_choice, visible_organisations
from portal.security import Role
from tests import factories


def _names(user):
    return set(db.session.scalars(select(Organisation.name).where(visible_organisations(user))))


def _two_areas():
    south = factories.make_organisation(name="Cardiff Caterers")
    north = factories.make_organisation(name="Bangor Bakers", la_code="W06000002")
    return south, north


def test_each_role_sees_its_own_organisations():
    south, north = _two_areas()
    assert _names(factories.make_user(Role.ADMIN)) == {"Cardiff Caterers", "Bangor Bakers"}
    assert _names(factories.make_user(Role.STAFF)) == {"Cardiff Caterers"}
    assert _names(factories.make_user(Role.STAFF, partner_slug="north-west")) == {"Bangor Bakers"}
    assert _names(factories.make_user(Role.EMPLOYER, organisation=north)) == {"Bangor Bakers"}
    assert _names(factories.make_user(Role.CHAMPION, organisation=south)) == {"Cardiff Caterers"}


def test_no_partner_or_organisation_means_no_rows_never_no_filter():
    south, _north = _two_areas()
    orphan = factories.make_organisation(name="Nowhere Ltd", partner=None)
    orphan.partner_id = None
    staff = factories.make_user(Role.STAFF)
    staff.partner_id = None
    employer = factories.make_user(Role.EMPLOYER, organisation=south)
    employer.organisation_id = None
    db.session.commit()
    factories.make_engagement(orphan, factories.make_user(Role.ADMIN))
    for user in (staff, employer):
        assert _names(user) == set()
        assert db.session.scalars(select(Engagement).where(
            organisation_scope(user, Engagement.organisation_id))).all() == []
    factories.make_event(partner_slug=None)
    assert db.session.scalars(select(Event).where(manage_scope(staff, Event.partner_id))).all() == []
    assert partner_choice(staff) == 0


def test_can_manage_and_can_see_follow_the_same_rule():
    south, north = _two_areas()
    staff = factories.make_user(Role.STAFF)
    event = factories.make_event()
    booking = factories.make_booking(event, north)
    assert can_manage(staff, south)
    assert not can_manage(staff, north)
    # A booking belongs to the partner that runs the event, whoever booked it.
    assert can_manage(staff, booking)
    assert not can_manage(factories.make_user(Role.STAFF, partner_slug="north-west"), booking)
    assert can_manage(factories.make_user(Role.ADMIN), north)
    employer = factories.make_user(Role.EMPLOYER, organisation=north)
    assert not can_manage(employer, north)
    assert can_see(employer, north)
    assert can_see(employer, booking)
    assert not can_see(employer, south)
    assert not can_manage(staff, None)
