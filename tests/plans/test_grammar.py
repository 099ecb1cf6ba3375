"""The one grammar of typed figures (plans.grammar), stated rule by rule with values worked
out by hand, and as properties: every whole number, written any way the grammar allows,
reads back as itself."""
import datetime
from decimal import Decimal

import pytest
from django.utils import formats, translation
from hypothesis import given, strategies as st

from plans.grammar import (WHOLE_MAX, BadValue, date_value, decimal_number, text_value, whole_number,
                           yes_no)


@pytest.mark.parametrize("typed, expected", [
    ("0", 0), ("7", 7), ("1234567", 1234567), ("1.234.567", 1234567), ("1 234 567", 1234567),
    ("1,234,567", 1234567), ("1\u00a0234\u00a0567", 1234567), ("1\u202f234", 1234), ("12.345", 12345),
    ("1.000", 1000), ("15.000.000 ₫", 15000000), ("15.000.000đ", 15000000), ("15000000 VND", 15000000),
    (" 42 ", 42), (42, 42), (42.0, 42), (Decimal("3.00"), 3), ("999.999.999.999.999", WHOLE_MAX),
])
def test_a_whole_number_is_read_however_it_is_grouped(typed, expected):
    assert whole_number(typed) == expected


@pytest.mark.parametrize("typed", [
    "1.5", "1,5", "12,50", "1.2345", "1.234,567", "1,234.567", "1.234 567", "12.34.567", "1..234", ".5", "5.",
    "1e3", "+3", "mười", "", "²", "١٢", "3.00", True, False, 1.5, float("nan"), float("inf"), Decimal("1.5"),
    Decimal("NaN"), None, [], "1_000",
])
def test_what_is_not_a_whole_number_is_refused_with_the_one_message(typed):
    with translation.override("vi"), pytest.raises(BadValue) as error:
        whole_number(typed)
    assert str(error.value) == "Nhập một số nguyên, không có phần thập phân, ví dụ 1.234.567."


@pytest.mark.parametrize("typed, limit", [("-1", "0"), (-1, "0")])
def test_below_the_minimum_is_refused_with_the_bound(typed, limit):
    with translation.override("vi"), pytest.raises(BadValue, match=f"lớn hơn hoặc bằng {limit}"):
        whole_number(typed)


def test_the_bounds_are_inclusive():
    assert whole_number("10", minimum=10, maximum=10) == 10
    with pytest.raises(BadValue):
        whole_number("9", minimum=10)
    with pytest.raises(BadValue):
        whole_number("11", maximum=10)
    assert whole_number(WHOLE_MAX) == WHOLE_MAX
    for beyond in (WHOLE_MAX + 1, str(WHOLE_MAX + 1), "9" * 5000, 10 ** 19):
        with translation.override("vi"), pytest.raises(BadValue, match="nhỏ hơn hoặc bằng 999.999.999.999.999"):
            whole_number(beyond)


@given(st.integers(0, WHOLE_MAX), st.sampled_from(["vi", "en"]))
def test_every_whole_number_written_grouped_reads_back_as_itself(number, language):
    with translation.override(language):
        grouped = formats.number_format(number, use_l10n=True, force_grouping=True)
    assert whole_number(grouped) == number
    assert whole_number(str(number)) == number
    assert whole_number(f"{number:,}".replace(",", " ")) == number
    assert whole_number(float(number) if number < 2 ** 53 else number) == number


@pytest.mark.parametrize("typed, expected", [
    ("12,5", Decimal("12.5")), ("12.5", Decimal("12.5")), ("12,50", Decimal("12.5")), ("100", Decimal("100")),
    ("0,07", Decimal("0.07")), ("50%", Decimal("50")), ("50 %", Decimal("50")), (12.5, Decimal("12.5")),
    (Decimal("12.50"), Decimal("12.5")), (7, Decimal("7")),
])
def test_a_percentage_takes_a_comma_or_a_point(typed, expected):
    value = decimal_number(typed, minimum=0, maximum=100)
    assert value == expected and "E" not in str(value)


@pytest.mark.parametrize("typed", ["12,345", "1.234,5", "1e2", "abc", "", "12,5,1", float("nan"), float("inf"), True])
def test_what_is_not_a_percentage_is_refused(typed):
    with pytest.raises(BadValue):
        decimal_number(typed)


def test_a_percentage_is_bounded():
    assert decimal_number("100", maximum=100) == 100
    with pytest.raises(BadValue):
        decimal_number("100,01", maximum=100)
    with pytest.raises(BadValue):
        decimal_number("-0,01", minimum=0)


@pytest.mark.parametrize("typed, expected", [
    ("15/03/2023", datetime.date(2023, 3, 15)), ("5/3/2023", datetime.date(2023, 3, 5)),
    ("15-03-2023", datetime.date(2023, 3, 15)), ("15.03.2023", datetime.date(2023, 3, 15)),
    ("2023-03-15", datetime.date(2023, 3, 15)), (" 15/03/2023 ", datetime.date(2023, 3, 15)),
    (datetime.datetime(2023, 3, 15, 10, 0), datetime.date(2023, 3, 15)),
])
def test_a_date_is_day_first(typed, expected):
    assert date_value(typed) == expected


@pytest.mark.parametrize("typed", ["31/02/2023", "03/15/2023", "15/03", "hôm nay", 45000, ""])
def test_what_is_not_a_date_is_refused(typed):
    with translation.override("vi"), pytest.raises(BadValue, match="dd/mm/yyyy"):
        date_value(typed)


@pytest.mark.parametrize("typed, expected", [("Có", True), (" có ", True), ("CO", True), ("Yes", True),
                                             ("TRUE", True), ("Không", False), ("khong", False), ("no", False),
                                             (True, True), (False, False)])
def test_yes_or_no(typed, expected):
    assert yes_no(typed) is expected


@pytest.mark.parametrize("typed", ["c", "1", 1, "ừ", ""])
def test_what_is_not_yes_or_no_is_refused(typed):
    with pytest.raises(BadValue):
        yes_no(typed)


def test_text_keeps_what_was_typed_with_one_kind_of_line_break():
    assert text_value("  dòng một\r\ndòng hai\rba  ") == "dòng một\ndòng hai\nba"
    assert text_value(12.0) == "12" and text_value(True) == "Có"
    assert text_value(datetime.date(2023, 3, 5)) == "05/03/2023"
    assert text_value("x" * 10, max_length=10) == "x" * 10
    with pytest.raises(BadValue):
        text_value("x" * 11, max_length=10)


def test_a_percentage_below_its_minimum_is_told_the_bound_not_that_it_is_no_number():
    with translation.override("vi"), pytest.raises(BadValue, match="lớn hơn hoặc bằng 0"):
        decimal_number("-5", minimum=0)
    assert decimal_number("-5", minimum=-10) == Decimal("-5")


@pytest.mark.parametrize("typed", [True, False, None, [], "abc"])
def test_what_is_not_a_percentage_says_how_to_write_one(typed):
    with translation.override("vi"), pytest.raises(BadValue) as error:
        decimal_number(typed)
    assert str(error.value) == "Nhập một số, ví dụ 12,5."
