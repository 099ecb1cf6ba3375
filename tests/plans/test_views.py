"""The Board's plan pages: copy, edit, preview each level's form, publish; others are refused."""
import pytest
from django.urls import reverse

from plans.models import Plan
from reporting.models import Report

pytestmark = pytest.mark.django_db


def test_the_board_copies_edits_previews_and_publishes_through_its_pages(client, plan, users):
    client.force_login(users["board"])
    assert client.get(reverse("plans:board_list")).status_code == 200
    response = client.post(reverse("plans:board_copy", args=[plan.pk]), {
        "code": "KH-2024", "title": "Kế hoạch 2024 - 2028", "first_year": 2024, "last_year": 2028})
    copy = Plan.objects.get(code="KH-2024")
    assert response.status_code == 302 and response["Location"] == reverse("plans:board_edit", args=[copy.pk])
    page = client.get(reverse("plans:board_edit", args=[copy.pk]))
    assert page.status_code == 200
    form_data = {}
    for name in ("plan_form", "targets", "groups", "indicators"):
        form = page.context[name]
        forms = [form] if name == "plan_form" else [form.management_form, *form.forms]
        for f in forms:
            for field in f:
                if field.field.disabled:
                    continue  # a browser does not send a disabled field
                value = field.value()
                if value is None or value is False:
                    continue
                form_data[field.html_name] = "on" if value is True else value
    ct1 = next(f for f in page.context["targets"].forms if f.instance.code == "CT1")
    form_data[ct1["threshold"].html_name] = "90"
    form_data["plan-h1_deadline_day"] = "15"
    response = client.post(reverse("plans:board_edit", args=[copy.pk]), form_data)
    assert response.status_code == 302, response.context["plan_form"].errors
    copy.refresh_from_db()
    assert copy.h1_deadline_day == 15 and copy.targets.get(code="CT1").threshold == 90
    preview = client.get(reverse("plans:board_preview", args=[copy.pk]), {"level": "grassroots", "kind": "H1"})
    assert preview.status_code == 200 and "CT5B_DONE" in preview.content.decode()
    upper = client.get(reverse("plans:board_preview", args=[copy.pk]), {"level": "upper", "kind": "Y"}).content.decode()
    assert "CT7_DONE" in upper and "CT5B_DONE" not in upper  # CT7 upper-level annual only, CT5b grassroots
    assert client.post(reverse("plans:board_publish", args=[copy.pk])).status_code == 302
    copy.refresh_from_db()
    assert copy.is_active and Report.objects.filter(period__plan=copy).count() == 50


@pytest.mark.parametrize("who", ["grass_a1", "upper_a", "leadership"])
def test_others_are_refused(client, plan, users, who):
    client.force_login(users[who])
    assert client.get(reverse("plans:board_list")).status_code == 403
    assert client.post(reverse("plans:board_copy", args=[plan.pk]), {"code": "X"}).status_code == 403


def test_the_board_cannot_change_the_plan_shared_by_every_province(client, plan, users):
    client.force_login(users["board"])
    assert client.get(reverse("plans:board_edit", args=[plan.pk])).status_code == 404
    assert client.post(reverse("plans:board_publish", args=[plan.pk])).status_code == 404
    assert client.get(reverse("plans:board_copy", args=[plan.pk])).status_code == 200
