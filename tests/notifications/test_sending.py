"""Sending: what the e-mails say, who receives them, and that each reminder goes out once —
claimed before sending, leased while sending, recorded as sent only once the server took it."""
import datetime
import email

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.db.models import Q
from django.utils import timezone

from notifications.models import Notification, Reminder, ReminderRun
from notifications.planning import reminders_give_up, reminders_plan, reminders_requeue, reminders_stalled
from notifications.sending import _lease, reminders_send

from .conftest import D, submit

SITE = "https://baocao1306.ldld.quangtri.vn"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE + "/"


def plan_and_send(day):
    plan = reminders_plan(today=day)
    for chunk in plan.chunks:
        reminders_send(ids=chunk)
    return plan


def mail_to(address):
    found = [m for m in mail.outbox if address in m.to]
    assert len(found) == 1, [m.to for m in mail.outbox]
    return found[0]


def test_the_reminder_email_is_vietnamese_with_the_deadline_and_an_absolute_link(h1):
    period, reports = h1
    plan_and_send(D(2023, 6, 3))
    message = mail_to("a1@congdoan.vn")
    assert message.subject == ("[Cổng 1306] Còn 7 ngày đến hạn gửi Báo cáo 6 tháng 2023 (10/06/2023) – "
                               "Công đoàn Trường THPT Vĩnh Linh")
    link = f"{SITE}/reports/{reports['grass_a1'].pk}/"
    text = message.body
    assert text.startswith("Kính gửi: Các đồng chí cán bộ Công đoàn Trường THPT Vĩnh Linh,")
    assert "Còn 7 ngày nữa là đến hạn gửi Báo cáo 6 tháng 2023 (hạn cuối: ngày 10/06/2023)" in text
    assert "Báo cáo của đơn vị hiện ở trạng thái: Chưa thực hiện." in text
    assert f"\n{link}\n" in text
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert f'href="{link}"' in html and "<strong>10/06/2023</strong>" in html and 'lang="vi"' in html
    assert "Còn <strong>7 ngày</strong> nữa là đến hạn gửi <strong>Báo cáo 6 tháng 2023</strong>" in html
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    # The whole message survives the trip through the wire format with its diacritics.
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)
    assert parsed["Subject"].strip() == message.subject
    assert "Trường THPT Vĩnh Linh" in parsed.get_body(("plain",)).get_content()


def test_on_the_day_and_after_it_the_wording_changes(h1):
    period, reports = h1
    plan_and_send(D(2023, 6, 10))
    assert mail_to("a1@congdoan.vn").subject == ("[Cổng 1306] Hôm nay, 10/06/2023, là hạn gửi Báo cáo 6 tháng 2023 – "
                                                 "Công đoàn Trường THPT Vĩnh Linh")
    mail.outbox.clear()
    plan_and_send(D(2023, 6, 18))
    message = mail_to("a1@congdoan.vn")
    assert message.subject == ("[Cổng 1306] Quá hạn 8 ngày: Công đoàn Trường THPT Vĩnh Linh chưa gửi "
                               "Báo cáo 6 tháng 2023 (hạn 10/06/2023)")
    assert ("đã quá hạn 8 ngày (hạn cuối: ngày 10/06/2023) nhưng đến ngày 18/06/2023 đơn vị vẫn chưa gửi."
            in message.body)


def test_recipients_are_the_units_active_officers_with_an_address(h1, officers):
    period, reports = h1
    plan_and_send(D(2023, 6, 3))
    assert sorted(tuple(m.to) for m in mail.outbox) == [
        ("a1@congdoan.vn",), ("b1@congdoan.vn",), ("giolinh@ldld.vn",), ("vinhlinh@ldld.vn",)]
    assert all(m.from_email == "Cổng 1306 LĐLĐ Quảng Trị <no-reply@ldld.quangtri.vn>" for m in mail.outbox)
    # Nobody at grass_a2 has an address: logged as such, and still told in the portal.
    unreachable = Reminder.objects.get(report=reports["grass_a2"])
    assert unreachable.status == Reminder.Status.UNREACHABLE and unreachable.sent_at is None
    assert officers["grass_a2"].notifications.count() == 1
    sent = Reminder.objects.get(report=reports["grass_a1"])
    assert sent.status == Reminder.Status.SENT and sent.recipients == "a1@congdoan.vn" and sent.attempts == 1
    assert not officers["grass_a1_left"].notifications.exists()
    notice = officers["grass_a1"].notifications.get()
    assert (notice.kind, notice.days, notice.due_on, notice.url) == (
        "upcoming", 7, D(2023, 6, 10), f"/reports/{reports['grass_a1'].pk}/")


def test_a_second_run_the_same_day_claims_and_sends_nothing(h1):
    first = plan_and_send(D(2023, 6, 3))
    second = plan_and_send(D(2023, 6, 3))
    assert first.total == 5 and second.total == 0 and second.chunks == []
    assert len(mail.outbox) == 4
    assert ReminderRun.objects.count() == 2


def test_the_same_batch_sent_twice_goes_out_once(h1):
    plan = reminders_plan(today=D(2023, 6, 3))
    [chunk] = plan.chunks
    first = reminders_send(ids=chunk)
    again = reminders_send(ids=chunk)
    assert len(first.sent) == 4 and again.skipped == 5 and again.sent == []
    assert len(mail.outbox) == 4
    assert Notification.objects.count() == 5


def test_a_reminder_another_worker_holds_is_left_alone_until_its_lease_runs_out(h1):
    plan = reminders_plan(today=D(2023, 6, 3))
    ids = plan.chunks[0]
    # A worker leased the batch and died before sending anything.
    assert _lease(ids, "deadworker", timezone.now()) == 5
    assert reminders_send(ids=ids).skipped == 5 and mail.outbox == []
    assert reminders_stalled() == []
    later = timezone.now() + datetime.timedelta(minutes=11)
    assert sorted(pk for chunk in reminders_stalled(now=later) for pk in chunk) == sorted(ids)
    Reminder.objects.update(lease_until=timezone.now() - datetime.timedelta(seconds=1))
    [chunk] = reminders_stalled()
    assert len(reminders_send(ids=chunk).sent) == 4
    assert len(mail.outbox) == 4


def test_a_worker_that_died_mid_batch_leaves_only_the_rest_to_send(h1, officers, settings):
    submit(h1[1]["upper_a"], officers["upper_a"])
    plan = reminders_plan(today=D(2023, 6, 12))  # a Monday: the Board's digest is in the batch
    [chunk] = plan.chunks
    to_board = set(Reminder.objects.filter(Q(kind="digest") | Q(kind="escalation", recipient_unit__depth=1))
                   .values_list("pk", flat=True))
    assert len(to_board) == 2  # the digest, and upper_b escalated to the Board
    settings.EMAIL_BACKEND = "tests.notifications.backends.RefusesBoardBackend"
    first = reminders_send(ids=chunk)
    assert set(first.failed) == to_board and len(first.sent) == 6
    digest = Reminder.objects.get(kind=Reminder.Kind.DIGEST)
    assert digest.status == Reminder.Status.PENDING and digest.sent_at is None
    assert "SMTPServerDisconnected" in digest.last_error and digest.next_attempt_at > timezone.now()
    sent_before = len(mail.outbox)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    again = reminders_send(ids=chunk)  # the redelivered batch
    assert set(again.sent) == to_board and again.skipped == len(chunk) - 2
    assert len(mail.outbox) == sent_before + 2
    assert len({m.extra_headers["Message-ID"] for m in mail.outbox}) == len(mail.outbox)
    assert Notification.objects.filter(reminder=digest).count() == 1  # told in the portal once


def test_a_mail_server_failure_is_not_recorded_as_sent_and_is_retried(h1, settings):
    plan = reminders_plan(today=D(2023, 6, 3))
    [chunk] = plan.chunks
    settings.EMAIL_BACKEND = "tests.notifications.backends.ServerDownBackend"
    outcome = reminders_send(ids=chunk, retry_in=120)
    assert len(outcome.failed) == 4 and outcome.sent == [] and "Connection refused" in outcome.errors[0]
    assert not Reminder.objects.filter(status=Reminder.Status.SENT).exists()
    waiting = Reminder.objects.filter(status=Reminder.Status.PENDING)
    assert waiting.count() == 4 and all(r.attempts == 1 and r.next_attempt_at for r in waiting)
    assert Notification.objects.count() == 5  # the portal does not depend on the mail server
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    retried = reminders_send(ids=outcome.failed)
    assert len(retried.sent) == 4 and len(mail.outbox) == 4
    assert Notification.objects.count() == 5
    reachable = Reminder.objects.filter(kind="upcoming").exclude(status="unreachable")
    assert set(reachable.values_list("attempts", flat=True)) == {2}


def test_after_the_last_retry_the_reminder_stays_failed_until_requeued(h1, settings):
    plan = reminders_plan(today=D(2023, 6, 3))
    settings.EMAIL_BACKEND = "tests.notifications.backends.ServerDownBackend"
    outcome = reminders_send(ids=plan.chunks[0])
    assert reminders_give_up(ids=outcome.failed) == 4
    assert Reminder.objects.filter(status=Reminder.Status.FAILED).count() == 4
    assert reminders_stalled(now=timezone.now() + datetime.timedelta(days=1)) == []
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    [chunk] = reminders_requeue(ids=outcome.failed)
    assert len(reminders_send(ids=chunk).sent) == 4


def test_a_planner_that_died_before_handing_out_its_batches_is_caught_by_the_sweep(h1):
    reminders_plan(today=D(2023, 6, 3))  # claimed; the batches never reached a worker
    assert reminders_stalled() == []
    [chunk] = reminders_stalled(now=timezone.now() + datetime.timedelta(hours=1))
    assert len(chunk) == 5


class _LeaseRunsOutWhileConnecting(locmem.EmailBackend):
    """A slow mail server: while this worker connects, its lease runs out and another worker
    takes the batch over and sends it."""

    def __init__(self, ids, **kwargs):
        super().__init__(**kwargs)
        self.ids, self.other = ids, None

    def open(self):
        Reminder.objects.filter(pk__in=self.ids).update(lease_until=timezone.now() - datetime.timedelta(seconds=1))
        self.other = reminders_send(ids=self.ids)
        return super().open()


def test_a_worker_that_outlived_its_lease_does_not_send_what_another_took_over(h1):
    plan = reminders_plan(today=D(2023, 6, 3))
    ids = plan.chunks[0]
    slow = _LeaseRunsOutWhileConnecting(ids)
    outcome = reminders_send(ids=ids, connection=slow)
    assert len(slow.other.sent) == 4  # the other worker sent the four reachable units' e-mails
    assert outcome.sent == [] and outcome.skipped == 4  # the slow one, checking its hold, sent none
    assert len(mail.outbox) == 4
    assert set(Reminder.objects.filter(pk__in=slow.other.sent).values_list("status", flat=True)) == {"sent"}


def test_a_worker_renews_its_lease_before_each_email(h1, monkeypatch):
    """Leased for 10 minutes; the server takes 9 to answer. Before each e-mail the worker extends
    its hold, so that nobody else takes the reminder over while it is being sent."""
    plan = reminders_plan(today=D(2023, 6, 3))
    start = timezone.now()
    clock = {"now": start}
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])
    held_until = []

    class SlowServer(locmem.EmailBackend):
        def open(self):
            clock["now"] = start + datetime.timedelta(minutes=9)
            return super().open()

        def send_messages(self, messages):
            held_until.append(Reminder.objects.filter(status=Reminder.Status.SENDING).order_by("-lease_until")
                              .values_list("lease_until", flat=True).first())
            return super().send_messages(messages)

    outcome = reminders_send(ids=plan.chunks[0], connection=SlowServer())
    assert len(outcome.sent) == 4
    assert held_until and all(until == start + datetime.timedelta(minutes=19) for until in held_until)


class _LeaseRunsOutThenServerFails(_LeaseRunsOutWhileConnecting):
    def open(self):
        super().open()
        raise ConnectionRefusedError("the server went away")


def test_a_worker_that_outlived_its_lease_and_then_fails_hands_nothing_back(h1):
    """Its hand-back carries its own lease token: what the other worker sent stays sent."""
    plan = reminders_plan(today=D(2023, 6, 3))
    ids = plan.chunks[0]
    slow = _LeaseRunsOutThenServerFails(ids)
    outcome = reminders_send(ids=ids, connection=slow)
    assert len(slow.other.sent) == 4 and len(outcome.failed) == 4  # it believes it failed them
    sent = Reminder.objects.filter(pk__in=slow.other.sent)
    assert set(sent.values_list("status", flat=True)) == {"sent"}
    assert set(sent.values_list("last_error", flat=True)) == {""} and not sent.filter(next_attempt_at__isnull=False)
