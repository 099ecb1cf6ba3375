"""Every role finds its way: the Board's home counts what waits for the Board itself, and the
review queue filters by branch, step and unit (diacritics ignored)."""
import pytest
from django.urls import reverse

from reporting.models import Report
from reporting.periods import period_generate_reports
from reporting.review import report_return
from reporting.services import report_save
from tests.reporting.values import complete_values


@pytest.fixture
def waiting(tree, users, plan):
    """Sent: the two districts' own reports and two grassroots unions' below them."""
    from reporting.models import ReportingPeriod

    period = ReportingPeriod.objects.get(plan=plan, code="2023-Y")
    period_generate_reports(period=period)
    sent = {}
    for key, unit in [("upper_a", tree["upper_a"]), ("grass_a1", tree["grass_a1"]), ("grass_b1", tree["grass_b1"]),
                      ("upper_b", tree["upper_b"])]:
        report = Report.objects.get(period=period, unit=unit)
        officer = users[key]
        sent[key] = report_save(report=report, by=officer, values=complete_values(report), version=0, submit=True)
    return sent


def queue(client, **params):
    response = client.get(reverse("reporting:review_queue"), params)
    assert response.status_code == 200
    return {r.unit.code for r in response.context["page"]}


@pytest.mark.django_db
def test_the_boards_home_counts_what_waits_for_the_board_itself(client, users, tree, waiting):
    client.force_login(users["board"])
    page = client.get(reverse("home")).content.decode()
    assert "Có 2 báo cáo đang chờ bạn xem xét." in page
    assert "2 báo cáo nữa của công đoàn cơ sở đang chờ công đoàn cấp trên xem xét." in page
    assert queue(client, branch="own") == {tree["upper_a"].code, tree["upper_b"].code}


@pytest.mark.django_db
def test_an_upper_officers_home_counts_their_grassroots_unions(client, users, waiting):
    client.force_login(users["upper_a"])
    assert "Có 1 báo cáo đang chờ bạn xem xét." in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_the_queue_filters_by_branch_step_and_unit(client, users, tree, waiting):
    client.force_login(users["board"])
    assert len(queue(client)) == 4
    assert queue(client, branch=tree["upper_a"].pk) == {tree["upper_a"].code, tree["grass_a1"].code}
    assert queue(client, unit="truong thpt vinh linh") == {tree["grass_a1"].code}
    assert queue(client, unit=tree["upper_b"].code) == {tree["upper_b"].code}
    report_return(report=waiting["grass_b1"], by=users["upper_b"], reason="Bổ sung số liệu.")
    assert queue(client, step="returned") == {tree["grass_b1"].code}
    assert tree["grass_b1"].code not in queue(client)
    assert len(queue(client, step="all")) == 4
    assert queue(client, branch="999999") == queue(client)  # a branch not offered filters nothing


@pytest.mark.django_db
def test_an_upper_officer_never_sees_another_branch_through_the_filters(client, users, tree, waiting):
    client.force_login(users["upper_a"])
    assert queue(client) == {tree["grass_a1"].code}
    assert queue(client, branch=tree["upper_b"].pk) == {tree["grass_a1"].code}
    assert queue(client, unit="Gio Linh", step="all") == set()


@pytest.mark.django_db
def test_dashboard_rows_and_the_missing_list_link_to_the_units_reports(client, users, tree, waiting):
    client.force_login(users["board"])
    page = client.get(reverse("reporting:dashboard"), {"period": "2023-Y"}).content.decode()
    upper_report = waiting["upper_a"]
    assert f'href="{reverse("reporting:report_detail", args=[upper_report.pk])}" data-testid="branch-report"' in page
    missing = Report.objects.get(period=upper_report.period, unit=tree["grass_a2"])
    assert f'<a href="{missing.get_absolute_url()}">{tree["grass_a2"].name}</a>' in page  # not sent: listed, linked
    page = client.get(reverse("reporting:dashboard"), {"period": "2023-Y", "unit": tree["upper_a"].code}).content.decode()
    grass_report = waiting["grass_a1"]
    assert (f'<a href="{reverse("reporting:report_detail", args=[grass_report.pk])}" data-testid="branch-report">'
            f'{tree["grass_a1"].name}</a>') in page


def test_one_rounding_rule_for_percentages():
    from decimal import Decimal

    from django.utils import translation

    from compliance.rollups import rate
    from reporting.templatetags.portal_format import percent

    assert rate(7, 9) == Decimal("77.8") and rate(1, 16) == Decimal("6.3") and rate(1, 8) == Decimal("12.5")
    with translation.override("vi"):
        assert percent(rate(7, 9)) == "77,8%"
        assert percent(rate(7, 9), 0) == "78%"  # rounded, never cut to 77%
        assert percent(Decimal("12.5"), 0) == "13%"
        assert percent(Decimal("100"), 0) == "100%"


@pytest.mark.django_db
def test_the_comparison_shows_the_change_task_group_sums_and_lets_one_choose_a_branch(client, users, tree, waiting):
    from reporting.models import ReportingPeriod

    client.force_login(users["board"])
    response = client.get(reverse("reporting:compare"), {"a": "2023-H1", "b": "2023-Y", "unit": tree["upper_a"].code})
    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["scope"] == tree["upper_a"]
    assert f'<option value="{tree["upper_b"].code}">' in page  # another branch to choose
    submitted = next(row for row in response.context["completeness"] if str(row["label"]) == "Đã gửi")
    assert submitted["values"][0] is not None or submitted["change"] is None
    sums = {f["indicator"].code: f for item in response.context["sums"] for f in item["figures"]}
    assert sums  # every numeric task-group figure, in both periods
    some = next(iter(sums.values()))
    assert some["change"] == some["b"] - some["a"]
    assert "Thay đổi (điểm %)" in page and "Số liệu các nhóm nhiệm vụ" in page
    assert ReportingPeriod.objects.filter(code="2023-H1").exists()


def test_changes_are_shown_signed_in_points_and_figures():
    from decimal import Decimal

    from django.utils import translation

    from reporting.templatetags.portal_format import points, signed

    with translation.override("vi"):
        assert points(Decimal("3.25")) == "+3,3" and points(Decimal("-1")) == "−1,0" and points(None) == "—"
        assert signed(1234) == "+1.234" and signed(-56) == "−56" and signed(0) == "0"
