"""What bookings add to shared registries: their timeline source and merge rules.

Imported with the bookings blueprint (``portal.bookings.routes``).
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.audit.labels import register_action, register_field, register_record_type, register_values
from portal.bookings.models import Attendance, Booking, BookingStatus
from portal.extensions import db
from portal.i18n import current_lang
from portal.organisations.merge import register_merge_columns
from portal.timeline import TimelineEntry, between, register_audit_action, register_source

register_merge_columns(Booking)
register_action("booking.cancelled", _l("Booking cancelled"))
register_action("booking.attendance", _l("Attendance marked"))
register_action("booking.walk_in", _l("Walk-in added on the day"))
register_action("booking.booked_by_staff", _l("Place booked by staff for the organisation"))
register_action("event.created", _l("Event created"))
register_action("event.updated", _l("Event changed"))
register_action("event.cancelled", _l("Event cancelled"))
register_record_type("bookings", _l("Booking"))
register_record_type("events", _l("Event"))
register_field("attendance", _l("Attendance"))
register_field("title", _l("Title"))
register_field("reason_cy", _l("Reason in Welsh"))
register_values(
    "attendance", {Attendance.ATTENDED.value: _l("Attended"), Attendance.DID_NOT_ATTEND.value: _l("Did not attend")}
)
register_audit_action("booking.attendance", _l("Attendance recorded"))
register_audit_action("bookings_edited", _l("Attendance corrected"))
register_audit_action("bookings_voided", _l("Attendance mark removed"))


@register_source("booking", _l("Bookings and attendance"), order=40)
def booking_entries(query):
    """The organisation's bookings, titled by what became of them."""
    statement = between(
        query,
        Booking.created_at,
        select(Booking).where(Booking.organisation_id == query.organisation_id).options(selectinload(Booking.event)),
    )
    entries = []
    for booking in db.session.scalars(statement):
        event = booking.event.text("title", current_lang())
        if booking.attendance == Attendance.ATTENDED:
            title = _("Attended: %(event)s", event=event)
        elif booking.attendance == Attendance.DID_NOT_ATTEND:
            title = _("Did not attend: %(event)s", event=event)
        elif booking.status == BookingStatus.CANCELLED:
            title = _("Booking cancelled: %(event)s", event=event)
        elif booking.status == BookingStatus.WAITING:
            title = _("On the waiting list: %(event)s", event=event)
        else:
            title = _("Booked: %(event)s", event=event)
        entries.append(TimelineEntry(at=booking.created_at, kind="booking", title=title, who=booking.name))
    return entries
