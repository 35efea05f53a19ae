"""The evaluation dataset: one row per engagement and per intervention, pseudonymous (issue 15 item 7).

Only organisations that consented to their records being used for the
programme's evaluation (``Organisation.evaluation_consent``) are included, and
prospects never are (they count nowhere). A row carries no name, reference,
contact, address, postcode or free text: the organisation is a keyed hash of
its id (HMAC-SHA256) under a key made afresh for each export and never kept,
so rows of one organisation share a key within one export, and two exports
cannot be joined to each other or back to the organisation.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import and_, literal, select

from portal.engagement.models import Engagement
from portal.extensions import db
from portal.organisations.channels import INTERMEDIARY
from portal.organisations.models import Organisation
from portal.programme.models import Intervention
from portal.reference.models import DeliveryPartner, Intermediary, LocalAuthority, Sector
from portal.reporting.services import names_in, size_band
from portal.timeutil import as_utc

ENGAGEMENT = "engagement"
INTERVENTION = "intervention"
KEY_BYTES = 32


def new_key():
    """A random key for one export: used while it is written, never stored."""
    return secrets.token_bytes(KEY_BYTES)


@dataclass(frozen=True)
class Pseudonymiser:
    """Turns organisation ids into keys that are stable within one export only."""

    key: bytes

    def __call__(self, organisation_id):
        # hmac.digest: the one-shot form, in C (an export keys a couple of hundred thousand rows).
        return hmac.digest(self.key, str(organisation_id).encode("ascii"), hashlib.sha256).hex()

    def __repr__(self):
        # The key never appears in a log or a traceback.
        return "Pseudonymiser(key=…)"


def _consenting(query, partner_id):
    query = query.where(Organisation.evaluation_consent.is_(True), Organisation.prospect.is_(False))
    if partner_id is not None:
        query = query.where(Organisation.partner_id == partner_id)
    return query


# The columns of every dataset row, in order: the record's, then its organisation's
# (none that identifies it), the names in the export's language.
DATASET_COLUMNS = (
    "record", "record_id", "type", "occurred", "counted", "voided_at", "organisation_id", "band",
    "correspondence_language", "support_language", "channel", "partner", "local_authority", "sector",
    "intermediary",
)


def _described(record, organisation_id, lang, *columns):
    """``record``'s ``columns`` and its organisation's columns an evaluator may see: none that identifies it.

    Names in ``lang`` only: the rows are many (one per engagement and intervention).
    """
    return (
        select(
            *columns,
            Organisation.id.label("organisation_id"),
            size_band(Organisation.employee_count).label("band"),
            Organisation.correspondence_language,
            Organisation.support_language,
            Organisation.heard_via.label("channel"),
            *names_in(lang),
        )
        .select_from(record)
        .join(Organisation, Organisation.id == organisation_id)
        .outerjoin(DeliveryPartner, DeliveryPartner.id == Organisation.partner_id)
        .outerjoin(LocalAuthority, LocalAuthority.id == Organisation.local_authority_id)
        .outerjoin(Sector, Sector.id == Organisation.sector_id)
        .outerjoin(Intermediary, and_(Intermediary.id == Organisation.intermediary_id,
                                      Organisation.heard_via == INTERMEDIARY))
    )


def engagement_rows(period, partner_id=None, lang="en"):
    """Every engagement in the period of a consenting organisation, voided ones included (marked).

    Rows of :data:`DATASET_COLUMNS`, names in ``lang``.
    """
    query = _described(
        Engagement,
        Engagement.organisation_id,
        lang,
        literal(ENGAGEMENT).label("record"),
        Engagement.id.label("record_id"),
        Engagement.type.label("type"),
        Engagement.occurred_on.label("occurred"),
        Engagement.counted,
        Engagement.voided_at,
    )
    query = query.where(Engagement.occurred_on >= period.start.date(), Engagement.occurred_on < period.end.date())
    return db.session.execute(
        _consenting(query, partner_id).order_by(Engagement.occurred_on, Engagement.id).execution_options(yield_per=1000)
    )


def intervention_rows(period, partner_id=None, lang="en"):
    """Every intervention in the period of a consenting organisation (each one counted).

    Rows of :data:`DATASET_COLUMNS`, names in ``lang``.
    """
    query = _described(
        Intervention,
        Intervention.organisation_id,
        lang,
        literal(INTERVENTION).label("record"),
        Intervention.id.label("record_id"),
        Intervention.kind.label("type"),
        Intervention.occurred_at.label("occurred"),
        literal(True).label("counted"),
        literal(None).label("voided_at"),
    )
    query = query.where(Intervention.occurred_at >= period.start, Intervention.occurred_at < period.end)
    return db.session.execute(
        _consenting(query, partner_id).order_by(Intervention.occurred_at, Intervention.id)
        .execution_options(yield_per=1000)
    )


def dataset_rows(period, partner_id=None, lang="en"):
    """Engagements, then interventions: one row each of :data:`DATASET_COLUMNS`, streamed (two statements)."""
    yield from engagement_rows(period, partner_id, lang)
    yield from intervention_rows(period, partner_id, lang)


def record_date(record, occurred):
    """The day of a record: an engagement's date, an intervention's UTC date (as the dashboard's months)."""
    if record == INTERVENTION:
        return as_utc(occurred).date()
    return occurred
