"""The calendar's pure functions (notifications/schedule.py) at their edges: weeks counted from
a Monday, and the last day of a calendar included."""
import pytest

from notifications.models import ReminderPolicy
from notifications.schedule import reminder_calendar, week_of

from .conftest import D


@pytest.mark.parametrize("day, same_week_as, next_week", [
    (D(2023, 6, 5), D(2023, 6, 11), D(2023, 6, 12)),  # Monday, its Sunday, the next Monday
    (D(2000, 1, 3), D(2000, 1, 9), D(2000, 1, 10)),
])
def test_a_week_runs_from_monday_to_sunday(day, same_week_as, next_week):
    assert week_of(day) == week_of(same_week_as)
    assert week_of(next_week) == week_of(day) + 1
    assert isinstance(week_of(day), int)


def test_weeks_count_on_whole_years_apart():
    assert week_of(D(2023, 6, 12)) - week_of(D(2022, 6, 13)) == 52  # both Mondays, 364 days apart


def test_a_calendar_includes_its_last_day():
    policy = ReminderPolicy(days_before="14,7,3,1", on_the_day=True, overdue_after_days=1, overdue_every_days=7,
                            escalate=False)
    due = D(2023, 6, 10)
    calendar = reminder_calendar(due_on=due, policy=policy, until=D(2023, 6, 18))
    assert calendar[-1] == (D(2023, 6, 18), "overdue", 8)  # 1, then every 7 days: 8 days late on 18/06
    assert (D(2023, 6, 10), "upcoming", 0) in calendar
    assert reminder_calendar(due_on=due, policy=policy, until=D(2023, 6, 10))[-1] == (D(2023, 6, 10), "upcoming", 0)
