"""The "today" page staff land on after signing in: what needs them now.

Follow-ups overdue and due this week, the partner's review queue with how long
each organisation has waited, and the events and visits of the next seven days.
Each part is one or two bounded queries, whatever the size of the caseload.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.eligibility.tiers import EligibilityStatus
from portal.engagement.models import Engagement
from portal.engagement.services import open_follow_up_of
from portal.events.models import Event, EventStatus
from portal.extensions import db
from portal.organisations.models import Organisation
from portal.scoping import manage_scope, organisation_scope, visible_organisations
from portal.timeutil import LONDON, as_utc, today_in_wales
from portal.visits.models import VisitRequest, VisitStatus

DAYS_AHEAD = 7
SHOWN = 10  # rows per part; each part links to its full list


@dataclass
class Waiting:
    organisation: Organisation
    days: int


@dataclass
class Today:
    overdue: list
    due: list
    reviews: list
    reviews_total: int
    events: list
    visits: list


def _start_of(day):
    return datetime.combine(day, time(0, 0), tzinfo=LONDON)


def today_for(user):
    """What ``user`` (staff or administrator) has to do today and in the next seven days."""
    today = today_in_wales()
    week_end = today + timedelta(days=DAYS_AHEAD)
    follow_ups = db.session.scalars(
        select(Engagement)
        .where(open_follow_up_of(user), Engagement.follow_up_on <= week_end,
               organisation_scope(user, Engagement.organisation_id))
        .options(selectinload(Engagement.organisation))
        .order_by(Engagement.follow_up_on, Engagement.id).limit(SHOWN * 2)
    ).all()
    waiting = (select(Organisation).where(visible_organisations(user),
                                          Organisation.eligibility_status == EligibilityStatus.AWAITING_REVIEW))
    reviews_total = db.session.scalar(select(func.count()).select_from(waiting.subquery()))
    reviews = db.session.scalars(waiting.order_by(Organisation.status_changed_at, Organisation.id).limit(SHOWN)).all()
    window = (_start_of(today), _start_of(week_end + timedelta(days=1)))
    events = db.session.scalars(
        select(Event).where(manage_scope(user, Event.partner_id), Event.status == EventStatus.SCHEDULED,
                            Event.starts_at >= window[0], Event.starts_at < window[1])
        .order_by(Event.starts_at, Event.id).limit(SHOWN)
    ).all()
    visits = db.session.scalars(
        select(VisitRequest).where(organisation_scope(user, VisitRequest.organisation_id),
                                   VisitRequest.status == VisitStatus.SCHEDULED,
                                   VisitRequest.scheduled_for >= window[0], VisitRequest.scheduled_for < window[1])
        .options(selectinload(VisitRequest.organisation))
        .order_by(VisitRequest.scheduled_for, VisitRequest.id).limit(SHOWN)
    ).all()
    return Today(
        overdue=[e for e in follow_ups if e.follow_up_on < today],
        due=[e for e in follow_ups if e.follow_up_on >= today],
        reviews=[Waiting(o, (today - as_utc(o.status_changed_at).astimezone(LONDON).date()).days) for o in reviews],
        reviews_total=reviews_total,
        events=events,
        visits=visits,
    )
