"""Formats of what organisations give: postcodes, Companies House and charity numbers."""

import re

POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
COMPANY_NUMBER = re.compile(r"^(?:[0-9]{8}|[A-Z]{2}[0-9]{6})$")
CHARITY_NUMBER = re.compile(r"^[0-9]{6,8}(?:-[0-9]{1,2})?$")
# Postcode areas wholly (or all but a few streets) in Wales, and those the border
# runs through, where the area alone cannot tell.
WELSH_POSTCODE_AREAS = frozenset({"CF", "LD", "LL", "NP", "SA"})
BORDER_POSTCODE_AREAS = frozenset({"CH", "HR", "SY"})

def normalise_postcode(value):
    """A UK postcode in standard form ("CF10 1AA"), or None if it is not one."""
    compact = re.sub(r"\s+", "", (value or "").upper())
    match = POSTCODE.match(compact)
    return f"{match.group(1)} {match.group(2)}" if match else None


def normalise_company_number(value):
    """A Companies House number (8 digits, or 2 letters and 6 digits), or None."""
    compact = re.sub(r"\s+", "", (value or "").upper())
    if compact.isdigit() and 1 <= len(compact) < 8:
        compact = compact.zfill(8)
    return compact if COMPANY_NUMBER.match(compact) else None


def normalise_charity_number(value):
    """A charity number (6 to 8 digits, optionally -N for a linked charity), or None."""
    compact = re.sub(r"\s+", "", value or "")
    return compact if CHARITY_NUMBER.match(compact) else None




def postcode_in_wales(postcode):
    """True for a Welsh postcode area, False for one wholly outside Wales, None where the border runs through it."""
    normal = normalise_postcode(postcode)
    if normal is None:
        return None
    area = re.match(r"^[A-Z]+", normal).group(0)
    if area in WELSH_POSTCODE_AREAS:
        return True
    if area in BORDER_POSTCODE_AREAS:
        return None
    return False
