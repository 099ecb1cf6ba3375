import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.models import Plan
from reporting.models import Report, ReportingPeriod
from reporting.periods import period_generate_reports, periods_generate
from tests.factories import make_union
from unions.services import union_close, union_move

D = datetime.date


@pytest.fixture
def plan(db):
    return Plan.objects.create(code="KH-1306", title="Kế hoạch 1306", first_year=2019, last_year=2023)


def test_ten_periods_with_the_plan_deadlines(plan):
    periods = periods_generate(plan=plan)
    assert [p.code for p in periods] == [
        "2019-H1", "2019-Y", "2020-H1", "2020-Y", "2021-H1", "2021-Y", "2022-H1", "2022-Y", "2023-H1", "2023-Y",
    ]
    assert {(p.deadline.day, p.deadline.month) for p in periods if p.kind == "H1"} == {(10, 6)}
    assert {(p.deadline.day, p.deadline.month) for p in periods if p.kind == "Y"} == {(25, 11)}
    assert periods_generate(plan=plan) and ReportingPeriod.objects.count() == 10  # idempotent


def test_expected_units_are_those_open_when_the_report_falls_due(plan, tree):
    periods = {p.code: p for p in periods_generate(plan=plan)}
    newcomer = make_union(tree["upper_a"], opened_on=D(2021, 1, 15))
    union_close(union=tree["grass_b1"], on=D(2022, 1, 1))

    for period in periods.values():
        period_generate_reports(period=period)

    def reporters(code):
        return {r.unit for r in Report.objects.filter(period=periods[code])}

    base = {tree["upper_a"], tree["upper_b"], tree["grass_a1"], tree["grass_a2"]}
    assert reporters("2020-Y") == base | {tree["grass_b1"]}  # the province itself does not report to itself
    assert reporters("2021-H1") == base | {tree["grass_b1"], newcomer}
    assert reporters("2022-H1") == base | {newcomer}


def test_reports_follow_the_tree_as_it_stood_in_their_period(plan, tree):
    periods = {p.code: p for p in periods_generate(plan=plan)}
    union_move(union=tree["grass_a2"], new_parent=tree["upper_b"], on=D(2022, 1, 1))
    for period in periods.values():
        period_generate_reports(period=period)
    report_2021 = Report.objects.get(period=periods["2021-Y"], unit=tree["grass_a2"])
    report_2022 = Report.objects.get(period=periods["2022-Y"], unit=tree["grass_a2"])
    assert report_2021.unit_path.startswith(tree["upper_a"].path)
    tree["upper_b"].refresh_from_db()
    assert report_2022.unit_path.startswith(tree["upper_b"].path)
    assert report_2022.due_on == D(2022, 11, 25)


def test_generating_twice_changes_nothing(plan, tree):
    period = periods_generate(plan=plan)[0]
    assert period_generate_reports(period=period) == 5
    assert period_generate_reports(period=period) == 0
    assert Report.objects.count() == 5


def test_generation_is_a_fixed_number_of_queries(plan, tree):
    first, second = periods_generate(plan=plan)[:2]
    with CaptureQueriesContext(connection) as small:
        period_generate_reports(period=first)
    for _ in range(25):
        make_union(tree["upper_b"], opened_on=D(2015, 1, 1))
    with CaptureQueriesContext(connection) as large:
        period_generate_reports(period=second)
    assert Report.objects.filter(period=second).count() == 30
    assert len(small) == len(large)
