"""End to end through a real Redis broker and a real Celery worker process: delivered, once,
even when the run is repeated or doubled, and retried when the mail server is down."""
import datetime
import shutil
import socket
import time
from collections import Counter

import pytest

from notifications.models import Notification, Reminder, ReminderRun
from notifications.planning import reminders_plan

from .smtp_sink import SMTPSink
from .worker import SITE, Worker, broker_url, mail_files

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

DAILY, CHUNK = "notifications.send_daily_reminders", "notifications.send_reminder_chunk"
# Redis databases of this module's own (the rest of the suite uses 14 and 15).
FILE_WORKER_DB, SMTP_WORKER_DB = 11, 12


@pytest.fixture(scope="module")
def mail_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("worker-mail")


@pytest.fixture(scope="module")
def file_worker(django_db_setup, django_db_blocker, mail_dir, tmp_path_factory):
    """One worker for the module, writing its mail into files the tests read."""
    with Worker(broker=broker_url(FILE_WORKER_DB), log=tmp_path_factory.mktemp("worker") / "worker.log",
                TEST_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
                TEST_EMAIL_FILE_PATH=str(mail_dir)) as worker:
        yield worker


@pytest.fixture
def outbox(mail_dir):
    shutil.rmtree(mail_dir)
    mail_dir.mkdir()
    return lambda: mail_files(mail_dir)


def settled(expected_sent: int):
    def check():
        return (Reminder.objects.filter(status=Reminder.Status.SENT).count() == expected_sent
                and not Reminder.objects.filter(status__in=[Reminder.Status.PENDING, Reminder.Status.SENDING]).exists())
    return check


def test_a_reminder_is_delivered_end_to_end(file_worker, h1, officers, outbox):
    period, reports = h1
    file_worker.publish(DAILY, "2023-06-03")
    file_worker.wait_for(settled(4), "4 reminders sent")
    messages = outbox()
    assert sorted(m["To"] for m in messages) == ["a1@congdoan.vn", "b1@congdoan.vn", "giolinh@ldld.vn",
                                                 "vinhlinh@ldld.vn"]
    message = next(m for m in messages if m["To"] == "a1@congdoan.vn")
    # (.strip(): Python folds a long encoded subject onto the next line, behind a space)
    assert message["Subject"].strip() == ("[Cổng 1306] Còn 7 ngày đến hạn gửi Báo cáo 6 tháng 2023 (10/06/2023) – "
                                  "Công đoàn Trường THPT Vĩnh Linh")
    link = f"{SITE}/reports/{reports['grass_a1'].pk}/"
    text, html = message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()
    assert "Còn 7 ngày nữa là đến hạn gửi Báo cáo 6 tháng 2023 (hạn cuối: ngày 10/06/2023)" in text
    assert link in text and f'href="{link}"' in html
    run = ReminderRun.objects.get()
    assert (run.source, run.day.isoformat(), run.planned) == ("schedule", "2023-06-03", 5)
    assert Reminder.objects.get(report=reports["grass_a2"]).status == Reminder.Status.UNREACHABLE
    assert officers["grass_a1"].notifications.count() == 1 and Notification.objects.count() == 5


def test_a_second_run_on_the_same_day_sends_nothing(file_worker, h1, outbox):
    file_worker.publish(DAILY, "2023-06-03")
    file_worker.wait_for(settled(4), "the first run's 4 reminders")
    file_worker.publish(DAILY, "2023-06-03")
    file_worker.wait_for(lambda: ReminderRun.objects.count() == 2, "the second run")
    time.sleep(1.5)  # the second run claimed nothing and queued nothing: give a stray send time to show
    assert list(ReminderRun.objects.order_by("pk").values_list("planned", flat=True)) == [5, 0]
    assert len(outbox()) == 4
    assert Reminder.objects.count() == 5 and Notification.objects.count() == 5


def test_two_concurrent_runs_send_each_reminder_once(file_worker, h1, outbox):
    file_worker.publish(DAILY, "2023-06-12")  # a Monday: overdue notices, escalations and the digest
    file_worker.publish(DAILY, "2023-06-12")
    expected = 5 + 5 + 1  # overdue, escalation (to 3 unions above), digest
    file_worker.wait_for(lambda: ReminderRun.objects.count() == 2, "both runs")
    file_worker.wait_for(lambda: Reminder.objects.count() == expected and not Reminder.objects.filter(
        status__in=[Reminder.Status.PENDING, Reminder.Status.SENDING]).exists(), "every reminder settled")
    time.sleep(1)  # anything sent twice would arrive now
    assert sum(ReminderRun.objects.values_list("planned", flat=True)) == expected == Reminder.objects.count()
    assert Counter(Reminder.objects.values_list("status", flat=True)) == {"sent": 10, "unreachable": 1}
    messages = outbox()
    ids = Counter(m["Message-ID"] for m in messages)
    assert ids and max(ids.values()) == 1
    # overdue: 4 reachable units; escalation: one e-mail each to Vĩnh Linh, Gio Linh and the Board; digest
    assert len(messages) == 4 + 3 + 1
    assert Counter(m["To"] for m in messages)["bancspl@ldld.vn"] == 2


def test_two_workers_taking_the_same_batch_send_it_once(file_worker, h1, outbox):
    plan = reminders_plan(today=datetime.date(2023, 6, 3))
    [chunk] = plan.chunks
    file_worker.publish(CHUNK, chunk)
    file_worker.publish(CHUNK, chunk)
    file_worker.wait_for(settled(4), "the batch sent")
    time.sleep(1)  # let the second copy of the batch finish too
    assert len(outbox()) == 4
    assert all(r.attempts == 1 for r in Reminder.objects.filter(status="sent"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_mail_server_failure_is_retried_and_the_reminder_then_goes_out_once(h1, tmp_path):
    port = free_port()  # nothing listens there yet: the mail server is down
    with Worker(broker=broker_url(SMTP_WORKER_DB), log=tmp_path / "worker.log",
                TEST_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                EMAIL_URL=f"smtp://127.0.0.1:{port}", EMAIL_TIMEOUT="5") as worker:
        worker.publish(DAILY, "2023-06-03")
        worker.wait_for(lambda: Reminder.objects.filter(status="pending", attempts__gte=1).exclude(last_error="")
                        .count() == 4, "the first attempt to fail")
        failed = Reminder.objects.filter(status="pending").first()
        assert not Reminder.objects.filter(status="sent").exists() and failed.sent_at is None
        assert "ConnectionRefusedError" in failed.last_error
        with SMTPSink(port) as server:
            worker.wait_for(settled(4), "the retry to send all 4", timeout=60)
            time.sleep(1)  # anything sent twice would arrive now
            received = list(server.messages)
        assert "retry: Retry in" in worker.output()  # Celery's own retry, with its countdown
    assert len(received) == 4
    assert sorted(to for recipients, _ in received for to in recipients) == [
        "a1@congdoan.vn", "b1@congdoan.vn", "giolinh@ldld.vn", "vinhlinh@ldld.vn"]
    assert len({message["Message-ID"] for _, message in received}) == 4
    subjects = {message["Subject"].strip() for _, message in received}
    assert ("[Cổng 1306] Còn 7 ngày đến hạn gửi Báo cáo 6 tháng 2023 (10/06/2023) – Công đoàn Trường THPT Vĩnh Linh"
            in subjects)
    assert all(r.attempts >= 2 and r.last_error == "" for r in Reminder.objects.filter(status="sent"))
