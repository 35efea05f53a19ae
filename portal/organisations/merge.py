"""Merging a duplicate organisation into the one that stays, keeping all history.

Every table that points at an organisation is listed in ``REFERENCING_COLUMNS``
or handled by a merge handler. This module lists its own and the core's tables;
each feature registers its own (in ``portal/<feature>/hooks.py``) with
:func:`register_merge_columns` or :func:`register_merge_handler`, so the merge
knows no feature above it. A merge runs the handlers, re-points every row
listed, then removes the duplicate. A test fails if a foreign key to
``organisations`` is missing.
"""

from sqlalchemy import delete, update

from portal.accounts.models import User
from portal.audit.models import AuditEvent, RecordCorrection
from portal.audit.services import record
from portal.extensions import db
from portal.organisations.models import (
    Invitation,
    Organisation,
    OrganisationAttachment,
    OrganisationChange,
    organisation_staff_authorities,
)

# (model, column) pairs whose rows simply move to the kept organisation.
REFERENCING_COLUMNS = [
    (User, "organisation_id"),
    (AuditEvent, "organisation_id"),
    (RecordCorrection, "organisation_id"),
    (Invitation, "organisation_id"),
    (OrganisationChange, "organisation_id"),
    (OrganisationAttachment, "organisation_id"),
]

# (table, column) pairs a handler moves by its own rules (unique per organisation, renumbered).
HANDLED_SEPARATELY = {
    ("organisation_staff_authorities", "organisation_id"),
}

_HANDLERS = []


def register_merge_columns(*models, column="organisation_id"):
    """List a feature's ``models`` whose ``column`` rows simply move to the kept organisation."""
    for model in models:
        if (model, column) not in REFERENCING_COLUMNS:
            REFERENCING_COLUMNS.append((model, column))


def register_merge_handler(table, column="organisation_id"):
    """Decorator: ``handler(keep, duplicate)`` moves ``table``'s rows by the feature's own rules.

    Handlers run before the listed columns are re-pointed.
    """

    def decorator(handler):
        if (table, column) not in HANDLED_SEPARATELY:
            HANDLED_SEPARATELY.add((table, column))
            _HANDLERS.append(handler)
        return handler

    return decorator


def merge_organisations(keep, duplicate, user):
    """Move everything from ``duplicate`` to ``keep`` and delete ``duplicate``."""
    if keep.id == duplicate.id:
        raise ValueError("cannot merge an organisation into itself")
    for handler in _HANDLERS:
        handler(keep, duplicate)
    moved = {}
    for model, column in REFERENCING_COLUMNS:
        result = db.session.execute(
            update(model).where(getattr(model, column) == duplicate.id).values({column: keep.id})
            .execution_options(synchronize_session=False)
        )
        moved[model.__tablename__] = result.rowcount
    extra = {a.id for a in duplicate.staff_authorities} - {a.id for a in keep.staff_authorities}
    keep.staff_authorities.extend(a for a in duplicate.staff_authorities if a.id in extra)
    db.session.flush()
    db.session.execute(
        delete(organisation_staff_authorities).where(organisation_staff_authorities.c.organisation_id == duplicate.id)
    )
    name, reference = duplicate.name, duplicate.reference
    db.session.expunge(duplicate)
    db.session.execute(delete(Organisation).where(Organisation.id == duplicate.id))
    db.session.expire_all()
    record("organisations_merged", keep, actor=user, merged_name=name, merged_reference=reference,
           **{f"moved_{table}": count for table, count in moved.items()})
    return moved
