"""Who may reach which view, and the HTTP security headers.

Every view declares its audience with :func:`public`, :func:`signed_in` or
:func:`role_required`. The declaration is enforced once, centrally, before the
view runs; a view without one is refused, so forgetting a decorator fails
closed. Ownership (which organisation or partner a record belongs to) is
checked where records are loaded, with the one scoping rule in
:mod:`portal.scoping`.
"""

import enum
from functools import wraps
from urllib.parse import urlsplit

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user


class Role(enum.StrEnum):
    EMPLOYER = "employer"
    CHAMPION = "champion"
    STAFF = "staff"
    ADMIN = "admin"


ALL_ROLES = frozenset(Role)
PUBLIC = "public"


def _declare(access):
    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            return view(*args, **kwargs)

        wrapper.access = access
        return wrapper

    return decorator


def public(view):
    """Anyone, signed in or not, may see this view."""
    return _declare(PUBLIC)(view)


def signed_in(view):
    """Any signed-in user may see this view."""
    return _declare(ALL_ROLES)(view)


def role_required(*roles):
    """Only signed-in users with one of ``roles`` may see this view."""
    return _declare(frozenset(Role(r) for r in roles))


# How long a shared cache (a proxy, a CDN) may keep an anonymous public page:
# short, so a change to the catalogue (places left, a cancellation) shows soon.
PUBLIC_MAX_AGE = 300


def cache_publicly(view):
    """Anonymous responses of this view may be kept by shared caches for a short time.

    Only for pages with nothing personal and no form carrying a CSRF token for
    anonymous visitors. Put it under the ``public`` declaration; the headers
    are set by :func:`public_cache_headers`.
    """
    view.cache_public = True
    return view


def organisation_required(view):
    """The view works on the employer's organisation: until they have one, ask them to register it.

    An employer whose registration is not finished has no organisation; every
    view that needs one answers the same bilingual page with a link to
    registration instead of failing or answering 404. Put it under the
    ``role_required`` declaration.
    """

    @wraps(view)
    def wrapper(*args, **kwargs):
        # Anonymous visitors of a public page have no role and no organisation to ask for.
        if getattr(current_user, "role", None) == Role.EMPLOYER and current_user.organisation_id is None:
            return render_template("register_first.html"), 403
        return view(*args, **kwargs)

    # Copied up by functools.wraps to the declared view, where tests look for it.
    wrapper.needs_organisation = True
    return wrapper


def view_access(endpoint):
    """The declared audience of ``endpoint``, or None if it declares none."""
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "access", None)


def safe_next_url(target):
    """``target`` if it is a path on this site, else None (no open redirects)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:
        return None
    return target


def enforce_access():
    """Before each request: refuse views the current user may not see."""
    if request.endpoint is None or request.endpoint == "static":
        return None
    access = view_access(request.endpoint)
    if access is None:
        current_app.logger.error("view %s declares no access rule", request.endpoint)
        abort(403)
    if access == PUBLIC:
        return None
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.sign_in", next=request.full_path.rstrip("?")))
    if not current_user.is_active:
        abort(403)
    if current_user.role not in access:
        abort(403)
    return None


CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def security_headers(response):
    """Add the headers every response carries."""
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if not current_app.debug and request.is_secure:
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if current_user.is_authenticated and request.endpoint != "static":
        response.headers["Cache-Control"] = "no-store"
    return response


def _cacheable(response):
    """True if ``response`` may be stored by a shared cache and given to anyone."""
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    if not getattr(view, "cache_public", False) or current_user.is_authenticated:
        return False
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return False
    # A stored Set-Cookie would hand one visitor's cookie (session, language) to
    # the next, and a session about to be saved means something was kept for
    # this visitor (a flashed message, a CSRF token): either way, not shared.
    if "Set-Cookie" in response.headers:
        return False
    return not current_app.session_interface.should_set_cookie(current_app, session)


def public_cache_headers(response):
    """Let shared caches keep anonymous public pages briefly; vary them on the cookie.

    ``Vary: Cookie`` goes on every response of a cacheable view, so a cache
    never answers a signed-in request (which carries a session cookie) with
    the anonymous copy; signed-in responses stay ``no-store``.
    """
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    if getattr(view, "cache_public", False):
        response.vary.add("Cookie")
    if _cacheable(response):
        response.headers["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    return response


def register_security(app):
    app.before_request(enforce_access)
    app.after_request(security_headers)
    # After-request functions run in reverse order of registration: inserted
    # first, this one runs last, so it sees the cookies other hooks (the
    # language cookie) have set on the response.
    app.after_request_funcs.setdefault(None, []).insert(0, public_cache_headers)
