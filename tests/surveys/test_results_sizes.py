"""The size bands survey results compare within: one definition, the same in SQL and in Python."""

import pytest
from sqlalchemy import literal, select

from portal.extensions import db
from portal.organisations.sizes import SIZE_BANDS, band_of, size_band


@pytest.mark.parametrize(("employees", "band"), [
    (None, "unknown"), (1, "micro"), (9, "micro"), (10, "small"), (49, "small"), (50, "medium"),
    (249, "medium"), (250, "large"), (12000, "large"),
])
def test_the_band_is_the_same_in_python_and_in_sql(employees, band):
    assert band_of(employees) == band
    assert db.session.scalar(select(size_band(literal(employees, type_=db.Integer)))) == band
    assert band in SIZE_BANDS
