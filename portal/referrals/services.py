"""Self-referral: the organisation's link, passing a referral on, and the counts.

The portal is a letterbox here, not a case file: a referral's answers are
written into one e-mail to the individual in-work support service (through the
outbox, so nothing is lost while the mail server is down) and are not stored
anywhere else. What stays is a dated tally per organisation and channel.
"""

import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import func, select

from portal.email.services import external_url, queue_email
from portal.extensions import db
from portal.i18n import current_lang
from portal.organisations.models import Organisation
from portal.reference.models import DeliveryPartner
from portal.referrals import choices
from portal.referrals.models import ReferralLink, SelfReferral
from portal.scoping import organisation_scope
from portal.timeutil import today_in_wales

# How an employee reached the form; the QR code and the poster carry their own.
CHANNELS = ("link", "qr", "poster")

# The smallest number of referrals shown to an employer: below it, the count
# could point at a person. Configuration may raise it, never lower it.
SMALLEST_COUNT_FLOOR = 5


def smallest_count():
    """The threshold in force: the configured one, never below five."""
    return max(SMALLEST_COUNT_FLOOR, int(current_app.config.get("SELF_REFERRAL_SMALLEST_COUNT", 5)))


def link_for(organisation):
    """The organisation's referral link, made the first time it is asked for (caller commits)."""
    link = db.session.scalar(select(ReferralLink).where(ReferralLink.organisation_id == organisation.id)
                             .order_by(ReferralLink.id).limit(1))
    if link is None:
        link = ReferralLink(organisation_id=organisation.id, code=secrets.token_urlsafe(12))
        db.session.add(link)
        db.session.flush()
    return link


def organisation_for_code(code):
    """The organisation a referral link belongs to, or None for an unknown code."""
    return db.session.scalar(
        select(Organisation).join(ReferralLink, ReferralLink.organisation_id == Organisation.id)
        .where(ReferralLink.code == code)
    )


def referral_url(link, lang, channel="link"):
    """The absolute address of the form in ``lang``; the QR code and poster name their channel."""
    if channel == "link":
        return external_url("referrals.start", lang, code=link.code)
    return external_url("referrals.start", lang, code=link.code, via=channel)


def channel_of(value):
    """A channel from the address, or "link" for anything else."""
    return value if value in CHANNELS else "link"


@dataclass(frozen=True)
class Referral:
    """One employee's answers, as they travel to the individual service."""

    name: str
    contact_method: str
    phone: str
    email: str
    times: tuple
    language: str
    topic: str


def submit(organisation, referral, channel):
    """Pass ``referral`` to the intake mailbox and keep only a dated tally (caller commits)."""
    config = current_app.config
    queue_email(
        config["SELF_REFERRAL_INTAKE_EMAIL"], "self_referral", config["SELF_REFERRAL_INTAKE_LANGUAGE"],
        referral=referral, organisation=organisation, choices=choices,
    )
    record = SelfReferral(organisation_id=organisation.id, referred_on=today_in_wales(),
                          channel=channel_of(channel))
    db.session.add(record)
    return record


def quarter_of(day):
    """(financial year, quarter 1–4) of ``day``: the programme reports April to March."""
    index = (day.month - 4) % 12 // 3 + 1
    return (day.year if day.month >= 4 else day.year - 1), index


def quarter_bounds(year, quarter):
    """The first day of a financial quarter and the first day after it."""
    start_month = 4 + (quarter - 1) * 3
    start = date(year + (start_month - 1) // 12, (start_month - 1) % 12 + 1, 1)
    end_month = start_month + 3
    end = date(year + (end_month - 1) // 12, (end_month - 1) % 12 + 1, 1)
    return start, end


@dataclass(frozen=True)
class QuarterCount:
    """An organisation's referrals in one quarter; ``count`` is None when too few to show."""

    start: date
    end: date
    count: int | None

    @property
    def last_day(self):
        """The quarter's last day (``end`` is the first day after it)."""
        return self.end - timedelta(days=1)


def employer_counts(organisation, quarters=4):
    """The last ``quarters`` financial quarters, newest first, each shown only from the threshold.

    One query whatever the number of referrals.
    """
    year, quarter = quarter_of(today_in_wales())
    spans = []
    for _ in range(quarters):
        spans.append(quarter_bounds(year, quarter))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    oldest = spans[-1][0]
    days = db.session.execute(
        select(SelfReferral.referred_on, func.count()).where(
            SelfReferral.organisation_id == organisation.id, SelfReferral.referred_on >= oldest)
        .group_by(SelfReferral.referred_on)
    ).all()
    threshold = smallest_count()
    counts = []
    for start, end in spans:
        total = sum(n for day, n in days if start <= day < end)
        counts.append(QuarterCount(start, end, total if total >= threshold else None))
    return counts


@dataclass(frozen=True)
class CountRow:
    """Referrals for one organisation (or one partner), by channel."""

    label: str
    reference: str | None
    partner: str | None
    by_channel: dict
    total: int


def _rows(results, key):
    rows = {}
    for ident, label, reference, partner, channel, count in results:
        entry = rows.setdefault(key(ident, label, reference, partner),
                                {"label": label, "reference": reference, "partner": partner, "by": {}})
        entry["by"][channel] = entry["by"].get(channel, 0) + count
    return [
        CountRow(e["label"], e["reference"], e["partner"], {c: e["by"].get(c, 0) for c in CHANNELS},
                 sum(e["by"].values()))
        for e in rows.values()
    ]


def staff_counts(user, start=None, end=None):
    """Referral counts the user may see (their partner's organisations; everything for
    administrators), by organisation and by partner, each split by channel.

    Returns (organisation rows, partner rows, totals by channel); one query.
    """
    partner_name = DeliveryPartner.name_cy if current_lang() == "cy" else DeliveryPartner.name_en
    query = (
        select(Organisation.id, Organisation.name, Organisation.reference, partner_name, SelfReferral.channel,
               func.count())
        .join(Organisation, Organisation.id == SelfReferral.organisation_id)
        .outerjoin(DeliveryPartner, DeliveryPartner.id == Organisation.partner_id)
        .where(organisation_scope(user, SelfReferral.organisation_id))
        .group_by(Organisation.id, Organisation.name, Organisation.reference, partner_name, SelfReferral.channel)
        .order_by(Organisation.name, Organisation.reference)
    )
    if start is not None:
        query = query.where(SelfReferral.referred_on >= start, SelfReferral.referred_on < end)
    results = db.session.execute(query).all()
    organisations = _rows(results, lambda ident, *_: ident)
    partners = sorted(_rows([(p, p, None, p, c, n) for _, _, _, p, c, n in results], lambda ident, *_: ident),
                      key=lambda row: row.label or "")
    totals = {c: sum(row.by_channel[c] for row in organisations) for c in CHANNELS}
    return organisations, partners, totals


def referral_from(answers):
    """The answers kept across the question pages, as one :class:`Referral`."""
    contact = answers.get("contact", {})
    method = contact.get("contact_method") or ""
    return Referral(
        name=(answers.get("name", {}).get("name") or "").strip(),
        contact_method=method,
        phone=(contact.get("phone") or "").strip() if method in ("phone", "text") else "",
        email=(contact.get("email") or "").strip() if method == "email" else "",
        times=tuple(answers.get("when", {}).get("times") or ()),
        language=answers.get("language", {}).get("language") or "",
        topic=answers.get("topic", {}).get("topic") or "",
    )


def recent_quarters(count=8):
    """The last ``count`` financial quarters, newest first, as (value, first day, last day)."""
    year, quarter = quarter_of(today_in_wales())
    quarters = []
    for _ in range(count):
        start, end = quarter_bounds(year, quarter)
        quarters.append((f"{year}-Q{quarter}", start, end - timedelta(days=1)))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return quarters


def quarter_span(value):
    """(start, end) of a quarter named like "2026-Q3", or None for anything else."""
    year, _, quarter = (value or "").partition("-Q")
    if not (year.isdigit() and len(year) == 4 and quarter in ("1", "2", "3", "4")):
        return None
    return quarter_bounds(int(year), int(quarter))
