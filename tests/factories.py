"""One factory per model. Each commits, so requests (own sessions) see the data."""

import itertools

from sqlalchemy import select

from portal.accounts.models import User
from portal.accounts.passwords import hash_password
from portal.extensions import db
from portal.organisations.models import Organisation
from portal.reference.models import DeliveryPartner, LocalAuthority, Sector
from portal.security import Role

PASSWORD = "correct horse battery"
_counter = itertools.count(1)
# Hashing is deliberately slow; tests share one hash of the common password.
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


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
