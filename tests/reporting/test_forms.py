import pytest
from django.utils import translation

from reporting.forms import GroupedIntegerField


@pytest.mark.parametrize("language, typed, number", [
    ("vi", "1.234.567", 1234567), ("vi", "1 234 567", 1234567), ("vi", "1234567", 1234567),
    ("en", "1,234,567", 1234567), ("en", "1.234.567", 1234567),
])
def test_officers_type_grouped_numbers(language, typed, number):
    with translation.override(language):
        assert GroupedIntegerField().clean(typed) == number


def test_a_decimal_is_not_a_whole_number():
    from django.core.exceptions import ValidationError

    with translation.override("vi"), pytest.raises(ValidationError) as error:
        GroupedIntegerField().clean("12,5")
    assert error.value.messages == ["Nhập một số nguyên."]
