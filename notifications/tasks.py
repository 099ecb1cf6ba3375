"""Celery tasks: the daily run that plans reminders, batches that send them (retried with
backoff while the mail server fails) and a frequent sweep for returns and anything stuck."""
import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from . import planning, sending
from .models import Reminder, ReminderRun


def retry_delay(retries: int) -> int:
    """Seconds before attempt `retries` + 1: doubling from REMINDER_RETRY_BACKOFF, capped."""
    return min(settings.REMINDER_RETRY_BACKOFF * 2 ** retries, settings.REMINDER_RETRY_BACKOFF_MAX)


def dispatch(chunks: list[list[int]]) -> int:
    """Queue one sending task per batch, once the claims are committed."""
    for chunk in chunks:
        send_reminder_chunk.delay_on_commit(chunk)
    return len(chunks)


@shared_task(name="notifications.send_daily_reminders", acks_late=True, ignore_result=True)
def send_daily_reminders(today: str | None = None) -> dict:
    """The daily beat entry: plan today's reminders and hand them to the workers in batches.
    Run twice, the second run finds everything claimed and queues nothing."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    plan = planning.reminders_plan(today=day, source=ReminderRun.Source.SCHEDULE)
    dispatch(plan.chunks)
    return plan.counts


@shared_task(bind=True, name="notifications.send_reminder_chunk", acks_late=True, reject_on_worker_lost=True,
             ignore_result=True, max_retries=None)
def send_reminder_chunk(self, reminder_ids: list[int]) -> dict:
    """Send one batch. What the mail server refused is retried with a growing delay, then left
    in the log as failed; it is never recorded as sent."""
    delay = retry_delay(self.request.retries)
    outcome = sending.reminders_send(ids=reminder_ids, retry_in=delay)
    if outcome.failed:
        if self.request.retries >= settings.REMINDER_MAX_RETRIES:
            planning.reminders_give_up(ids=outcome.failed)
        else:
            raise self.retry(args=[outcome.failed], countdown=delay)
    return {"sent": len(outcome.sent), "failed": len(outcome.failed), "skipped": outcome.skipped}


@shared_task(name="notifications.sweep_reminders", acks_late=True, ignore_result=True)
def sweep_reminders() -> int:
    """Every few minutes: tell units of reports returned since, and queue again what a dead
    worker or a lost message left behind (its lease or retry time long past)."""
    plan = planning.reminders_plan(today=timezone.localdate(), source=ReminderRun.Source.RETURNS,
                                   kinds=[Reminder.Kind.RETURNED])
    return dispatch(plan.chunks + planning.reminders_stalled())
