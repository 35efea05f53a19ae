"""Bad input refused at the door, once for every route.

Two kinds of input would otherwise reach the database and answer 500:

* ids in URLs larger than an id column holds (PostgreSQL raises on them):
  the ``int`` URL converter refuses them, so such a URL matches no route and
  answers 404;
* NUL bytes (PostgreSQL refuses them in text): a request carrying one in its
  query string, form fields, file names or URL answers 400 with the GOV.UK
  error page in the page's language.
"""

from flask import abort, request
from werkzeug.routing import IntegerConverter

from portal.paging import MAX_INT


class BoundedIntegerConverter(IntegerConverter):
    """``<int:…>`` that matches only ids an id column can hold."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_INT)
        super().__init__(map, *args, **kwargs)


def _has_nul(values):
    return any("\x00" in value for value in values if isinstance(value, str))


def _pairs(multi):
    for key, value in multi.items(multi=True):
        yield key
        yield value


def refuse_nul_bytes():
    """Before each request: 400 if any part of the request a view reads carries a NUL byte."""
    files = (name for key, upload in request.files.items(multi=True) for name in (key, upload.filename))
    if (_has_nul(_pairs(request.args)) or _has_nul(_pairs(request.form)) or _has_nul(files)
            or _has_nul((request.view_args or {}).values())):
        abort(400)


def register_url_converters(app):
    """Replace the ``int`` converter; must run before any blueprint adds its routes."""
    app.url_map.converters["int"] = BoundedIntegerConverter


def register_input_guard(app):
    """Refuse NUL bytes before access checks and views run."""
    app.before_request(refuse_nul_bytes)
