"""What the roll-ups count (README, "What the roll-ups count"), with the issue's case: a
returned report whose draft holds 10.000 typed for "Số buổi tuyên truyền" is in no sum, no
rate and no file until it is sent again; the unit shows as returned, awaiting correction,
beside sent and not sent; the Board can count accepted reports only."""
import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from compliance.exports import compliance_document_context, compliance_pdf, compliance_workbook
from compliance.rollups import branches_of_scope, compliance_for_scope, late_and_missing
from reporting.review import report_accept, report_return
from reporting.services import report_save
from tests.factories import make_user
from tests.reporting.values import complete_values
from tests.live_services import unavailable

LABEL = "Số buổi (cuộc) tuyên truyền đã tổ chức"


@pytest.fixture
def case(plan, tree, users, open_reports):
    """grass_a1 sent 3 sessions, was returned, and its draft now holds 10.000; grass_a2 sent 4
    and was accepted; grass_b1 sent 5 (not reviewed); the upper-level unions sent nothing."""
    a2_officer = make_user(tree["grass_a2"], username="cdcs_a2")
    a1 = report_save(report=open_reports["grass_a1"], by=users["grass_a1"], submit=True, version=0,
                     values=complete_values(open_reports["grass_a1"], NV1_SESSIONS=3, CT1_DONE=True))
    a1 = report_return(report=a1, by=users["upper_a"], reason="Số buổi tuyên truyền chưa đúng.")
    a1 = report_save(report=a1, by=users["grass_a1"], version=a1.version,
                     values=complete_values(a1, NV1_SESSIONS=10_000, CT1_DONE=True))
    a2 = report_save(report=open_reports["grass_a2"], by=a2_officer, submit=True, version=0,
                     values=complete_values(open_reports["grass_a2"], NV1_SESSIONS=4, CT1_DONE=True))
    report_accept(report=a2, by=users["upper_a"])
    report_save(report=open_reports["grass_b1"], by=users["grass_b1"], submit=True, version=0,
                values=complete_values(open_reports["grass_b1"], NV1_SESSIONS=5, CT1_DONE=False))
    period = a1.period
    return dict(period=period, a1=a1, sessions=period.plan.indicators.get(code="NV1_SESSIONS"),
                ct1=period.plan.targets.get(code="CT1"))


def ct1(rollup, target):
    return next(r for r in rollup.targets if r.target == target)


def test_a_returned_reports_draft_is_in_no_sum_and_no_rate(case, tree):
    for source in ("kept", "reports"):
        rollup = compliance_for_scope(period=case["period"], scope=tree["province"], source=source)
        assert rollup.sums[case["sessions"].pk] == 4 + 5, source
        c = rollup.completeness
        assert (c.expected, c.submitted, c.returned, c.missing, c.accepted) == (5, 2, 1, 2, 1), source
        result = ct1(rollup, case["ct1"])
        assert (result.met, result.applicable_reported, result.applicable_expected) == (1, 2, 5), source
    upper_a = compliance_for_scope(period=case["period"], scope=tree["upper_a"])
    assert upper_a.sums[case["sessions"].pk] == 4
    rows = {b["unit"].code: b for b in branches_of_scope(rollup=compliance_for_scope(
        period=case["period"], scope=tree["province"]))}
    assert (rows[tree["upper_a"].code]["submitted"], rows[tree["upper_a"].code]["returned"],
            rows[tree["upper_a"].code]["missing"]) == (1, 1, 1)
    rollup = compliance_for_scope(period=case["period"], scope=tree["province"])
    listed = late_and_missing(rollup=rollup, limit=100)
    assert [r.status for r in listed[:3]] == ["not_started", "not_started", "returned"]  # not sent, then returned
    assert all(r.is_sent and r.submitted_late for r in listed[3:])  # then sent late (sent after 25/11/2023)


def test_the_resubmission_puts_the_corrected_figures_in(case, tree, users):
    a1 = case["a1"]
    report_save(report=a1, by=users["grass_a1"], version=a1.version, submit=True,
                values=complete_values(a1, NV1_SESSIONS=12, CT1_DONE=True))
    rollup = compliance_for_scope(period=case["period"], scope=tree["province"])
    assert rollup.sums[case["sessions"].pk] == 12 + 4 + 5
    assert (rollup.completeness.submitted, rollup.completeness.returned) == (3, 0)
    assert ct1(rollup, case["ct1"]).met == 2


def test_accepted_only_counts_the_accepted_reports(case, tree, client, users):
    rollup = compliance_for_scope(period=case["period"], scope=tree["province"], basis="accepted")
    assert rollup.sums[case["sessions"].pk] == 4
    result = ct1(rollup, case["ct1"])
    assert (result.met, result.applicable_reported) == (1, 1)
    assert rollup.completeness.submitted == 2  # completeness is the same on either basis
    client.force_login(users["board"])
    page = client.get(reverse("reporting:dashboard"), {"period": "2023-Y", "counted": "accepted"}).content.decode()
    assert "Chỉ tính các báo cáo đã được duyệt" in page
    assert 'value="accepted" selected' in page
    workbook = load_workbook(io.BytesIO(client.get(reverse("reporting:export"), {
        "period": "2023-Y", "counted": "accepted", "format": "xlsx"}).content))
    summary = [row[0] for row in workbook["Tổng hợp"].iter_rows(values_only=True)]
    assert any(text and text.startswith("Số liệu chỉ tính các báo cáo đã được cấp trên duyệt") for text in summary)
    units = {row[0]: row for row in workbook["Từng đơn vị"].iter_rows(min_row=2, values_only=True)}
    header = next(workbook["Từng đơn vị"].iter_rows(max_row=1, values_only=True))
    column = next(n for n, title in enumerate(header) if title.startswith("NV1_SESSIONS."))
    assert units[tree["grass_a2"].code][column] == 4 and units[tree["grass_b1"].code][column] is None


def test_dashboard_excel_and_pdf_show_the_returned_unit_and_leave_its_draft_out(case, tree, client, users, tmp_path):
    client.force_login(users["board"])
    page = client.get(reverse("reporting:dashboard"), {"period": "2023-Y"}).content.decode()
    assert 'data-tile="returned">1<' in page and 'data-tile="submitted">2<' in page and 'data-tile="missing">2<' in page
    assert "Đã trả lại, chờ sửa" in page
    assert "10.000" not in page and ">9<" in page  # the sessions' sum: 4 + 5

    rollup = compliance_for_scope(period=case["period"], scope=tree["province"])
    workbook = load_workbook(io.BytesIO(compliance_workbook(rollup=rollup)))
    summary = {row[0]: row[1] for row in workbook["Tổng hợp"].iter_rows(values_only=True)}
    assert (summary["Đã gửi báo cáo"], summary["Đã trả lại, chờ sửa"], summary["Chưa gửi"]) == (2, 1, 2)
    header = next(workbook["Từng đơn vị"].iter_rows(max_row=1, values_only=True))
    column = next(n for n, title in enumerate(header) if title.startswith("NV1_SESSIONS."))
    units = {row[0]: row for row in workbook["Từng đơn vị"].iter_rows(min_row=2, values_only=True)}
    returned = units[tree["grass_a1"].code]
    assert returned[4] == "Đã trả lại, chờ sửa" and returned[column] is None  # the draft's 10.000 is not shown
    assert units[tree["grass_a2"].code][column] == 4
    branches = list(workbook["Theo đơn vị trực thuộc"].iter_rows(values_only=True))
    assert "Đã trả lại, chờ sửa" in branches[0]
    missing = {row[0]: row[2] for row in workbook["Chưa gửi, gửi muộn"].iter_rows(min_row=2, values_only=True)}
    assert missing[tree["grass_a1"].code] == "Đã trả lại, chờ sửa"

    context = compliance_document_context(rollup=rollup)
    sums = {i.code: total for item in context["task_groups"] for i, total in item["figures"]}
    assert sums["NV1_SESSIONS"] == 9
    if shutil.which("pdftotext") is None:
        unavailable("pdftotext is not installed: apt-get install poppler-utils")
    path = tmp_path / "province.pdf"
    path.write_bytes(compliance_pdf(rollup=rollup))
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split())
    assert "đã gửi báo cáo: 2" in text and "đã trả lại, chờ sửa: 1" in text and "chưa gửi: 2" in text
    assert "10.000" not in text and "10000" not in text
    assert f"{LABEL} 9" in text
    assert "Đã trả lại, chờ sửa" in text  # the annex row of the returned unit
