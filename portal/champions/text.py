"""Search-friendly text: Welsh mutations and accents make exact matching weak."""

import unicodedata


def normalise(text):
    """``text`` without accents and case, so "ŵ" matches "w" and "Â" matches "a"."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def like_pattern(query):
    """A LIKE pattern matching ``query`` anywhere, with LIKE's wildcards escaped (escape char ``\\``)."""
    escaped = normalise(query).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
