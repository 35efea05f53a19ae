"""Your bookings (employer), staff actions on one booking, and the feedback form."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

# Importing the hooks registers the feature's timeline source, merge rules and signal handlers.
import portal.bookings.hooks  # noqa: F401
from portal.bookings import services
from portal.bookings.forms import (
    ActionForm,
    AttendanceCorrectionForm,
    AttendanceForm,
    ChangeAttendeeForm,
    FeedbackForm,
    StaffCancelForm,
)
from portal.bookings.messages import attendance_label, corrected_field_label, corrected_value, refusal_message
from portal.events.topics import LABELS
from portal.extensions import db
from portal.i18n import current_lang
from portal.paging import last_page, page_number
from portal.security import Role, organisation_required, public, role_required

bp = Blueprint("bookings", __name__, template_folder="templates")
employer_only = role_required(Role.EMPLOYER)
staff_only = role_required(Role.STAFF, Role.ADMIN)


@bp.route("/")
@employer_only
@organisation_required
def your_bookings():
    page, past_page = page_number(), page_number("past_page")
    upcoming, upcoming_total, past, past_total = services.organisation_booking_pages(
        current_user.organisation, page, past_page
    )
    return render_template(
        "bookings/your_bookings.html",
        upcoming=upcoming,
        upcoming_total=upcoming_total,
        past=past,
        past_total=past_total,
        page=page,
        past_page=past_page,
        last_page=last_page(upcoming_total, services.PER_PAGE),
        past_last_page=last_page(past_total, services.PER_PAGE),
        action_form=ActionForm(),
        labels=LABELS,
        positions=services.waiting_positions(upcoming),
    )


def _refused(refused, booking):
    db.session.rollback()
    flash(refusal_message(refused.reason, booking=booking))
    return redirect(url_for("bookings.your_bookings"))


@bp.route("/<int:booking_id>/cancel", methods=["GET", "POST"])
@employer_only
@organisation_required
def cancel(booking_id):
    booking = services.get_organisation_booking(current_user.organisation, booking_id)
    form = ActionForm()
    if form.validate_on_submit():
        name = booking.name
        try:
            services.cancel_booking(booking)
        except services.BookingRefused as refused:
            return _refused(refused, booking)
        db.session.commit()
        flash(_("The booking for %(name)s has been cancelled.", name=name))
        return redirect(url_for("bookings.your_bookings"))
    return render_template("bookings/cancel.html", booking=booking, form=form)


@bp.route("/<int:booking_id>/accept", methods=["POST"])
@employer_only
@organisation_required
def accept(booking_id):
    booking = services.get_organisation_booking(current_user.organisation, booking_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.accept_offer(booking)
    except services.BookingRefused as refused:
        # The lapse and the next offer are kept: the refusal is the answer, not an error.
        db.session.commit()
        flash(refusal_message(refused.reason, booking=booking))
        return redirect(url_for("bookings.your_bookings"))
    db.session.commit()
    flash(_("The place is confirmed for %(name)s. We have emailed them.", name=booking.name))
    return redirect(url_for("bookings.your_bookings"))


@bp.route("/offer/<token>", methods=["GET", "POST"])
@public
def offer(token):
    """A waiting-list offer accepted from its e-mail, by the attendee or the employer contact.

    Opening the link only shows the offer (mail scanners open links too); the
    button accepts it, and the link then stops working.
    """
    booking = services.offer_for_token(token)
    if booking is None:
        return render_template("bookings/offer_invalid.html"), 410
    form = ActionForm()
    if form.validate_on_submit():
        try:
            services.accept_offer(booking)
        except services.BookingRefused as refused:
            db.session.commit()
            return render_template("bookings/offer_invalid.html", message=refusal_message(refused.reason)), 410
        db.session.commit()
        return render_template("bookings/offer_accepted.html", booking=booking, event=booking.event)
    return render_template("bookings/offer.html", booking=booking, event=booking.event, form=form, labels=LABELS)


@bp.route("/<int:booking_id>/change", methods=["GET", "POST"])
@employer_only
@organisation_required
def change(booking_id):
    booking = services.get_organisation_booking(current_user.organisation, booking_id)
    form = ChangeAttendeeForm()
    if form.validate_on_submit():
        try:
            services.change_attendee(booking, form.name.data.strip(), form.email.data.strip())
        except services.BookingRefused as refused:
            db.session.rollback()
            form.email.errors = [refusal_message(refused.reason)]
        else:
            db.session.commit()
            flash(_("The place has been passed to %(name)s.", name=form.name.data.strip()))
            return redirect(url_for("bookings.your_bookings"))
    return render_template("bookings/change.html", form=form, booking=booking)


@bp.route("/<int:booking_id>/calendar.ics")
@employer_only
@organisation_required
def calendar(booking_id):
    booking = services.get_organisation_booking(current_user.organisation, booking_id)
    return Response(
        services.booking_calendar(booking),
        mimetype="text/calendar",
        headers={
            "Content-Disposition": f"attachment; filename=booking-{booking.id}.ics",
            "X-Content-Type-Options": "nosniff",
        },
    )


@bp.route("/feedback/<token>", methods=["GET", "POST"])
@public
def feedback(token):
    booking = services.booking_for_feedback(token)
    if services.has_feedback(booking):
        return render_template("bookings/feedback_done.html", booking=booking)
    form = FeedbackForm()
    if form.validate_on_submit():
        services.save_feedback(booking, int(form.rating.data), form.will_use.data, form.comments.data, current_lang())
        db.session.commit()
        return render_template("bookings/feedback_done.html", booking=booking)
    return render_template("bookings/feedback.html", form=form, booking=booking)


@bp.route("/staff/<int:booking_id>/cancel", methods=["GET", "POST"])
@staff_only
def staff_cancel(booking_id):
    booking = services.get_staff_booking(current_user, booking_id)
    form = StaffCancelForm().ask_in(services.booking_languages(booking), recipients="people")
    if form.validate_on_submit():
        try:
            services.cancel_booking(booking, form.texts(), by_staff=True)
        except services.BookingRefused as refused:
            db.session.rollback()
            form.text_fields()[0].errors = [refusal_message(refused.reason)]
        else:
            db.session.commit()
            flash(_("The place has been cancelled and %(name)s has been told why.", name=booking.name))
            return redirect(url_for("manage_events.show", event_id=booking.event_id))
    return render_template("bookings/staff_cancel.html", form=form, booking=booking)


@bp.route("/staff/<int:booking_id>/attendance", methods=["POST"])
@staff_only
def attendance(booking_id):
    booking = services.get_staff_booking(current_user, booking_id)
    form = AttendanceForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.mark_attendance(booking, form.attendance.data)
    except services.BookingRefused as refused:
        db.session.rollback()
        flash(refusal_message(refused.reason))
    else:
        db.session.commit()
        flash(_("Attendance saved for %(name)s.", name=booking.name))
    return redirect(url_for("manage_events.show", event_id=booking.event_id))


@bp.route("/staff/<int:booking_id>/attendance/correct", methods=["GET", "POST"])
@staff_only
def correct_attendance(booking_id):
    booking = services.get_staff_booking(current_user, booking_id)
    form = AttendanceCorrectionForm()
    form.attendance.choices = [(mark, attendance_label(mark)) for mark in services.CORRECTED_MARKS]
    if request.method == "GET":
        form.attendance.data = booking.attendance
    if booking.attendance is not None and form.validate_on_submit():
        correction = services.correct_attendance(booking, form.attendance.data, current_user, form.reason.data)
        db.session.commit()
        flash(_("Attendance corrected for %(name)s.", name=booking.name) if correction else _("Nothing was changed"))
        return redirect(url_for("manage_events.show", event_id=booking.event_id))
    return render_template(
        "bookings/correct_attendance.html",
        form=form,
        booking=booking,
        history=services.attendance_history(booking),
        attendance_label=attendance_label,
        corrected_field_label=corrected_field_label,
        corrected_value=corrected_value,
    )
