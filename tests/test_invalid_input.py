"""A NUL character anywhere in a request answers 400, never a 500 (PostgreSQL refuses NUL in
text): every URL the attacker tried, on SQLite and on PostgreSQL (the suite's second pass)."""
import pytest
from django.urls import reverse

from reporting.models import ReportingPeriod

NUL_GETS = [
    "/units/?q=%00",
    "/dashboard/?unit=%00",
    "/dashboard/?period=%00",
    "/dashboard/trends/?period=%00",
    "/dashboard/trends/?unit=%00",
    "/dashboard/compare/?period=%00",
    "/dashboard/compare/?a=%00&b=2023-Y",
    "/dashboard/export/?period=%00",
    "/dashboard/export/?format=pdf&period=2023-Y&unit=%00",
    "/review/?period=%00",
    "/notifications/reminders/?period=%00",
    "/notifications/reminders/?kind=%00&status=%00",
    "/plans/%00/",
    "/units/?%00=1",
]


@pytest.mark.parametrize("url", NUL_GETS)
def test_a_nul_in_a_query_parameter_or_the_path_answers_400(client, users, plan, url):
    client.force_login(users["board"])
    response = client.get(url)
    assert response.status_code == 400
    assert "Không đọc được" in response.content.decode()  # the page says what happened, in Vietnamese


def test_a_nul_in_the_extension_forms_unit_answers_400(client, users, plan):
    client.force_login(users["board"])
    period = ReportingPeriod.objects.get(plan=plan, code="2023-Y")
    response = client.post(reverse("reporting:period_extend", args=[period.pk]),
                           {"unit": "U\x00", "new_deadline": "30/12/2023", "reason": "Bão lụt"})
    assert response.status_code == 400
    assert not period.extensions.exists()


@pytest.mark.parametrize("data", [{"reason": "a\x00b"}, {"a\x00": "x"}])
def test_a_nul_in_any_form_field_or_its_name_answers_400(client, users, open_reports, data):
    client.force_login(users["upper_a"])
    response = client.post(reverse("reporting:report_review", args=[open_reports["grass_a1"].pk]),
                           {"action": "return", **data})
    assert response.status_code == 400


def test_a_nul_in_the_sign_in_form_or_a_cookie_answers_400(client, db):
    assert client.post(reverse("login"), {"username": "cdcs\x00", "password": "x"}).status_code == 400
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    assert client.get(reverse("login")).status_code == 400


def test_ordinary_input_passes(client, users, plan):
    client.force_login(users["board"])
    assert client.get("/units/?q=Vĩnh Linh").status_code == 200
    assert client.get("/dashboard/?period=2023-Y").status_code == 200
