"""Staff pages: organisations, the timeline, the engagement log, follow-ups and caseloads."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

# Importing the hooks registers the feature's timeline source, merge rules and signal handlers.
import portal.engagement.hooks  # noqa: F401
from portal.eligibility.forms import DECISION_MESSAGES
from portal.eligibility.services import DecisionRefused
from portal.engagement import services
from portal.engagement.behalf_forms import NoteForm
from portal.engagement.forms import (
    MESSAGES,
    AssignForm,
    ClaimInviteForm,
    CycleCorrectionForm,
    DeliveredVisitCorrectionForm,
    DoneForm,
    EngagementCorrectionForm,
    EngagementForm,
    EqualityCorrectionForm,
    EqualityForm,
    FollowUpForm,
    OfflineOrganisationForm,
    SearchForm,
    TimelineFilterForm,
    VoidForm,
)
from portal.engagement.labels import (
    ELIGIBILITY_STATUSES,
    corrected_field_label,
    corrected_value,
    eligibility_status_label,
    engagement_type_choices,
    engagement_type_label,
)
from portal.engagement.today import today_for
from portal.extensions import db
from portal.organisations import attachments, offline
from portal.organisations import services as organisation_services
from portal.organisations.channels import describe_heard_via
from portal.organisations.contacts import contact_panel
from portal.organisations.services import DuplicateOrganisation
from portal.paging import last_page, page_number, parse_int
from portal.programme import services as programme
from portal.programme.forms import NewCycleForm, StaffOutcomeForm
from portal.programme.labels import EQUALITY_CHANGES, FOLLOW_UP_STATUSES, OUTCOME_CHOICES
from portal.programme.rules import whp_progress
from portal.reference.services import local_authorities, partners, sectors
from portal.registration import services as questions
from portal.scoping import is_admin
from portal.security import Role, role_required
from portal.timeline import TimelineQuery, sources, timeline
from portal.timeutil import as_utc
from portal.visits import services as visits
from portal.visits.labels import VISIT_TYPES
from portal.visits.models import VisitStatus

bp = Blueprint("engagement", __name__, template_folder="templates")
staff_only = role_required(Role.STAFF, Role.ADMIN)


def _organisation(organisation_id):
    return services.organisation_for_staff(current_user, organisation_id) or abort(404)


LIST_PARAMETERS = ("q", "local_authority", "sector", "status", "adviser", "partner", "sort", "order")


@bp.route("/organisations")
@staff_only
def organisations():
    form = SearchForm(request.args)
    everyone = [("", _("Any"))]
    form.local_authority.choices = everyone + [(str(a.id), a.name) for a in local_authorities()]
    form.sector.choices = everyone + [(str(s.id), s.name) for s in sectors()]
    form.status.choices = everyone + [(code, str(label)) for code, label in ELIGIBILITY_STATUSES.items()]
    form.adviser.choices = everyone + [("none", _("No adviser"))] + [
        (str(u.id), u.full_name) for u in services.advisers_visible_to(current_user)
    ]
    form.partner.choices = everyone + [(str(p.id), p.name) for p in partners()]
    form.validate()
    adviser = form.adviser.data if form.adviser.data in dict(form.adviser.choices) else None
    search = services.Search(
        text=(form.q.data or "")[:200],
        local_authority_id=parse_int(form.local_authority.data),
        sector_id=parse_int(form.sector.data),
        status=form.status.data if form.status.data in ELIGIBILITY_STATUSES else None,
        adviser=adviser or None,
        partner_id=parse_int(form.partner.data),
        sort=request.args.get("sort") if request.args.get("sort") in services.SORTS else "name",
        descending=request.args.get("order") == "desc",
        page=page_number(),
    )
    rows, total = services.search_organisations(current_user, search)
    # Filters and sort stay in the URL, so a list can be bookmarked and shared; only
    # the list's own parameters go into its links (``_method`` and the like are url_for's).
    args = {k: v for k, v in request.args.items() if k in LIST_PARAMETERS and v}
    filters = {k: v for k, v in args.items() if k not in ("sort", "order")}
    return render_template(
        "engagement/organisations.html", form=form, rows=rows, total=total, page=search.page,
        last_page=last_page(total, services.PER_PAGE), args=args, filters=filters, search=search,
        show_partner=is_admin(current_user), status_label=eligibility_status_label,
    )


@bp.route("/organisations/<int:organisation_id>")
@staff_only
def organisation(organisation_id):
    organisation = _organisation(organisation_id)
    filters = TimelineFilterForm(request.args)
    filters.kind.choices = [("", _("Everything"))] + [(s.kind, str(s.label)) for s in sources(staff=True)]
    filters.validate()
    query = TimelineQuery(organisation.id, staff=True, start=filters.start.data, end=filters.end.data)
    kinds = {filters.kind.data} if filters.kind.data else None
    entries = timeline(query, kinds)
    cycles = programme.cycles_with_interventions(organisation.id)
    rules = programme.current_rules()
    current = programme.current_of(cycles)
    progress = whp_progress(tuple(i.support_type for i in current.interventions) if current else (), rules)
    assign_form = AssignForm()
    assign_form.adviser_id.choices = [(u.id, u.full_name) for u in services.advisers_for(organisation)]
    adviser = services.assigned_adviser(organisation.id)
    if adviser is not None:
        assign_form.adviser_id.data = adviser.id
    equality_form = EqualityForm()
    equality_form.change.choices = [(k, str(v)) for k, v in EQUALITY_CHANGES.items()]
    if request.method == "GET" and equality_form.occurred_on.data is None:
        equality_form.occurred_on.data = services.today()
    equality = programme.equality_record_for_cycle(current.id) if current else None
    return render_template(
        "engagement/organisation.html", organisation=organisation, entries=entries, filters=filters,
        equality=equality, equality_changes=EQUALITY_CHANGES,
        cycles=cycles, current=current, progress=progress, rules=rules, adviser=adviser,
        assign_form=assign_form, equality_form=equality_form, cycle_form=NewCycleForm(),
        can_start_cycle=programme.can_start_new_cycle(current),
        status_label=eligibility_status_label,
        outcome_follow_ups=programme.follow_ups_for_organisation(organisation.id),
        follow_up_states=FOLLOW_UP_STATUSES, outcome_choices=OUTCOME_CHOICES,
        can_record_answer=programme.can_record_staff_answer,
        panel=contact_panel(organisation), note_form=NoteForm(), files=attachments.attachments_of(organisation),
        heard_via=describe_heard_via(organisation),
        claimable=organisation.recorded_offline and organisation_services.claim_refusal(organisation) != "claimed",
    )


@bp.route("/organisations/<int:organisation_id>/engagements/new", methods=["GET", "POST"])
@staff_only
def log_engagement(organisation_id):
    organisation = _organisation(organisation_id)
    form = EngagementForm()
    form.type.choices = engagement_type_choices()
    form.adviser_id.choices = [(u.id, u.full_name) for u in services.advisers_for(organisation)]
    if request.method == "GET":
        form.adviser_id.data = current_user.id
        form.occurred_on.data = services.today()
    if form.validate_on_submit():
        engagement = services.log_engagement(
            organisation, current_user, type=form.type.data, occurred_on=form.occurred_on.data,
            adviser_id=form.adviser_id.data, duration_minutes=form.duration_minutes.data, notes=form.notes.data,
            outcome=form.outcome.data, follow_up_on=form.follow_up_on.data,
            follow_up_note=form.follow_up_note.data,
        )
        counted = engagement.counted
        db.session.commit()
        flash(_("Engagement saved and counted as an intervention") if counted else _("Engagement saved"))
        return redirect(url_for("engagement.organisation", organisation_id=organisation.id))
    return render_template("engagement/log.html", form=form, organisation=organisation,
                           panel=contact_panel(organisation))


@bp.route("/organisations/<int:organisation_id>/outcome-follow-ups/<int:follow_up_id>/answer",
          methods=["GET", "POST"])
@staff_only
def record_outcome_answer(organisation_id, follow_up_id):
    organisation = _organisation(organisation_id)
    follow_up = programme.organisation_follow_up(organisation.id, follow_up_id)
    if not programme.can_record_staff_answer(follow_up):
        abort(404)
    form = StaffOutcomeForm()
    form.choices.choices = [(k, str(v)) for k, v in OUTCOME_CHOICES.items()]
    if form.validate_on_submit():
        programme.record_staff_answer(follow_up, current_user, form.changes.data, form.choices.data)
        db.session.commit()
        flash(_("Answer recorded as given to staff"))
        return redirect(url_for("engagement.organisation", organisation_id=organisation.id,
                                _anchor="outcome-follow-ups"))
    status = 400 if form.errors else 200
    return render_template("engagement/outcome_answer.html", form=form, organisation=organisation,
                           follow_up=follow_up), status


@bp.route("/organisations/<int:organisation_id>/adviser", methods=["POST"])
@staff_only
def assign(organisation_id):
    organisation = _organisation(organisation_id)
    form = AssignForm()
    advisers = {u.id: u for u in services.advisers_for(organisation)}
    form.adviser_id.choices = [(u.id, u.full_name) for u in advisers.values()]
    if form.validate_on_submit():
        services.assign_adviser(organisation, advisers[form.adviser_id.data], current_user)
        db.session.commit()
        flash(_("Adviser assigned"))
    return redirect(url_for("engagement.organisation", organisation_id=organisation.id))


@bp.route("/organisations/<int:organisation_id>/equality", methods=["POST"])
@staff_only
def record_equality(organisation_id):
    organisation = _organisation(organisation_id)
    form = EqualityForm()
    form.change.choices = [(k, str(v)) for k, v in EQUALITY_CHANGES.items()]
    existing = None
    if form.validate_on_submit():
        try:
            programme.record_equality_strategy(organisation, form.change.data, form.note.data, current_user,
                                               occurred_on=form.occurred_on.data)
        except programme.DuplicateEqualityRecord as refused:
            existing = refused.existing
            form.change.errors = [_("This programme already has an equality and diversity record: correct that "
                                    "record instead of adding another")]
        else:
            db.session.commit()
            flash(_("Equality and diversity strategy recorded"))
            return redirect(url_for("engagement.organisation", organisation_id=organisation.id))
    return render_template("engagement/equality.html", form=form, organisation=organisation, existing=existing)


def _back_to_organisation(organisation, message):
    db.session.commit()
    flash(message)
    return redirect(url_for("engagement.organisation", organisation_id=organisation.id))


def _correction_page(record, organisation, form, correct, template, **context):
    """The one shape of every correction page: correct a record that stands, or show it with its history.

    ``correct(form)`` applies the correction and returns it (None when nothing
    changed); a voided record is shown, never corrected.
    """
    if record.voided_at is None and form.validate_on_submit():
        correction = correct(form)
        return _back_to_organisation(organisation, _("Correction saved") if correction else _("Nothing was changed"))
    return render_template(template, form=form, organisation=organisation, history=services.history_of(record),
                           corrected_field_label=corrected_field_label, corrected_value=corrected_value, **context)


def _void_page(record, organisation, void, *, what, done, back, refused=None):
    """The one shape of every void page: a reason, then the record stops counting (``void(record, user, reason)``).

    ``refused`` says why the record may not be voided (the page says so instead of asking).
    """
    form = VoidForm()
    if record.voided_at is None and refused is None and form.validate_on_submit():
        void(record, current_user, form.reason.data)
        return _back_to_organisation(organisation, done)
    return render_template("engagement/void.html", form=form, organisation=organisation, voided=record.voided_at,
                           what=what, back=back, refused=refused)


def _equality_record(record_id):
    return services.equality_record_for_staff(current_user, record_id) or abort(404)


@bp.route("/equality/<int:record_id>", methods=["GET", "POST"])
@staff_only
def correct_equality(record_id):
    entry = _equality_record(record_id)
    organisation = _organisation(entry.organisation_id)
    form = EqualityCorrectionForm(data=None if request.method == "POST" else {
        "change": entry.change, "note": entry.note, "occurred_on": as_utc(entry.recorded_at).date()})
    form.change.choices = [(k, str(v)) for k, v in EQUALITY_CHANGES.items()]
    return _correction_page(entry, organisation, form, lambda form: programme.correct_equality_record(
        entry, current_user, form.reason.data, change=form.change.data, note=form.note.data,
        occurred_on=form.occurred_on.data), "engagement/correct_equality.html", entry=entry)


@bp.route("/equality/<int:record_id>/void", methods=["GET", "POST"])
@staff_only
def void_equality(record_id):
    entry = _equality_record(record_id)
    return _void_page(entry, _organisation(entry.organisation_id), programme.void_equality_record,
                      what=_("Void this equality and diversity record"),
                      done=_("The equality and diversity record is voided and no longer counted"),
                      back=url_for("engagement.correct_equality", record_id=entry.id))


def _engagement(engagement_id):
    return services.engagement_for_staff(current_user, engagement_id) or abort(404)


@bp.route("/engagements/<int:engagement_id>", methods=["GET", "POST"])
@staff_only
def correct_engagement(engagement_id):
    engagement = _engagement(engagement_id)
    organisation = _organisation(engagement.organisation_id)
    form = EngagementCorrectionForm(obj=None if request.method == "POST" else engagement)
    form.type.choices = engagement_type_choices()
    form.adviser_id.choices = [(u.id, u.full_name) for u in services.advisers_for(organisation)]
    if engagement.adviser_id not in dict(form.adviser_id.choices):
        form.adviser_id.choices.append((engagement.adviser_id, engagement.adviser.full_name))
    return _correction_page(engagement, organisation, form, lambda form: services.correct_engagement(
        engagement, current_user, form.reason.data, type=form.type.data, occurred_on=form.occurred_on.data,
        duration_minutes=form.duration_minutes.data, adviser_id=form.adviser_id.data, notes=form.notes.data,
        outcome=form.outcome.data,
    ), "engagement/correct.html", engagement=engagement)


@bp.route("/engagements/<int:engagement_id>/void", methods=["GET", "POST"])
@staff_only
def void_engagement(engagement_id):
    engagement = _engagement(engagement_id)
    return _void_page(engagement, _organisation(engagement.organisation_id), services.void_engagement,
                      what=_("Void this engagement"), done=_("The engagement is voided and no longer counted"),
                      back=url_for("engagement.correct_engagement", engagement_id=engagement.id))


def _delivered_visit(visit_id):
    visit = services.visit_for_staff(current_user, visit_id) or abort(404)
    if visit.status != VisitStatus.DELIVERED:
        abort(404)
    return visit


@bp.route("/visits/<int:visit_id>", methods=["GET", "POST"])
@staff_only
def correct_visit(visit_id):
    visit = _delivered_visit(visit_id)
    organisation = _organisation(visit.organisation_id)
    form = DeliveredVisitCorrectionForm(
        data=None if request.method == "POST" else {
            "took_place_on": visits.took_place_on(visit), "visit_type": visit.visit_type,
            "staff_count": visit.staff_count},
        recorded_on=visits.recorded_on(visit), employees=organisation.employee_count)
    form.visit_type.choices = [(k, str(v)) for k, v in VISIT_TYPES.items()]
    return _correction_page(visit, organisation, form, lambda form: visits.correct_delivered_visit(
        visit, current_user, form.reason.data, took_place_on=form.took_place_on.data,
        visit_type=form.visit_type.data, staff_count=form.staff_count.data,
    ), "engagement/correct_visit.html", visit=visit, visit_types=VISIT_TYPES)


@bp.route("/visits/<int:visit_id>/void", methods=["GET", "POST"])
@staff_only
def void_visit(visit_id):
    visit = _delivered_visit(visit_id)
    return _void_page(visit, _organisation(visit.organisation_id), visits.void_delivered_visit,
                      what=_("Void this delivered visit"),
                      done=_("The delivered visit is voided and no longer counted"),
                      back=url_for("engagement.correct_visit", visit_id=visit.id))


def _cycle(cycle_id):
    return services.cycle_for_staff(current_user, cycle_id) or abort(404)


@bp.route("/cycles/<int:cycle_id>", methods=["GET", "POST"])
@staff_only
def correct_cycle(cycle_id):
    cycle = _cycle(cycle_id)
    organisation = _organisation(cycle.organisation_id)
    dates = programme.cycle_dates(cycle)
    before, after = programme.cycle_neighbours(cycle)
    form = CycleCorrectionForm(data=None if request.method == "POST" else dates, ended=dates["ended_on"] is not None,
                               earliest=programme.cycle_dates(before)["ended_on"] if before else None,
                               latest=programme.cycle_dates(after)["started_on"] if after else None)
    return _correction_page(cycle, organisation, form, lambda form: programme.correct_cycle(
        cycle, current_user, form.reason.data, started_on=form.started_on.data, ended_on=form.ended_on.data,
    ), "engagement/correct_cycle.html", cycle=cycle, ended=dates["ended_on"] is not None,
        may_void=programme.cycle_void_refusal(cycle) != "not_latest")


CYCLE_VOID_REFUSALS = {
    "equality": _l("This programme and the one before it both have an equality and diversity record. Void the "
                   "record that is wrong first, then void this programme."),
}


@bp.route("/cycles/<int:cycle_id>/void", methods=["GET", "POST"])
@staff_only
def void_cycle(cycle_id):
    cycle = _cycle(cycle_id)
    refusal = programme.cycle_void_refusal(cycle)
    if refusal == "not_latest" and cycle.voided_at is None:
        abort(404)
    return _void_page(cycle, _organisation(cycle.organisation_id), programme.void_cycle,
                      what=_("Void programme %(number)s", number=cycle.number),
                      done=_("Programme %(number)s is voided: its support counts in the programme before it",
                             number=cycle.number),
                      back=url_for("engagement.correct_cycle", cycle_id=cycle.id),
                      refused=CYCLE_VOID_REFUSALS.get(refusal) if cycle.voided_at is None else None)


@bp.route("/organisations/<int:organisation_id>/cycles", methods=["POST"])
@staff_only
def new_cycle(organisation_id):
    organisation = _organisation(organisation_id)
    form = NewCycleForm()
    if form.validate_on_submit() and programme.start_new_cycle(organisation, current_user) is not None:
        db.session.commit()
        flash(_("A new programme has started"))
    return redirect(url_for("engagement.organisation", organisation_id=organisation.id))


@bp.route("/engagements/<int:engagement_id>/follow-up", methods=["GET", "POST"])
@staff_only
def follow_up(engagement_id):
    engagement = services.engagement_for_staff(current_user, engagement_id) or abort(404)
    form = FollowUpForm(obj=engagement)
    people = {u.id: u for u in services.advisers_for(engagement.organisation)}
    form.owner_id.choices = [SelectChoice(u.id, u.full_name) for u in people.values()]
    if request.method == "GET":
        form.owner_id.data = engagement.follow_up_owner_id or engagement.adviser_id
    valid = form.validate_on_submit()
    if valid and form.owner_id.data is not None and form.owner_id.data not in people:
        form.owner_id.errors = [MESSAGES["owner"]]
        valid = False
    if valid:
        services.set_follow_up(engagement, form.follow_up_on.data, current_user, note=form.follow_up_note.data,
                               owner=people.get(form.owner_id.data))
        db.session.commit()
        flash(_("Follow-up saved"))
        return redirect(url_for("engagement.follow_ups"))
    return render_template("engagement/follow_up.html", form=form, engagement=engagement)


@bp.route("/engagements/<int:engagement_id>/done", methods=["POST"])
@staff_only
def follow_up_done(engagement_id):
    engagement = services.engagement_for_staff(current_user, engagement_id) or abort(404)
    if DoneForm().validate_on_submit():
        services.complete_follow_up(engagement, current_user)
        db.session.commit()
        flash(_("Follow-up marked as done"))
    return redirect(url_for("engagement.follow_ups"))


@bp.route("/today")
@staff_only
def today():
    return render_template("engagement/today.html", today=today_for(current_user), type_label=engagement_type_label,
                           visit_types=VISIT_TYPES, today_date=services.today())


@bp.route("/follow-ups")
@staff_only
def follow_ups():
    team = request.args.get("view") == "team"
    owner_id = parse_int(request.args.get("owner")) if team else None
    if team:
        overdue, due = services.team_follow_ups(current_user, owner_id)
    else:
        overdue, due = services.follow_ups(current_user)
    return render_template("engagement/follow_ups.html", overdue=overdue, due=due, team=team, owner_id=owner_id,
                           people=services.advisers_visible_to(current_user) if team else [],
                           type_label=engagement_type_label)


# --- organisations met offline ---------------------------------------------------------

@bp.route("/organisations/new", methods=["GET", "POST"])
@staff_only
def new_organisation():
    form = OfflineOrganisationForm()
    questions.set_choices(form)
    duplicate = None
    if request.method == "GET":
        form.consent_on.data = services.today()
    if form.validate_on_submit():
        contact = offline.OfflineContact(name=form.contact_name.data, email=(form.contact_email.data or "").strip(),
                                         consent_method=form.consent_method.data, consent_on=form.consent_on.data)
        evidence = None
        if form.evidence_method.data:
            evidence = offline.Evidence(form.evidence_method.data, form.evidence_note.data.strip(),
                                        form.checked_number.data)
        try:
            organisation = offline.record_offline_organisation(
                current_user, questions.answers_from(None, form), contact, prospect=form.prospect.data,
                prospect_source=form.prospect_source.data, evidence=evidence)
        except DuplicateOrganisation as exc:
            db.session.rollback()
            duplicate = exc.organisation
            form.name.errors = [_("%(name)s is already recorded (%(reference)s)", name=duplicate.name,
                                  reference=duplicate.reference)]
        except DecisionRefused as refused:
            db.session.rollback()
            field = form.checked_number if str(refused).startswith("number") else form.evidence_method
            field.errors = [DECISION_MESSAGES[str(refused)]]
        else:
            db.session.commit()
            flash(_("%(name)s has been recorded", name=organisation.name))
            return redirect(url_for("engagement.organisation", organisation_id=organisation.id))
    return render_template("engagement/new_organisation.html", form=form, duplicate=duplicate,
                           duplicate_visible=duplicate is not None
                           and services.organisation_for_staff(current_user, duplicate.id) is not None)


CLAIM_REFUSALS = {
    "no_email": _l("Add the contact's email address before inviting them."),
    "claimed": _l("The organisation already has a contact with an account: they can invite colleagues."),
    "has_account": _l("That email address already has an account, so it cannot be used for a new one."),
}


@bp.route("/organisations/<int:organisation_id>/claim-invitation", methods=["GET", "POST"])
@staff_only
def claim_invitation(organisation_id):
    organisation = _organisation(organisation_id)
    form = ClaimInviteForm()
    refusal = organisation_services.claim_refusal(organisation)
    status = 200
    if form.validate_on_submit():
        try:
            organisation_services.invite_to_claim(organisation, current_user)
        except organisation_services.ClaimRefused:
            db.session.rollback()
            status = 409
        else:
            db.session.commit()
            flash(_("We have sent an invitation to %(email)s", email=organisation.contact_email))
            return redirect(url_for("engagement.organisation", organisation_id=organisation.id))
    return render_template("engagement/claim_invitation.html", organisation=organisation, form=form,
                           refusal=CLAIM_REFUSALS.get(refusal), pending=organisation_services.pending_claim(
                               organisation)), status
