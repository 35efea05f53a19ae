"""Paging: reading page numbers and other whole numbers from query strings and forms, and page counts.

Every whole number taken from a request goes through :func:`parse_int`, which
refuses anything an id column cannot hold: ids and counts are PostgreSQL
``integer`` columns (32 bits), and PostgreSQL raises on larger values (SQLite's
driver overflows beyond 64 bits), which would answer 500.
"""

from flask import request

# The largest value of PostgreSQL's ``integer``, the type of every id column.
MAX_INT = 2**31 - 1
# Far beyond any real page, and small enough that page × page size stays a 64-bit offset.
MAX_PAGE = 1_000_000


def parse_int(value):
    """``value`` (text from a query string or a form) as a whole number an integer column can hold, or None."""
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
    """``?name=`` as a whole number, or None when missing, not a number or too large for a column."""
    return parse_int(request.args.get(name))


def last_page(total, per_page):
    """The number of pages ``total`` rows fill at ``per_page`` a page (at least 1)."""
    return max((total + per_page - 1) // per_page, 1)


def page_window(page, last):
    """The page numbers a pager shows: the first, the last and those beside ``page``; None marks a gap.

    ``page_window(5, 91)`` is ``[1, None, 4, 5, 6, None, 91]``: a few links
    whatever the number of pages, as the GOV.UK pagination pattern asks.
    """
    shown = sorted({1, last, *range(max(page - 1, 1), min(page + 1, last) + 1)})
    window = []
    for number in shown:
        if window and number - window[-1] > 1:
            window.append(None)
        window.append(number)
    return window
