import datetime
from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from reporting.templatetags.portal_format import grouped, vnd


class DayForm(forms.Form):
    day = forms.DateField()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_dd_mm_yyyy_is_read_as_day_first(language):
    with translation.override(language):
        form = DayForm({"day": "05/03/2020"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == datetime.date(2020, 3, 5)


def test_an_impossible_date_gets_a_vietnamese_message_at_the_field():
    with translation.override("vi"):
        form = DayForm({"day": "31/02/2020"})
        assert not form.is_valid()
        assert form.errors["day"] == ["Nhập một ngày hợp lệ."]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_dates_are_shown_dd_mm_yyyy(language):
    with translation.override(language):
        rendered = Template('{{ d|date:"SHORT_DATE_FORMAT" }} {{ d }}').render(Context({"d": datetime.date(2020, 3, 5)}))
    assert rendered == "05/03/2020 05/03/2020"


def test_numbers_and_money_the_vietnamese_way():
    with translation.override("vi"):
        assert grouped(1234567) == "1.234.567"
        assert grouped(Decimal("1234567.00")) == "1.234.567"
        assert vnd(Decimal("12345678.40")) == "12.345.678 ₫"
    with translation.override("en"):
        assert grouped(1234567) == "1,234,567"


def test_time_zone_is_vietnam(settings):
    from django.utils import timezone

    # 17:30 UTC on 24/11 is half past midnight on 25/11 in Vietnam (UTC+7, no summer time).
    moment = datetime.datetime(2023, 11, 24, 17, 30, tzinfo=datetime.timezone.utc)
    assert timezone.localtime(moment).date() == datetime.date(2023, 11, 25)
    july = datetime.datetime(2023, 7, 1, 17, 30, tzinfo=datetime.timezone.utc)
    assert timezone.localtime(july).hour == 0
