"""Paging: reading page numbers and other numbers from the query string, and page counts."""

from flask import request


def page_number(name="page"):
    """The page asked for in ``?page=``: a whole number of at least 1, else 1."""
    try:
        return max(int(request.args.get(name, 1)), 1)
    except ValueError:
        return 1


def int_arg(name):
    """``?name=`` as a whole number, or None when missing or not a number."""
    try:
        return int(request.args.get(name, ""))
    except ValueError:
        return None


def last_page(total, per_page):
    """The number of pages ``total`` rows fill at ``per_page`` a page (at least 1)."""
    return max((total + per_page - 1) // per_page, 1)
