"""Planning is set-based: the same number of queries for 10 units or 200, never one per unit."""
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import Reminder
from notifications.planning import reminders_plan
from notifications.selectors import reminder_policy
from reporting.models import ReportingPeriod
from reporting.periods import period_generate_reports
from tests.factories import make_union

from .conftest import D


def plan_queries(day, **kwargs) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        plan = reminders_plan(today=day, **kwargs)
    return len(queries), plan.total


def test_planning_takes_the_same_queries_for_10_and_200_units(plan, tree):
    period = ReportingPeriod.objects.get(plan=plan, code="2023-H1")
    ReportingPeriod.objects.filter(pk=period.pk).update(is_open=True)
    for _ in range(10 - 5):
        make_union(tree["upper_a"])
    period_generate_reports(period=period)
    reminder_policy()  # made once, on the first run ever
    small_dry, n_dry = plan_queries(D(2023, 6, 3), dry_run=True)
    small, n_small = plan_queries(D(2023, 6, 3))
    assert n_dry == n_small == 10

    for index in range(190):
        make_union(tree["upper_a" if index % 2 else "upper_b"])
    period_generate_reports(period=period)
    large_dry, n_dry = plan_queries(D(2023, 6, 7), dry_run=True)
    large, n_large = plan_queries(D(2023, 6, 7))
    assert n_dry == n_large == 200
    assert small_dry == large_dry
    assert small == large
    # Overdue days plan three kinds at once (notice, escalation, and a Monday's digest):
    # still a fixed number.
    late_small, _ = plan_queries(D(2023, 6, 12))
    for _ in range(50):
        make_union(tree["upper_b"])
    period_generate_reports(period=period)
    late_large, n = plan_queries(D(2023, 6, 19))
    assert late_small == late_large and n > 250
    assert Reminder.objects.filter(planned_on=D(2023, 6, 19), kind="escalation").count() == 250
