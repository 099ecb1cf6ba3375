"""A notice leads to the reports it is about: an escalation opens the union's overview of that
period, where each late unit links to its report."""
from django.test import Client

from notifications.models import Notification, Reminder
from notifications.planning import reminders_plan
from notifications.sending import reminders_send

from .conftest import D


def test_an_escalation_notice_opens_the_overview_whose_late_list_links_each_report(h1, officers, tree):
    period, reports = h1
    reminders_plan(today=D(2023, 6, 11))
    escalations = Reminder.objects.filter(kind=Reminder.Kind.ESCALATION, recipient_unit=tree["upper_a"])
    reminders_send(ids=list(escalations.values_list("pk", flat=True)))
    notice = Notification.objects.filter(user=officers["upper_a"]).latest("pk")
    assert notice.url == f"/dashboard/?unit={tree['upper_a'].code}&period={period.code}"
    client = Client()
    client.force_login(officers["upper_a"])
    page = client.get(notice.url).content.decode()
    assert f'<a href="{reports["grass_a1"].get_absolute_url()}">{tree["grass_a1"].name}</a>' in page
