"""Search normalisation for Welsh text."""

from portal.champions.text import like_pattern, normalise


def test_normalise_drops_case_and_accents():
    assert normalise("Ŵyl Dewi Sant") == "wyl dewi sant"
    assert normalise("  CAFFI'R   CWM  ") == "caffi'r cwm"
    assert normalise("Tŷ â thân") == "ty a than"
    assert normalise("ﬁle") == "file"  # compatibility forms fold too
    assert normalise(None) == ""


def test_like_pattern_escapes_wildcards():
    assert like_pattern("100%_Â") == "%100\\%\\_a%"
    assert like_pattern("a\\b") == "%a\\\\b%"
