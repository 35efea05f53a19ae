"""What to tell the employer when the booking rules refuse something."""

from flask_babel import gettext as _

from portal.eligibility.explain import explain


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
        "not_offered": _("There is no place being held for this person."),
        "offer_expired": _("Sorry, the place held for this person was not accepted in time, so it has been offered "
                           "to the next person on the waiting list. They are no longer on the waiting list."),
    }
    return messages[reason]
