"""Size bands of organisations by number of employees: the one place they are defined.

Reporting breaks its figures down by these bands, the programme rules treat
the top one as large employers, and survey results compare an organisation
with others of its band.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import case

# The first employee count of each band above micro.
SMALL_FROM = 10
MEDIUM_FROM = 50
LARGE_EMPLOYER_SIZE = 250

UNKNOWN_BAND = "unknown"
SIZE_BANDS = ("micro", "small", "medium", "large", UNKNOWN_BAND)

BAND_LABELS = {
    "micro": _l("Micro (fewer than 10 employees)"),
    "small": _l("Small (10 to 49 employees)"),
    "medium": _l("Medium (50 to 249 employees)"),
    "large": _l("Large (250 or more employees)"),
    UNKNOWN_BAND: _l("Number of employees not known"),
}


def size_band(employees):
    """The size band (one of SIZE_BANDS) of an employee count column, in SQL."""
    return case(
        (employees.is_(None), UNKNOWN_BAND),
        (employees < SMALL_FROM, "micro"),
        (employees < MEDIUM_FROM, "small"),
        (employees < LARGE_EMPLOYER_SIZE, "medium"),
        else_="large",
    )


def band_of(employee_count):
    """The size band of one employee count (None: ``unknown``), as :func:`size_band` gives it in SQL."""
    if employee_count is None:
        return UNKNOWN_BAND
    if employee_count < SMALL_FROM:
        return "micro"
    if employee_count < MEDIUM_FROM:
        return "small"
    if employee_count < LARGE_EMPLOYER_SIZE:
        return "medium"
    return "large"
