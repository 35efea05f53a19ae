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
