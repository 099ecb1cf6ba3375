"""Two active plans (issue 16): the dashboard, its documents and the reminders work for the second
plan as for the first, and the plan is chosen on each page."""
import datetime

import pytest
from django.urls import reverse

from plans.services import plan_copy, plan_edit, plan_publish
from reporting.models import Report, ReportingPeriod
from reporting.services import report_save
from tests.reporting.values import complete_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def second(plan, users, open_reports):
    copy = plan_copy(plan=plan, code="KH-2024", title="Kế hoạch 2024 - 2028", first_year=2024, last_year=2028,
                     by=users["board"])
    plan_edit(plan=copy, by=users["board"], edits=[(copy.targets.get(code="CT1"), {"threshold": 90})])
    plan_publish(plan=copy, by=users["board"], open_on=datetime.date(2024, 3, 1))
    period = ReportingPeriod.objects.get(plan=copy, code="2024-H1")
    report = Report.objects.get(period=period, unit=open_reports["grass_a1"].unit)
    report_save(report=report, by=users["grass_a1"], values=complete_values(report), version=0, submit=True)
    return copy


def test_the_dashboard_offers_both_plans_and_shows_the_chosen_ones_figures(client, users, second):
    client.force_login(users["board"])
    page = client.get(reverse("reporting:dashboard"), {"plan": "KH-2024", "period": "2024-H1"})
    assert page.status_code == 200
    assert page.context["period"].plan == second and page.context["rollup"].completeness.submitted == 1
    assert {p.code for p in page.context["plans"]} == {"KH-1306", "KH-2024"}
    assert {p.plan_id for p in page.context["periods"]} == {second.pk}
    assert 'data-testid="plan-choice"' in page.content.decode()
    old = client.get(reverse("reporting:dashboard"), {"plan": "KH-1306"})
    assert old.context["period"].plan.code == "KH-1306"
    # a period code of the other plan, with the plan just changed: that plan's own default period
    assert client.get(reverse("reporting:dashboard"), {"plan": "KH-1306", "period": "2024-H1"}).status_code == 200
    assert client.get(reverse("reporting:dashboard"), {"plan": "NOPE"}).status_code == 404
    for name in ("reporting:trends", "reporting:compare"):
        response = client.get(reverse(name), {"plan": "KH-2024"})
        assert response.status_code == 200 and response.context["plan"] == second
    export = client.get(reverse("reporting:export"), {"plan": "KH-2024", "period": "2024-H1", "format": "xlsx"})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxml")
    pdf = client.get(reverse("reporting:export"), {"plan": "KH-2024", "period": "2024-H1", "format": "pdf"})
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content if pdf.streaming else [pdf.content])[:4] == b"%PDF"


def test_the_second_plans_open_periods_are_chased_by_the_reminders(second, open_reports):
    from notifications.models import Reminder
    from notifications.planning import reminders_plan

    reminders_plan(today=datetime.date(2024, 6, 9))  # a day before the six-month deadline
    chased = Reminder.objects.filter(report__period__plan=second)
    assert chased.exists()
    sent = Report.objects.get(period__plan=second, period__code="2024-H1", unit=open_reports["grass_a1"].unit)
    assert not chased.filter(report=sent).exists()  # never a unit that has sent it


def test_the_plan_page_offers_both_plans(client, users, second):
    client.force_login(users["grass_a1"])
    page = client.get(reverse("plans:current")).content.decode()
    assert 'data-testid="plan-choice"' in page and reverse("plans:detail", args=["KH-1306"]) in page
    assert client.get(reverse("plans:detail", args=["KH-1306"])).context["plan"].code == "KH-1306"
