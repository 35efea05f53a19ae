"""The staff review queue, decisions, exceptions, merging, settings and retention."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.audit.models import AuditEvent
from portal.eligibility.models import Decision, Evidence, ProgrammeSettings, SupportTier
from portal.eligibility.services import evidence_path, may_have
from portal.eligibility.tiers import SupportKind
from portal.email.models import OutboxMessage
from portal.extensions import db
from portal.organisations.merge import HANDLED_SEPARATELY, REFERENCING_COLUMNS
from portal.organisations.models import Organisation
from portal.programme.models import ProgrammeCycle
from portal.security import Role
from portal.timeutil import utcnow
from tests import factories
from tests.helpers import Page, count_queries


def _awaiting(name, la_code="W06000015", correspondence="en", **fields):
    organisation = factories.make_organisation(
        name=name, la_code=la_code, correspondence_language=correspondence, **fields
    )
    contact = factories.make_user(Role.EMPLOYER, organisation=organisation)
    factories.make_evidence(organisation, uploaded_by=contact)
    return organisation, contact


def _staff(slug="south-east"):
    return factories.make_user(Role.STAFF, partner_slug=slug)


def test_queue_is_oldest_first_and_filters_by_partner_and_status(sign_in):
    newer, _ = _awaiting("Newer Ltd")
    older, _ = _awaiting("Older Ltd")
    older.status_changed_at = utcnow() - timedelta(days=3)
    declared = factories.make_organisation(name="Declared Ltd", eligibility_status="declared")
    north, _ = _awaiting("Gogledd Cyf", la_code="W06000001")
    db.session.commit()

    staff_page = sign_in(_staff()).page("/en/eligibility/review")
    names = [a.get_text(strip=True) for a in staff_page.soup.select("tbody a")]
    assert names == ["Older Ltd", "Newer Ltd"]  # own partner only, awaiting review by default

    admin = sign_in(factories.make_user(Role.ADMIN))
    everything = admin.page("/en/eligibility/review?status=")
    names = [a.get_text(strip=True) for a in everything.soup.select("tbody a")]
    assert set(names) == {"Older Ltd", "Newer Ltd", "Declared Ltd", "Gogledd Cyf"}
    by_partner = admin.page(f"/en/eligibility/review?status=awaiting_review&partner={north.partner_id}")
    assert [a.get_text(strip=True) for a in by_partner.soup.select("tbody a")] == ["Gogledd Cyf"]
    by_status = admin.page("/en/eligibility/review?status=declared")
    assert [a.get_text(strip=True) for a in by_status.soup.select("tbody a")] == ["Declared Ltd"]
    assert declared.id
    assert newer.id


def test_staff_cannot_see_another_partners_organisation(sign_in):
    north, _ = _awaiting("Gogledd Cyf", la_code="W06000001")
    client = sign_in(_staff("south-east"))
    base = f"/en/eligibility/organisations/{north.id}"
    assert client.get(base).status_code == 404
    assert client.get(f"{base}/merge").status_code == 404
    token = client.csrf_token("/en/eligibility/review")
    for path, data in [
        ("/decision", {"outcome": "approved"}),
        ("/exception", {"reason": "x"}),
        ("/evidence", {"method": "seen_by_phone", "note": "x"}),
    ]:
        assert client.post(base + path, data={"csrf_token": token, **data}).status_code == 404
    db.session.expire_all()
    assert db.session.get(Organisation, north.id).eligibility_status == "awaiting_review"
    assert sign_in(_staff("north-west")).get(base).status_code == 200


@pytest.mark.parametrize(
    ("outcome", "message", "status", "lang", "subject"),
    [
        ("approved", "", "verified", "en", "Your organisation's eligibility is confirmed"),
        ("approved", "", "verified", "cy", "Mae cymhwysedd eich sefydliad wedi'i gadarnhau"),
        (
            "more_info",
            "Send a payroll summary",
            "more_info_requested",
            "cy",
            "Mae angen rhagor o wybodaeth arnom am eich sefydliad",
        ),
        ("refused", "Head office is in England", "not_eligible", "en", "Your organisation is not eligible for support"),
    ],
)
def test_each_decision_sends_one_email_in_the_right_language_and_is_audited(
    sign_in, outcome, message, status, lang, subject
):
    organisation, contact = _awaiting("Decided Ltd", correspondence=lang)
    staff = _staff()
    client = sign_in(staff)
    url = f"/en/eligibility/organisations/{organisation.id}/decision"
    response = client.submit(
        url,
        {"outcome": outcome, f"message_{lang}": message},
        token_from=f"/en/eligibility/organisations/{organisation.id}",
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Organisation, organisation.id).eligibility_status == status
    [email] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == "eligibility_decision")).all()
    assert email.to_address == contact.email
    assert email.language == lang
    assert email.subject == subject
    if message:
        assert message in email.body_text
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == f"eligibility_{outcome}")).all()
    assert event.actor_id == staff.id
    assert event.organisation_id == organisation.id
    [decision] = db.session.scalars(select(Decision)).all()
    assert decision.outcome == outcome
    history = client.page(f"/en/eligibility/organisations/{organisation.id}").text("#history")
    assert {
        "approved": "Eligibility approved",
        "more_info": "More information requested",
        "refused": "Eligibility refused",
    }[outcome] in history


def test_asking_for_more_or_refusing_needs_a_message(sign_in):
    organisation, _ = _awaiting("Quiet Ltd")
    client = sign_in(_staff())
    page_url = f"/en/eligibility/organisations/{organisation.id}"
    response = client.submit(page_url + "/decision", {"outcome": "refused", "message_en": ""}, token_from=page_url)
    page = Page(response)
    assert response.status_code == 400
    assert page.error_summary() == ["Enter a message in English saying what is needed or why"]
    assert page.field_value("outcome") == "refused"
    assert (
        db.session.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.template == "eligibility_decision"))
        == 0
    )


def test_staff_record_evidence_seen_by_phone_and_it_verifies(sign_in):
    organisation = factories.make_organisation(name="Phone Ltd", eligibility_status="declared")
    factories.make_user(Role.EMPLOYER, organisation=organisation)
    client = sign_in(_staff())
    page_url = f"/en/eligibility/organisations/{organisation.id}"
    client.submit(
        page_url + "/evidence", {"method": "seen_by_phone", "note": "Read out payroll: 14 staff"}, token_from=page_url
    )
    db.session.expire_all()
    organisation = db.session.get(Organisation, organisation.id)
    assert organisation.eligibility_status == "verified"
    assert may_have(organisation, SupportKind.WORKPLACE_VISIT).allowed
    [evidence] = db.session.scalars(select(Evidence)).all()
    assert evidence.method == "seen_by_phone"
    assert evidence.note == "Read out payroll: 14 staff"
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 1
    assert "Read out payroll: 14 staff" in client.page(page_url).text("main")


def test_exception_needs_a_reason_and_is_recorded(sign_in):
    organisation = factories.make_organisation(name="Branch of Big plc", employee_count=400, part_of_group=True)
    factories.make_user(Role.EMPLOYER, organisation=organisation, language="cy")
    client = sign_in(_staff())
    page_url = f"/en/eligibility/organisations/{organisation.id}"
    page = Page(client.submit(page_url + "/exception", {"reason": ""}, token_from=page_url))
    assert page.error_summary() == ["Enter the reason for the exception"]
    client.submit(page_url + "/exception", {"reason": "Independent branch, 12 local staff"}, token_from=page_url)
    db.session.expire_all()
    organisation = db.session.get(Organisation, organisation.id)
    assert organisation.eligibility_status == "exception"
    assert organisation.exception_reason == "Independent branch, 12 local staff"
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "eligibility_exception"))
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 1


def test_merge_moves_every_referencing_row_and_keeps_history(sign_in):
    keep, keep_contact = _awaiting("Caffi Cwtsh")
    duplicate, duplicate_contact = _awaiting("Caffi Cwtsh Ltd")
    for organisation in (keep, duplicate):
        db.session.add(ProgrammeCycle(organisation_id=organisation.id, number=1))
    db.session.commit()
    client = sign_in(_staff())
    url = f"/en/eligibility/organisations/{keep.id}/merge"
    page = Page(client.submit(url, {"duplicate_reference": keep.reference, "confirm": "y"}))
    assert page.error_summary() == ["Enter the reference of another organisation you can see"]
    duplicate_id, duplicate_reference = duplicate.id, duplicate.reference
    response = client.submit(url, {"duplicate_reference": duplicate_reference.lower(), "confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Organisation, duplicate_id) is None
    for model, column in REFERENCING_COLUMNS:
        assert (
            db.session.scalar(select(func.count()).select_from(model).where(getattr(model, column) == duplicate_id))
            == 0
        ), model
    assert {u.id for u in db.session.get(Organisation, keep.id).members} >= {keep_contact.id, duplicate_contact.id}
    assert db.session.scalar(select(func.count(Evidence.id)).where(Evidence.organisation_id == keep.id)) == 2
    assert sorted(
        db.session.scalars(select(ProgrammeCycle.number).where(ProgrammeCycle.organisation_id == keep.id))
    ) == [1, 2]
    merged = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "organisations_merged"))
    assert merged.details["merged_reference"] == duplicate_reference
    history = client.page(f"/en/eligibility/organisations/{keep.id}").text("#history")
    assert "Duplicate organisation merged in" in history
    assert history.count("Document uploaded") == 2


def test_every_foreign_key_to_organisations_is_listed_for_merging():
    listed = {(model.__tablename__, column) for model, column in REFERENCING_COLUMNS}
    handled = HANDLED_SEPARATELY
    for table in db.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == "organisations":
                assert (table.name, fk.parent.name) in listed | handled, f"{table.name}.{fk.parent.name}"


def test_admin_sets_tiers_and_programme_settings(sign_in):
    admin = sign_in(factories.make_user(Role.ADMIN))
    page = admin.page("/en/eligibility/settings")
    assert page.field_value("tier_webinar") == "declared"
    assert page.field_value("tier_workplace_visit") == "verified"
    data = {f"tier_{k.value}": "verified" for k in SupportKind}
    data.update({"tier_webinar": "declared", "retention_days": "10"})
    page = Page(admin.submit("/en/eligibility/settings", data))
    assert page.error_summary() == ["Enter a number of days between 30 and 3650"]
    assert page.field_value("retention_days") == "10"
    data.update({"retention_days": "90", "allow_large_employers": "y"})
    assert admin.submit("/en/eligibility/settings", data).status_code == 302
    db.session.expire_all()
    assert db.session.get(SupportTier, "event").tier == "verified"
    settings = db.session.get(ProgrammeSettings, 1)
    assert settings.allow_large_employers is True
    assert settings.evidence_retention_days == 90
    organisation = factories.make_organisation(eligibility_status="declared")
    assert not may_have(organisation, SupportKind.EVENT).allowed
    assert may_have(organisation, SupportKind.WEBINAR).allowed
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "eligibility_settings_changed"))


def test_purge_removes_old_files_keeps_records_and_reports(app):
    factories.make_programme_settings(evidence_retention_days=30)
    old_org, _ = _awaiting("Old Ltd")
    new_org, _ = _awaiting("New Ltd")
    old = db.session.scalar(select(Evidence).where(Evidence.organisation_id == old_org.id))
    new = db.session.scalar(select(Evidence).where(Evidence.organisation_id == new_org.id))
    old.created_at = utcnow() - timedelta(days=31)
    factories.make_decision(old_org, "approved")
    old_path, new_path = evidence_path(old), evidence_path(new)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["purge-evidence"])
    assert result.exit_code == 0, result.output
    assert f"removed evidence {old.id} (payroll.pdf)" in result.output
    assert "1 evidence files removed" in result.output
    assert not old_path.exists()
    assert new_path.exists()
    db.session.expire_all()
    old = db.session.get(Evidence, old.id)
    assert old.file_deleted_at is not None
    assert old.stored_name is None
    assert old.filename == "payroll.pdf"
    assert db.session.scalar(select(func.count(Decision.id))) == 1
    assert db.session.scalar(select(func.count(Evidence.id))) == 2
    again = app.test_cli_runner().invoke(args=["purge-evidence"])
    assert "0 evidence files removed" in again.output


def _queue_queries(client):
    with count_queries() as counter:
        client.page("/en/eligibility/review?status=")
    return counter.count


def test_queue_and_organisation_page_queries_do_not_grow_with_data(sign_in):
    admin = sign_in(factories.make_user(Role.ADMIN))
    factories.make_programme_settings()
    first, _ = _awaiting("First Ltd")
    small = _queue_queries(admin)
    with count_queries() as counter:
        admin.page(f"/en/eligibility/organisations/{first.id}")
    small_page = counter.count
    for n in range(8):
        organisation, contact = _awaiting(f"More {n} Ltd", la_code="W06000001" if n % 2 else "W06000015")
        factories.make_evidence(organisation, uploaded_by=contact)
        factories.make_evidence(first)
    assert _queue_queries(admin) == small
    with count_queries() as counter:
        admin.page(f"/en/eligibility/organisations/{first.id}")
    assert counter.count == small_page
