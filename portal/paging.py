"""Paging: reading page numbers and other whole numbers from query strings and forms, and page counts."""

from flask import request


def page_number(name="page"):
    """The page asked for in ``?page=``: a whole number of at least 1, else 1."""
    try:
        return max(int(request.args.get(name, 1)), 1)
    except ValueError:
        return 1


def whole_number(value):
    """``value`` (text from a query string or a form) as a whole number, or None when empty or not one."""
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def int_arg(name):
    """``?name=`` as a whole number, or None when missing or not a number."""
    return whole_number(request.args.get(name))


def last_page(total, per_page):
    """The number of pages ``total`` rows fill at ``per_page`` a page (at least 1)."""
    return max((total + per_page - 1) // per_page, 1)
