"""Every translated label of action plans, in one place."""

from flask_babel import lazy_gettext as _l

from portal.plans import services

PROGRESS = {
    services.NOT_BOOKED: _l("Not booked yet"),
    services.BOOKED: _l("Booked"),
    services.WAITING: _l("On the waiting list"),
    services.ATTENDED: _l("Attended"),
    services.NOT_ATTENDED: _l("Not attended"),
    services.BOOKING_ENDED: _l("Booking cancelled"),
    services.NOT_REQUESTED: _l("Not asked for yet"),
    services.REQUESTED: _l("Visit asked for"),
    services.SCHEDULED: _l("Visit scheduled"),
    services.DELIVERED: _l("Visit delivered"),
    services.VISIT_ENDED: _l("Visit declined or cancelled"),
    services.TO_DO: _l("To do"),
    services.DONE: _l("Completed"),
}
# Tag colours (GOV.UK tag modifiers) for the states.
PROGRESS_TAGS = {
    services.ATTENDED: "govuk-tag--green", services.DELIVERED: "govuk-tag--green", services.DONE: "govuk-tag--green",
    services.BOOKED: "govuk-tag--blue", services.SCHEDULED: "govuk-tag--blue", services.REQUESTED: "govuk-tag--blue",
    services.WAITING: "govuk-tag--yellow", services.NOT_ATTENDED: "govuk-tag--red",
    services.BOOKING_ENDED: "govuk-tag--grey", services.VISIT_ENDED: "govuk-tag--grey",
    services.NOT_BOOKED: "govuk-tag--grey", services.NOT_REQUESTED: "govuk-tag--grey",
    services.TO_DO: "govuk-tag--grey",
}
