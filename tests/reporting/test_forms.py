"""The report form reads figures with the one grammar of plans.grammar, in both languages."""
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from plans.models import Indicator
from reporting.forms import field_for


def _field(kind=Indicator.Kind.COUNT, **bounds):
    return field_for(Indicator(code="X", label="X", kind=kind, min_value=0, **bounds))


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("typed, number", [
    ("1.234.567", 1234567), ("1 234 567", 1234567), ("1234567", 1234567), ("1,234,567", 1234567),
    ("1\u00a0234\u00a0567", 1234567), ("  42 ", 42), ("15.000.000 ₫", 15000000),
])
def test_officers_type_grouped_numbers(language, typed, number):
    with translation.override(language):
        assert _field().clean(typed) == number
        assert _field(Indicator.Kind.MONEY).clean(typed) == number


@pytest.mark.parametrize("language, message", [
    ("vi", "Nhập một số nguyên, không có phần thập phân, ví dụ 1.234.567."),
    ("en", "Enter a whole number, without decimals, for example 1.234.567."),
])
@pytest.mark.parametrize("typed", ["1.5", "1,5", "12,5", "1.234,567", "1,234.567", "3.00", "1.2345", "1e3", "²"])
def test_a_decimal_is_not_a_whole_number_anywhere(language, message, typed):
    with translation.override(language), pytest.raises(ValidationError) as error:
        _field().clean(typed)
    assert error.value.messages == [message]


def test_a_stored_count_is_shown_grouped_never_with_decimals():
    from decimal import Decimal

    with translation.override("vi"):
        assert _field().prepare_value(3) == "3"
        assert _field().prepare_value(15000000) == "15.000.000"
        assert _field(Indicator.Kind.PERCENT).prepare_value(Decimal("12.50")) == "12,5"
    with translation.override("en"):
        assert _field().prepare_value(15000000) == "15,000,000"


@pytest.mark.parametrize("typed", ["10000000000000000000", "9" * 25, "1.000.000.000.000.000"])
def test_a_figure_beyond_what_the_database_holds_is_refused_at_the_field(typed):
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        _field(Indicator.Kind.MONEY).clean(typed)
    assert error.value.messages == ["Giá trị phải nhỏ hơn hoặc bằng 999.999.999.999.999."]


def test_the_largest_figure_is_taken():
    assert _field(Indicator.Kind.MONEY).clean("999.999.999.999.999") == 10 ** 15 - 1
