"""Sending a file someone uploaded back to a reader, safely."""

from flask import abort, send_file


def send_upload(path, content_type, filename):
    """The stored file at ``path`` as a download (404 if it has gone), never shown inline.

    Uploads are checked by content, but a browser must still never run one as a
    page: ``nosniff`` keeps the checked type and the sandbox policy gives it no
    scripts, forms or origin of its own.
    """
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=content_type, as_attachment=True, download_name=filename, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
