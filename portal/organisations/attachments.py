"""Files staff attach to an organisation's record: a letter, an e-mail saved as PDF.

For staff only (the organisation's partner's, and administrators). Each file is
checked exactly as an evidence upload is (:func:`eligibility.check_upload`) and
stored the same way, under ``UPLOAD_FOLDER`` by a random name. Every load goes
through the one scoping rule, so another partner's attachment is not found.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.audit.labels import register_action, register_field, register_record_type
from portal.audit.services import record
from portal.eligibility import services as eligibility
from portal.extensions import db
from portal.organisations.models import OrganisationAttachment
from portal.scoping import organisation_scope

FOLDER = "attachments"

register_action("organisation_attachment_added", _l("File attached to the record"))
register_action("organisation_attachment_removed", _l("File removed from the record"))
register_record_type("organisation_attachments", _l("File on the record"))
register_field("description", _l("Description"))


def attachments_of(organisation):
    """The organisation's attachments, newest first, with who attached each."""
    return db.session.scalars(
        select(OrganisationAttachment)
        .where(OrganisationAttachment.organisation_id == organisation.id)
        .options(selectinload(OrganisationAttachment.uploaded_by))
        .order_by(OrganisationAttachment.created_at.desc(), OrganisationAttachment.id.desc())
    ).all()


def attachment_for_staff(user, organisation, attachment_id):
    """``organisation``'s attachment ``attachment_id`` if ``user`` may see it, else None (the view gives 404)."""
    return db.session.scalar(
        select(OrganisationAttachment).where(
            OrganisationAttachment.id == attachment_id,
            OrganisationAttachment.organisation_id == organisation.id,
            organisation_scope(user, OrganisationAttachment.organisation_id),
        )
    )


def attach(organisation, staff, stream, filename, description):
    """Check and store a file on the record, audited. Raises :class:`eligibility.UploadError`."""
    checked = eligibility.check_upload(stream, filename)
    attachment = OrganisationAttachment(
        organisation_id=organisation.id,
        description=description.strip(),
        filename=checked.name,
        stored_name=eligibility.save_file(checked, FOLDER),
        content_type=checked.content_type,
        size=len(checked.data),
        uploaded_by_id=staff.id,
    )
    db.session.add(attachment)
    db.session.flush()
    record("organisation_attachment_added", attachment, actor=staff, organisation_id=organisation.id,
           filename=attachment.filename, description=attachment.description, size=attachment.size)
    return attachment


def path_of(attachment):
    """Where the attachment's file is stored."""
    return eligibility.upload_folder(FOLDER) / attachment.stored_name


def remove(attachment, staff, reason=None):
    """Remove the attachment and its file; audited with what it was and why (the reason is optional)."""
    record("organisation_attachment_removed", attachment, actor=staff, organisation_id=attachment.organisation_id,
           filename=attachment.filename, description=attachment.description, reason=(reason or "").strip())
    path_of(attachment).unlink(missing_ok=True)
    db.session.delete(attachment)
    db.session.flush()
