"""Nobody downloads or uploads a workbook outside their subtree: every Excel page, GET and
POST, per role; in scope but not theirs to fill, 403; and nothing changes."""
import pytest
from django.urls import reverse

from reporting.models import Report, ReportValue
from reporting.spreadsheets import bulk_workbook, report_workbook
from tests.spreadsheets.conftest import fill_bulk, fill_template
from tests.spreadsheets.helpers import upload
from tests.test_scoping import SCOPE

REPORT_PAGES = ("reporting:report_workbook", "reporting:report_workbook_upload")


def a_filled_template(report) -> bytes:
    return fill_template(report_workbook(report=report), {"NV1_SESSIONS": 3})


@pytest.mark.parametrize("who", ["grass_a1", "grass_b1", "upper_a", "upper_b", "board", "leadership"])
def test_a_report_outside_the_subtree_answers_404_to_get_and_post(who, client, users, open_reports):
    client.force_login(users[who])
    for key, report in open_reports.items():
        if key in SCOPE[who]:
            continue
        for name in REPORT_PAGES:
            url = reverse(name, args=[report.pk])
            assert client.get(url).status_code == 404, (who, key, name)
            response = client.post(url, {"file": upload(a_filled_template(report))})
            assert response.status_code == 404, (who, key, name)
    assert not ReportValue.objects.exists() and not Report.objects.filter(version__gt=0).exists()


@pytest.mark.parametrize("who, key", [("upper_a", "grass_a1"), ("board", "grass_a1"), ("board", "upper_a"),
                                      ("leadership", "grass_b1"), ("admin", "grass_a2"), ("grass_a1", "grass_a1")])
def test_in_scope_the_template_downloads_but_only_the_units_own_officers_upload(who, key, client, users, open_reports):
    report = open_reports[key]
    client.force_login(users[who])
    assert client.get(reverse("reporting:report_workbook", args=[report.pk])).status_code == 200
    url = reverse("reporting:report_workbook_upload", args=[report.pk])
    own = users[who].unit_id == report.unit_id
    assert client.get(url).status_code == (200 if own else 403)
    response = client.post(url, {"file": upload(a_filled_template(report))})
    assert response.status_code == (302 if own else 403)
    assert ReportValue.objects.filter(report=report).exists() == own


@pytest.mark.parametrize("who", ["grass_a1", "board", "leadership", "admin"])
def test_bulk_pages_are_for_upper_level_officers_only(who, client, users, open_reports):
    period = open_reports["grass_a1"].period
    filled = fill_bulk(bulk_workbook(period=period, by=users["upper_a"]),
                       {open_reports["grass_a1"].unit.code: {"NV1_SESSIONS": 3}})
    client.force_login(users[who])
    for name, args in (("reporting:bulk_index", []), ("reporting:bulk_period", [period.pk]),
                       ("reporting:bulk_workbook", [period.pk])):
        url = reverse(name, args=args)
        assert client.get(url).status_code == 403, (who, name)
        assert client.post(url, {"file": upload(filled)}).status_code == 403, (who, name)
    assert not ReportValue.objects.exists()


def test_an_officer_of_another_branch_gets_only_their_own_rows(client, users, open_reports, tree):
    period = open_reports["grass_a1"].period
    filled = fill_bulk(bulk_workbook(period=period, by=users["upper_a"]),
                       {tree["grass_a1"].code: {"NV1_SESSIONS": 3}})
    client.force_login(users["upper_b"])
    content = client.get(reverse("reporting:bulk_workbook", args=[period.pk])).content
    assert tree["grass_a1"].code.encode() not in content and tree["grass_a1"].name.encode() not in content
    response = client.post(reverse("reporting:bulk_period", args=[period.pk]), {"file": upload(filled)})
    # Both rows are refused, the blank one too: no row of another branch passes.
    assert response.status_code == 400 and [e.field for e in response.context["errors"]] == ["unit", "unit"]
    assert not ReportValue.objects.exists()


def test_a_period_of_an_inactive_plan_is_not_found(client, users, open_reports, plan):
    period = open_reports["grass_a1"].period
    plan.is_active = False
    plan.save()
    client.force_login(users["upper_a"])
    assert client.get(reverse("reporting:bulk_period", args=[period.pk])).status_code == 404
    assert client.get(reverse("reporting:bulk_workbook", args=[period.pk])).status_code == 404
