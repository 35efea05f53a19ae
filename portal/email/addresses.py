"""E-mail addresses: one normal form, and matching that ignores case everywhere.

Addresses are stored as typed (bookings) or normalised (accounts,
invitations, training records); whichever, two addresses are the same person
when they are equal ignoring case and surrounding spaces.
"""

from sqlalchemy import func


def normalise_email(email):
    """``email`` without surrounding spaces, in lower case ("" for None)."""
    return (email or "").strip().lower()


def same_email(first, second):
    """True if the two addresses are the same, ignoring case and surrounding spaces."""
    return normalise_email(first) == normalise_email(second)


def email_matches(column, email):
    """A where-clause: ``column`` holds ``email``, ignoring case."""
    return func.lower(column) == normalise_email(email)
