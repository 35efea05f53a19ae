"""Cells for CSV and spreadsheet exports that a spreadsheet will not run as formulas.

Text typed by people (names, e-mail addresses, organisation names) can start
like a formula (``=HYPERLINK(...)``); every export passes its cells through
:func:`neutralise`, which puts a leading apostrophe before such text.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text starting like a formula gets a leading apostrophe; other values pass through."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
