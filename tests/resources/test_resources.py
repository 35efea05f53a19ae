"""The resource library: publishing, uploads, access by audience, search and downloads."""

import io
import zipfile
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from portal.extensions import db
from portal.resources.models import Resource
from portal.resources.services import MAX_FILE_BYTES, detect_type
from portal.security import Role
from tests import factories
from tests.helpers import Page

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 40


def _docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def test_types_are_detected_by_content_not_name():
    assert detect_type(factories.PDF_BYTES) == "pdf"
    assert detect_type(PNG) == "png"
    assert detect_type(JPEG) == "jpeg"
    assert detect_type(_docx()) == "docx"
    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("evil.sh", "rm -rf /")
    assert detect_type(other_zip.getvalue()) is None
    assert detect_type(b"<html><script>alert(1)</script>") is None


def _form(**overrides):
    data = {"title_en": "Sleep well", "summary_en": "Tips for better sleep", "link_en": "",
            "title_cy": "", "summary_cy": "", "link_cy": "", "audience": "both", "topics": ["sleep"],
            "published": "y"}
    data.update(overrides)
    return data


def test_staff_publish_a_resource_with_an_uploaded_file(sign_in):
    staff = factories.make_user(Role.STAFF)
    client = sign_in(staff)
    data = _form(file_en=(io.BytesIO(factories.PDF_BYTES), "../../etc/Sleep guide?.exe"))
    response = client.submit("/en/resources/new", data, token_from="/en/resources/new",
                             content_type="multipart/form-data")
    assert response.status_code == 302
    resource = db.session.scalar(select(Resource))
    stored = resource.files[0]
    assert stored.original_name == "etc_Sleep_guide.pdf"  # no path, and the real type's extension
    assert stored.content_type == "application/pdf"
    path = Path(current_app.config["UPLOAD_FOLDER"]) / "resources" / stored.stored_name
    assert path.read_bytes() == factories.PDF_BYTES
    assert resource.search_text == "sleep well tips for better sleep"


def test_uploads_that_are_not_allowed_are_refused_with_input_kept(sign_in):
    client = sign_in(factories.make_user(Role.STAFF))
    for payload, message in ((b"MZ\x90\x00 not a document",
                              "The file must be a PDF, Word document (DOCX), PNG or JPEG"),
                             (b"%PDF-" + b"0" * MAX_FILE_BYTES, "The file must be smaller than 10MB")):
        response = client.submit("/en/resources/new", _form(file_en=(io.BytesIO(payload), "guide.pdf")),
                                 token_from="/en/resources/new", content_type="multipart/form-data")
        page = Page(response)
        assert response.status_code == 200
        assert message in page.error_summary()
        assert page.field_value("title_en") == "Sleep well"
    assert db.session.scalar(select(Resource)) is None


def test_a_language_started_must_be_complete_and_one_is_needed(sign_in):
    client = sign_in(factories.make_user(Role.STAFF))
    page = Page(client.submit("/en/resources/new", _form(title_en="", summary_en="")))
    assert page.error_summary() == ["Enter the resource in English, Welsh or both"]
    page = Page(client.submit("/en/resources/new", _form(link_en="")))
    assert page.error_summary() == ["Give a link or upload a file in this language"]
    page = Page(client.submit("/en/resources/new", _form(link_en="javascript:alert(1)")))
    assert page.error_summary() == ["Enter a link starting with https://"]


def test_download_is_counted_and_served_safely(sign_in):
    resource = factories.make_resource(files={"en": factories.PDF_BYTES})
    client = sign_in(factories.make_user(Role.EMPLOYER))
    response = client.get(f"/en/resources/{resource.id}/download/en")
    assert response.status_code == 200
    assert response.data == factories.PDF_BYTES
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.mimetype == "application/pdf"
    client.get(f"/en/resources/{resource.id}/download/en")
    assert client.get(f"/en/resources/{resource.id}/download/cy").status_code == 404
    db.session.expire_all()
    assert db.session.get(Resource, resource.id).download_count == 2


def test_staff_only_resources_stay_hidden_from_others(sign_in):
    staff_only = factories.make_resource(title_en="Staff briefing", title_cy="Briff staff", audience="staff",
                                         files={"en": factories.PDF_BYTES})
    champions = factories.make_resource(title_en="Champion toolkit", title_cy="Pecyn hyrwyddwyr",
                                        audience="champions")
    unpublished = factories.make_resource(title_en="Draft leaflet", title_cy="Taflen ddrafft", published=False)
    employer = factories.make_user(Role.EMPLOYER)
    champion = factories.make_user(Role.CHAMPION)
    for user, visible in ((employer, set()), (champion, {"Champion toolkit"})):
        client = sign_in(user)
        library = client.page("/en/resources/").text("main")
        for title in ("Staff briefing", "Champion toolkit", "Draft leaflet"):
            assert (title in library) == (title in visible), (user.role, title)
        assert client.get(f"/en/resources/{staff_only.id}").status_code == 404
        assert client.get(f"/en/resources/{staff_only.id}/download/en").status_code == 404
        assert client.get(f"/en/resources/{unpublished.id}").status_code == 404
        assert "Staff briefing" not in client.page("/en/resources/?q=briefing").text("main")
    assert sign_in(employer).get(f"/en/resources/{champions.id}").status_code == 404
    staff_library = sign_in(factories.make_user(Role.STAFF)).page("/en/resources/").text("main")
    assert "Staff briefing" in staff_library
    assert "Draft leaflet" in staff_library


def test_single_language_resources_say_so_plainly(sign_in):
    english_only = factories.make_resource(title_en="Menopause at work", title_cy="")
    welsh_only = factories.make_resource(title_en="", title_cy="Y menopos yn y gwaith")
    client = sign_in(factories.make_user(Role.CHAMPION))
    welsh_page = client.page(f"/cy/resources/{english_only.id}").text("main")
    assert "Dim ond yn Saesneg mae'r adnodd hwn ar gael." in welsh_page
    assert "Menopause at work" in welsh_page
    assert "This resource is only available in Welsh." in client.page(f"/en/resources/{welsh_only.id}").text("main")
    both = factories.make_resource()
    assert "only available" not in client.page(f"/en/resources/{both.id}").text("main")


def test_search_ignores_case_and_welsh_accents_and_filters(sign_in):
    factories.make_resource(title_en="Wellbeing walks", title_cy="Teithiau cerdded llesiant ŵyl",
                            topics=["physical-activity"])
    factories.make_resource(title_en="Money worries", title_cy="Pryderon arian", topics=["financial-wellbeing"])
    factories.make_resource(title_en="Sleep guide", title_cy="", topics=["sleep"])
    client = sign_in(factories.make_user(Role.CHAMPION))
    for query in ("WYL", "ŵyl", "wyl", "Ŵyl"):
        results = client.page(f"/en/resources/?q={query}").text("main")
        assert "Wellbeing walks" in results, query
        assert "Money worries" not in results, query
    assert "Money worries" in client.page("/en/resources/?q=PRYDERÔN").text("main")
    assert "100%" not in client.page("/en/resources/?q=100%25").text("main")
    by_topic = client.page("/en/resources/?topic=sleep").text("main")
    assert "Sleep guide" in by_topic
    assert "Money worries" not in by_topic
    welsh = client.page("/en/resources/?language=cy").text("main")
    assert "Money worries" in welsh
    assert "Sleep guide" not in welsh


def test_search_finds_network_posts_accent_insensitively(sign_in):
    champion = factories.make_user(Role.CHAMPION)
    factories.make_thread(champion, title="Grŵp cerdded", body="Dewch i gerdded bob dydd Gwener")
    client = sign_in(champion)
    results = client.page("/cy/resources/?q=grwp").text("main")
    assert "Grŵp cerdded" in results
    assert "Grŵp cerdded" not in sign_in(factories.make_user(Role.EMPLOYER)).page("/en/resources/?q=grwp").text("main")


def test_staff_edit_a_resource_and_changes_are_audited(sign_in):
    resource = factories.make_resource(files={"cy": PNG})
    client = sign_in(factories.make_user(Role.STAFF))
    page = client.page(f"/en/resources/{resource.id}/edit")
    assert page.field_value("title_en") == "Stress at work"
    response = client.submit(f"/en/resources/{resource.id}/edit",
                             _form(title_en="Stress at work 2", summary_en="New", link_en="https://example.com/x",
                                   title_cy="Straen", summary_cy="Newydd", audience="champions"))
    assert response.status_code == 302
    db.session.expire_all()
    changed = db.session.get(Resource, resource.id)
    assert (changed.title_en, changed.audience, changed.topic_slugs) == ("Stress at work 2", "champions", ["sleep"])
    assert changed.file_in("cy") is not None  # kept when no new file is uploaded
    from portal.audit.models import AuditEvent

    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "resource_changed"))
    manage = client.page("/en/resources/manage").text("main")
    assert "Stress at work 2" in manage


def test_each_language_link_reads_right_in_welsh(sign_in):
    """'Lawrlwytho yn Gymraeg', never 'yn Cymraeg' from a language name put after 'yn'."""
    resource = factories.make_resource(files={"en": factories.PDF_BYTES, "cy": factories.PDF_BYTES})
    client = sign_in(factories.make_user(Role.CHAMPION))
    welsh = client.page(f"/cy/resources/{resource.id}").text("main")
    for text in ("Lawrlwytho yn Gymraeg", "Lawrlwytho yn Saesneg", "Agor y ddolen yn Gymraeg",
                 "Agor y ddolen yn Saesneg"):
        assert text in welsh
    assert "yn Cymraeg" not in welsh
    english = client.page(f"/en/resources/{resource.id}").text("main")
    assert "Download in Welsh" in english
    assert "Open the link in English" in english
