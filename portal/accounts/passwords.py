"""Argon2 password hashing, at the cost the configuration names.

Production keeps argon2-cffi's recommended parameters (``BaseConfig``); the
test configuration lowers them so that signing in does not dominate the
suite. Each hash records its own parameters, so a hash made at one cost still
verifies under another, and :func:`needs_rehash` upgrades old ones on sign-in.
"""

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_LENGTH = 10


@cache
def _hasher_for(time_cost, memory_cost, parallelism):
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)


def _parameters():
    config = current_app.config
    return config["ARGON2_TIME_COST"], config["ARGON2_MEMORY_COST"], config["ARGON2_PARALLELISM"]


def _hasher():
    return _hasher_for(*_parameters())


@cache
def _dummy_hash(parameters):
    # Verifying against this when no account matches keeps the time taken the
    # same, so response timing does not reveal whether an account exists.
    return _hasher_for(*parameters).hash("not-a-real-password")


def hash_password(password):
    """An Argon2id hash of ``password`` at the configured cost."""
    return _hasher().hash(password)


def verify_password(password_hash, password):
    """True if ``password`` matches ``password_hash`` (False for a missing hash)."""
    try:
        return _hasher().verify(password_hash or _dummy_hash(_parameters()), password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash):
    """True when ``password_hash`` was made with other parameters than the configured ones."""
    return _hasher().check_needs_rehash(password_hash)
