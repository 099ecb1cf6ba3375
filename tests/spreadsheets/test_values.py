"""Cell values as officers type them: grouped numbers, Có/Không, dd/mm/yyyy, percentages."""
import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import translation

from plans.models import Indicator
from reporting.spreadsheets import _read_answer
from workbooks import reading
from workbooks.reading import BadValue


@pytest.mark.parametrize("typed, expected", [
    (1234, 1234), (1234.0, 1234), ("1234", 1234), ("1.234.567", 1234567), ("1 234", 1234), ("1,234", 1234),
    ("12\u00a0345", 12345),
])
def test_whole_numbers_are_read_with_or_without_grouping(typed, expected):
    assert reading.whole_number(typed) == expected


@pytest.mark.parametrize("typed", [1.5, "1,5", "1.23", "12.34.567", "mười", True, "-3", -1])
def test_what_is_not_a_whole_number_from_zero_is_refused(typed):
    with pytest.raises(BadValue):
        reading.whole_number(typed)


def test_bounds_and_other_kinds():
    with translation.override("en"), pytest.raises(BadValue, match="less than or equal to 10"):
        reading.whole_number(11, maximum=10)
    assert reading.yes_no("  có ".strip()) is True and reading.yes_no("KHÔNG") is False and reading.yes_no(True)
    assert reading.date_value("05/03/2023") == datetime.date(2023, 3, 5)
    assert reading.date_value(datetime.datetime(2023, 3, 5, 0, 0)) == datetime.date(2023, 3, 5)
    with pytest.raises(BadValue):
        reading.date_value(45000)  # a bare serial number in a cell not formatted as a date
    assert reading.decimal_number("12,5", minimum=0, maximum=100) == Decimal("12.5")
    with pytest.raises(BadValue):
        reading.decimal_number(12.345)
    assert reading.text_value(12.0) == "12" and reading.text_value(datetime.date(2023, 3, 5)) == "05/03/2023"


def test_a_percentage_typed_with_its_sign_is_read_as_a_percentage():
    indicator = Indicator(code="P", kind=Indicator.Kind.PERCENT, min_value=0, max_value=100)
    errors = []
    cell = SimpleNamespace(value=0.07, data_type="n", number_format="0%")
    assert _read_answer(indicator, cell, ref="C5", row=5, errors=errors) == Decimal("7")
    cell = SimpleNamespace(value=7, data_type="n", number_format="0.00")
    assert _read_answer(indicator, cell, ref="C5", row=5, errors=errors) == Decimal("7")
    assert errors == []
