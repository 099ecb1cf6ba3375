"""A return's portal notice carries the reviewer's comment, as its e-mail does."""
import datetime

from django.core import mail
from django.urls import reverse

from notifications.models import Reminder
from notifications.planning import reminders_plan
from notifications.sending import reminders_send
from reporting.review import report_return

from .conftest import submit

REASON = "Bổ sung số liệu nhóm nhiệm vụ 5."


def test_the_portal_notice_and_the_email_say_why_the_report_was_returned(client, h1, officers):
    period, reports = h1
    report = submit(reports["grass_a1"], officers["grass_a1"])
    report_return(report=report, by=officers["upper_a"], reason=REASON)
    reminders_plan(today=datetime.date(2023, 6, 5))
    reminders_send(ids=list(Reminder.objects.filter(kind=Reminder.Kind.RETURNED).values_list("pk", flat=True)))
    assert f"Ý kiến của cấp trên: {REASON}" in mail.outbox[-1].body
    client.force_login(officers["grass_a1"])
    page = client.get(reverse("notifications:list")).content.decode()
    assert "đã được trả lại để bổ sung, sửa chữa. Cấp trên ghi:" in page
    assert REASON in page
