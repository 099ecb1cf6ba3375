"""Each kind's form field, Excel rule and edge values, stated by hand (issue 17: the survivors of
a mutation run over plans/values.py). What the field carries (label, help text, the keyboard
and browser hints), that it reads with its own indicator's bounds, what an empty value shows,
and the drop-down rule each answer cell gets in the workbooks."""
import datetime
from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from openpyxl import Workbook

from plans.grammar import BadValue
from plans.models import Indicator
from plans.values import KINDS, StoredColumns, YesNoField

K = Indicator.Kind


def indicator(kind, **fields) -> Indicator:
    return Indicator(code="X", label="Số cuộc tuyên truyền", help_text="Kể cả trực tuyến.", kind=kind, **fields)


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_field_carries_the_indicators_label_and_help_and_leaves_completeness_to_sending(kind):
    field = KINDS[kind].form_field(indicator(kind))
    assert field.label == "Số cuộc tuyên truyền"
    assert field.help_text == "Kể cả trực tuyến."
    assert field.required is False  # a draft may be saved half-filled; sending checks what is required


@pytest.mark.parametrize("kind, attrs", [
    (K.COUNT, {"inputmode": "numeric", "autocomplete": "off"}),
    (K.MONEY, {"inputmode": "numeric", "autocomplete": "off", "data-unit": "₫"}),
    (K.PERCENT, {"inputmode": "decimal", "autocomplete": "off"}),
    (K.DATE, {"placeholder": "dd/mm/yyyy", "autocomplete": "off"}),
])
def test_figures_and_dates_ask_for_the_right_keyboard_and_no_remembered_entries(kind, attrs):
    widget = KINDS[kind].form_field(indicator(kind)).widget
    assert isinstance(widget, forms.TextInput)
    assert {name: widget.attrs.get(name) for name in attrs} == attrs


def test_texts_are_a_three_line_box_and_references_one_line_each_bounded_by_the_indicator():
    text = KINDS[K.TEXT].form_field(indicator(K.TEXT, max_length=12))
    assert isinstance(text.widget, forms.Textarea) and text.widget.attrs["rows"] == 3
    assert text.max_length == 12
    assert text.clean("Đủ mười hai") == "Đủ mười hai"
    with pytest.raises(ValidationError) as refused:
        text.clean("Dài hơn mười hai ký tự")  # refused by the indicator's length, not the default
    assert refused.value.code == "invalid"
    reference = KINDS[K.REFERENCE].form_field(indicator(K.REFERENCE))
    assert isinstance(reference.widget, forms.TextInput) and not isinstance(reference.widget, forms.Textarea)


def test_a_typed_figure_is_read_with_its_own_indicators_bounds():
    field = KINDS[K.COUNT].form_field(indicator(K.COUNT, max_value=Decimal(5)))
    assert field.clean("5") == 5
    with pytest.raises(ValidationError) as refused:
        field.clean("6")
    assert refused.value.code == "invalid" and "5" in refused.value.messages[0]
    assert field.has_changed(5, "5") is False and field.has_changed(5, "4") is True


def test_yes_and_no_are_two_radio_buttons_that_keep_a_typed_answer_when_the_form_comes_back():
    field = KINDS[K.YES_NO].form_field(indicator(K.YES_NO))
    assert isinstance(field, YesNoField) and isinstance(field.widget, forms.RadioSelect)
    assert field.prepare_value(True) == "yes" and field.prepare_value(False) == "no"
    # The posted answer (a string) redisplayed after an error elsewhere in the form stays chosen.
    assert field.prepare_value("yes") == "yes" and field.prepare_value("no") == "no"
    assert field.prepare_value(None) is None
    assert field.clean("yes") is True and field.clean("no") is False and field.clean("") is None
    kind = KINDS[K.YES_NO]
    assert kind.to_input(True) == "yes" and kind.to_input(False) == "no"
    assert kind.to_input("no") == "no" and kind.to_input(None) is None


@pytest.mark.parametrize("kind", list(KINDS))
def test_no_value_is_shown_as_a_dash_in_every_kind(kind):
    assert KINDS[kind].display(None) == "—"


def test_a_text_and_a_date_are_shown_as_typed_and_as_dd_mm_yyyy():
    assert KINDS[K.REFERENCE].display("12/QCPH-CĐ") == "12/QCPH-CĐ"
    assert KINDS[K.DATE].display(datetime.date(2024, 3, 5)) == "05/03/2024"
    assert KINDS[K.REFERENCE].to_input(None) == "" and KINDS[K.REFERENCE].to_input("A") == "A"


def test_a_percentage_with_its_indicators_bounds_on_every_path():
    kind, bounded = KINDS[K.PERCENT], indicator(K.PERCENT, min_value=Decimal(10), max_value=Decimal(80))
    assert kind.bounds(bounded) == (Decimal(10), Decimal(80))
    assert kind.parse("50", bounded) == Decimal(50)
    for outside in ("5", "85"):
        with pytest.raises(BadValue):
            kind.parse(outside, bounded)
    with pytest.raises(BadValue):
        kind.from_cell(90, "General", bounded)  # a cell is read with the same bounds
    assert kind.from_cell(0.5, "0%", bounded) == Decimal(50)  # "50%" typed in Excel is 0.5
    assert kind.from_cell(50, "General", bounded) == Decimal(50)
    rule = kind.validation(Workbook().active, bounded)
    assert (rule.type, rule.operator, rule.formula1, rule.formula2) == ("decimal", "between", "10", "80")
    assert kind.validation_key(bounded) == ("percent", Decimal(10), Decimal(80))
    assert kind.validation_key(bounded) != kind.validation_key(indicator(K.PERCENT))


def test_a_percentage_stored_logged_and_put_in_a_cell():
    kind = KINDS[K.PERCENT]
    assert kind.canonical(Decimal("12.50")) == "12.5"
    assert kind.canonical(Decimal("100")) == "100"  # never 1E+2
    assert kind.canonical(None) == ""
    assert kind.to_columns(None)["number"] is None
    assert kind.to_columns(Decimal("12.5"))["number"] == Decimal("12.5")
    assert kind.from_columns(StoredColumns(None, None, "", None)) is None
    assert kind.from_columns(StoredColumns(None, Decimal("12.50"), "", None)) == Decimal("12.5")
    assert kind.to_cell(None) is None and kind.to_cell(Decimal("12.5")) == 12.5
    with translation.override("vi"):
        assert kind.display(Decimal("12.5")) == "12,5%"
        assert kind.to_input(Decimal("12.5")) == "12,5"


def test_a_whole_figures_cell_rule_says_its_bounds_and_none_above_when_the_plan_sets_none():
    kind, sheet = KINDS[K.COUNT], Workbook().active
    bounded = kind.validation(sheet, indicator(K.COUNT, min_value=Decimal(2), max_value=Decimal(500)))
    assert (bounded.type, bounded.operator, bounded.formula1, bounded.formula2) == ("whole", "between", "2", "500")
    open_ended = kind.validation(sheet, indicator(K.COUNT))
    assert (open_ended.type, open_ended.operator, open_ended.formula1, open_ended.formula2) == (
        "whole", "greaterThanOrEqual", "0", None)
    assert kind.validation_key(indicator(K.COUNT, max_value=Decimal(500))) != kind.validation_key(indicator(K.COUNT))


def test_each_kinds_cell_rule_is_its_own():
    sheet = Workbook().active
    date = KINDS[K.DATE].validation(sheet, indicator(K.DATE))
    assert (date.type, date.formula1, date.formula2) == ("date", "1", "73050")
    yes_no = KINDS[K.YES_NO].validation(sheet, indicator(K.YES_NO))
    assert (yes_no.type, yes_no.formula1) == ("list", '"Có,Không"')
    text = KINDS[K.TEXT].validation(sheet, indicator(K.TEXT, max_length=40))
    assert (text.type, text.operator, text.formula1) == ("textLength", "lessThanOrEqual", "40")
    keys = {KINDS[kind].validation_key(indicator(kind)) for kind in KINDS}
    assert len(keys) == len({type(KINDS[kind]).__name__ for kind in KINDS}) - 1  # count and money share one


def test_a_whole_figure_is_read_with_its_indicators_minimum_and_maximum_in_the_form_and_in_a_cell():
    kind, bounded = KINDS[K.COUNT], indicator(K.COUNT, min_value=Decimal(2), max_value=Decimal(5))
    assert kind.parse("2", bounded) == 2 and kind.parse("5", bounded) == 5
    with pytest.raises(BadValue):
        kind.parse("1", bounded)
    assert kind.from_cell(5, "0", bounded) == 5
    with pytest.raises(BadValue):
        kind.from_cell(7, "0", bounded)  # a cell is read with the same bounds as the form


def test_a_text_cells_rule_follows_its_indicators_length():
    kind = KINDS[K.TEXT]
    assert kind.validation_key(indicator(K.TEXT, max_length=40)) != kind.validation_key(indicator(K.TEXT))
