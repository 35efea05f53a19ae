"""Static files whose URL carries a digest of their content, kept by browsers for a year.

Without this every page revalidated its stylesheets, script, fonts and icon: seven
conditional requests a page, each a round trip before the page could be drawn.
``url_for('static', filename=...)`` now adds ``?v=<digest>``; a request whose
``v`` is the file's current digest may be kept as it is (``immutable``), because a
changed file gets a new digest and so a new URL. A request with an old or no
digest (a page cached from before a release, a URL written in a stylesheet) gets
the current file and is revalidated as before. Files that GOV.UK Frontend names
by their content (``bold-b542beb274-v2.woff2``) are kept the same way.
"""

import hashlib
import os
import re

from flask import current_app, request

ONE_YEAR = 365 * 24 * 3600
# GOV.UK Frontend's fonts carry ten hex digits of their content in their names.
NAMED_BY_CONTENT = re.compile(r"-[0-9a-f]{10}-v\d+\.woff2?$")


class Digests:
    """The digest of each static file; with ``watch``, read again when the file changes.

    Without ``watch`` (production, where files change only with a release and
    so a restart) a digest is worked out once: a page links four files, and
    looking at the disk for each on every page would cost more than the rest
    of building their URLs.
    """

    def __init__(self, folder, watch=False):
        self.folder = folder
        self.watch = watch
        self.known = {}  # filename: ((mtime, size), digest)

    def __call__(self, filename):
        """The first 12 hex digits of SHA-256 of ``filename``'s content (None if unsafe or absent)."""
        kept = self.known.get(filename)
        if kept and not self.watch:
            return kept[1]
        path = os.path.realpath(os.path.join(self.folder, filename))
        if not path.startswith(os.path.realpath(self.folder) + os.sep):
            return None
        try:
            stat = os.stat(path)
        except OSError:
            return None
        mark = (stat.st_mtime_ns, stat.st_size)
        if kept and kept[0] == mark:
            return kept[1]
        with open(path, "rb") as file:
            digest = hashlib.sha256(file.read()).hexdigest()[:12]
        self.known[filename] = (mark, digest)
        return digest


def add_digest(endpoint, values):
    """Give static URLs their file's digest (``url_defaults`` hook)."""
    if endpoint != "static" or "v" in values or "filename" not in values:
        return
    digest = current_app.extensions["static_digests"](values["filename"])
    if digest:
        values["v"] = digest


def keep_if_current(response):
    """Let browsers keep a static file for a year when its URL names its current content."""
    if request.endpoint != "static" or response.status_code not in (200, 304):
        return response
    filename = (request.view_args or {}).get("filename", "")
    asked = request.args.get("v")
    if NAMED_BY_CONTENT.search(filename) or (asked and asked == current_app.extensions["static_digests"](filename)):
        response.cache_control.no_cache = None
        response.cache_control.public = True
        response.cache_control.max_age = ONE_YEAR
        response.cache_control.immutable = True
    return response


def register_static_files(app):
    """Wire digests into static URLs and long caching into their responses."""
    # In development (debug) an edited stylesheet gets its new digest at once.
    app.extensions["static_digests"] = Digests(app.static_folder, watch=app.debug)
    app.url_defaults(add_digest)
    app.after_request(keep_if_current)
