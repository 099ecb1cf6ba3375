"""The grammar of what a person types as a figure, the same in the report form, the report
workbook and the bulk workbook, whatever the page's language:

- whole numbers (counts, amounts of dong): "1234567", "1.234.567", "1 234 567" and
  "1,234,567" are the same number (one separator, between every group of three digits);
  "1.5", "1,5" or "1.234,567" are refused with one message;
- percentages: "12,5" or "12.5", at most two decimals;
- dates: dd/mm/yyyy (also dd-mm-yyyy, dd.mm.yyyy and yyyy-mm-dd);
- yes/no: Có/Không (Yes/No, TRUE/FALSE).

Each function takes typed text or what a spreadsheet cell holds, and raises BadValue with
a message that says what to write instead."""
import datetime
import math
import re
from decimal import Decimal, InvalidOperation

from django.utils import formats
from django.utils.translation import gettext, gettext_lazy as _, ngettext

# The largest count or amount a report holds: 999.999.999.999.999 (a million billion dong is
# more than any union handles). Every value and every sum of 130,000 units stays exact in
# the database's Decimal columns, on PostgreSQL and on SQLite alike.
WHOLE_MAX = 10 ** 15 - 1
PERCENT_MAX = Decimal("999999.99")
TEXT_MAX = 4000
REFERENCE_MAX = 200


class BadValue(ValueError):
    """What a person typed does not fit; the message says what to write instead."""


NOT_WHOLE = _("Enter a whole number, without decimals, for example 1.234.567.")
NOT_NUMBER = _("Enter a number, for example 12,5.")
NOT_DATE = _("Enter a valid date, written dd/mm/yyyy.")
NOT_YES_NO = _("Write Có or Không (yes or no).")

# Spaces a person or an office program puts between groups of digits.
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")
_PLAIN = re.compile(r"^[0-9]+$")
_GROUPED = re.compile(r"^[0-9]{1,3}(?:([., ])[0-9]{3})(?:\1[0-9]{3})*$")
_DECIMAL = re.compile(r"^([0-9]+)(?:[.,]([0-9]+))?$")
_CURRENCY = re.compile(r"(₫|đ|đồng|vnđ|vnd)$", re.IGNORECASE)
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")
YES_WORDS = {"có", "co", "yes", "true"}
NO_WORDS = {"không", "khong", "no", "false"}


def _plain(number) -> str:
    """A bound as the message shows it: grouped the local way."""
    return formats.number_format(number, use_l10n=True, force_grouping=True)


def bounds_check(value, *, minimum=None, maximum=None) -> None:
    if minimum is not None and value < minimum:
        raise BadValue(gettext("Ensure this value is greater than or equal to %(limit_value)s.")
                       % {"limit_value": _plain(minimum)})
    if maximum is not None and value > maximum:
        raise BadValue(gettext("Ensure this value is less than or equal to %(limit_value)s.")
                       % {"limit_value": _plain(maximum)})


def whole_number(value, *, minimum=0, maximum=WHOLE_MAX) -> int:
    """A count or an amount of dong, typed or read from a cell; never a decimal."""
    if isinstance(value, bool):
        raise BadValue(str(NOT_WHOLE))
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise BadValue(str(NOT_WHOLE))
        value = int(value)
    elif isinstance(value, Decimal):
        if not value.is_finite() or value != value.to_integral_value():
            raise BadValue(str(NOT_WHOLE))
        value = int(value)
    elif isinstance(value, str):
        text = _CURRENCY.sub("", value.strip()).strip()
        negative = text.startswith("-")
        digits = _SPACES.sub(" ", text[1:] if negative else text).strip()
        if _PLAIN.match(digits):
            pass
        elif _GROUPED.match(digits):
            digits = re.sub(r"[^0-9]", "", digits)
        else:
            raise BadValue(str(NOT_WHOLE))
        if len(digits.lstrip("0")) > 30:  # far beyond any bound; int() of it would be slow
            raise BadValue(gettext("Ensure this value is less than or equal to %(limit_value)s.")
                           % {"limit_value": _plain(maximum if maximum is not None else WHOLE_MAX)})
        value = -int(digits) if negative else int(digits)
    elif not isinstance(value, int):
        raise BadValue(str(NOT_WHOLE))
    bounds_check(value, minimum=minimum, maximum=maximum)
    return value


def decimal_number(value, *, minimum=None, maximum=PERCENT_MAX, places: int = 2) -> Decimal:
    """A percentage: 12,5 or 12.5 (a trailing % is allowed), at most `places` decimals."""
    if isinstance(value, bool):
        raise BadValue(str(NOT_NUMBER))
    if isinstance(value, str):
        text = _SPACES.sub("", value.strip()).removesuffix("%")
        negative = text.startswith("-")
        match = _DECIMAL.match(text[1:] if negative else text)
        if not match or len(text) > 40:
            raise BadValue(str(NOT_NUMBER))
        number = Decimal(f"{'-' if negative else ''}{match[1]}.{match[2] or '0'}")
    elif isinstance(value, (int, float, Decimal)):
        try:
            number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
        except InvalidOperation:
            raise BadValue(str(NOT_NUMBER))
        if not number.is_finite():
            raise BadValue(str(NOT_NUMBER))
    else:
        raise BadValue(str(NOT_NUMBER))
    exponent = number.normalize().as_tuple().exponent
    if exponent < -places:
        raise BadValue(ngettext("Ensure that there are no more than %(max)s decimal place.",
                                "Ensure that there are no more than %(max)s decimal places.", places) % {"max": places})
    bounds_check(number, minimum=minimum, maximum=maximum)
    return _canonical_decimal(number)


def date_value(value) -> datetime.date:
    """A date cell, or text written dd/mm/yyyy."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        for pattern in _DATE_FORMATS:
            try:
                return datetime.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
    raise BadValue(str(NOT_DATE))


def yes_no(value) -> bool:
    """Có or Không (Yes or No; TRUE or FALSE)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().casefold()
        if word in YES_WORDS:
            return True
        if word in NO_WORDS:
            return False
    raise BadValue(str(NOT_YES_NO))


def text_value(value, *, max_length: int | None = None) -> str:
    """Text; a number or a date in a text cell is taken as it reads."""
    if isinstance(value, bool):
        text = "Có" if value else "Không"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, datetime.datetime | datetime.date):
        text = value.strftime("%d/%m/%Y")
    else:
        # A browser sends a line break as CRLF, Excel as LF: one text, whichever wrote it.
        text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    if max_length is not None and len(text) > max_length:
        raise BadValue(ngettext(
            "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
            "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
            max_length) % {"limit_value": max_length, "show_value": len(text)})
    return text


def _canonical_decimal(number: Decimal) -> Decimal:
    """12.50 → 12.5, 300 → 300 (never 3E+2)."""
    number = number.normalize()
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number


def is_empty(value) -> bool:
    return value is None or value == ""
