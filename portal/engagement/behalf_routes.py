"""Staff acting on an employer's behalf from its record: places on events, walk-ins, visits, notes, files.

Every page is about one organisation of the user's partner (another partner's
is a 404) and shows its contacts panel at the top.
"""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.bookings import services as bookings
from portal.bookings.forms import attendees_form
from portal.bookings.messages import refusal_message
from portal.downloads import send_upload
from portal.eligibility import services as eligibility
from portal.eligibility.services import may_have
from portal.engagement import behalf
from portal.engagement import services as engagement
from portal.engagement.behalf_forms import (
    AttachmentForm,
    NoteForm,
    RemoveAttachmentForm,
    StaffDetailsForm,
    StaffEvidenceForm,
    WalkInForm,
)
from portal.events import services as events
from portal.events.forms import parse_time
from portal.events.topics import LABELS
from portal.extensions import db
from portal.organisations import attachments, staff_details
from portal.organisations.contacts import contact_panel
from portal.organisations.forms import UPLOAD_MESSAGES
from portal.reference.services import local_authorities, sectors
from portal.registration.services import set_intermediary_choices
from portal.security import Role, role_required
from portal.signals import made_from_plan, plan_action_asked, plan_action_page
from portal.visits import services as visits
from portal.visits.forms import StaffVisitForm
from portal.visits.labels import VISIT_TYPES

bp = Blueprint("behalf", __name__, template_folder="templates")
staff_only = role_required(Role.STAFF, Role.ADMIN)


def _organisation(organisation_id):
    return engagement.organisation_for_staff(current_user, organisation_id) or abort(404)


def _back(organisation):
    return url_for("engagement.organisation", organisation_id=organisation.id)


@bp.route("/organisations/<int:organisation_id>/book")
@staff_only
def choose_event(organisation_id):
    """The events staff may book the organisation's people onto, or add a walk-in to."""
    organisation = _organisation(organisation_id)
    return render_template(
        "engagement/behalf_events.html",
        organisation=organisation,
        panel=contact_panel(organisation),
        choices=behalf.events_to_book(),
        labels=LABELS,
    )


def _booking_form(event, organisation, own, **kwargs):
    active = [b for b in own if b.status in bookings.ACTIVE]
    return attendees_form(event.per_organisation_limit - len(active), organisation.correspondence_language, **kwargs)


def _booking_page(organisation, event, form=None, status=200):
    own = behalf.organisation_event_bookings(event, organisation)
    refusal = bookings.refusal_before_booking(event, organisation)
    active = [b for b in own if b.status in bookings.ACTIVE]
    if refusal is None and len(active) >= event.per_organisation_limit:
        refusal = "limit"
    decision = may_have(organisation, event.kind) if refusal == "evidence" else None
    form = form or _booking_form(event, organisation, own)
    return render_template(
        "engagement/behalf_book.html",
        organisation=organisation,
        panel=contact_panel(organisation),
        event=event,
        own=own,
        positions=bookings.waiting_positions(own),
        form=form,
        # A refused form stays on the page with what was typed and the error beside the attendee.
        refusal=None if any(field.errors for field in form) else refusal,
        refusal_text=_staff_refusal(refusal, event, decision) if refusal else None,
        labels=LABELS,
        plan_action=plan_action_asked(),
        # Opened from the action plan: back to the action, not the list of events.
        back=plan_action_page(organisation),
    ), status


@bp.route("/organisations/<int:organisation_id>/book/<int:event_id>", methods=["GET", "POST"])
@staff_only
def book(organisation_id, event_id):
    """Book named attendees for the organisation: the employer's own booking rules, by staff."""
    organisation = _organisation(organisation_id)
    event = events.get_event(event_id)
    if request.method == "GET":
        return _booking_page(organisation, event)
    form = _booking_form(event, organisation, behalf.organisation_event_bookings(event, organisation))
    if not form.validate_on_submit():
        return _booking_page(organisation, event, form, 400)
    try:
        booked = behalf.book_for_organisation(event.id, organisation, current_user, form.attendees())
    except bookings.AttendeeRefused as refused:
        db.session.rollback()
        field = form[f"email_{refused.number}"]
        decision = may_have(organisation, event.kind) if refused.reason == "evidence" else None
        field.errors = list(field.errors) + [_staff_refusal(refused.reason, event, decision)]
        return _booking_page(organisation, events.get_event(event_id), form, 409)
    # Booked from the organisation's action plan: the plans (a higher feature) record
    # it on the action and say where to go back to.
    back = made_from_plan(booked[0]) if booked else None
    db.session.commit()
    confirmed = [b.name for b in booked if b.status == "confirmed"]
    waiting = [b for b in booked if b.status != "confirmed"]
    if confirmed:
        flash(
            _(
                "Booked: %(names)s. Each attendee and the organisation's contacts have been emailed.",
                names=", ".join(confirmed),
            )
        )
    positions = bookings.waiting_positions(waiting)
    for booking in waiting:
        flash(
            _(
                "The event is full. %(name)s is number %(place)s on the waiting list.",
                name=booking.name,
                place=positions.get(booking.id),
            ),
            "info",
        )
    return redirect(back or url_for("behalf.book", organisation_id=organisation.id, event_id=event.id))


@bp.route("/organisations/<int:organisation_id>/walk-in/<int:event_id>", methods=["GET", "POST"])
@staff_only
def walk_in(organisation_id, event_id):
    """Add someone from the organisation who came on the day, marked attended."""
    organisation = _organisation(organisation_id)
    event = events.get_event(event_id)
    form = WalkInForm()
    if request.method == "GET":
        form.language.data = organisation.correspondence_language
    status = 200
    if form.validate_on_submit():
        try:
            booking = behalf.walk_in(
                event.id,
                organisation,
                current_user,
                form.name.data.strip(),
                form.email.data.strip(),
                form.language.data,
            )
        except bookings.BookingRefused as refused:
            db.session.rollback()
            event = events.get_event(event_id)
            decision = may_have(organisation, event.kind) if refused.reason == "evidence" else None
            form.email.errors = [_walk_in_refusal(refused.reason, event, decision)]
            status = 409
        else:
            db.session.commit()
            flash(_("%(name)s is added to the register as attended.", name=booking.name))
            return redirect(url_for("behalf.book", organisation_id=organisation.id, event_id=event.id))
    elif form.is_submitted():
        status = 400
    return render_template(
        "engagement/behalf_walk_in.html",
        organisation=organisation,
        panel=contact_panel(organisation),
        event=event,
        form=form,
        labels=LABELS,
    ), status


def _staff_refusal(reason, event, decision):
    """The booking rules' refusal in words for staff: about *this* organisation, not "your" one."""
    if reason == "limit":
        return _("This organisation has booked as many places on this event as it may.")
    if reason == "duplicate":
        return _("This person is already booked on this event.")
    return refusal_message(reason, event=event, decision=decision)


def _walk_in_refusal(reason, event, decision):
    if reason == "duplicate":
        return _("This person is already booked on the event: mark their attendance on the register instead.")
    if reason == "not_started":
        return _("A walk-in can be added once the event (its last session) has started.")
    return _staff_refusal(reason, event, decision)


@bp.route("/organisations/<int:organisation_id>/visits/new", methods=["GET", "POST"])
@staff_only
def new_visit(organisation_id):
    """Make a workplace visit for the organisation, scheduled if a date is agreed."""
    organisation = _organisation(organisation_id)
    decision = visits.visit_decision(organisation)
    form = StaffVisitForm(employees=organisation.employee_count)
    if not form.is_submitted():
        form.language.data = visits.default_language(organisation)
        if request.args.get("visit_type") in VISIT_TYPES:
            form.visit_type.data = request.args["visit_type"]
    status = 200
    if decision.allowed and form.validate_on_submit():
        fields = ("visit_type", "preferred_dates", "site_address", "staff_count", "access_needs", "language")
        when = None
        if form.visit_date.data:
            when = events.london_datetime(form.visit_date.data, parse_time(form.visit_time.data))
        try:
            visit = behalf.make_visit(organisation, current_user, {f: form[f].data or "" for f in fields}, when)
        except visits.VisitRefused as refused:
            db.session.rollback()
            decision, status = refused.decision, 409
        else:
            back = made_from_plan(visit)
            db.session.commit()
            flash(_("The visit has been made and the organisation's contacts have been emailed."))
            return redirect(back or url_for("visits.show", visit_id=visit.id))
    elif form.is_submitted():
        status = 409 if not decision.allowed else 400
    return render_template(
        "engagement/behalf_visit.html",
        organisation=organisation,
        panel=contact_panel(organisation),
        form=form,
        decision=decision,
        back=plan_action_page(organisation),
    ), status


@bp.route("/organisations/<int:organisation_id>/notes", methods=["POST"])
@staff_only
def add_note(organisation_id):
    """Keep a note on the record; an empty note is refused on its own page, with nothing lost."""
    organisation = _organisation(organisation_id)
    form = NoteForm()
    if form.validate_on_submit():
        behalf.add_note(organisation, current_user, form.body.data)
        db.session.commit()
        flash(_("Note added"))
        return redirect(url_for("engagement.organisation", organisation_id=organisation.id, _anchor="timeline"))
    return render_template(
        "engagement/behalf_note.html", organisation=organisation, panel=contact_panel(organisation), form=form
    ), 400


def _stored(form, store):
    """Store ``form.document`` with ``store(stream, filename)`` and commit; False with the error on the field.

    A refused file (missing, too large, not what its name says) rolls back and
    leaves everything else typed in the form as it was.
    """
    document = request.files.get(form.document.name)
    try:
        if document is None or not document.filename:
            raise eligibility.UploadError("missing")
        store(document.stream, document.filename)
    except eligibility.UploadError as refused:
        db.session.rollback()
        form.document.errors = [UPLOAD_MESSAGES[str(refused)]]
        return False
    db.session.commit()
    return True


@bp.route("/organisations/<int:organisation_id>/evidence/upload", methods=["GET", "POST"])
@staff_only
def upload_evidence(organisation_id):
    """Upload a document the employer sent by e-mail: the same checks as the employer's own upload."""
    organisation = _organisation(organisation_id)
    form = StaffEvidenceForm()
    allowed = eligibility.may_upload(organisation)
    status = 200
    if allowed and form.validate_on_submit():
        if not _stored(form, lambda stream, filename: behalf.upload_evidence(
                organisation, current_user, stream, filename, form.note.data)):
            status = 400
        else:
            flash(_("The document is in the organisation's evidence, ready to review."))
            return redirect(url_for("eligibility.organisation", organisation_id=organisation.id))
    elif form.is_submitted():
        status = 409 if not allowed else 400
    return render_template(
        "engagement/behalf_evidence.html",
        organisation=organisation,
        panel=contact_panel(organisation),
        form=form,
        allowed=allowed,
    ), status


@bp.route("/organisations/<int:organisation_id>/details", methods=["GET", "POST"])
@staff_only
def edit_details(organisation_id):
    """Staff change the organisation's details: applied at once, audited, eligibility judged again."""
    organisation = _organisation(organisation_id)
    current = staff_details.current_values(organisation)
    form = StaffDetailsForm(data=None if request.method == "POST" else StaffDetailsForm.data_of(current))
    authorities = local_authorities()
    form.local_authority_id.choices = [SelectChoice(a.id, a.name) for a in authorities]
    form.staff_authority_ids.choices = [SelectChoice(a.id, a.name) for a in authorities]
    form.sector_id.choices = [SelectChoice(str(s.id), s.name) for s in sectors()]
    set_intermediary_choices(form, current["intermediary_id"])
    if form.validate_on_submit():
        changed = staff_details.update_by_staff(organisation, current_user, form.values())
        db.session.commit()
        flash(_("The organisation's details have been saved.") if changed else _("Nothing was changed"))
        return redirect(url_for("engagement.organisation", organisation_id=organisation.id))
    return render_template(
        "engagement/behalf_details.html",
        organisation=organisation,
        panel=contact_panel(organisation),
        form=form,
    ), 400 if form.errors else 200


# --- files on the record ---------------------------------------------------------------

def _attachment(organisation, attachment_id):
    return attachments.attachment_for_staff(current_user, organisation, attachment_id) or abort(404)


@bp.route("/organisations/<int:organisation_id>/attachments/new", methods=["GET", "POST"])
@staff_only
def attach_file(organisation_id):
    """Attach a file to the record: the checks every evidence upload has; a refusal keeps the description."""
    organisation = _organisation(organisation_id)
    form = AttachmentForm()
    status = 200
    if form.validate_on_submit():
        if not _stored(form, lambda stream, filename: attachments.attach(
                organisation, current_user, stream, filename, form.description.data)):
            status = 400
        else:
            flash(_("The file is attached to the record."))
            return redirect(url_for("engagement.organisation", organisation_id=organisation.id, _anchor="files"))
    elif form.is_submitted():
        status = 400
    return render_template(
        "engagement/attach_file.html", organisation=organisation, panel=contact_panel(organisation), form=form
    ), status


@bp.route("/organisations/<int:organisation_id>/attachments/<int:attachment_id>")
@staff_only
def download_attachment(organisation_id, attachment_id):
    attachment = _attachment(_organisation(organisation_id), attachment_id)
    return send_upload(attachments.path_of(attachment), attachment.content_type, attachment.filename)


@bp.route("/organisations/<int:organisation_id>/attachments/<int:attachment_id>/remove", methods=["GET", "POST"])
@staff_only
def remove_attachment(organisation_id, attachment_id):
    organisation = _organisation(organisation_id)
    attachment = _attachment(organisation, attachment_id)
    form = RemoveAttachmentForm()
    if form.validate_on_submit():
        attachments.remove(attachment, current_user, form.reason.data)
        db.session.commit()
        flash(_("The file has been removed from the record."))
        return redirect(url_for("engagement.organisation", organisation_id=organisation.id, _anchor="files"))
    return render_template(
        "engagement/remove_attachment.html", organisation=organisation, panel=contact_panel(organisation),
        form=form, attachment=attachment,
    ), 400 if form.errors else 200
