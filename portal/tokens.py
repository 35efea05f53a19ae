"""Single-use links: only a hash of each token is stored, so a database leak opens nothing."""

import hashlib


def hash_token(token):
    """The SHA-256 hex digest under which a link's ``token`` is stored and looked up."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
