"""What to tell the employer when the booking rules refuse something."""

from flask_babel import gettext as _

from portal.eligibility.tiers import EvidenceTier


def refusal_message(reason, event=None, tier=None, booking=None):
    """A plain-language sentence for a :class:`BookingRefused` reason."""
    if reason == "evidence":
        if tier == EvidenceTier.VERIFIED:
            return _("This needs your organisation's eligibility to be checked first. Send us your evidence "
                     "from your organisation's page; we will tell you when it has been checked.")
        return _("Before you book, confirm that your organisation is eligible on your organisation's page. "
                 "It takes a couple of minutes.")
    messages = {
        "cancelled": _("This event has been cancelled."),
        "deadline": _("Booking for this event has closed."),
        "limit": _("Your organisation has booked as many places on this event as it may."),
        "duplicate": _("This person already has a place on this event or is on its waiting list."),
        "not_active": _("This booking has already been cancelled."),
        "not_confirmed": _("Attendance can only be recorded for confirmed places."),
        "not_started": _("Attendance can only be recorded once the session has started (for a course, its last "
                         "session)."),
        "not_offered": _("There is no place being held for this person."),
        "offer_expired": _("Sorry, the place held for this person was not accepted in time, so it has been offered "
                           "to the next person on the waiting list. They are no longer on the waiting list."),
    }
    return messages[reason]
