"""Error pages in the page's language."""

from flask import current_app, render_template
from flask_wtf.csrf import CSRFError
from limits.errors import StorageError
from redis.exceptions import ConnectionError as RedisConnectionError

from portal.extensions import db

ERROR_TEMPLATES = {
    400: "errors/400.html",
    403: "errors/403.html",
    404: "errors/404.html",
    405: "errors/404.html",
    410: "errors/404.html",
    413: "errors/413.html",
    429: "errors/429.html",
    500: "errors/500.html",
    503: "errors/503.html",
}


def _render(code):
    return render_template(ERROR_TEMPLATES.get(code, "errors/500.html"), code=code), code


def register_error_handlers(app):
    for code in ERROR_TEMPLATES:
        if code == 500:
            continue
        app.register_error_handler(code, lambda error, code=code: _render(code))

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_template("errors/csrf.html"), 400

    # Rate limits and sign-in throttling are counted in Redis. Without it they
    # cannot be enforced, so those pages say the service is briefly unavailable
    # (rather than go unprotected, or answer as if something were broken).
    @app.errorhandler(RedisConnectionError)
    @app.errorhandler(StorageError)
    def rate_limit_storage_down(error):
        db.session.rollback()
        current_app.logger.error("rate-limit storage unreachable: %s", error)
        return _render(503)

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return _render(500)
