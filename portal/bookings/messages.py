"""What to tell the employer when the booking rules refuse something."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.eligibility.explain import explain

# The words for each mark on the register; "not_marked" is a mark removed by a correction.
ATTENDANCE_LABELS = {
    "attended": _l("Attended"),
    "did_not_attend": _l("Did not attend"),
    "not_marked": _l("Not recorded"),
}


# A booking's status in words, as the status tags on the pages say it.
BOOKING_STATUS_LABELS = {
    "confirmed": _l("Confirmed"),
    "waiting": _l("On the waiting list"),
    "offered": _l("Place offered"),
    "offer_expired": _l("Offer not taken up"),
    "cancelled": _l("Cancelled"),
}


def booking_status_label(value):
    """A booking status in words in the page's language."""
    label = BOOKING_STATUS_LABELS.get(value)
    return str(label) if label is not None else str(value)


def attendance_label(value):
    """A mark in words in the page's language (``None`` is no mark)."""
    label = ATTENDANCE_LABELS.get(value or "not_marked")
    return str(label) if label is not None else str(value)


def corrected_field_label(name):
    """The words for a corrected field of a booking (only its mark is corrected)."""
    return _("Attendance") if name == "attendance" else name


def corrected_value(name, value):
    """A booking's value before or after a correction, in words."""
    return attendance_label(value) if name == "attendance" else str(value)


def refusal_message(reason, event=None, decision=None, booking=None):
    """A plain-language sentence for a :class:`BookingRefused` reason."""
    if reason == "evidence":
        # The eligibility decision's own words, so this error and the event page agree.
        return explain(decision).why
    messages = {
        "cancelled": _("This event has been cancelled."),
        "deadline": _("Booking for this event has closed."),
        "limit": _("Your organisation has booked as many places on this event as it may."),
        "duplicate": _("This person already has a place on this event or is on its waiting list."),
        "not_active": _("This booking has already been cancelled."),
        "not_confirmed": _("Attendance can only be recorded for confirmed places."),
        "already_marked": _(
            "Attendance has already been recorded for this person. To change it, correct it and give the reason."
        ),
        "not_marked": _("Attendance has not been recorded for this person yet, so there is nothing to correct."),
        "not_started": _(
            "Attendance can only be recorded once the session has started (for a course, its last session)."
        ),
        "not_offered": _("There is no place being held for this person."),
        "offer_expired": _(
            "Sorry, the place held for this person was not accepted in time, so it has been offered "
            "to the next person on the waiting list. They are no longer on the waiting list."
        ),
    }
    return messages[reason]
