"""The Celery tasks' own logic, run in this process (the worker tests run them for real)."""
import datetime

import pytest
from django.core import mail
from django.utils import timezone

from notifications import tasks
from notifications.models import Reminder, ReminderRun
from notifications.planning import reminders_plan
from reporting.review import report_return

from .conftest import submit


@pytest.fixture
def queued(monkeypatch):
    """The batches the tasks hand to the workers, kept here instead of sent to a broker."""
    batches = []
    monkeypatch.setattr(tasks.send_reminder_chunk, "delay_on_commit", batches.append)
    return batches


def test_the_daily_task_plans_today_by_default_and_hands_out_batches(h1, queued, settings, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(2023, 6, 3))
    settings.REMINDER_CHUNK_SIZE = 2
    counts = tasks.send_daily_reminders()
    assert counts["upcoming"] == 5
    assert [len(batch) for batch in queued] == [2, 2, 1]
    assert sorted(pk for batch in queued for pk in batch) == sorted(Reminder.objects.values_list("pk", flat=True))
    assert ReminderRun.objects.get().day == datetime.date(2023, 6, 3)
    tasks.send_daily_reminders("2023-06-03")
    assert len(queued) == 3  # the second run claimed nothing, queued nothing


def test_the_sweep_tells_of_returns_and_requeues_what_is_stuck(h1, officers, queued):
    period, reports = h1
    reminders_plan(today=datetime.date(2023, 6, 3))  # planned, never handed out (the planner died)
    Reminder.objects.update(created_at=timezone.now() - datetime.timedelta(hours=1))
    report = submit(reports["grass_a1"], officers["grass_a1"])
    report_return(report=report, by=officers["upper_a"], reason="Thiếu minh chứng.")
    assert tasks.sweep_reminders() == 2
    returned = Reminder.objects.get(kind="returned")
    assert queued[0] == [returned.pk]
    assert sorted(queued[1]) == sorted(Reminder.objects.filter(kind="upcoming").values_list("pk", flat=True))
    assert sorted(ReminderRun.objects.values_list("source", "planned")) == [("returns", 1), ("schedule", 5)]


def test_a_quiet_sweep_leaves_no_run_in_the_log(h1, queued):
    assert tasks.sweep_reminders() == 0
    assert not ReminderRun.objects.exists()


def test_the_sending_task_retries_then_gives_up_and_never_records_a_failure_as_sent(h1, settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.ServerDownBackend"
    settings.REMINDER_MAX_RETRIES = 3
    [chunk] = reminders_plan(today=datetime.date(2023, 6, 3)).chunks
    tasks.send_reminder_chunk.apply(args=[chunk])  # eager: Celery runs each retry at once
    failed = Reminder.objects.filter(status=Reminder.Status.FAILED)
    assert failed.count() == 4 and all(r.attempts == 4 and r.sent_at is None for r in failed)
    assert mail.outbox == []


@pytest.mark.parametrize("retries, delay", [(0, 60), (1, 120), (4, 960), (5, 1800), (9, 1800)])
def test_the_retry_delay_doubles_up_to_a_ceiling(retries, delay):
    assert tasks.retry_delay(retries) == delay
