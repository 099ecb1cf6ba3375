"""Pages whose cost depends on what they show (issue 13): the review queue, the home's count of
what waits for review and the deadline-extension page take the same number of queries for a
few units or hundreds."""
import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reporting.models import Report, ReportingPeriod
from reporting.periods import deadline_extend, period_generate_reports
from tests.factories import make_union

pytestmark = pytest.mark.django_db


def queries(user, url, params=None) -> int:
    client = Client()
    client.force_login(user)
    client.get(url, params)  # the session and the user, once
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


def sent_units(plan, tree, per_upper: int):
    """`per_upper` more grassroots unions under each upper-level union, every report of 2023-Y
    sent (the upper-level unions' own too): all of them wait for review."""
    for upper in (tree["upper_a"], tree["upper_b"]):
        for n in range(per_upper):
            make_union(upper, name=f"Công đoàn cơ sở {upper.code}-{n:03d}")
    period = ReportingPeriod.objects.get(plan=plan, code="2023-Y")
    period_generate_reports(period=period)
    Report.objects.filter(period=period).update(status=Report.Status.SUBMITTED,
                                                submitted_at=datetime.datetime(2023, 11, 20, 9, tzinfo=datetime.UTC))
    return period


@pytest.mark.parametrize("who, url, params", [
    ("board", "reporting:review_queue", None),
    ("board", "reporting:review_queue", {"branch": "own"}),
    ("board", "reporting:review_queue", {"step": "all", "period": "2023-Y"}),
    ("upper_a", "reporting:review_queue", None),
    ("board", "home", None),
    ("upper_a", "home", None),
])
def test_the_same_queries_for_a_few_units_or_hundreds(plan, tree, users, who, url, params):
    sent_units(plan, tree, 2)
    few = queries(users[who], reverse(url), params)
    sent_units(plan, tree, 60)
    assert queries(users[who], reverse(url), params) == few


def test_the_boards_home_and_queue_count_what_waits(plan, tree, users):
    sent_units(plan, tree, 60)
    client = Client()
    client.force_login(users["board"])
    response = client.get(reverse("home"))
    assert (response.context["waiting"], response.context["waiting_below"]) == (2, 123)
    queue = client.get(reverse("reporting:review_queue"))
    assert queue.context["page"].paginator.count == 125 and len(queue.context["page"].object_list) == 50


def test_the_extension_page_is_paged_whatever_the_number_of_extensions(plan, tree, users):
    period = sent_units(plan, tree, 2)
    Report.objects.filter(period=period).update(status=Report.Status.NOT_STARTED, submitted_at=None)
    url = reverse("reporting:period_extend", args=[period.pk])
    deadline_extend(period=period, unit=tree["grass_a1"], new_deadline=datetime.date(2023, 11, 30),
                    reason="Gia hạn đầu tiên", by=users["board"])
    few = queries(users["board"], url)
    for report in Report.objects.filter(period=period).select_related("unit"):  # 9 units, one each
        deadline_extend(period=period, unit=report.unit, new_deadline=datetime.date(2023, 12, 1),
                        reason=f"Gia hạn cho {report.unit.code}", by=users["board"])
    for n in range(50):  # then every unit, later each time (an extension is kept where a report moved)
        deadline_extend(period=period, unit=None, new_deadline=datetime.date(2024, 1, 1) + datetime.timedelta(days=n),
                        reason=f"Gia hạn chung {n}", by=users["board"])
    assert queries(users["board"], url) == few
    client = Client()
    client.force_login(users["board"])
    page = client.get(url).context["extensions"]
    assert page.paginator.count == 1 + 9 + 50 and len(page.object_list) == 50
