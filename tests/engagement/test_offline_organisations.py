"""Organisations staff record offline: the form, evidence, duplicates, claiming by invitation, prospects."""

import re
from datetime import timedelta

from sqlalchemy import func, select

from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.eligibility.models import Evidence
from portal.eligibility.tiers import EligibilityStatus
from portal.email.models import OutboxMessage
from portal.engagement.models import Engagement
from portal.engagement.services import log_engagement
from portal.extensions import db
from portal.organisations.models import Invitation, Organisation
from portal.reference.models import Intermediary
from portal.security import Role
from portal.timeutil import today_in_wales, utcnow
from tests import factories
from tests.helpers import Page, count_queries

NEW = "/{lang}/staff/organisations/new"


def offline_form(**overrides):
    """A complete staff form for a small Cardiff business met by phone."""
    intermediary = db.session.scalar(select(Intermediary).where(Intermediary.name_en == "Business Wales"))
    today = today_in_wales()
    data = {
        "name": "Becws Bach",
        "companies_house_number": "",
        "charity_number": "",
        "sector_id": str(factories.sector().id),
        "employee_count": "14",
        "part_of_group": "no",
        "group_name": "",
        "group_size": "",
        "address_line_1": "3 Heol y Frenhines",
        "address_line_2": "",
        "town": "Caerdydd",
        "postcode": "cf10 2bb",
        "local_authority_id": str(factories.authority().id),
        "contact_name": "Siân Lewis",
        "job_title": "Perchennog",
        "contact_email": "sian@becws.example",
        "phone": "029 2000 1111",
        "correspondence_language": "cy",
        "support_language": "cy",
        "consent_method": "phone",
        "consent_on": [str(today.day), str(today.month), str(today.year)],
        "heard_via": "intermediary",
        "intermediary_id": str(intermediary.id),
        "heard_via_other": "",
        "evaluation_consent": "y",
        "evidence_method": "seen_by_phone",
        "checked_number": "",
        "evidence_note": "Read the payroll summary out on the phone: 14 staff",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _record(client, lang="en", **overrides):
    return client.submit(NEW.format(lang=lang), offline_form(**overrides))


def test_staff_record_an_organisation_met_by_phone_with_the_evidence_they_saw(sign_in):
    staff = factories.make_user(Role.STAFF, full_name="Gareth Adviser")
    client = sign_in(staff)
    response = _record(client)
    assert response.status_code == 302
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == "Becws Bach"))
    assert response.headers["Location"].endswith(f"/en/staff/organisations/{organisation.id}")
    assert organisation.partner_id == staff.partner_id
    assert organisation.recorded_offline
    assert not organisation.prospect
    assert (organisation.contact_name, organisation.contact_email, organisation.contact_phone) == (
        "Siân Lewis",
        "sian@becws.example",
        "029 2000 1111",
    )
    assert (organisation.correspondence_language, organisation.support_language) == ("cy", "cy")
    assert organisation.contact_consent_method == "phone"
    assert organisation.contact_consent_at is not None
    assert organisation.postcode == "CF10 2BB"
    assert organisation.heard_via == "intermediary"
    assert organisation.intermediary.name_en == "Business Wales"
    assert organisation.evaluation_consent
    assert organisation.evaluation_consent_at is not None
    # The evidence went through eligibility's own staff method: verified, like any other.
    assert organisation.eligibility_status == EligibilityStatus.VERIFIED
    [evidence] = db.session.scalars(select(Evidence).where(Evidence.organisation_id == organisation.id)).all()
    assert evidence.method == "seen_by_phone"
    assert evidence.recorded_by_id == staff.id
    actions = set(db.session.scalars(select(AuditEvent.action).where(AuditEvent.actor_id == staff.id)))
    assert {"organisation_recorded", "evidence_recorded", "eligibility_approved"} <= actions
    # Nobody has an account yet, so nothing was e-mailed.
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0
    page = client.page(f"/en/staff/organisations/{organisation.id}")
    assert page.text("#heard-via") == "Intermediary: Business Wales"
    assert page.soup.select_one("#invite-to-claim") is not None


def test_without_evidence_the_organisation_waits_like_one_that_registered(sign_in):
    client = sign_in(factories.make_user(Role.STAFF))
    assert (
        _record(
            client, evidence_method="", evidence_note="", heard_via="other", heard_via_other="A poster in the library"
        ).status_code
        == 302
    )
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == "Becws Bach"))
    assert organisation.eligibility_status == EligibilityStatus.NOT_STARTED
    assert (organisation.heard_via, organisation.intermediary_id, organisation.heard_via_other) == (
        "other",
        None,
        "A poster in the library",
    )


def test_mistakes_are_named_and_nothing_typed_is_lost(sign_in):
    client = sign_in(factories.make_user(Role.STAFF))
    response = _record(
        client,
        lang="cy",
        contact_name="",
        consent_method="",
        employee_count="lots",
        consent_on=["31", "2", str(today_in_wales().year)],
        heard_via="intermediary",
        intermediary_id="",
        evidence_note="",
    )
    assert response.status_code == 200
    page = Page(response)
    summary = page.error_summary()
    for field in ("contact_name", "consent_method", "employee_count", "consent_on", "intermediary_id", "evidence_note"):
        assert (
            page.soup.select_one(f".govuk-error-summary a[href='#{field}']") is not None
            or page.soup.select_one(f".govuk-error-summary a[href^='#{field}']") is not None
        ), (field, summary)
    assert page.field_value("name") == "Becws Bach"
    assert page.field_value("contact_email") == "sian@becws.example"
    assert db.session.scalar(select(func.count(Organisation.id))) == 0
    # A consent date in the future is refused.
    tomorrow = today_in_wales() + timedelta(days=1)
    response = _record(client, consent_on=[str(tomorrow.day), str(tomorrow.month), str(tomorrow.year)])
    assert response.status_code == 200
    assert Page(response).error_summary() == ["The date the contact agreed must be today or in the past"]


def test_the_registration_duplicate_check_applies(sign_in):
    existing = factories.make_organisation(name="Becws Bach Cyf.", postcode="CF10 2BB")
    north = factories.make_organisation(name="Other Name", la_code="W06000001", companies_house_number="07654321")
    client = sign_in(factories.make_user(Role.STAFF))
    response = _record(client, name="Becws  Bach Cyf")
    assert response.status_code == 200
    page = Page(response)
    assert existing.reference in " ".join(page.error_summary())
    assert page.soup.select_one(f"#duplicate a[href$='/staff/organisations/{existing.id}']") is not None
    # Another partner's duplicate is named but not linked (staff cannot open it).
    page = Page(_record(client, name="Quite Different", companies_house_number="07654321"))
    assert north.reference in " ".join(page.error_summary())
    assert page.soup.select_one("#duplicate a") is None
    assert db.session.scalar(select(func.count(Organisation.id))) == 2


def _claim_link(message):
    """The claim link in the e-mail, as a path on this site."""
    link = re.search(r"https?://\S+/claim/\S+", message.body_text).group(0)
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def test_the_contact_claims_the_record_and_it_stays_one_organisation_with_its_history(sign_in, client):
    staff = factories.make_user(Role.STAFF)
    staff_client = sign_in(staff)
    assert _record(staff_client).status_code == 302
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == "Becws Bach"))
    engagement = factories.make_engagement(organisation, staff, type="advice_session")
    event = factories.make_event()
    booking = factories.make_booking(event, organisation)
    invite_url = f"/en/staff/organisations/{organisation.id}/claim-invitation"
    assert "sian@becws.example" in staff_client.page(invite_url).text()
    assert staff_client.submit(invite_url).status_code == 302
    [message] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == "claim_invitation")).all()
    # In the contact's language for e-mails (Welsh), to the contact's address.
    assert message.to_address == "sian@becws.example"
    assert message.language == "cy"
    path = _claim_link(message)
    assert path.startswith("/cy/organisation/claim/")
    page = client.page(path)
    assert "Becws Bach" in page.text()
    response = client.submit(
        path, {"full_name": "Siân Lewis", "password": "a long enough passphrase", "confirm": "a long enough passphrase"}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/cy/organisation/")
    assert db.session.scalar(select(func.count(Organisation.id))) == 1
    user = db.session.scalar(select(User).where(User.email == "sian@becws.example"))
    assert user.organisation_id == organisation.id
    assert user.role == Role.EMPLOYER
    assert db.session.get(Engagement, engagement.id).organisation_id == organisation.id
    assert db.session.get(type(booking), booking.id).organisation_id == organisation.id
    overview = client.page("/cy/organisation/")
    assert "Becws Bach" in overview.text()
    assert "organisation_claimed" in set(db.session.scalars(select(AuditEvent.action)))
    # The link works once; a second claim invitation is refused now that it has a contact.
    assert client.get(path).status_code == 410
    page = staff_client.page(invite_url)
    assert page.soup.select_one("#claim-refusal") is not None
    assert staff_client.submit(invite_url).status_code == 409


def test_a_new_claim_link_replaces_the_old_and_links_expire(sign_in, client):
    staff_client = sign_in(factories.make_user(Role.STAFF))
    _record(staff_client)
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == "Becws Bach"))
    url = f"/en/staff/organisations/{organisation.id}/claim-invitation"
    staff_client.submit(url)
    staff_client.submit(url)
    first, second = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    old_path, new_path = _claim_link(first), _claim_link(second)
    assert client.get(old_path).status_code == 410
    assert client.get(new_path).status_code == 200
    for invitation in db.session.scalars(select(Invitation)):
        invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert client.get(new_path).status_code == 410
    # A claim link is not a colleague invitation: that URL does not take it.
    token = new_path.rsplit("/", 1)[1]
    assert client.get(f"/en/organisation/invitation/{token}").status_code == 410


def test_another_partners_staff_cannot_invite_or_see_it(sign_in):
    _record(sign_in(factories.make_user(Role.STAFF)))
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == "Becws Bach"))
    other = sign_in(factories.make_user(Role.STAFF, partner_slug="north-west"))
    assert other.get(f"/en/staff/organisations/{organisation.id}").status_code == 404
    assert other.get(f"/en/staff/organisations/{organisation.id}/claim-invitation").status_code == 404
    assert (
        other.submit(
            f"/en/staff/organisations/{organisation.id}/claim-invitation", token_from=NEW.format(lang="en")
        ).status_code
        == 404
    )
    assert "Becws Bach" not in other.page("/en/staff/organisations").text()


def _figures(admin_client, period):
    dashboard = admin_client.page(f"/en/reports/?period={period.id}")
    engaged = dashboard.text("#figures td[data-figure=engaged]")
    listing = admin_client.page(f"/en/reports/organisations?figure=engaged&period={period.id}")
    return engaged, listing.text("#organisations") if listing.soup.select_one("#organisations") else ""


def test_a_prospect_counts_nowhere_until_a_counted_engagement(sign_in):
    today = today_in_wales()
    period = factories.make_reporting_period(starts_on=today - timedelta(days=100), ends_on=today + timedelta(days=30))
    staff = factories.make_user(Role.STAFF)
    admin = sign_in(factories.make_user(Role.ADMIN))
    assert _record(sign_in(staff), prospect="y", prospect_source="Business breakfast, Wrexham").status_code == 302
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == "Becws Bach"))
    assert organisation.prospect
    assert organisation.prospect_source == "Business breakfast, Wrexham"
    # A phone call (not counted support) keeps it a prospect, absent from the figures.
    log_engagement(organisation, staff, type="phone_call", occurred_on=today, adviser_id=staff.id)
    db.session.commit()
    engaged, listing = _figures(admin, period)
    assert engaged.startswith("0")
    assert "Becws Bach" not in listing
    export = admin.get(f"/en/reports/export/organisations.csv?period={period.id}").data.decode("utf-8-sig")
    assert "Becws Bach" not in export
    # Counted support makes it an ordinary organisation: engaged (and supported, being verified).
    log_engagement(organisation, staff, type="advice_session", occurred_on=today, adviser_id=staff.id)
    db.session.commit()
    db.session.refresh(organisation)
    assert not organisation.prospect
    engaged, listing = _figures(admin, period)
    assert engaged.startswith("1")
    assert "Becws Bach" in listing
    supported = admin.page(f"/en/reports/organisations?figure=supported&period={period.id}")
    assert "Becws Bach" in supported.text("#organisations")
    assert "prospect_converted" in set(db.session.scalars(select(AuditEvent.action)))


def test_the_record_and_the_form_run_the_same_queries_however_many_organisations(sign_in):
    staff = factories.make_user(Role.STAFF)
    client = sign_in(staff)
    _record(client)
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == "Becws Bach"))
    url = f"/en/staff/organisations/{organisation.id}"
    with count_queries() as small_record:
        client.page(url)
    with count_queries() as small_form:
        client.page(NEW.format(lang="en"))
    for _ in range(300):
        factories.make_organisation(commit=False)
    db.session.commit()
    with count_queries() as large_record:
        client.page(url)
    with count_queries() as large_form:
        client.page(NEW.format(lang="en"))
    assert large_record.count == small_record.count
    assert large_form.count == small_form.count
