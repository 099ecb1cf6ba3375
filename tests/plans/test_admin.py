"""The admin follows the plan's rule: once a report is sent, what it means is read-only there too."""
import pytest
from django.urls import reverse

from reporting.services import report_save
from tests.reporting.values import complete_values

pytestmark = pytest.mark.django_db


def test_once_a_report_is_sent_the_admin_cannot_change_what_it_means(client, plan, users, open_reports):
    indicator = plan.indicators.get(code="CT1_DONE")
    client.force_login(users["admin"])
    url = reverse("admin:plans_indicator_change", args=[indicator.pk])
    assert 'name="label"' in client.get(url).content.decode()  # nothing sent yet: editable
    report = open_reports["grass_a1"]
    report_save(report=report, by=users["grass_a1"], values=complete_values(report), version=0, submit=True)
    page = client.get(url).content.decode()
    assert 'name="label"' not in page and indicator.label in page
    client.post(url, {"label": "Một câu hỏi khác", "kind": "count"})
    indicator.refresh_from_db()
    assert indicator.label != "Một câu hỏi khác" and indicator.kind == "yes_no"
    assert client.get(reverse("admin:plans_indicator_delete", args=[indicator.pk])).status_code == 403
    plan_page = client.get(reverse("admin:plans_plan_change", args=[plan.pk]))
    assert plan_page.status_code == 200 and 'name="title"' in plan_page.content.decode()  # the title stays editable
    assert 'name="first_year"' not in plan_page.content.decode()
