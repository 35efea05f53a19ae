"""What the engagement log adds to shared registries: its timeline source, merge rules and the staff landing page.

Imported with the engagement blueprint (``portal.engagement.routes``).
"""

from datetime import datetime, time

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import delete, select, update
from sqlalchemy.orm import selectinload

from portal.accounts.models import User
from portal.audit.labels import register_action, register_field, register_record_type, register_values
from portal.engagement.labels import CORRECTED_FIELDS, ENGAGEMENT_TYPES, engagement_type_label
from portal.engagement.models import CaseloadAssignment, Engagement, OrganisationNote
from portal.extensions import db
from portal.i18n import date_filter
from portal.organisations.channels import HEARD_VIA_SHORT
from portal.organisations.contacts import register_adviser_lookup
from portal.organisations.merge import register_merge_columns, register_merge_handler
from portal.pages.landing import register_landing
from portal.security import Role
from portal.timeline import TimelineEntry, between, register_audit_action, register_source
from portal.timeutil import LONDON

register_audit_action("caseload_assigned", _l("Adviser assigned"))
# Staff start the day from their work list, not the account page.
register_landing(Role.STAFF, "engagement.today")
register_landing(Role.ADMIN, "engagement.today")
register_action("engagement_logged", _l("Engagement logged"))
register_action("prospect_converted", _l("Prospect became an organisation the programme counts"))
register_action("engagement_follow_up_set", _l("Engagement follow-up date set"))
register_action("engagement_follow_up_done", _l("Engagement follow-up done"))
register_record_type("engagements", _l("Engagement"))
register_record_type("caseload_assignments", _l("Caseload"))
register_field("type", _l("Type"))
register_field("counted", _l("Counted as an intervention"))
register_field("follow_up_on", _l("Follow-up date"))
register_field("adviser", _l("Adviser"))
register_values("type", ENGAGEMENT_TYPES)
# Corrections record "<field>_before"/"<field>_after": the same words as the correction pages.
for _field, _label in CORRECTED_FIELDS.items():
    register_field(_field, _label)
register_audit_action("engagements_edited", _l("Engagement corrected"))
register_audit_action("engagements_voided", _l("Engagement voided"))
register_merge_columns(Engagement)
register_merge_columns(OrganisationNote)
register_action("organisation_note_added", _l("Note added to the record"))
register_action("organisation_details_edited", _l("Organisation details changed by staff"))
for _field, _label in (
    ("name", _l("Name of the organisation")), ("employee_count", _l("Number of employees")),
    ("local_authority_id", _l("Local authority")), ("address_line_1", _l("Address line 1")),
    ("address_line_2", _l("Address line 2")), ("town", _l("Town or city")), ("postcode", _l("Postcode")),
    ("contact_job_title", _l("Contact's job title")), ("contact_phone", _l("Contact's phone number")),
    ("correspondence_language", _l("Language for emails and paperwork")),
    ("support_language", _l("Language for support")),
    ("companies_house_number", _l("Companies House number")), ("charity_number", _l("Charity number")),
    ("sector_id", _l("Sector")), ("part_of_group", _l("Part of a larger group")),
    ("group_name", _l("Name of the group")), ("group_size", _l("Number of people in the group")),
    ("staff_authority_ids", _l("Other local authorities where it employs staff")),
    ("heard_via", _l("How they heard")), ("intermediary_id", _l("Intermediary")),
    ("heard_via_other", _l("How they heard, in their words")),
):
    register_field(_field, _label)
register_values("heard_via", HEARD_VIA_SHORT)
register_record_type("organisation_notes", _l("Note"))


@register_adviser_lookup
def _named_adviser(organisation_id):
    # The adviser named to the employer is the one whose caseload the organisation is on.
    return db.session.scalar(
        select(User).join(CaseloadAssignment, CaseloadAssignment.adviser_id == User.id)
        .where(CaseloadAssignment.organisation_id == organisation_id, User.active.is_(True))
    )


@register_source("note", _l("Notes"), employer_visible=False, order=15)
def note_entries(query):
    """Staff notes on the record (never shown to the employer)."""
    statement = between(query, OrganisationNote.created_at, select(OrganisationNote).where(
        OrganisationNote.organisation_id == query.organisation_id).options(selectinload(OrganisationNote.author)))
    return [
        TimelineEntry(at=note.created_at, kind="note", title=_("Note"), who=note.author.full_name,
                      internal_detail=note.body)
        for note in db.session.scalars(statement)
    ] if query.staff else []


@register_source("engagement", _l("Engagements"), order=10)
def engagement_entries(query):
    """The organisation's engagements; advisers' notes and actions for staff only."""
    statement = (
        select(Engagement)
        .where(Engagement.organisation_id == query.organisation_id)
        .options(selectinload(Engagement.adviser))
    )
    if query.start:
        statement = statement.where(Engagement.occurred_on >= query.start)
    if query.end:
        statement = statement.where(Engagement.occurred_on <= query.end)
    if not query.staff:
        # An engagement voided as a mistake leaves the employer's view.
        statement = statement.where(Engagement.voided_at.is_(None))
    entries = []
    for engagement in db.session.scalars(statement):
        entry = TimelineEntry(
            at=datetime.combine(engagement.occurred_on, time(12, 0), tzinfo=LONDON),
            kind="engagement",
            title=engagement_type_label(engagement.type),
            voided=engagement.voided_at is not None,
            void_reason=engagement.void_reason if query.staff else None,
        )
        if query.staff and engagement.voided_at is not None:
            entry.who = engagement.adviser.full_name if engagement.adviser else None
            entry.internal_detail = engagement.notes
        elif query.staff:
            entry.who = engagement.adviser.full_name if engagement.adviser else None
            entry.detail = engagement.outcome
            entry.internal_detail = engagement.notes
            if engagement.duration_minutes:
                entry.facts.append(ngettext("%(num)s minute", "%(num)s minutes", engagement.duration_minutes))
            if engagement.follow_up_on and engagement.follow_up_done_at is None:
                entry.facts.append(_("Follow up by %(date)s", date=date_filter(engagement.follow_up_on)))
            context = _("for %(what)s on %(date)s", what=entry.title, date=date_filter(engagement.occurred_on))
            entry.action = (url_for("engagement.follow_up", engagement_id=engagement.id), _("Set a follow-up date"),
                            context)
            entry.correction = (url_for("engagement.correct_engagement", engagement_id=engagement.id),
                                _("Correct or void"), context)
        entries.append(entry)
    return entries


@register_merge_handler("caseload_assignments")
def merge_caseload(keep, duplicate):
    """One adviser per organisation: the kept organisation's adviser stays if it has one."""
    kept = db.session.scalar(select(CaseloadAssignment).where(CaseloadAssignment.organisation_id == keep.id))
    if kept is not None:
        db.session.execute(delete(CaseloadAssignment).where(CaseloadAssignment.organisation_id == duplicate.id))
    else:
        db.session.execute(
            update(CaseloadAssignment).where(CaseloadAssignment.organisation_id == duplicate.id)
            .values(organisation_id=keep.id).execution_options(synchronize_session=False)
        )
