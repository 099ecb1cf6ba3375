"""A province with a page's worth of units and extreme figures: every count and amount of
one grassroots report at 9.999.998 and of another at 1, so that each sum the documents
show is 9.999.999 (the widest figure a cell must hold), and long names that wrap."""
import pytest

from plans.models import Indicator
from reporting.models import Report, ReportingPeriod
from reporting.periods import period_generate_reports
from reporting.selectors import report_indicators
from reporting.services import report_save
from tests.factories import make_union
from tests.reporting.values import complete_values

EXTRA_UNITS = 70
WIDEST = 9_999_999


def long_name(n: int) -> str:
    return f"Công đoàn Công ty Cổ phần Đầu tư Xây dựng và Thương mại Miền Trung chi nhánh Quảng Trị CN{n:03d}"


def extreme_values(report, figure: int) -> dict[int, object]:
    overrides = {i.code: figure for i in report_indicators(report=report)
                 if i.kind in (Indicator.Kind.COUNT, Indicator.Kind.MONEY)}
    return complete_values(report, **overrides)


@pytest.fixture
def extreme(plan, tree, users):
    for n in range(1, EXTRA_UNITS + 1):
        make_union(tree["upper_a"], name=long_name(n), code=f"CN{n:03d}")
    period = ReportingPeriod.objects.get(plan=plan, code="2023-Y")
    period_generate_reports(period=period)
    for key, figure in (("grass_a1", WIDEST - 1), ("grass_b1", 1)):
        report = Report.objects.get(period=period, unit=tree[key])
        report_save(report=report, by=users[key], values=extreme_values(report, figure), version=report.version,
                    submit=True)
    return {"period": period, "tree": tree, "users": users}
