"""Paging: reading page numbers and other numbers from the query string, and page counts.

Every whole number taken from a request goes through :func:`parse_int`, which
refuses anything a 64-bit database column cannot hold: PostgreSQL raises on
such values (and SQLite's driver overflows), which would answer 500.
"""

from flask import request

# The largest value of a signed 64-bit integer (PostgreSQL bigint, SQLite INTEGER).
MAX_INT = 2**63 - 1
# Far beyond any real page, and small enough that page × page size stays a 64-bit offset.
MAX_PAGE = 1_000_000


def parse_int(value):
    """``value`` (text) as a whole number that fits in 64 bits, or None."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if -MAX_INT <= number <= MAX_INT else None


def page_number(name="page"):
    """The page asked for in ``?page=``: a whole number from 1 to ``MAX_PAGE``, else 1."""
    number = parse_int(request.args.get(name, 1))
    if number is None:
        return 1
    return min(max(number, 1), MAX_PAGE)


def int_arg(name):
    """``?name=`` as a whole number, or None when missing, not a number or beyond 64 bits."""
    return parse_int(request.args.get(name, ""))


def last_page(total, per_page):
    """The number of pages ``total`` rows fill at ``per_page`` a page (at least 1)."""
    return max((total + per_page - 1) // per_page, 1)
