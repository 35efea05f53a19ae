"""One factory per model. Each commits, so requests (own sessions) see the data."""

import io
import itertools

from sqlalchemy import select

from portal.accounts.models import User
from portal.accounts.passwords import hash_password
from portal.extensions import db
from portal.organisations import attachments
from portal.organisations.models import Organisation
from portal.reference.models import DeliveryPartner, LocalAuthority, Sector
from portal.security import Role

PASSWORD = "correct horse battery"
_counter = itertools.count(1)
# Tests share one hash of the common password (cheap in TestConfig, but still repeated).
_PASSWORD_HASH = None


def _password_hash(password):
    global _PASSWORD_HASH
    if password != PASSWORD:
        return hash_password(password)
    if _PASSWORD_HASH is None:
        _PASSWORD_HASH = hash_password(PASSWORD)
    return _PASSWORD_HASH


def partner(slug="south-east"):
    return db.session.scalar(select(DeliveryPartner).where(DeliveryPartner.slug == slug))


def authority(code="W06000015"):
    return db.session.scalar(select(LocalAuthority).where(LocalAuthority.code == code))


def sector(slug="retail"):
    return db.session.scalar(select(Sector).where(Sector.slug == slug))


def make_organisation(name=None, la_code="W06000015", commit=True, **fields):
    n = next(_counter)
    la = authority(la_code)
    organisation = Organisation(
        reference=fields.pop("reference", f"HWW-T{n:05d}"),
        name=name or f"Test Organisation {n}",
        sector=fields.pop("sector", None) or sector(),
        employee_count=fields.pop("employee_count", 20),
        local_authority=la,
        partner=fields.pop("partner", None) or (la.partners[0] if la.partners else None),
        postcode=fields.pop("postcode", "CF10 1AA"),
        **fields,
    )
    db.session.add(organisation)
    if commit:
        db.session.commit()
    return organisation


def make_user(role=Role.EMPLOYER, email=None, password=PASSWORD, organisation=None, partner_slug=None,
              commit=True, **fields):
    n = next(_counter)
    role = Role(role)
    user = User(
        email=email or f"{role.value}{n}@example.com",
        full_name=fields.pop("full_name", f"{role.value.title()} Person {n}"),
        role=role,
        password_hash=_password_hash(password),
        language=fields.pop("language", "en"),
        **fields,
    )
    if role in (Role.EMPLOYER, Role.CHAMPION):
        user.organisation = organisation or make_organisation(commit=False)
    if role == Role.STAFF:
        user.partner = partner(partner_slug or "south-east")
    db.session.add(user)
    if commit:
        db.session.commit()
    return user


# --- programme tracker and engagement log ----------------------------------------------

def source(table="bookings", source_id=None):
    """A stand-in for another feature's record (a booking, a visit) an intervention comes from."""
    from types import SimpleNamespace

    return SimpleNamespace(__tablename__=table, id=source_id or next(_counter))


def make_intervention(organisation, kind="session_attended", support_type="stress", occurred_at=None,
                      source_record=None, commit=True):
    from portal.programme.services import record_intervention
    from portal.timeutil import utcnow

    intervention = record_intervention(organisation, kind, support_type, source_record or source(),
                                       occurred_at or utcnow())
    if commit:
        db.session.commit()
    return intervention


def make_programme_cycle(organisation, commit=True):
    from portal.programme.services import current_cycle

    cycle = current_cycle(organisation)
    if commit:
        db.session.commit()
    return cycle


def make_rule_version(actor=None, commit=True, **changes):
    from portal.programme.services import change_rules, current_rules

    rules = current_rules()
    values = {
        "whp_min_interventions": rules.whp_min_interventions,
        "whp_distinct_types": rules.whp_distinct_types,
        "counted_engagement_types": sorted(rules.counted_engagement_types),
        "follow_up_after_days": rules.follow_up_after_days,
        "follow_up_response_days": rules.follow_up_response_days,
    }
    values.update(changes)
    version = change_rules(actor, **values)
    if commit:
        db.session.commit()
    return version


def make_engagement(organisation, adviser, type="phone_call", occurred_on=None, commit=True, **fields):
    from portal.engagement.services import log_engagement, today

    engagement = log_engagement(organisation, adviser, type=type, occurred_on=occurred_on or today(),
                                adviser_id=fields.pop("adviser_id", adviser.id), **fields)
    if commit:
        db.session.commit()
    return engagement


def make_caseload_assignment(organisation, adviser, commit=True):
    from portal.engagement.services import assign_adviser

    assignment = assign_adviser(organisation, adviser, adviser)
    if commit:
        db.session.commit()
    return assignment


def make_equality_strategy_record(organisation, actor=None, change="adopted", note="New strategy agreed",
                                  commit=True):
    from portal.programme.services import record_equality_strategy

    entry = record_equality_strategy(organisation, change, note, actor)
    if commit:
        db.session.commit()
    return entry


def make_outcome_follow_up(organisation, commit=True):
    """An organisation with a WHP implemented and its follow-up (scheduled)."""
    from sqlalchemy import select as _select

    from portal.programme.models import OutcomeFollowUp

    make_intervention(organisation, support_type="stress", commit=False)
    make_intervention(organisation, support_type="sleep", commit=False)
    follow_up = db.session.scalar(_select(OutcomeFollowUp).where(OutcomeFollowUp.organisation_id == organisation.id))
    if commit:
        db.session.commit()
    return follow_up
# --- registration and eligibility -------------------------------------------------

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def make_evidence(organisation, uploaded_by=None, content=PDF_BYTES, filename="payroll.pdf", commit=True):
    """An uploaded document, stored through the real upload service (after the declaration it follows)."""
    import io

    from portal.eligibility.services import store_upload

    if organisation.eligibility_status == "not_started":
        organisation.eligibility_status = "declared"
    user = uploaded_by or make_user(Role.EMPLOYER, organisation=organisation)
    evidence = store_upload(organisation, user, io.BytesIO(content), filename)
    if commit:
        db.session.commit()
    return evidence


def make_attachment(organisation, staff, content=PDF_BYTES, filename="letter.pdf", description="Letter from the owner",
                    commit=True):
    """A file on the organisation's record, stored through the real attachment service."""
    attachment = attachments.attach(organisation, staff, io.BytesIO(content), filename, description)
    if commit:
        db.session.commit()
    return attachment


def make_decision(organisation, outcome="approved", message=None, decided_by=None, commit=True):
    from portal.eligibility.models import Decision

    decision = Decision(organisation_id=organisation.id, outcome=outcome, message=message,
                        decided_by_id=decided_by.id if decided_by else None)
    db.session.add(decision)
    if commit:
        db.session.commit()
    return decision


def make_programme_settings(allow_large_employers=False, evidence_retention_days=365, commit=True):
    from portal.eligibility.services import programme_settings

    settings = programme_settings()
    db.session.add(settings)
    settings.allow_large_employers = allow_large_employers
    settings.evidence_retention_days = evidence_retention_days
    if commit:
        db.session.commit()
    return settings


def make_invitation(organisation, inviter=None, email=None, role=Role.CHAMPION, commit=True):
    """An invitation; returns (invitation, raw token)."""
    from portal.organisations.models import Invitation
    from portal.organisations.services import invite

    inviter = inviter or make_user(Role.EMPLOYER, organisation=organisation)
    token = invite(organisation, inviter, email or f"invitee{next(_counter)}@example.com", role)
    db.session.flush()
    invitation = db.session.scalars(select(Invitation).order_by(Invitation.id.desc())).first()
    if commit:
        db.session.commit()
    return invitation, token


def make_registration_draft(user, answers=None, commit=True):
    from portal.organisations.services import save_answers

    draft = save_answers(user, answers or {})
    if commit:
        db.session.commit()
    return draft


def make_verification_token(user, commit=True):
    """Returns the raw token of a new e-mail verification link for ``user``."""
    from portal.organisations.services import send_verification

    token = send_verification(user)
    if commit:
        db.session.commit()
    return token
# --- booking: events, bookings, feedback, workplace visits -------------------


def make_event(starts_at=None, capacity=10, sessions=1, commit=True, partner_slug="south-east", **fields):
    """An event ``sessions`` weekly sessions long, starting (by default) in 30 days, 10:00-11:00 London."""
    from datetime import timedelta

    from portal.events.models import Event, EventSession
    from portal.timeutil import utcnow

    n = next(_counter)
    starts_at = starts_at or (utcnow() + timedelta(days=30)).replace(minute=0, second=0, microsecond=0)
    length = fields.pop("length", timedelta(hours=1))
    event = Event(
        partner=partner(partner_slug) if partner_slug else None,
        kind=fields.pop("kind", "webinar"),
        topic=fields.pop("topic", "sleep"),
        title_en=fields.pop("title_en", f"Sleep well {n}"),
        title_cy=fields.pop("title_cy", f"Cysgu'n dda {n}"),
        description_en=fields.pop("description_en", "How sleep affects work."),
        description_cy=fields.pop("description_cy", "Sut mae cwsg yn effeithio ar waith."),
        joining_details_en=fields.pop("joining_details_en", f"https://meet.example.com/secret-{n}"),
        joining_details_cy=fields.pop("joining_details_cy", f"https://meet.example.com/cyfrinach-{n}"),
        language=fields.pop("language", "bilingual"),
        online=fields.pop("online", True),
        capacity=capacity,
        per_organisation_limit=fields.pop("per_organisation_limit", 5),
        booking_deadline=fields.pop("booking_deadline", starts_at - timedelta(days=1)),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(weeks=sessions - 1) + length,
        places_taken=fields.pop("places_taken", 0),
        booking_sequence=0,
        **fields,
    )
    event.sessions = [
        EventSession(starts_at=starts_at + timedelta(weeks=i), ends_at=starts_at + timedelta(weeks=i) + length)
        for i in range(sessions)
    ]
    db.session.add(event)
    if commit:
        db.session.commit()
    return event


def make_event_session(event, starts_at, ends_at, commit=True):
    from portal.events.models import EventSession

    session = EventSession(event=event, starts_at=starts_at, ends_at=ends_at)
    db.session.add(session)
    if commit:
        db.session.commit()
    return session


def make_booking(event, organisation, status="confirmed", commit=True, **fields):
    """A booking written directly (no e-mail); keeps the event's counters in step."""
    import secrets

    from portal.bookings.models import HOLDING, Booking

    n = next(_counter)
    event.booking_sequence += 1
    if status in HOLDING:
        event.places_taken += 1
    booking = Booking(
        event=event, organisation=organisation, name=fields.pop("name", f"Attendee {n}"),
        email=fields.pop("email", f"attendee{n}@example.com"), status=status, sequence=event.booking_sequence,
        feedback_token=secrets.token_urlsafe(32), **fields,
    )
    db.session.add(booking)
    if commit:
        db.session.commit()
    return booking


def make_feedback(booking, rating=4, will_use="yes", comments="", commit=True):
    from portal.bookings.models import Feedback

    feedback = Feedback(booking_id=booking.id, event_id=booking.event_id, rating=rating, will_use=will_use,
                        comments=comments, language="en")
    db.session.add(feedback)
    if commit:
        db.session.commit()
    return feedback


def make_visit(organisation, requested_by=None, commit=True, **fields):
    from portal.visits.models import VisitRequest

    visit = VisitRequest(
        organisation=organisation, requested_by=requested_by,
        visit_type=fields.pop("visit_type", "wellbeing-talk"),
        preferred_dates=fields.pop("preferred_dates", "Tuesday mornings"),
        site_address=fields.pop("site_address", "1 High Street, Cardiff"),
        staff_count=fields.pop("staff_count", 12), access_needs=fields.pop("access_needs", ""),
        language=fields.pop("language", "either"), status=fields.pop("status", "requested"), **fields,
    )
    db.session.add(visit)
    if commit:
        db.session.commit()
    return visit
# --- champions hub -----------------------------------------------------------

def make_training(user=None, email=None, name=None, organisation=None, completed_at=None, source=None,
                  course_en="Well-being champion training", course_cy="Hyfforddiant hyrwyddwyr llesiant",
                  commit=True):
    """A completed champion course, recorded through the service the booking code calls."""
    from datetime import UTC, datetime

    from portal.champions.services import record_training_completion

    n = next(_counter)
    training = record_training_completion(
        email=email or (user.email if user else f"attendee{n}@example.com"),
        name=name or (user.full_name if user else f"Attendee {n}"),
        organisation=organisation or (user.organisation if user else None),
        course_title_en=course_en, course_title_cy=course_cy,
        completed_at=completed_at or datetime(2026, 3, 10, 15, 0, tzinfo=UTC),
        source=source or ("test", n),
    )
    if commit:
        db.session.commit()
    return training


def make_profile(user, notifications="replies", listed=True, speaks_welsh=False, commit=True):
    from portal.champions.services import save_profile

    profile = save_profile(user, notifications, listed, speaks_welsh)
    if commit:
        db.session.commit()
    return profile


def make_thread(author=None, partner_slug="south-east", title=None, body="First post", commit=True, **fields):
    """A thread with its first post, in ``partner_slug``'s area (or the author's organisation's)."""
    from portal.champions.services import create_thread

    author = author or make_user(Role.CHAMPION)
    partner_id = author.organisation.partner_id if author.organisation else partner(partner_slug).id
    thread = create_thread(author, partner_id, title or f"Thread {next(_counter)}", body)
    for key, value in fields.items():
        setattr(thread, key, value)
    if commit:
        db.session.commit()
    return thread


def make_post(thread, author=None, body="A reply", hidden=False, commit=True):
    from portal.champions.models import NetworkPost
    from portal.champions.text import normalise

    author = author or make_user(Role.CHAMPION)
    post = NetworkPost(thread_id=thread.id, author_id=author.id, body=body, search_text=normalise(body),
                       hidden=hidden)
    db.session.add(post)
    db.session.flush()
    if commit:
        db.session.commit()
    return post


def make_report(post, reporter=None, reason="Not appropriate", commit=True):
    from portal.champions.models import PostReport

    report = PostReport(post_id=post.id, reporter_id=reporter.id if reporter else None, reason=reason)
    db.session.add(report)
    db.session.flush()
    if commit:
        db.session.commit()
    return report


def make_resource(title_en="Stress at work", title_cy="Straen yn y gwaith", audience="both", topics=("stress",),
                  link_en="https://example.com/en", link_cy="https://example.com/cy", files=None, published=True,
                  commit=True, **fields):
    """A resource; ``files`` is {lang: bytes} saved as uploads."""
    from portal.resources.services import detect_type, save_resource

    uploads = {lang: (data, detect_type(data), f"file-{lang}.{detect_type(data)}")
               for lang, data in (files or {}).items()}
    resource = save_resource(
        None, title_en=title_en, title_cy=title_cy,
        summary_en=fields.pop("summary_en", f"About {title_en}" if title_en else ""),
        summary_cy=fields.pop("summary_cy", f"Am {title_cy}" if title_cy else ""),
        link_en=link_en if title_en else "", link_cy=link_cy if title_cy else "", audience=audience,
        topics=list(topics), published=published, uploads=uploads,
        actor=fields.pop("actor", None) or make_user(Role.STAFF))
    if commit:
        db.session.commit()
    return resource



# --- reporting ------------------------------------------------------------------------

def make_reporting_period(name_en="Financial year 2025 to 2026", name_cy="Blwyddyn ariannol 2025 i 2026",
                          starts_on=None, ends_on=None, commit=True):
    from datetime import date

    from portal.reporting.services import add_period

    period = add_period(name_en, name_cy, starts_on or date(2025, 4, 1), ends_on or date(2026, 3, 31))
    if commit:
        db.session.commit()
    return period


def make_target(period, partner=None, commit=True, **values):
    from portal.reporting.services import set_target

    defaults = {"engaged": 2800, "supported": 1400, "whp_implemented": 700, "equality_strategy": 700}
    defaults.update(values)
    target = set_target(period.id, partner.id if partner else None, defaults)
    if commit:
        db.session.commit()
    return target
