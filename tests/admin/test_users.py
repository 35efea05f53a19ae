"""Administrators invite staff, set roles and partners, and deactivate leavers whose work is handed on."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.accounts.models import StaffInvitation, User, UserSession
from portal.admin.users import ChangeRefused, change_role
from portal.audit.models import AuditEvent
from portal.email.models import OutboxMessage
from portal.engagement.models import CaseloadAssignment
from portal.engagement.services import follow_ups
from portal.extensions import db
from portal.security import Role
from portal.timeutil import utcnow
from tests import factories
from tests.helpers import Page, count_queries

PASSPHRASE = "a long enough passphrase"


def _link(message):
    return next(line for line in message.body_text.splitlines() if line.startswith("http")).replace(
        "http://portal.test", "")


def _invitation_emails():
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == "staff_invitation")).all()


def _actions():
    return [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_an_invited_adviser_joins_their_partner_once(app, sign_in):
    admin = factories.make_user(Role.ADMIN)
    north = factories.partner("north-west")
    client = sign_in(admin)
    response = client.submit("/en/admin/users/invite", {
        "email": "New.Adviser@Example.com", "role": "staff", "partner_id": str(north.id), "language": "cy"})
    assert response.status_code == 302
    [message] = _invitation_emails()
    assert message.to_address == "new.adviser@example.com"
    assert message.language == "cy"
    assert north.name_cy in message.body_text
    assert message.subject.endswith("Gymru Iach ar Waith")
    assert "/cy/staff-invitation/" in message.body_text
    assert "new.adviser@example.com" in client.page("/en/admin/users").text("main")

    visitor = app.test_client()
    path = _link(message)
    page = visitor.page(path)
    assert page.soup.html["lang"] == "cy"
    response = visitor.submit(path, {"full_name": "Nia Adviser", "password": PASSPHRASE, "confirm": PASSPHRASE})
    assert response.status_code == 302
    adviser = db.session.scalar(select(User).where(User.email == "new.adviser@example.com"))
    assert (adviser.role, adviser.partner_id, adviser.language) == (Role.STAFF, north.id, "cy")
    assert adviser.email_verified_at is not None
    assert visitor.get("/cy/staff/organisations").status_code == 200  # signed in, as staff
    assert app.test_client().get(path).status_code == 410  # single use
    assert _actions()[-2:] == ["staff_invited", "staff_joined"]


def test_the_invitation_form_names_each_missing_answer_and_keeps_what_was_typed(sign_in):
    client = sign_in(factories.make_user(Role.ADMIN))
    page = Page(client.submit("/en/admin/users/invite", {"email": "", "role": "", "language": ""}))
    assert page.error_summary() == [
        "Select whether the person will be staff or an administrator",
        "Enter the email address of the person you are inviting",
        "Select the language of the invitation email",
    ]
    page = Page(client.submit("/cy/admin/users/invite", {"email": "adviser@example.com", "role": "staff",
                                                          "partner_id": "", "language": "en"}))
    assert page.error_summary() == ["Dewiswch bartner cyflenwi'r aelod hwn o staff"]
    assert page.field_value("email") == "adviser@example.com"
    assert page.field_value("role") == "staff"
    assert _invitation_emails() == []


def test_an_address_that_already_has_an_account_is_refused(sign_in):
    existing = factories.make_user(Role.EMPLOYER, email="owner@example.com")
    client = sign_in(factories.make_user(Role.ADMIN))
    page = Page(client.submit("/en/admin/users/invite", {"email": existing.email.upper(), "role": "admin",
                                                          "language": "en"}))
    assert page.error_summary() == ["There is already an account with this email address"]
    assert _invitation_emails() == []


def test_only_the_newest_invitation_works_and_a_cancelled_one_stops(app, sign_in):
    partner = factories.partner()
    client = sign_in(factories.make_user(Role.ADMIN))
    for _ in range(2):
        client.submit("/en/admin/users/invite", {"email": "twice@example.com", "role": "staff",
                                                 "partner_id": str(partner.id), "language": "en"})
    first, second = (_link(m) for m in _invitation_emails())
    visitor = app.test_client()
    assert visitor.get(first).status_code == 410
    assert visitor.get(second).status_code == 200
    newest = db.session.scalars(select(StaffInvitation).order_by(StaffInvitation.id.desc())).first()
    response = client.submit(f"/en/admin/users/invitations/{newest.id}/cancel", {}, token_from="/en/admin/users")
    assert response.status_code == 302
    assert visitor.get(second).status_code == 410
    assert "twice@example.com" not in client.page("/en/admin/users").text("main .govuk-grid-row")
    assert "Invitations not yet accepted" not in client.page("/en/admin/users").text("main")


def test_an_expired_invitation_does_not_work(app, sign_in):
    client = sign_in(factories.make_user(Role.ADMIN))
    client.submit("/en/admin/users/invite", {"email": "late@example.com", "role": "admin", "language": "en"})
    [message] = _invitation_emails()
    invitation = db.session.scalar(select(StaffInvitation))
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert app.test_client().get(_link(message)).status_code == 410


def test_a_deactivated_leaver_is_signed_out_everywhere_and_cannot_sign_in(app, sign_in):
    leaver = factories.make_user(Role.STAFF, full_name="Gareth Leaver")
    leaver_browser = sign_in(leaver)
    assert leaver_browser.get("/en/staff/organisations").status_code == 200
    admin = sign_in(factories.make_user(Role.ADMIN))
    confirm = admin.page(f"/en/admin/users/{leaver.id}/deactivate")
    assert "Deactivate Gareth Leaver" in confirm.h1
    response = admin.submit(f"/en/admin/users/{leaver.id}/deactivate", {})
    assert response.status_code == 302
    assert db.session.scalars(select(UserSession).where(UserSession.user_id == leaver.id)).all() == []
    # The session open before the change no longer works.
    response = leaver_browser.get("/en/staff/organisations")
    assert response.status_code == 302
    assert "/sign-in" in response.headers["Location"]
    page = Page(app.test_client().submit("/en/sign-in", {"email": leaver.email,
                                                         "password": "correct horse battery"}))
    assert page.inline_errors() == ["Error: The email address or password is not correct"]
    assert "user_deactivated" in _actions()
    admin.submit(f"/en/admin/users/{leaver.id}/reactivate", {}, token_from=f"/en/admin/users/{leaver.id}")
    assert sign_in(leaver).get("/en/staff/organisations").status_code == 200


def test_an_inactive_account_is_refused_even_with_a_live_session_row(sign_in):
    # An account switched off by any path (here, straight in the database) loses its sessions.
    user = factories.make_user(Role.STAFF)
    browser = sign_in(user)
    user.active = False
    db.session.commit()
    response = browser.get("/en/staff/organisations")
    assert response.status_code == 302
    assert "/sign-in" in response.headers["Location"]


def test_a_leavers_caseload_and_follow_ups_go_to_a_colleague_of_the_same_partner(sign_in):
    south_east = factories.partner("south-east")
    leaver = factories.make_user(Role.STAFF, full_name="Gareth Leaver")
    colleague = factories.make_user(Role.STAFF, full_name="Ffion Colleague")
    elsewhere = factories.make_user(Role.STAFF, full_name="Other Partner", partner_slug="north-west")
    ours = factories.make_organisation(name="Caerphilly Cakes")  # a south-east authority
    assert ours.partner_id == south_east.id
    factories.make_caseload_assignment(ours, leaver)
    factories.make_engagement(ours, leaver, follow_up_on=utcnow().date() + timedelta(days=3))
    admin = sign_in(factories.make_user(Role.ADMIN))
    admin.submit(f"/en/admin/users/{leaver.id}/deactivate", {})

    page = admin.page(f"/en/admin/users/{leaver.id}")
    assert "1 organisation on their caseload" in page.text("main")
    assert "1 open follow-up" in page.text("main")
    offered = [o.get_text(strip=True) for o in page.soup.select("select[name=to_user_id] option")]
    assert any("Ffion Colleague" in o for o in offered)
    assert not any("Other Partner" in o for o in offered)
    # Someone of another partner cannot be chosen, even by a hand-made request.
    response = admin.submit(f"/en/admin/users/{leaver.id}/reassign", {"to_user_id": str(elsewhere.id)},
                            token_from=f"/en/admin/users/{leaver.id}")
    assert response.status_code == 400
    response = admin.submit(f"/en/admin/users/{leaver.id}/reassign", {"to_user_id": str(colleague.id)},
                            token_from=f"/en/admin/users/{leaver.id}")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(CaseloadAssignment.adviser_id)) == colleague.id
    overdue, due = follow_ups(colleague)
    assert [e.organisation_id for e in overdue + due] == [ours.id]
    assert follow_ups(leaver) == ([], [])
    assert "Nothing is on their caseload" in admin.page(f"/en/admin/users/{leaver.id}").text("main")
    assert "user_work_reassigned" in _actions()


def test_roles_change_with_an_audited_before_and_after(sign_in):
    adviser = factories.make_user(Role.STAFF)
    admin_user = factories.make_user(Role.ADMIN)
    admin = sign_in(admin_user)
    north = factories.partner("north-west")
    response = admin.submit(f"/en/admin/users/{adviser.id}/role", {"role": "staff", "partner_id": str(north.id)},
                            token_from=f"/en/admin/users/{adviser.id}")
    assert response.status_code == 302
    db.session.expire_all()
    assert adviser.partner_id == north.id
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user_role_changed"))
    assert (event.details["before"]["partner"], event.details["after"]["partner"]) == (
        factories.partner("south-east").name_en, north.name_en)
    assert "Before: South East Wales delivery partner → After: North and West Wales delivery partner" in admin.page(
        "/en/admin/audit").text("main")
    admin.submit(f"/en/admin/users/{adviser.id}/role", {"role": "admin"}, token_from=f"/en/admin/users/{adviser.id}")
    db.session.expire_all()
    assert (adviser.role, adviser.partner_id) == (Role.ADMIN, None)


def test_nobody_locks_the_service_out(sign_in):
    only_admin = factories.make_user(Role.ADMIN)
    admin = sign_in(only_admin)
    response = admin.submit(f"/en/admin/users/{only_admin.id}/deactivate", {})
    assert response.status_code == 409
    assert Page(response).error_summary() == [
        "You cannot change your own role or deactivate your own account. Ask another administrator."]
    response = admin.submit(f"/en/admin/users/{only_admin.id}/role", {"role": "staff",
                                                                       "partner_id": str(factories.partner().id)},
                            token_from=f"/en/admin/users/{only_admin.id}")
    assert response.status_code == 409
    db.session.expire_all()
    assert (only_admin.role, only_admin.active) == (Role.ADMIN, True)


def test_the_last_active_administrator_cannot_be_demoted_by_another(sign_in, app):
    first = factories.make_user(Role.ADMIN)
    second = factories.make_user(Role.ADMIN)
    sign_in(first).submit(f"/en/admin/users/{second.id}/deactivate", {})
    # ``first`` is now the only active administrator; ``second`` cannot act, so
    # the guard is checked through the service directly.
    with pytest.raises(ChangeRefused):
        change_role(first, Role.STAFF, factories.partner(), second)


def test_employer_and_champion_accounts_are_not_managed_here(sign_in):
    employer = factories.make_user(Role.EMPLOYER)
    admin = sign_in(factories.make_user(Role.ADMIN))
    assert admin.get(f"/en/admin/users/{employer.id}").status_code == 404
    assert employer.email not in admin.page("/en/admin/users").text("main")


def test_the_list_filters_and_reads_in_welsh(sign_in):
    factories.make_user(Role.STAFF, full_name="Siân Adviser")
    factories.make_user(Role.STAFF, full_name="Dewi North", partner_slug="north-west")
    admin = sign_in(factories.make_user(Role.ADMIN))
    north = factories.partner("north-west")
    page = admin.page(f"/cy/admin/users?partner={north.id}&role=staff&status=active")
    assert page.h1 == "Staff a gweinyddwyr"
    assert "Dewi North" in page.text("main")
    assert "Siân Adviser" not in page.text("main")
    assert "1 cyfrif wedi'i ganfod" in page.text("main")
    # Search by name or address; values that are not on the lists are ignored, not a 500.
    found = admin.page("/en/admin/users?q=si%C3%A2n&status=nonsense&role=nonsense").text("main")
    assert "Siân Adviser" in found
    assert "Dewi North" not in found


def test_the_list_issues_the_same_queries_for_10_or_100_accounts(sign_in):
    admin = sign_in(factories.make_user(Role.ADMIN))
    for _ in range(9):
        factories.make_user(Role.STAFF, commit=False)
    db.session.commit()
    with count_queries() as few:
        admin.page("/en/admin/users")
    for _ in range(90):
        factories.make_user(Role.STAFF, commit=False)
    db.session.commit()
    with count_queries() as many:
        admin.page("/en/admin/users?page=2")
    assert many.count == few.count
