"""Periods and reports (reporting/models.py): the day whose tree a period follows, the order
periods and reports come in, the days left before a deadline, what counts as sent."""
import datetime

import pytest
from django.utils import timezone

from reporting.models import Report, ReportingPeriod
from reporting.periods import period_generate_reports
from tests.factories import make_union
from unions.services import union_close, union_move

D = datetime.date


@pytest.fixture
def h1(plan):
    """2023-H1: 01/01–30/06/2023, due 10/06/2023."""
    return ReportingPeriod.objects.get(plan=plan, code="2023-H1")


def _expected(period):
    period_generate_reports(period=period)
    return {r.unit.name: r for r in Report.objects.filter(period=period).select_related("unit")}


def test_a_unit_opened_on_the_deadline_day_reports_and_one_opened_the_day_after_does_not(h1, tree):
    make_union(tree["upper_a"], name="Mở ngày 10/06", opened_on=D(2023, 6, 10))
    make_union(tree["upper_a"], name="Mở ngày 11/06", opened_on=D(2023, 6, 11))
    make_union(tree["upper_a"], name="Mở ngày 15/06", opened_on=D(2023, 6, 15))  # before the period ends
    expected = _expected(h1)
    assert "Mở ngày 10/06" in expected
    assert "Mở ngày 11/06" not in expected and "Mở ngày 15/06" not in expected


def test_a_unit_closed_on_the_deadline_day_does_not_report_and_one_closed_the_day_after_does(h1, tree):
    on_the_day = make_union(tree["upper_a"], name="Giải thể ngày 10/06")
    day_after = make_union(tree["upper_a"], name="Giải thể ngày 11/06")
    union_close(union=on_the_day, on=D(2023, 6, 10))
    union_close(union=day_after, on=D(2023, 6, 11))
    expected = _expected(h1)
    assert "Giải thể ngày 11/06" in expected and "Giải thể ngày 10/06" not in expected


def test_a_unit_moved_mid_plan_reports_under_the_parent_it_had_on_the_deadline(plan, h1, tree):
    union_move(union=tree["grass_a1"], new_parent=tree["upper_b"], on=D(2023, 6, 10))  # on the deadline day
    union_move(union=tree["grass_a2"], new_parent=tree["upper_b"], on=D(2023, 6, 11))  # the day after
    expected = _expected(h1)
    tree["upper_a"].refresh_from_db()
    tree["upper_b"].refresh_from_db()
    assert expected[tree["grass_a1"].name].unit_path.startswith(tree["upper_b"].path)
    assert expected[tree["grass_a2"].name].unit_path.startswith(tree["upper_a"].path)


def test_periods_come_in_the_order_of_the_plan_half_year_before_year(plan):
    codes = [p.code for p in ReportingPeriod.objects.filter(plan=plan)]  # the default order, nothing asked
    assert codes == ["2019-H1", "2019-Y", "2020-H1", "2020-Y", "2021-H1", "2021-Y", "2022-H1", "2022-Y",
                     "2023-H1", "2023-Y"]


def test_reports_come_by_period_then_along_the_tree(plan, tree, h1):
    period_generate_reports(period=ReportingPeriod.objects.get(plan=plan, code="2023-Y"))
    period_generate_reports(period=h1)
    rows = [(r.period.code, r.unit.name) for r in Report.objects.select_related("period", "unit")]
    branch = [tree[key].name for key in ("upper_a", "grass_a1", "grass_a2", "upper_b", "grass_b1")]
    assert rows == [("2023-H1", name) for name in branch] + [("2023-Y", name) for name in branch]


@pytest.mark.parametrize("today, days", [
    (D(2023, 6, 9), 1), (D(2023, 6, 10), 0), (D(2023, 6, 11), -1), (D(2023, 5, 27), 14), (D(2023, 7, 10), -30),
])
def test_days_to_the_deadline_count_down_to_zero_on_the_day_and_below_after(today, days):
    assert Report(due_on=D(2023, 6, 10)).days_to_deadline(today) == days


def test_days_to_the_deadline_default_to_todays_date_in_vietnam(monkeypatch):
    # 06:00 on 11/06 in Vietnam is still 10/06 in UTC: the deadline has passed here.
    monkeypatch.setattr(timezone, "now", lambda: timezone.make_aware(datetime.datetime(2023, 6, 11, 6, 0)))
    assert Report(due_on=D(2023, 6, 10)).days_to_deadline() == -1


@pytest.mark.parametrize("status, sent", [
    ("not_started", False), ("draft", False), ("submitted", True), ("returned", False), ("accepted", True),
])
def test_a_report_is_sent_once_submitted_and_stays_sent_when_accepted(status, sent):
    assert Report(status=status).is_sent is sent
