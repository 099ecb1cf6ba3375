"""Each kind of value (plans/values.py), stated with values worked out by hand: how it is
stored, the one text a value always gives (what changes compare and the history keeps), how it
is shown and put back in a form, and its Excel cell."""
import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from plans import values
from plans.grammar import PERCENT_MAX, REFERENCE_MAX, TEXT_MAX, WHOLE_MAX, BadValue
from plans.models import Indicator
from plans.values import KINDS, StoredColumns

K = Indicator.Kind


def indicator(kind, **fields) -> Indicator:
    return Indicator(code="X", label="X", kind=kind, **fields)


def test_a_figure_is_never_below_zero_whatever_the_indicator_says():
    assert values.minimum_of(None) == 0
    assert values.minimum_of(indicator(K.COUNT, min_value=Decimal(-5))) == 0
    assert values.minimum_of(indicator(K.COUNT, min_value=None)) == 0
    assert values.minimum_of(indicator(K.COUNT, min_value=Decimal(3))) == 3


def test_the_bounds_of_a_count_and_of_a_percentage():
    count = KINDS[K.COUNT]
    assert count.bounds(None) == (0, WHOLE_MAX)
    assert count.bounds(indicator(K.COUNT, min_value=Decimal(2), max_value=Decimal(1000))) == (2, 1000)
    assert count.bounds(indicator(K.COUNT, max_value=Decimal(10) ** 20)) == (0, WHOLE_MAX)  # never past the grammar's
    percent = KINDS[K.PERCENT]
    assert percent.bounds(None) == (0, PERCENT_MAX)
    assert percent.bounds(indicator(K.PERCENT, max_value=Decimal(100))) == (0, Decimal(100))
    with pytest.raises(BadValue):
        count.parse("1001", indicator(K.COUNT, max_value=Decimal(1000)))
    assert count.parse("1.000", indicator(K.COUNT, max_value=Decimal(1000))) == 1000  # the maximum itself


@pytest.mark.parametrize("kind, value, columns", [
    (K.COUNT, 3, {"flag": None, "number": Decimal(3), "text": "", "date": None}),
    (K.MONEY, 12_345_678, {"flag": None, "number": Decimal(12_345_678), "text": "", "date": None}),
    (K.PERCENT, Decimal("12.5"), {"flag": None, "number": Decimal("12.5"), "text": "", "date": None}),
    (K.YES_NO, False, {"flag": False, "number": None, "text": "", "date": None}),
    (K.DATE, datetime.date(2023, 3, 5), {"flag": None, "number": None, "text": "", "date": datetime.date(2023, 3, 5)}),
    (K.TEXT, "Đã ký.", {"flag": None, "number": None, "text": "Đã ký.", "date": None}),
    (K.REFERENCE, "", {"flag": None, "number": None, "text": "", "date": None}),
    (K.COUNT, None, {"flag": None, "number": None, "text": "", "date": None}),
])
def test_each_kind_is_stored_in_its_own_column_and_read_back_as_itself(kind, value, columns):
    stored = KINDS[kind].to_columns(value)
    assert stored == columns
    back = KINDS[kind].from_columns(StoredColumns(**stored))
    assert back == (value or None if kind in (K.TEXT, K.REFERENCE) else value)


def test_a_stored_count_comes_back_a_whole_number_and_a_percentage_without_trailing_zeros():
    count = KINDS[K.COUNT].from_columns(StoredColumns(flag=None, number=Decimal("3.00"), text="", date=None))
    assert count == 3 and type(count) is int
    percent = KINDS[K.PERCENT].from_columns(StoredColumns(flag=None, number=Decimal("12.50"), text="", date=None))
    assert str(percent) == "12.5"


@pytest.mark.parametrize("kind, value, text", [
    (K.COUNT, Decimal("3.00"), "3"), (K.MONEY, 1_000_000, "1000000"), (K.COUNT, None, ""), (K.COUNT, 0, "0"),
    (K.PERCENT, Decimal("12.50"), "12.5"), (K.PERCENT, Decimal("1E+2"), "100"), (K.PERCENT, 0, "0"),
    (K.YES_NO, True, "Có"), (K.YES_NO, False, "Không"), (K.YES_NO, None, ""),
    (K.DATE, datetime.date(2023, 3, 5), "05/03/2023"), (K.DATE, None, ""),
    (K.TEXT, "Kiến nghị", "Kiến nghị"), (K.TEXT, None, ""),
])
def test_one_value_always_gives_one_text(kind, value, text):
    assert KINDS[kind].canonical(value) == text


@pytest.mark.parametrize("kind, text, value", [
    (K.COUNT, "3", 3), (K.PERCENT, "12.5", Decimal("12.5")), (K.YES_NO, "Có", True), (K.YES_NO, "Không", False),
    (K.DATE, "05/03/2023", datetime.date(2023, 3, 5)), (K.TEXT, "", None), (K.COUNT, "", None),
    (K.COUNT, "ba", "ba"),  # an old line written otherwise stays as it was written
])
def test_a_history_line_reads_back_as_the_value(kind, text, value):
    assert KINDS[kind].from_canonical(text) == value


@pytest.mark.parametrize("kind, value, vi, en", [
    (K.COUNT, 1_234_567, "1.234.567", "1,234,567"),
    (K.MONEY, 12_345_678, "12.345.678 ₫", "12,345,678 ₫"),
    (K.PERCENT, Decimal("12.50"), "12,5%", "12.5%"),
    (K.YES_NO, True, "Có", "Yes"), (K.YES_NO, False, "Không", "No"),
    (K.DATE, datetime.date(2023, 3, 5), "05/03/2023", "05/03/2023"),
    (K.COUNT, None, "—", "—"), (K.PERCENT, None, "—", "—"), (K.YES_NO, None, "—", "—"), (K.TEXT, None, "—", "—"),
])
def test_a_value_is_shown_as_the_portal_writes_it(kind, value, vi, en):
    for language, shown in (("vi", vi), ("en", en)):
        with translation.override(language):
            assert KINDS[kind].display(value) == shown, language


@pytest.mark.parametrize("kind, value, vi", [
    (K.MONEY, 12_345_678, "12.345.678"), (K.COUNT, None, ""), (K.PERCENT, Decimal("12.50"), "12,5"),
    (K.PERCENT, None, ""), (K.YES_NO, True, "yes"), (K.YES_NO, False, "no"),
    (K.DATE, datetime.date(2023, 3, 5), "05/03/2023"), (K.DATE, None, ""), (K.TEXT, None, ""),
])
def test_a_value_goes_back_into_the_form_as_it_would_be_typed(kind, value, vi):
    with translation.override("vi"):
        assert KINDS[kind].to_input(value) == vi


@pytest.mark.parametrize("kind, value, cell", [
    (K.COUNT, Decimal("3"), 3), (K.PERCENT, Decimal("12.5"), 12.5), (K.YES_NO, True, "Có"),
    (K.YES_NO, False, "Không"), (K.YES_NO, None, None), (K.COUNT, None, None), (K.TEXT, "", None),
    (K.DATE, datetime.date(2023, 3, 5), datetime.date(2023, 3, 5)),
])
def test_a_value_in_its_excel_cell(kind, value, cell):
    written = KINDS[kind].to_cell(value)
    assert written == cell and type(written) is type(cell)


def test_a_percentage_cell_formatted_as_percent_holds_a_hundredth():
    percent = KINDS[K.PERCENT]
    assert percent.from_cell(0.5, "0%", None) == Decimal(50)  # "50%" typed in Excel is stored as 0.5
    assert percent.from_cell(0.125, "0.0%", None) == Decimal("12.5")
    assert percent.from_cell(50, "General", None) == Decimal(50)
    assert percent.from_cell("50", "0%", None) == Decimal(50)  # typed as text: as written
    with pytest.raises(BadValue):
        percent.from_cell(True, "0%", None)  # a tick box is no percentage


def test_an_empty_answer_is_no_value_in_every_kind():
    for kind in KINDS.values():
        assert kind.clean(None, None) is None and kind.clean("   ", None) is None, kind


def test_text_is_bounded_by_the_indicator_or_by_its_kind():
    assert KINDS[K.TEXT].max_length(None) == TEXT_MAX
    assert KINDS[K.REFERENCE].max_length(None) == REFERENCE_MAX
    assert KINDS[K.TEXT].max_length(indicator(K.TEXT, max_length=50)) == 50
    with pytest.raises(BadValue):
        KINDS[K.TEXT].parse("x" * 51, indicator(K.TEXT, max_length=50))
    assert KINDS[K.TEXT].parse("x" * 50, indicator(K.TEXT, max_length=50)) == "x" * 50


def test_what_each_kind_is():
    numeric = {code for code, kind in KINDS.items() if kind.is_numeric}
    assert numeric == {K.COUNT, K.MONEY, K.PERCENT}
    assert {code for code, kind in KINDS.items() if not kind.in_unit_rows} == {K.TEXT}
    assert {code for code, kind in KINDS.items() if kind.long_text} == {K.TEXT}
    assert values.kind_of(indicator(K.MONEY)) is KINDS[K.MONEY]


def test_a_form_field_reads_with_the_kind_and_sees_no_change_in_the_same_value_retyped():
    field = KINDS[K.COUNT].form_field(indicator(K.COUNT))
    assert field.required is False and field.widget.attrs["inputmode"] == "numeric"
    with translation.override("vi"):
        assert field.clean("1.234") == 1234
        assert not field.has_changed(1234, "1.234") and field.has_changed(1234, "1.235")
        assert field.prepare_value(1234) == "1.234" and field.prepare_value("12a") == "12a"
        with pytest.raises(Exception) as refused:
            field.clean("1,5")
        assert refused.value.code == "invalid"
    money = KINDS[K.MONEY].form_field(indicator(K.MONEY))
    assert money.widget.attrs["data-unit"] == "₫"
    assert KINDS[K.PERCENT].form_field(indicator(K.PERCENT)).widget.attrs["inputmode"] == "decimal"
    assert KINDS[K.DATE].form_field(indicator(K.DATE)).widget.attrs["placeholder"] == "dd/mm/yyyy"
    yes_no = KINDS[K.YES_NO].form_field(indicator(K.YES_NO))
    assert (yes_no.clean("yes"), yes_no.clean("no"), yes_no.clean("")) == (True, False, None)
    assert yes_no.prepare_value(True) == "yes" and yes_no.prepare_value(False) == "no"
    text = KINDS[K.TEXT].form_field(indicator(K.TEXT, max_length=10))
    assert text.max_length == 10 and text.clean("  ") == ""
