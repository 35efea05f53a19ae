"""The catalogue and event pages for employers and champions; event management for staff.

These pages are where events meet their bookings (booking a place, the
register, the waiting list after a change), so they live with the bookings:
the events package itself (the event, its sessions, copying and cancelling
it) knows nothing of bookings.
"""

from datetime import datetime

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.bookings import attendance_import
from portal.bookings import services as bookings
from portal.bookings.forms import REPORT_MESSAGES, ActionForm, AttendanceForm, RegisterForm, ReportForm, attendees_form
from portal.bookings.messages import refusal_message
from portal.eligibility.services import may_have
from portal.events import services
from portal.events.forms import EventForm, FilterForm, ReasonForm, parse_time
from portal.events.topics import LABELS
from portal.extensions import db
from portal.i18n import current_lang
from portal.paging import last_page, page_number, parse_int
from portal.security import Role, cache_publicly, organisation_required, public, role_required, safe_next_url
from portal.signals import made_from_plan, plan_action_asked

bp = Blueprint("events", __name__, template_folder="templates")
staff_bp = Blueprint("manage_events", __name__, template_folder="templates")
staff_only = role_required(Role.STAFF, Role.ADMIN)


@bp.route("/")
@public
@cache_publicly
def catalogue():
    """The catalogue, for anyone: nothing on it is personal (places left are kept on the event)."""
    form = FilterForm(request.args, areas=services.area_choices())
    form.validate()
    selects = (form.kind, form.topic, form.language, form.mode, form.area)
    for field in selects:
        # A choice not offered comes only from an edited address: ignore it rather than report it.
        field.errors = []

    def chosen(field):
        if field in selects:
            return field.data if field.data in {value for value, _label in field.choices if value} else None
        return None if field.errors else (field.data or None)

    # Filters that are valid apply; a date that does not exist is shown as an error instead.
    filters = services.CatalogueFilters(
        chosen(form.kind),
        chosen(form.topic),
        chosen(form.language),
        chosen(form.mode),
        chosen(form.date_from),
        chosen(form.area),
    )
    page = page_number()
    events, total = services.catalogue_page(filters, page)
    args = {k: v for k, v in request.args.items() if k not in ("page", "submit")}
    return render_template(
        "events/catalogue.html",
        form=form,
        events=events,
        total=total,
        page=page,
        last_page=last_page(total, services.PER_PAGE),
        filter_args=args,
        labels=LABELS,
    )


def _booking_form(event, organisation, own, **kwargs):
    """The form for booking several people: one row for each place the organisation may still book."""
    active = [b for b in own if b.status in bookings.ACTIVE]
    return attendees_form(event.per_organisation_limit - len(active), organisation.correspondence_language, **kwargs)


def _detail(event, form=None, status=200):
    own = []
    refusal = None
    decision = None
    positions = {}
    signed_in = current_user.is_authenticated
    if signed_in and current_user.role == Role.EMPLOYER:
        organisation = current_user.organisation
        own = bookings.organisation_bookings(event, organisation)
        positions = bookings.waiting_positions(own)
        refusal = bookings.refusal_before_booking(event, organisation)
        active = [b for b in own if b.status in bookings.ACTIVE]
        if refusal is None and len(active) >= event.per_organisation_limit:
            refusal = "limit"
        if refusal == "evidence":
            decision = may_have(organisation, event.kind)
        form = form or _booking_form(event, organisation, own)
    return render_template(
        # No forms for anonymous visitors: building one puts a CSRF token in the
        # session, and the page could then not be cached publicly.
        "events/detail.html",
        event=event,
        form=form,
        own=own,
        positions=positions,
        refusal=refusal,
        refusal_text=refusal_message(refusal, event=event) if refusal and not decision else None,
        decision=decision,
        event_path=_event_path(event),
        show_joining=bookings.is_booked(current_user, event),
        labels=LABELS,
        plan_action=plan_action_asked() if signed_in else None,
        action_form=ActionForm() if signed_in else None,
        sign_in_url=url_for("accounts.sign_in", next=_event_path(event)),
        register_url=url_for("registration.start", next=_event_path(event)),
    ), status


def _event_path(event):
    """The event page's own path, checked as any ``next`` is, for the way back after signing in."""
    return safe_next_url(url_for("events.detail", event_id=event.id))


@bp.route("/<int:event_id>")
@public
@organisation_required
@cache_publicly
def detail(event_id):
    """The event page, for anyone; joining details and bookings only for those entitled to them."""
    return _detail(services.get_event(event_id))


@bp.route("/<int:event_id>/book", methods=["POST"])
@role_required(Role.EMPLOYER)
@organisation_required
def book(event_id):
    event = services.get_event(event_id)
    organisation = current_user.organisation
    form = _booking_form(event, organisation, bookings.organisation_bookings(event, organisation))
    if not form.validate_on_submit():
        return _detail(event, form, 400)
    try:
        booked = bookings.book_places(event.id, organisation, current_user, form.attendees())
    except bookings.AttendeeRefused as refused:
        db.session.rollback()
        field = form[f"email_{refused.number}"]
        decision = may_have(current_user.organisation, event.kind) if refused.reason == "evidence" else None
        field.errors = list(field.errors) + [refusal_message(refused.reason, event=event, decision=decision)]
        return _detail(services.get_event(event_id), form, 409)
    # Booked from an action plan: the plans (a higher feature) record it on the action
    # and say where to go back to.
    back = made_from_plan(booked[0]) if booked else None
    db.session.commit()
    confirmed = [b.name for b in booked if b.status == "confirmed"]
    waiting = [b for b in booked if b.status != "confirmed"]
    if confirmed:
        flash(_("Booked: %(names)s. We have emailed each of them a confirmation.", names=", ".join(confirmed)))
    positions = bookings.waiting_positions(waiting)
    for booking in waiting:
        # Not a success: say plainly where they are in the queue.
        flash(
            _(
                "The event is full. %(name)s is number %(place)s on the waiting list.",
                name=booking.name,
                place=positions.get(booking.id),
            ),
            "info",
        )
    return redirect(back or url_for("events.detail", event_id=event_id))


# --- staff -------------------------------------------------------------------


@staff_bp.route("/")
@staff_only
def index():
    page = page_number()
    events, total = services.staff_event_list(current_user, page)
    return render_template(
        "events/staff_index.html",
        events=events,
        total=total,
        page=page,
        last_page=last_page(total, services.PER_PAGE),
        labels=LABELS,
    )


def _save(form, event=None):
    first = form.first_date.data
    start, end = parse_time(form.start_time.data), parse_time(form.end_time.data)
    times = services.session_times(first, start, end, form.session_count.data)
    deadline = services.london_datetime(form.deadline_date.data, datetime.max.time().replace(microsecond=0))
    values = {name: getattr(form, name).data for name in services.FIELDS if name in form._fields}
    values["online"] = form.mode.data == "online"
    in_person = form.mode.data != "online"
    values["venue"] = (form.venue.data or "").strip() or None
    values["town"] = ((form.town.data or "").strip() or None) if in_person else None
    values["local_authority_id"] = parse_int(form.local_authority_id.data) if in_person else None
    values["joining_details_en"] = form.joining_details_en.data or ""
    values["joining_details_cy"] = form.joining_details_cy.data or ""
    return services.save_event(current_user, values, times, deadline, event)


@staff_bp.route("/new", methods=["GET", "POST"])
@staff_only
def create():
    form = EventForm()
    if form.validate_on_submit():
        event = _save(form)
        db.session.commit()
        flash(_("The event has been added to the catalogue"))
        return redirect(url_for("manage_events.show", event_id=event.id))
    return render_template("events/edit.html", form=form, heading=_("Add an event"))


@staff_bp.route("/<int:event_id>/copy", methods=["GET", "POST"])
@staff_only
def copy(event_id):
    source = services.get_staff_event(current_user, event_id)
    form = EventForm()
    if request.method == "GET":
        values = services.copy_values(source)
        for name, value in values.items():
            if name in form._fields:
                form[name].data = value
        form.mode.data = "online" if source.online else "in_person"
        form.local_authority_id.data = str(source.local_authority_id or "")
        form.session_count.data = len(source.sessions) or 1
    if form.validate_on_submit():
        event = _save(form)
        db.session.commit()
        flash(_("The copy has been added to the catalogue"))
        return redirect(url_for("manage_events.show", event_id=event.id))
    return render_template("events/edit.html", form=form, heading=_("Copy an event"))


@staff_bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
@staff_only
def edit(event_id):
    event = services.get_staff_event(current_user, event_id)
    form = EventForm(obj=event)
    if request.method == "GET":
        form.mode.data = "online" if event.online else "in_person"
        form.local_authority_id.data = str(event.local_authority_id or "")
        form.session_count.data = len(event.sessions) or 1
        local_start = event.starts_at.astimezone(services.LONDON)
        form.first_date.data = local_start.date()
        form.start_time.data = local_start.strftime("%H:%M")
        form.end_time.data = event.sessions[0].ends_at.astimezone(services.LONDON).strftime("%H:%M")
        form.deadline_date.data = event.booking_deadline.astimezone(services.LONDON).date()
    if form.validate_on_submit():
        if form.capacity.data < event.places_taken:
            form.capacity.errors = [
                ngettext(
                    "There is already %(num)d place taken", "There are already %(num)d places taken", event.places_taken
                )
            ]
        else:
            before = (event.starts_at, event.ends_at, len(event.sessions), event.online, event.venue, event.town)
            _save(form, event)
            bookings.offer_next(bookings.lock_event(event.id))
            if before != (event.starts_at, event.ends_at, len(event.sessions), event.online, event.venue, event.town):
                bookings.event_changed(event)
            db.session.commit()
            flash(_("Your changes have been saved"))
            return redirect(url_for("manage_events.show", event_id=event.id))
    return render_template("events/edit.html", form=form, heading=_("Change an event"), event=event)


@staff_bp.route("/<int:event_id>")
@staff_only
def show(event_id):
    event = services.get_staff_event(current_user, event_id)
    rows = bookings.event_bookings(event)
    by_event, _by_topic = bookings.feedback_summary([event.id])
    return render_template(
        "events/staff_show.html",
        event=event,
        bookings=rows,
        labels=LABELS,
        attendance_form=AttendanceForm(),
        feedback=by_event.get(event.id),
        comments=bookings.event_feedback_comments(event),
    )


@staff_bp.route("/<int:event_id>/cancel", methods=["GET", "POST"])
@staff_only
def cancel(event_id):
    event = services.get_staff_event(current_user, event_id)
    if event.cancelled:
        abort(404)
    form = ReasonForm().ask_in(bookings.cancellation_languages(event), recipients="people")
    if form.validate_on_submit():
        told = bookings.cancel_event(event, form.texts())
        db.session.commit()
        flash(
            ngettext(
                "The event has been cancelled. Everyone booked or waiting has been told (%(num)d person).",
                "The event has been cancelled. Everyone booked or waiting has been told (%(num)d people).",
                told,
            )
        )
        return redirect(url_for("manage_events.show", event_id=event.id))
    return render_template("events/cancel.html", form=form, event=event)


@staff_bp.route("/<int:event_id>/attendees.csv")
@staff_only
def export(event_id):
    event = services.get_staff_event(current_user, event_id)
    return Response(
        "\ufeff" + bookings.attendees_csv(event),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f"attachment; filename=attendees-{event.id}-{current_lang()}.csv",
            "X-Content-Type-Options": "nosniff",
        },
    )


@staff_bp.route("/<int:event_id>/attendees.xlsx")
@staff_only
def export_xlsx(event_id):
    event = services.get_staff_event(current_user, event_id)
    return Response(
        bookings.attendees_xlsx(event),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={
            "Content-Disposition": f"attachment; filename=attendees-{event.id}-{current_lang()}.xlsx",
            "X-Content-Type-Options": "nosniff",
        },
    )


@staff_bp.route("/feedback")
@staff_only
def feedback():
    events, _total = services.staff_event_list(current_user, 1, per_page=1000)
    by_event, by_topic = bookings.feedback_summary([e.id for e in events])
    return render_template(
        "events/feedback.html",
        by_topic=by_topic,
        by_event=by_event,
        events=[e for e in events if e.id in by_event],
        labels=LABELS,
    )


def _register_page(event, form, report_form, preview=None, status=200):
    places = attendance_import.confirmed_places(event)
    form.attended.choices = [
        SelectChoice(str(b.id), f"{b.name} – {b.organisation.name}") for b in places if b.attendance is None
    ]
    return render_template(
        "events/register.html",
        event=event,
        form=form,
        report_form=report_form,
        preview=preview,
        places=places,
        marked=[b for b in places if b.attendance],
    ), status


@staff_bp.route("/<int:event_id>/register", methods=["GET", "POST"])
@staff_only
def register(event_id):
    event = services.get_staff_event(current_user, event_id)
    form = RegisterForm()
    if request.method == "GET":
        # Everyone not yet marked is ticked: untick whoever did not attend.
        form.attended.data = [str(b.id) for b in attendance_import.unmarked_places(event)]
    if form.validate_on_submit():
        attended = {parse_int(value) for value in form.attended.data or []}
        try:
            saved = attendance_import.save_register(event, attended)
        except bookings.BookingRefused as refused:
            db.session.rollback()
            form.attended.errors = [refusal_message(refused.reason)]
        else:
            db.session.commit()
            flash(
                _(
                    "Attendance saved: %(attended)s attended, %(absent)s did not attend, %(unchanged)s unchanged.",
                    attended=saved.attended,
                    absent=saved.did_not_attend,
                    unchanged=saved.unchanged,
                )
            )
            return redirect(url_for("manage_events.show", event_id=event.id))
    return _register_page(event, form, ReportForm(formdata=None), status=400 if form.errors else 200)


@staff_bp.route("/<int:event_id>/register/import", methods=["POST"])
@staff_only
def import_report(event_id):
    event = services.get_staff_event(current_user, event_id)
    report_form = ReportForm()
    if not report_form.validate_on_submit():
        abort(400)
    upload = request.files.get(report_form.report.name)
    try:
        if upload is None or not upload.filename:
            raise attendance_import.ReportError("missing")
        people = attendance_import.read_report(
            upload.filename, upload.stream.read(attendance_import.MAX_REPORT_BYTES + 1)
        )
    except attendance_import.ReportError as error:
        report_form.report.errors = [REPORT_MESSAGES[error.reason]]
        return _register_page(event, RegisterForm(formdata=None), report_form, status=400)
    preview = attendance_import.match_report(event, people)
    # Nothing is saved here: the register opens ticked as the report says, for staff to check and save.
    form = RegisterForm(formdata=None)
    form.attended.data = [str(i) for i in sorted(preview.attended_ids)]
    return _register_page(event, form, ReportForm(formdata=None), preview=preview)
