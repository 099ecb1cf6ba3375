"""Each kind of value an indicator asks, in one place: how it is typed (plans.grammar),
stored, compared, logged and shown, its form field and its Excel cell.

A figure goes database → page, form, workbook → database on many paths; every path asks
this module, so that a value shown and posted back unchanged is the same value. Counts and
amounts of dong are whole numbers (Python `int`) everywhere, percentages `Decimal`, dates
`date`. Adding a kind of figure is one class here and one line in KINDS."""
from decimal import Decimal
from typing import NamedTuple

from crispy_forms.bootstrap import InlineRadios
from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext, gettext_lazy as _

from workbooks import writing

from .grammar import (PERCENT_MAX, REFERENCE_MAX, TEXT_MAX, WHOLE_MAX, BadValue, _canonical_decimal, date_value,
                      decimal_number, is_empty, text_value, whole_number, yes_no)
from .models import Indicator

class StoredColumns(NamedTuple):
    """A ReportValue's columns read with values_list(), for `ValueKind.from_columns`."""

    flag: bool | None
    number: Decimal | None
    text: str
    date: object


# The kinds -------------------------------------------------------------------------------------

class ValueKind:
    """What one kind of value needs on every path. Subclasses say what differs."""

    column = "text"  # the ReportValue column that holds it
    number_format = writing.TEXT_FORMAT  # of its answer cell in the report and bulk workbooks
    export_format: str | None = None  # of its column in the Board's unit rows (None: plain)
    is_numeric = False  # a figure that can be summed: a rule "above zero" applies to it
    in_unit_rows = True  # a column of the Board's unit rows (long texts are not)
    long_text = False  # wrapped in cells, a paragraph of its own in documents

    # Typed text or a cell's content → the value; BadValue says what to write instead.
    def parse(self, raw, indicator: Indicator):
        raise NotImplementedError

    def clean(self, raw, indicator: Indicator):
        """`parse`, with an empty answer as None."""
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        return self.parse(raw, indicator)

    # Storage.
    def from_columns(self, row):
        return getattr(row, self.column)

    def to_columns(self, value) -> dict:
        columns = {"flag": None, "number": None, "text": "", "date": None}
        columns[self.column] = value if not is_empty(value) else columns[self.column]
        return columns

    # The same value always gives the same text: what changes compare and the history keeps.
    def canonical(self, value) -> str:
        return "" if is_empty(value) else str(value)

    def from_canonical(self, text: str):
        """A history line's text back as a value (older lines may be written otherwise)."""
        if not text:
            return None
        try:
            return self.parse(text, None)
        except BadValue:
            return text

    # Display, as the portal shows it everywhere (pages, history, exports).
    def display(self, value) -> str:
        return "—" if is_empty(value) else str(value)

    # The form.
    def to_input(self, value):
        return "" if value is None else value

    def form_field(self, indicator: Indicator) -> forms.Field:
        return TypedValueField(kind=self, indicator=indicator, label=indicator.label, help_text=indicator.help_text)

    def layout(self, name: str):
        """The field in the form's crispy layout."""
        return name

    # Excel.
    def to_cell(self, value):
        return None if is_empty(value) else value

    def from_cell(self, value, number_format: str, indicator: Indicator):
        return self.clean(value, indicator)

    def validation(self, sheet, indicator: Indicator):
        return writing.text_length_validation(sheet, max_length=self.max_length(indicator))

    def validation_key(self, indicator: Indicator) -> tuple:
        return (type(self).__name__, self.max_length(indicator))

    def max_length(self, indicator: Indicator) -> int:
        return REFERENCE_MAX


def minimum_of(indicator: Indicator | None):
    # A figure is never negative (a database constraint), whatever the indicator says.
    if indicator is None:
        return 0
    return max(indicator.min_value or 0, 0)


class WholeKind(ValueKind):
    """A count or an amount of dong."""

    column = "number"
    number_format = writing.WHOLE_FORMAT
    is_numeric = True
    suffix = ""

    def bounds(self, indicator: Indicator | None) -> tuple[int, int]:
        maximum = WHOLE_MAX
        if indicator is not None and indicator.max_value is not None:
            maximum = min(maximum, int(indicator.max_value))
        return int(minimum_of(indicator)), maximum

    def parse(self, raw, indicator):
        minimum, maximum = self.bounds(indicator)
        return whole_number(raw, minimum=minimum, maximum=maximum)

    def from_columns(self, row):
        return None if row.number is None else int(row.number)

    def to_columns(self, value) -> dict:
        return {**super().to_columns(None), "number": None if value is None else Decimal(int(value))}

    def canonical(self, value) -> str:
        return "" if is_empty(value) else str(int(value))

    def display(self, value) -> str:
        if is_empty(value):
            return "—"
        return formats.number_format(int(Decimal(value)), use_l10n=True, force_grouping=True) + self.suffix

    def to_input(self, value):
        if is_empty(value):
            return ""
        return formats.number_format(int(value), use_l10n=True, force_grouping=True)

    def form_field(self, indicator):
        field = super().form_field(indicator)
        field.widget.attrs.update(inputmode="numeric", autocomplete="off")
        return field

    def to_cell(self, value):
        return None if is_empty(value) else int(value)

    def validation(self, sheet, indicator):
        minimum, maximum = self.bounds(indicator)
        return writing.whole_number_validation(sheet, minimum=minimum,
                                               maximum=None if maximum == WHOLE_MAX else maximum)

    def validation_key(self, indicator):
        return ("whole", *self.bounds(indicator))


class CountKind(WholeKind):
    export_format = "#,##0"  # printed grouped, like amounts


class MoneyKind(WholeKind):
    suffix = " ₫"
    export_format = '#,##0" ₫"'

    def form_field(self, indicator):
        field = super().form_field(indicator)
        field.widget.attrs["data-unit"] = "₫"
        return field


class PercentKind(ValueKind):
    column = "number"
    number_format = writing.DECIMAL_FORMAT
    is_numeric = True

    def bounds(self, indicator):
        maximum = PERCENT_MAX if indicator is None or indicator.max_value is None else indicator.max_value
        return minimum_of(indicator), maximum

    def parse(self, raw, indicator):
        minimum, maximum = self.bounds(indicator)
        return decimal_number(raw, minimum=minimum, maximum=maximum)

    def from_columns(self, row):
        return None if row.number is None else _canonical_decimal(row.number)

    def to_columns(self, value) -> dict:
        return {**super().to_columns(None), "number": None if value is None else Decimal(value)}

    def canonical(self, value) -> str:
        return "" if is_empty(value) else format(_canonical_decimal(Decimal(value)), "f")

    def display(self, value) -> str:
        if is_empty(value):
            return "—"
        return f"{formats.number_format(_canonical_decimal(Decimal(value)), use_l10n=True)}%"

    def to_input(self, value):
        if is_empty(value):
            return ""
        return formats.number_format(_canonical_decimal(Decimal(value)), use_l10n=True)

    def form_field(self, indicator):
        field = super().form_field(indicator)
        field.widget.attrs.update(inputmode="decimal", autocomplete="off")
        return field

    def to_cell(self, value):
        return None if is_empty(value) else float(value)

    def from_cell(self, value, number_format, indicator):
        if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in (number_format or ""):
            value = Decimal(str(value)) * 100  # "50%" typed in Excel is stored as 0.5
        return self.clean(value, indicator)

    def validation(self, sheet, indicator):
        minimum, maximum = self.bounds(indicator)
        return writing.decimal_validation(sheet, minimum=minimum, maximum=maximum)

    def validation_key(self, indicator):
        return ("percent", *self.bounds(indicator))


class DateKind(ValueKind):
    column = "date"
    number_format = writing.DATE_FORMAT
    export_format = "dd/mm/yyyy"

    def parse(self, raw, indicator):
        return date_value(raw)

    def canonical(self, value) -> str:
        return "" if is_empty(value) else value.strftime("%d/%m/%Y")

    def display(self, value) -> str:
        return "—" if is_empty(value) else value.strftime("%d/%m/%Y")

    def to_input(self, value):
        return "" if is_empty(value) else value.strftime("%d/%m/%Y")

    def form_field(self, indicator):
        field = super().form_field(indicator)
        field.widget.attrs.update(placeholder="dd/mm/yyyy", autocomplete="off")
        return field

    def validation(self, sheet, indicator):
        return writing.date_validation(sheet)

    def validation_key(self, indicator):
        return ("date",)


class YesNoKind(ValueKind):
    column = "flag"

    def parse(self, raw, indicator):
        return yes_no(raw)

    def to_columns(self, value) -> dict:
        return {**super().to_columns(None), "flag": value}

    def canonical(self, value) -> str:
        # The history has always kept Có/Không; `display` translates it.
        return "" if value is None else ("Có" if value else "Không")

    def display(self, value) -> str:
        if value is None:
            return "—"
        return gettext("Yes") if value else gettext("No")

    def to_input(self, value):
        return {True: "yes", False: "no"}.get(value, value)

    def form_field(self, indicator):
        return YesNoField(label=indicator.label, help_text=indicator.help_text, required=False)

    def layout(self, name):
        return InlineRadios(name)

    def to_cell(self, value):
        return None if value is None else ("Có" if value else "Không")

    def validation(self, sheet, indicator):
        return writing.yes_no_validation(sheet)

    def validation_key(self, indicator):
        return ("yes_no",)


class TextKind(ValueKind):
    number_format = writing.TEXT_FORMAT
    default_max = TEXT_MAX
    in_unit_rows = False
    long_text = True

    def max_length(self, indicator):
        return (indicator.max_length if indicator is not None else None) or self.default_max

    def parse(self, raw, indicator):
        return text_value(raw, max_length=self.max_length(indicator))

    def clean(self, raw, indicator):
        value = super().clean(raw, indicator)
        return value or None

    def to_columns(self, value) -> dict:
        return {**super().to_columns(None), "text": value or ""}

    def from_columns(self, row):
        return row.text or None

    def from_canonical(self, text):
        return text or None

    def form_field(self, indicator):
        return TextValueField(kind=self, indicator=indicator, label=indicator.label, help_text=indicator.help_text,
                              max_length=self.max_length(indicator), widget=self.widget())

    def widget(self):
        return forms.Textarea(attrs={"rows": 3})


class ReferenceKind(TextKind):
    default_max = REFERENCE_MAX
    in_unit_rows = True
    long_text = False

    def widget(self):
        return forms.TextInput()


KINDS: dict[str, ValueKind] = {
    Indicator.Kind.YES_NO: YesNoKind(),
    Indicator.Kind.COUNT: CountKind(),
    Indicator.Kind.MONEY: MoneyKind(),
    Indicator.Kind.PERCENT: PercentKind(),
    Indicator.Kind.DATE: DateKind(),
    Indicator.Kind.TEXT: TextKind(),
    Indicator.Kind.REFERENCE: ReferenceKind(),
}


def kind_of(indicator: Indicator) -> ValueKind:
    return KINDS[indicator.kind]


# Form fields -----------------------------------------------------------------------------------

class TypedValueField(forms.Field):
    """A figure typed in a text box, read with the kind's grammar and shown back with it."""

    widget = forms.TextInput

    def __init__(self, *, kind: ValueKind, indicator: Indicator, **kwargs):
        self.kind, self.indicator = kind, indicator
        super().__init__(required=False, **kwargs)

    def prepare_value(self, value):
        # Bound data comes back as typed (a string); a stored value is written in the grammar.
        return value if isinstance(value, str) else self.kind.to_input(value)

    def to_python(self, value):
        try:
            return self.kind.clean(value, self.indicator)
        except BadValue as error:
            raise ValidationError(str(error), code="invalid")

    def has_changed(self, initial, data):
        return self.kind.canonical(self.to_python(data)) != self.kind.canonical(initial)


class TextValueField(forms.CharField):
    """Text as typed, read by its kind (line breaks as one character whichever program sent
    them, the length bounded)."""

    def __init__(self, *, kind: ValueKind, indicator: Indicator, **kwargs):
        self.kind, self.indicator = kind, indicator
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        try:
            return self.kind.clean(super().to_python(value), self.indicator) or ""
        except BadValue as error:
            raise ValidationError(str(error), code="invalid")


YES_NO_CHOICES = [("yes", _("Yes")), ("no", _("No"))]


class YesNoField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=YES_NO_CHOICES, coerce=lambda v: v == "yes", empty_value=None,
                         widget=forms.RadioSelect, **kwargs)

    def prepare_value(self, value):
        return {True: "yes", False: "no"}.get(value, value)
