"""Rate limits: who is counted, and the limits the configuration names.

Counting is Flask-Limiter's (``portal.extensions.limiter``), in the shared
storage the configuration names (Redis in production), so every app server
counts together. Views use :func:`per_address` and :func:`per_email` as
decorators; services that must count inside their own logic (sign-in, the
"account exists" e-mail) use :func:`hit`, :func:`refund` and :func:`clear`.
"""

from flask import current_app, request
from flask_limiter.util import get_remote_address
from limits import parse

from portal.extensions import limiter

# The client's IP address; behind the load balancer, ProxyFix (see wsgi.py) sets it.
client_address = get_remote_address


def submitted_email():
    """The e-mail address posted in the form, normalised, or "" when none (then not counted)."""
    return (request.form.get("email") or "").strip().lower()


def configured(setting):
    """A limit-value callable for Flask-Limiter, read from the configuration at request time."""
    return lambda: current_app.config[setting]


def per_address(setting, **options):
    """Decorator: limit a view per client address to the configured ``setting``."""
    return limiter.limit(configured(setting), key_func=client_address, **options)


def per_key(setting, key_func, **options):
    """Decorator: limit a view per ``key_func()`` (an e-mail address, an account) to ``setting``."""
    return limiter.limit(configured(setting), key_func=key_func, **options)


def _item(setting):
    return parse(current_app.config[setting])


def _keys(identifiers):
    # The same prefix Flask-Limiter puts on the views' limits, so all our keys share it.
    return (current_app.config["RATELIMIT_KEY_PREFIX"], *identifiers)


def hit(setting, *identifiers):
    """Count one use against ``setting`` for ``identifiers``; False when over the limit.

    The increment and the comparison are one atomic operation in the storage
    (Redis ``INCRBY``), so parallel requests cannot all pass a check made
    before any of them is counted.
    """
    return limiter.limiter.hit(_item(setting), *_keys(identifiers))


def refund(setting, *identifiers):
    """Give back one use counted by :func:`hit` (an attempt that turned out not to be a guess)."""
    limiter.limiter.hit(_item(setting), *_keys(identifiers), cost=-1)


def clear(setting, *identifiers):
    """Forget every use counted against ``setting`` for ``identifiers``."""
    limiter.limiter.clear(_item(setting), *_keys(identifiers))


def used(setting, *identifiers):
    """How many uses are counted now against ``setting`` for ``identifiers``."""
    return limiter.storage.get(_item(setting).key_for(*_keys(identifiers)))
