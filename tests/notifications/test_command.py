"""`manage.py send_reminders`: the same services as the beat task, with counts printed."""
import io
import re

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from notifications.models import Notification, Reminder, ReminderRun


def run(*args) -> dict[str, int]:
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out, stderr=io.StringIO())
    text = out.getvalue()
    return {code: int(n) for code, n in re.findall(r"^  ([a-z]+)\s.*?(\d+)$", text, flags=re.M)}, text


def test_dry_run_counts_and_changes_nothing(h1):
    counts, text = run("--today", "2023-06-12", "--dry-run")
    assert "12/06/2023" in text
    assert counts == {"upcoming": 0, "overdue": 5, "escalation": 5, "returned": 0, "digest": 1, "total": 11}
    assert not Reminder.objects.exists() and not ReminderRun.objects.exists() and mail.outbox == []


def test_a_run_sends_and_prints_what_it_did_then_a_second_finds_nothing(h1):
    counts, text = run("--today", "2023-06-03")
    assert counts["upcoming"] == 5 and counts["total"] == 5
    assert (counts["sent"], counts["emails"], counts["unreachable"], counts["failed"]) == (4, 4, 1, 0)
    assert len(mail.outbox) == 4 and Notification.objects.count() == 5
    counts, text = run("--today", "2023-06-03", "--dry-run")
    assert counts["total"] == 0  # the dry run knows what was claimed already
    counts, text = run("--today", "2023-06-03")
    assert counts["total"] == 0 and "sent" not in counts
    assert len(mail.outbox) == 4
    assert list(ReminderRun.objects.values_list("source", flat=True)) == ["command", "command"]


def test_the_dry_run_predicts_the_real_run(h1):
    predicted, _ = run("--today", "2023-06-12", "--dry-run")
    done, _ = run("--today", "2023-06-12")
    assert {k: predicted[k] for k in predicted} == {k: done[k] for k in predicted}


def test_a_failing_mail_server_is_reported_and_left_to_retry(h1, settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.ServerDownBackend"
    counts, _ = run("--today", "2023-06-03", "--verbosity", "2")
    assert (counts["sent"], counts["failed"]) == (0, 4)
    assert Reminder.objects.filter(status="pending").count() == 4


def test_a_wrong_date_is_refused():
    with pytest.raises(CommandError):
        call_command("send_reminders", "--today", "10/06/2023", stdout=io.StringIO())
