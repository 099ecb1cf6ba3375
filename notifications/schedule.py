"""The reminder calendar as pure functions of a deadline, a day and the policy: the planner asks
them once per distinct deadline (a handful), never once per unit."""
import datetime
from dataclasses import dataclass

from .models import Reminder, ReminderPolicy

# Weeks are counted from a Monday, so that a digest's step does not move if the Board changes
# the digest's weekday in the middle of a week.
EPOCH_MONDAY = datetime.date(2000, 1, 3)


def step_before(days_left: int, steps: list[int]) -> int | None:
    """The reminder point reached `days_left` days before the deadline: the nearest step at or
    above it. A day the schedule missed is caught up once, by the next run, never twice."""
    if days_left < 0:
        return None
    reached = [step for step in steps if step >= days_left]
    return min(reached) if reached else None


def step_after(days_late: int, *, first: int, every: int) -> int | None:
    """The repeating point reached `days_late` days after the deadline: `first`, then every
    `every` days."""
    if days_late < first:
        return None
    return first + (days_late - first) // every * every


def week_of(day: datetime.date) -> int:
    return (day - EPOCH_MONDAY).days // 7


@dataclass(frozen=True)
class Steps:
    """Where a deadline stands on a day: at most one step of each kind."""

    upcoming: int | None = None
    overdue: int | None = None
    escalation: int | None = None


def steps_on(*, day: datetime.date, due_on: datetime.date, policy: ReminderPolicy) -> Steps:
    days_left = (due_on - day).days
    if days_left >= 0:
        return Steps(upcoming=step_before(days_left, policy.steps_before))
    late = -days_left
    return Steps(
        overdue=step_after(late, first=policy.overdue_after_days, every=policy.overdue_every_days),
        escalation=(step_after(late, first=policy.escalate_after_days, every=policy.overdue_every_days)
                    if policy.escalate else None),
    )


def reminder_calendar(*, due_on: datetime.date, policy: ReminderPolicy,
                      until: datetime.date) -> list[tuple[datetime.date, str, int]]:
    """Every (day, kind, step) a report due on `due_on` and never submitted is reminded on,
    up to `until`: what the Board's policy page shows and the tests hold the planner to."""
    dates = [(due_on - datetime.timedelta(days=step), Reminder.Kind.UPCOMING, step) for step in policy.steps_before]
    repeating = [(Reminder.Kind.OVERDUE, policy.overdue_after_days)]
    if policy.escalate:
        repeating.append((Reminder.Kind.ESCALATION, policy.escalate_after_days))
    for kind, first in repeating:
        late = first
        while due_on + datetime.timedelta(days=late) <= until:
            dates.append((due_on + datetime.timedelta(days=late), kind, late))
            late += policy.overdue_every_days
    return sorted((d, str(k), s) for d, k, s in dates if d <= until)
