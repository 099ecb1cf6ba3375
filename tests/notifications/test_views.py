"""The bell, the list of one's own notifications, and the Board's pages (refused to others)."""
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import Notification, ReminderPolicy
from notifications.planning import reminders_plan
from notifications.sending import reminders_send

from .conftest import D


@pytest.fixture
def notified(h1):
    """The 03/06/2023 reminders planned and sent: every officer has a notification."""
    for chunk in reminders_plan(today=D(2023, 6, 3)).chunks:
        reminders_send(ids=chunk)
    return h1


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def unread_badge(page: str) -> str | None:
    found = re.search(r'data-testid="unread">(\d+)<', page)
    return found and found.group(1)


def test_the_bell_shows_the_unread_count_on_every_page(notified, officers):
    client = client_for(officers["grass_a1"])
    assert unread_badge(client.get(reverse("home")).content.decode()) == "1"
    assert unread_badge(client_for(officers["leader"]).get(reverse("home")).content.decode()) is None


def test_the_list_shows_only_the_persons_own_notifications(notified, officers):
    page = client_for(officers["grass_a1"]).get(reverse("notifications:list")).content.decode()
    own = officers["grass_a1"].notifications.get()
    others = Notification.objects.exclude(user=officers["grass_a1"])
    assert others.count() == 4
    assert own.get_absolute_url() in page and "Công đoàn Trường THPT Vĩnh Linh" in page and "10/06/2023" in page
    for other in others:
        assert other.get_absolute_url() not in page
    assert "Công đoàn Công ty TNHH Gio Linh" not in page


def test_opening_a_notification_marks_it_read_and_goes_to_the_report(notified, officers):
    client = client_for(officers["grass_a1"])
    own = officers["grass_a1"].notifications.get()
    response = client.get(own.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == f"/reports/{notified[1]['grass_a1'].pk}/"
    own.refresh_from_db()
    assert own.read_at is not None
    assert unread_badge(client.get(reverse("home")).content.decode()) is None


def test_another_persons_notification_is_not_found(notified, officers):
    theirs = officers["grass_b1"].notifications.get()
    assert client_for(officers["grass_a1"]).get(theirs.get_absolute_url()).status_code == 404
    assert client_for(officers["board"]).get(theirs.get_absolute_url()).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_touches_only_ones_own(notified, officers):
    client = client_for(officers["grass_a1"])
    assert client.get(reverse("notifications:mark_read")).status_code == 405
    assert client.post(reverse("notifications:mark_read")).status_code == 302
    assert not Notification.objects.filter(user=officers["grass_a1"], read_at__isnull=True).exists()
    assert Notification.objects.filter(read_at__isnull=True).count() == 4


def test_anonymous_visitors_are_sent_to_sign_in(db):
    response = Client().get(reverse("notifications:list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name, args", [("notifications:log", []), ("notifications:policy", []),
                                        ("notifications:missing", ["period"])])
def test_board_pages_are_the_boards_alone(notified, officers, name, args):
    period, reports = notified
    url = reverse(name, args=[period.pk if a == "period" else a for a in args])
    assert client_for(officers["board"]).get(url).status_code == 200
    for who in ("grass_a1", "upper_a", "leader"):
        assert client_for(officers[who]).get(url).status_code == 403, who
    assert Client().get(url).status_code == 302


def test_the_log_shows_what_was_sent_to_whom(notified, officers):
    client = client_for(officers["board"])
    page = client.get(reverse("notifications:log")).content.decode()
    assert "a1@congdoan.vn" in page and "Công đoàn UBND xã Vĩnh Thạch" in page
    filtered = client.get(reverse("notifications:log"), {"status": "unreachable"}).content.decode()
    assert "Công đoàn UBND xã Vĩnh Thạch" in filtered and "a1@congdoan.vn" not in filtered


def test_the_log_takes_the_same_queries_whatever_its_length(notified, officers):
    client = client_for(officers["board"])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("notifications:log")).status_code == 200
        return len(queries)

    before = count()
    for day in (D(2023, 6, 7), D(2023, 6, 9), D(2023, 6, 10)):
        for chunk in reminders_plan(today=day).chunks:
            reminders_send(ids=chunk)
    assert count() == before


def test_the_board_changes_the_policy(notified, officers):
    client = client_for(officers["board"])
    data = {"is_active": "on", "days_before": "10, 5,1", "on_the_day": "on", "overdue_after_days": "2",
            "overdue_every_days": "3", "escalate": "on", "escalate_after_days": "4", "remind_returned": "on",
            "digest_weekday": "4"}
    response = client.post(reverse("notifications:policy"), data)
    assert response.status_code == 302
    policy = ReminderPolicy.objects.get(province=officers["board"].unit)  # the province's own (issue 11)
    assert (policy.days_before, policy.overdue_every_days, policy.digest_weekday, policy.updated_by) == (
        "10,5,1", 3, 4, officers["board"])
    assert ReminderPolicy.objects.get(province__isnull=True).days_before == "14,7,3,1"  # the default stays
    page = client.get(reverse("notifications:policy")).content.decode()
    assert "31/05/2023" in page  # 10 days before 10/06/2023, in the calendar of the open period


VALID_POLICY = {"is_active": "on", "days_before": "10,5,1", "on_the_day": "on", "overdue_after_days": "1",
                "overdue_every_days": "7", "escalate": "on", "escalate_after_days": "1", "remind_returned": "on",
                "digest_weekday": "0"}


@pytest.mark.parametrize("change, field", [
    ({"days_before": "7,400"}, "days_before"),  # a day past a year
    ({"days_before": "0,7"}, "days_before"),  # "0 days before" is the day itself: its own switch
    ({"days_before": "", "on_the_day": ""}, "days_before"),  # nothing before, nothing on the day: no reminder at all
    ({"overdue_every_days": "0"}, "overdue_every_days"),  # repeating every 0 days
])
def test_a_wrong_policy_is_refused_and_nothing_changes(notified, officers, change, field):
    client = client_for(officers["board"])
    data = {key: value for key, value in {**VALID_POLICY, **change}.items() if value != ""}
    response = client.post(reverse("notifications:policy"), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    policy = ReminderPolicy.objects.get()
    assert (policy.days_before, policy.on_the_day, policy.overdue_every_days) == ("14,7,3,1", True, 7)
    assert client.post(reverse("notifications:policy"), VALID_POLICY).status_code == 302  # the base is valid


def test_the_missing_page_lists_units_by_upper_level_union(notified, officers):
    period, reports = notified
    page = client_for(officers["board"]).get(reverse("notifications:missing", args=[period.pk])).content.decode()
    assert page.index("Liên đoàn Lao động huyện Vĩnh Linh") < page.index("Công đoàn UBND xã Vĩnh Thạch") \
        < page.index("Liên đoàn Lao động huyện Gio Linh")
    assert page.count('data-testid="unreachable"') == 1
