"""Figures as Vietnamese readers write them: 1.234.567, 12.345.678 ₫, 05/03/2020, Có/Không."""
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

from plans.models import Indicator
from plans.values import kind_of

register = template.Library()


@register.filter
def grouped(number) -> str:
    """A whole number with thousands grouped the local way (1.234.567 in Vietnamese)."""
    if number is None or number == "":
        return "—"
    number = Decimal(number)
    if number == number.to_integral_value():
        number = int(number)
    return formats.number_format(number, use_l10n=True, force_grouping=True)


@register.filter
def vnd(amount) -> str:
    """An amount of money in dong, without decimals: 12.345.678 ₫."""
    if amount is None or amount == "":
        return "—"
    return f"{grouped(Decimal(amount).quantize(Decimal(1)))} ₫"


@register.filter
def percent(value, digits=1) -> str:
    """A rate as 77,8%: rounded half up to `digits` decimals (Django's number_format alone
    would cut 77,8 to 77)."""
    if value is None:
        return "—"
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-int(digits)), rounding=ROUND_HALF_UP)
    return f"{formats.number_format(rounded, decimal_pos=int(digits), use_l10n=True)}%"


@register.filter
def yes_no(flag) -> str:
    if flag is None:
        return "—"
    return _("Yes") if flag else _("No")


@register.filter
def indicator_value(value, indicator: Indicator) -> str:
    """A report value shown the way its indicator's kind asks for (plans.values)."""
    return kind_of(indicator).display(value)


@register.filter
def is_long_text(indicator: Indicator) -> bool:
    """A paragraph of its own in documents, not a figure in a table."""
    return kind_of(indicator).long_text


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def points(change, digits=1) -> str:
    """A change of rate in percentage points, signed: +3,2 / −1,0 / 0,0 (— when unknown)."""
    if change is None:
        return "—"
    rounded = Decimal(change).quantize(Decimal(1).scaleb(-int(digits)), rounding=ROUND_HALF_UP)
    sign = "+" if rounded > 0 else ("−" if rounded < 0 else "")
    return f"{sign}{formats.number_format(abs(rounded), decimal_pos=int(digits), use_l10n=True)}"


@register.filter
def signed(change) -> str:
    """A change of a figure, signed and grouped: +1.234 / −56 / 0."""
    if change is None or change == "":
        return "—"
    sign = "+" if change > 0 else ("−" if change < 0 else "")
    return f"{sign}{grouped(abs(change))}"


# Where a unit's name may break in a document's heading: after the kind of body ("Liên đoàn
# Lao động", "Công đoàn ngành Giáo dục") and before the place, never inside the place's name.
_PLACE_WORDS = ("tỉnh", "thành phố", "thị xã", "huyện", "quận", "thị trấn", "phường", "xã", "khu", "các")
KEEP_TOGETHER_UP_TO = 26  # characters: a longer run would overflow the heading's column


@register.filter
def unbroken_name(name) -> str:
    """The name with non-breaking spaces inside its place ("huyện Vĩnh Linh") and inside its
    kind of body, so that a heading line breaks only between the two."""
    words = str(name or "").split()
    lowered = [w.casefold() for w in words]
    start = next((n for n in range(1, len(words)) if lowered[n] in _PLACE_WORDS
                  or " ".join(lowered[n:n + 2]) in _PLACE_WORDS), len(words))
    parts = [words[:start], words[start:]]
    return " ".join(("\u00a0" if len(" ".join(part)) <= KEEP_TOGETHER_UP_TO else " ").join(part)
                    for part in parts if part)
