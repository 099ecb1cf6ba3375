"""Complete and valid report values for tests, built from the plan's own indicators."""
import datetime

from plans.models import Indicator
from reporting.selectors import report_indicators


def complete_values(report, **overrides) -> dict[int, object]:
    """A value for every indicator the report asks, respecting the plan's rules; overrides by code."""
    values = {}
    for indicator in report_indicators(report=report):
        match indicator.kind:
            case Indicator.Kind.YES_NO:
                value = True
            case Indicator.Kind.COUNT | Indicator.Kind.MONEY:
                value = 5
            case Indicator.Kind.PERCENT:
                value = 50
            case Indicator.Kind.DATE:
                value = datetime.date(2023, 3, 5)
            case _:
                value = "Đã thực hiện đầy đủ."
        values[indicator.pk] = overrides.pop(indicator.code, value)
    assert not overrides, f"codes not in the report: {overrides}"
    return values


def by_code(report, values: dict[int, object]) -> dict[str, object]:
    codes = {i.pk: i.code for i in report_indicators(report=report)}
    return {codes[pk]: value for pk, value in values.items()}
