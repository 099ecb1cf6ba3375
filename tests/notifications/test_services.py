"""Reminder services beyond the happy path (notifications/planning.py, sending.py and
services.py): a requeue or a give-up never touches what was sent, a reminder no longer needed is
dropped at sending time, officers who left are nobody to reach, and marking read touches only
what was asked."""
import datetime

from django.core import mail
from django.utils import timezone

from notifications.models import Notification, Reminder
from notifications.planning import reminders_give_up, reminders_plan, reminders_requeue
from notifications.sending import reminders_send
from notifications.services import notifications_mark_read
from reporting.periods import deadline_extend
from reporting.review import report_return

from .conftest import D, submit

Status = Reminder.Status


def _statuses():
    return {r.report.unit.name: r.status for r in Reminder.objects.select_related("report__unit")}


def test_a_requeue_leaves_sent_and_unreachable_reminders_alone(h1):
    plan = reminders_plan(today=D(2023, 6, 3))
    [chunk] = plan.chunks
    reminders_send(ids=chunk)
    before = _statuses()
    assert sorted(before.values()) == [Status.SENT] * 4 + [Status.UNREACHABLE]
    assert reminders_requeue(ids=chunk) == []
    assert _statuses() == before
    assert len(mail.outbox) == 4


def test_giving_up_fails_only_the_reminders_still_waiting(h1, settings):
    plan = reminders_plan(today=D(2023, 6, 3))
    [chunk] = plan.chunks
    settings.EMAIL_BACKEND = "tests.notifications.backends.ServerDownBackend"
    waiting = reminders_send(ids=chunk).failed
    assert len(waiting) == 4
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    sent = reminders_send(ids=waiting[:2]).sent
    assert len(sent) == 2
    assert reminders_give_up(ids=chunk) == 2
    statuses = dict(Reminder.objects.values_list("pk", "status"))
    assert {statuses[pk] for pk in sent} == {Status.SENT}
    assert {statuses[pk] for pk in waiting[2:]} == {Status.FAILED}
    assert sorted(statuses.values()).count(Status.UNREACHABLE) == 1
    assert Reminder.objects.filter(status=Status.SENT, sent_at__isnull=False).count() == 2


def test_a_period_closed_after_planning_is_not_reminded(h1):
    period, _ = h1
    plan = reminders_plan(today=D(2023, 6, 3))
    period.is_open = False
    period.save()
    outcome = reminders_send(ids=plan.chunks[0])
    assert outcome.sent == [] and len(outcome.cancelled) == 5
    assert mail.outbox == [] and not Notification.objects.exists()


def test_a_deadline_moved_after_planning_drops_the_reminder_for_the_old_date(h1, officers):
    period, reports = h1
    plan = reminders_plan(today=D(2023, 6, 3))
    deadline_extend(period=period, unit=reports["grass_a1"].unit, new_deadline=D(2023, 6, 20), reason="Bão lụt.",
                    by=officers["board"])
    outcome = reminders_send(ids=plan.chunks[0])
    assert len(outcome.sent) == 3
    assert Reminder.objects.get(report=reports["grass_a1"]).status == Status.CANCELLED
    assert not [m for m in mail.outbox if "a1@congdoan.vn" in m.to]


def test_a_returned_notice_is_dropped_once_the_unit_has_sent_the_report_again(h1, officers):
    period, reports = h1
    report = submit(reports["grass_a1"], officers["grass_a1"])
    report_return(report=report, by=officers["upper_a"], reason="Bổ sung số liệu nhóm 5.")
    plan = reminders_plan(today=D(2023, 6, 5), kinds=[Reminder.Kind.RETURNED])
    [returned] = Reminder.objects.filter(kind=Reminder.Kind.RETURNED)
    report.refresh_from_db()
    submit(report, officers["grass_a1"])
    outcome = reminders_send(ids=plan.chunks[0])
    assert outcome.cancelled == [returned.pk] and mail.outbox == []


def test_a_returned_notice_goes_out_while_the_report_is_still_returned(h1, officers):
    period, reports = h1
    report = submit(reports["grass_a1"], officers["grass_a1"])
    report_return(report=report, by=officers["upper_a"], reason="Bổ sung số liệu nhóm 5.")
    plan = reminders_plan(today=D(2023, 6, 5), kinds=[Reminder.Kind.RETURNED])
    outcome = reminders_send(ids=plan.chunks[0])
    assert len(outcome.sent) == 1
    assert "Bổ sung số liệu nhóm 5." in mail.outbox[0].body


def test_an_officer_who_left_is_nobody_to_reach(h1, officers, tree):
    """grass_a1's only other officer left (inactive), with their address still on file: the unit
    is unreachable, and the union above is told so."""
    period, reports = h1
    officers["grass_a1"].is_active = False
    officers["grass_a1"].save()
    plan = reminders_plan(today=D(2023, 6, 3))
    outcome = reminders_send(ids=plan.chunks[0])
    assert Reminder.objects.get(report=reports["grass_a1"]).status == Status.UNREACHABLE
    assert reports["grass_a1"].pk in {r.report_id for r in Reminder.objects.filter(pk__in=outcome.unreachable)}
    assert not [m for m in mail.outbox if "old@congdoan.vn" in m.to]
    mail.outbox.clear()
    plan = reminders_plan(today=D(2023, 6, 11), kinds=[Reminder.Kind.ESCALATION])
    for chunk in plan.chunks:
        reminders_send(ids=chunk)
    [to_upper] = [m for m in mail.outbox if m.to == ["vinhlinh@ldld.vn"]]
    line = next(line for line in to_upper.body.splitlines() if "THPT Vĩnh Linh" in line)
    assert "KHÔNG LIÊN LẠC ĐƯỢC" in line


def test_marking_an_empty_list_read_marks_nothing(h1, officers):
    plan = reminders_plan(today=D(2023, 6, 3))
    reminders_send(ids=plan.chunks[0])
    officer = officers["grass_a1"]
    assert officer.notifications.filter(read_at__isnull=True).count() == 1
    assert notifications_mark_read(user=officer, ids=[]) == 0
    assert officer.notifications.filter(read_at__isnull=True).count() == 1
    assert notifications_mark_read(user=officer) == 1
    assert not officer.notifications.filter(read_at__isnull=True).exists()


def test_marking_read_touches_only_the_persons_own_notifications(h1, officers):
    plan = reminders_plan(today=D(2023, 6, 3))
    reminders_send(ids=plan.chunks[0])
    mine = officers["grass_a1"].notifications.get()
    theirs = officers["grass_b1"].notifications.get()
    assert notifications_mark_read(user=officers["grass_a1"], ids=[mine.pk, theirs.pk]) == 1
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_sent_reminder_records_when_and_to_whom(h1):
    plan = reminders_plan(today=D(2023, 6, 3))
    before = timezone.now() - datetime.timedelta(seconds=1)
    reminders_send(ids=plan.chunks[0])
    sent = Reminder.objects.get(status=Status.SENT, report__unit__name="Công đoàn Trường THPT Vĩnh Linh")
    assert sent.recipients == "a1@congdoan.vn" and sent.sent_at >= before and sent.lease_until is None


def test_batches_keep_one_unions_escalations_together(settings):
    """An escalation's reminders for one union and period make one e-mail: never split between
    two workers, even past the batch size."""
    from notifications.planning import _chunks

    settings.REMINDER_CHUNK_SIZE = 2
    rows = [(1, "upcoming", 10, 1), (2, "escalation", 20, 1), (3, "escalation", 20, 1), (4, "upcoming", 11, 1),
            (5, "escalation", 21, 1)]
    assert _chunks(rows) == [[1], [2, 3], [4, 5]]
    assert _chunks([(7, "escalation", 20, 1), (8, "escalation", 20, 1), (9, "escalation", 20, 1)]) == [[7, 8, 9]]
    assert _chunks([(1, "escalation", 20, 1), (2, "escalation", 20, 2)]) == [[1, 2]]  # two groups, one batch
    assert _chunks([]) == []
