"""Publishing, finding and downloading library resources."""

import io
import uuid
import zipfile
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload
from werkzeug.utils import secure_filename

from portal.audit.services import record
from portal.champions.text import like_pattern, normalise
from portal.extensions import db
from portal.resources.labels import TOPICS
from portal.resources.models import Audience, Resource, ResourceFile, ResourceTopic
from portal.security import Role
from portal.timeutil import utcnow

MAX_FILE_BYTES = 10 * 1024 * 1024
PER_PAGE = 20

# Detected type -> (extension, MIME type). Types are decided by content, never by the name given.
FILE_TYPES = {
    "pdf": ("pdf", "application/pdf"),
    "png": ("png", "image/png"),
    "jpeg": ("jpg", "image/jpeg"),
    "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}


class UploadError(ValueError):
    """The file is not one we accept; ``message`` is shown to the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def detect_type(data):
    """The file type from its first bytes (and for DOCX its parts), or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return "docx"
    return None


def read_upload(storage):
    """Check an uploaded file; returns (data, kind, safe original name) or raises UploadError."""
    data = storage.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise UploadError(_l("The file must be smaller than 10MB"))
    if not data:
        raise UploadError(_l("The selected file is empty"))
    kind = detect_type(data)
    if kind is None:
        raise UploadError(_l("The file must be a PDF, Word document (DOCX), PNG or JPEG"))
    extension = FILE_TYPES[kind][0]
    stem = Path(secure_filename(storage.filename or "")).stem[:80] or "resource"
    return data, kind, f"{stem}.{extension}"


def _upload_dir():
    folder = Path(current_app.config["UPLOAD_FOLDER"]) / "resources"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def file_path(resource_file):
    return _upload_dir() / resource_file.stored_name


def _store(resource, lang, data, kind, original_name):
    stored_name = f"{uuid.uuid4().hex}.{FILE_TYPES[kind][0]}"
    (_upload_dir() / stored_name).write_bytes(data)
    old = resource.file_in(lang)
    if old is not None:
        resource.files.remove(old)
        db.session.flush()
    resource.files.append(ResourceFile(language=lang, stored_name=stored_name, original_name=original_name,
                                       content_type=FILE_TYPES[kind][1], size=len(data)))


def _search_text(resource):
    return normalise(" ".join([resource.title_en, resource.title_cy, resource.summary_en, resource.summary_cy]))


def save_resource(resource, *, title_en, title_cy, summary_en, summary_cy, link_en, link_cy, audience, topics,
                  published, uploads=None, actor=None):
    """Create (``resource`` None) or change a resource; ``uploads`` is {lang: (data, kind, name)}."""
    creating = resource is None
    if creating:
        resource = Resource(created_by_id=actor.id if actor else None)
        db.session.add(resource)
    resource.title_en, resource.title_cy = title_en.strip(), title_cy.strip()
    resource.summary_en, resource.summary_cy = summary_en.strip(), summary_cy.strip()
    resource.link_en, resource.link_cy = link_en.strip(), link_cy.strip()
    resource.audience = audience
    resource.published = published
    resource.search_text = _search_text(resource)
    resource.updated_at = utcnow()
    wanted = [t for t in topics if t in TOPICS]
    resource.topics = [t for t in resource.topics if t.topic in wanted]
    existing = set(resource.topic_slugs)
    resource.topics.extend(ResourceTopic(topic=t) for t in wanted if t not in existing)
    db.session.flush()
    for lang, upload in (uploads or {}).items():
        if upload is not None:
            _store(resource, lang, *upload)
    db.session.flush()
    record("resource_created" if creating else "resource_changed", resource, actor=actor, audience=audience,
           published=published)
    return resource


def audiences_for(user):
    """Audiences whose resources ``user`` may see; None means every resource (staff)."""
    if user.is_staff:
        return None
    if user.role == Role.CHAMPION:
        return (Audience.BOTH, Audience.CHAMPIONS)
    return (Audience.BOTH, Audience.EMPLOYERS)


def _visible(query, user):
    audiences = audiences_for(user)
    if audiences is not None:
        query = query.where(Resource.audience.in_(audiences), Resource.published.is_(True))
    return query


def library(user, query=None, topic=None, language=None, page=1):
    """One page of resources ``user`` may see, filtered; returns (resources, total)."""
    statement = _visible(select(Resource), user)
    if query:
        statement = statement.where(Resource.search_text.like(like_pattern(query), escape="\\"))
    if topic:
        statement = statement.where(Resource.id.in_(select(ResourceTopic.resource_id)
                                                    .where(ResourceTopic.topic == topic)))
    if language in ("en", "cy"):
        has_file = select(ResourceFile.resource_id).where(ResourceFile.language == language)
        title = Resource.title_cy if language == "cy" else Resource.title_en
        link = Resource.link_cy if language == "cy" else Resource.link_en
        statement = statement.where(title != "", (link != "") | Resource.id.in_(has_file))
    total = db.session.scalar(statement.with_only_columns(func.count(Resource.id)).order_by(None))
    resources = db.session.scalars(
        statement.options(selectinload(Resource.topics), selectinload(Resource.files))
        .order_by(Resource.updated_at.desc(), Resource.id.desc())
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
    ).all()
    return resources, total


def resource_for(user, resource_id):
    """The resource if ``user`` may see it, else None."""
    statement = _visible(select(Resource).where(Resource.id == resource_id), user)
    return db.session.scalar(statement.options(selectinload(Resource.topics), selectinload(Resource.files)))


def count_download(resource):
    """Add one to the resource's download count, safely under concurrent downloads."""
    db.session.execute(update(Resource).where(Resource.id == resource.id)
                       .values(download_count=Resource.download_count + 1))


def all_resources(page=1):
    """Every resource for staff management, newest change first; returns (resources, total)."""
    total = db.session.scalar(select(func.count(Resource.id)))
    resources = db.session.scalars(
        select(Resource).options(selectinload(Resource.files), selectinload(Resource.topics))
        .order_by(Resource.updated_at.desc(), Resource.id.desc()).limit(PER_PAGE).offset((page - 1) * PER_PAGE)
    ).all()
    return resources, total
