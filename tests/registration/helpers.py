"""Shared set-up for the registration tests."""

from portal.accounts.models import User
from portal.extensions import db
from portal.security import Role
from portal.timeutil import utcnow
from tests import factories


def registrant(verified=True, lang="en", email=None):
    user = User(
        email=email or f"registrant{next(factories._counter)}@example.com",
        full_name="Rhian Registrant",
        role=Role.EMPLOYER,
        language=lang,
        password_hash=factories._password_hash(factories.PASSWORD),
        email_verified_at=utcnow() if verified else None,
    )
    db.session.add(user)
    db.session.commit()
    return user


def answers(sector_id, authority_id, **overrides):
    """Form data for every question page, by step slug."""
    data = {
        "name": {"name": "Caffi Cwtsh"},
        "numbers": {"companies_house_number": "01234567", "charity_number": ""},
        "sector": {"sector_id": str(sector_id)},
        "employees": {"employee_count": "12"},
        "group": {"part_of_group": "no", "group_name": ""},
        "address": {"address_line_1": "1 Stryd Fawr", "address_line_2": "", "town": "Caerdydd",
                    "postcode": "cf10 1aa", "local_authority_id": str(authority_id)},
        "staff-areas": {},
        "contact": {"job_title": "Rheolwr", "phone": "029 2018 0000"},
        "correspondence-language": {"correspondence_language": "cy"},
        "support-language": {"support_language": "either"},
        "consent": {"privacy_notice": "y", "consent": "y"},
    }
    for slug, values in overrides.items():
        data[slug] = {**data[slug], **values}
    return data


def answer(client, slug, data, lang="en"):
    url = f"/{lang}/register/questions/{slug}"
    return client.submit(url, data)
