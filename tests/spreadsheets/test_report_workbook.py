"""One unit's report offline: the template carries the document's wording, locked labels,
Excel validation and what it was made for; the filled file becomes a draft through
report_save, and every problem is reported at its cell."""
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from plans.models import Indicator
from reporting.models import Report, ReportEvent, ValueChange
from reporting.selectors import report_values
from reporting.services import report_save
from reporting.spreadsheets import REPORT_SHEET, plan_fingerprint, report_workbook, report_workbook_upload
from tests.reporting.values import by_code, complete_values
from tests.spreadsheets.conftest import complete_cells, fill_template, template_rows
from tests.spreadsheets.helpers import upload
from workbooks.reading import WorkbookRefused


def download(client, report) -> bytes:
    response = client.get(reverse("reporting:report_workbook", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert f"bao-cao-2023-Y-{report.unit.code}.xlsx" in response["Content-Disposition"]
    return response.content


def send(client, report, content: bytes, language="en"):
    client.cookies["django_language"] = language
    return client.post(reverse("reporting:report_workbook_upload", args=[report.pk]),
                       {"file": upload(content, "bao-cao.xlsx")})


def test_the_template_is_the_document_with_locked_labels_validation_and_its_origin(open_reports, plan):
    report = open_reports["grass_a1"]
    book = load_workbook(io.BytesIO(report_workbook(report=report)))
    sheet = book[REPORT_SHEET]
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    # The document's wording: plan title, its headings, each target's text and each label.
    assert any(plan.title in t for t in texts)
    assert "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU" in texts and "II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ VÀ GIẢI PHÁP" in texts
    ct1 = Indicator.objects.get(plan=plan, code="CT1_DONE")
    assert ct1.target.text in texts and ct1.label in texts
    rows = template_rows(book_bytes(book))
    assert "CT7_DONE" not in rows  # upper-level only: a grassroots union is not asked
    # Labels locked, answers unlocked, the sheet protected.
    assert sheet.protection.sheet is True
    assert sheet.cell(rows["CT1_DONE"], 2).protection.locked is True
    assert sheet.cell(rows["CT1_DONE"], 3).protection.locked is False
    # Excel's own validation: Có/Không lists, whole numbers from 0, dates, text length.
    rules = {(dv.type, dv.formula1, dv.operator): str(dv.sqref) for dv in sheet.data_validations.dataValidation}
    assert f"C{rows['CT1_DONE']}" in rules[("list", '"Có,Không"', None)].split()
    assert f"C{rows['NV1_SESSIONS']}" in rules[("whole", "0", "greaterThanOrEqual")].split()
    assert f"C{rows['NV5_AMOUNT']}" in rules[("whole", "0", "greaterThanOrEqual")].split()
    assert f"C{rows['CT2_DATE_SIGNED']}" in rules[("date", "1", "between")].split()
    assert f"C{rows['PROPOSALS']}" in rules[("textLength", "4000", "lessThanOrEqual")].split()
    errors = {dv.error for dv in sheet.data_validations.dataValidation}
    assert "Chọn Có hoặc Không trong danh sách." in errors
    assert "Nhập số nguyên từ 0 trở lên (không có phần thập phân)." in errors
    # What it was made for, in a sheet nobody sees.
    meta_sheet = book["_meta"]
    assert meta_sheet.sheet_state == "veryHidden"
    meta = {row[0]: row[1] for row in meta_sheet.iter_rows(values_only=True)}
    assert meta["plan"] == "KH-1306" and meta["period"] == "2023-Y" and meta["report"] == str(report.pk)
    assert meta["fingerprint"] == plan_fingerprint(plan) and meta["version"] == "0"


def book_bytes(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_upper_level_annual_template_asks_the_oversight_target(open_reports):
    rows = template_rows(report_workbook(report=open_reports["upper_a"]))
    assert {"CT7_DONE", "CT7_ACTIVITIES"} <= set(rows) and "CT5B_DONE" not in rows


def test_a_filled_template_becomes_the_units_draft_with_its_audit_trail(client, users, open_reports):
    report = open_reports["grass_a1"]
    client.force_login(users["grass_a1"])
    content = fill_template(download(client, report), complete_cells(report, NV1_PARTICIPANTS=1234,
                                                                        NV5_AMOUNT=12_345_678))
    response = send(client, report, content)
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT and report.version == 1
    saved = by_code(report, report_values(report=report))
    assert saved == by_code(report, complete_values(report, NV1_PARTICIPANTS=1234, NV5_AMOUNT=12_345_678))
    assert ValueChange.objects.filter(report=report, by=users["grass_a1"]).count() == len(saved)
    assert ReportEvent.objects.get(report=report).action == ReportEvent.Action.SAVED
    # The same file again changes nothing (its version is now old): refused, not merged.
    assert send(client, report, content).status_code == 400
    # A fresh download holds the saved figures; uploaded untouched, it changes no value.
    again = download(client, report)
    assert send(client, report, again).status_code == 302
    assert ValueChange.objects.filter(report=report).count() == len(saved)


def test_each_wrong_cell_is_named_and_nothing_is_saved(client, users, open_reports):
    report = open_reports["grass_a1"]
    client.force_login(users["grass_a1"])
    content = download(client, report)
    rows = template_rows(content)
    filled = fill_template(content, complete_cells(report), raw={
        f"C{rows['NV1_SESSIONS']}": -3,
        f"C{rows['NV1_PARTICIPANTS']}": "mười",
        f"C{rows['NV1_EXTERNAL']}": 2.5,
        f"C{rows['CT1_DONE']}": "Chắc vậy",
        f"C{rows['CT2_DATE_SIGNED']}": "31/02/2023",
        f"C{rows['NV2_RULES']}": "=1+2",
        f"C{rows['PROPOSALS']}": "x" * 4001,
    })
    response = send(client, report, filled)
    assert response.status_code == 400
    errors = {e.cell: (e.field, str(e.message)) for e in response.context["errors"]}
    assert errors == {
        f"C{rows['NV1_SESSIONS']}": ("NV1_SESSIONS", "Ensure this value is greater than or equal to 0."),
        f"C{rows['NV1_PARTICIPANTS']}": ("NV1_PARTICIPANTS", "Enter a whole number, without decimals, for example 1.234.567."),
        f"C{rows['NV1_EXTERNAL']}": ("NV1_EXTERNAL", "Enter a whole number, without decimals, for example 1.234.567."),
        f"C{rows['CT1_DONE']}": ("CT1_DONE", "Write Có or Không (yes or no)."),
        f"C{rows['CT2_DATE_SIGNED']}": ("CT2_DATE_SIGNED", "Enter a valid date, written dd/mm/yyyy."),
        f"C{rows['NV2_RULES']}": ("NV2_RULES", "A formula is not accepted here: type the value itself."),
        f"C{rows['PROPOSALS']}": ("PROPOSALS",
                                  "Ensure this value has at most 4000 characters (it has 4001)."),
    }
    page = response.content.decode()
    assert f"Cell C{rows['NV2_RULES']}: A formula is not accepted here" in page
    report.refresh_from_db()
    assert report.version == 0 and not report.values.exists() and not ValueChange.objects.exists()


def test_errors_read_in_vietnamese_where_the_catalogue_has_them(client, users, open_reports):
    report = open_reports["grass_a1"]
    client.force_login(users["grass_a1"])
    content = download(client, report)
    rows = template_rows(content)
    response = send(client, report, fill_template(content, raw={f"C{rows['NV1_SESSIONS']}": -3,
                                                                f"C{rows['NV1_PARTICIPANTS']}": "mười"}), "vi")
    messages = {e.cell: str(e.message) for e in response.context["errors"]}
    assert messages == {f"C{rows['NV1_SESSIONS']}": "Giá trị phải lớn hơn hoặc bằng 0.",
                        f"C{rows['NV1_PARTICIPANTS']}": "Nhập một số nguyên, không có phần thập phân, ví dụ 1.234.567."}


def test_a_rule_of_the_plan_points_at_its_cell(users, open_reports):
    report = open_reports["grass_a1"]
    content = report_workbook(report=report)
    rows = template_rows(content)
    filled = fill_template(content, {"CT3_RECEIVED": 2, "CT3_ANSWERED": 5})
    with pytest.raises(WorkbookRefused) as refused, translation.override("en"):
        report_workbook_upload(report=report, by=users["grass_a1"], upload=upload(filled))
    [error] = refused.value.errors
    assert (error.cell, error.row, error.field) == (f"C{rows['CT3_ANSWERED']}", rows["CT3_ANSWERED"], "CT3_ANSWERED")
    assert error.message == "Số văn bản tham gia đúng hạn không được lớn hơn số văn bản được xin ý kiến."
    with translation.override("vi"):
        assert str(error) == f"Ô C{rows['CT3_ANSWERED']}: {error.message}"


def test_a_save_on_the_portal_after_the_download_wins(users, open_reports):
    report = open_reports["grass_a1"]
    content = report_workbook(report=report)  # version 0
    report_save(report=report, by=users["grass_a1"], values=complete_values(report, NV1_SESSIONS=7), version=0)
    with pytest.raises(WorkbookRefused) as refused, translation.override("en"):
        report_workbook_upload(report=report, by=users["grass_a1"],
                               upload=upload(fill_template(content, {"NV1_SESSIONS": 9})))
    assert "saved on the portal after this file was downloaded" in str(refused.value.errors[0])
    assert by_code(report, report_values(report=report))["NV1_SESSIONS"] == 7


def test_a_template_of_another_period_or_unit_or_plan_version_is_refused(users, open_reports, h1_reports, plan):
    report = open_reports["grass_a1"]
    officer = users["grass_a1"]
    with translation.override("en"):
        with pytest.raises(WorkbookRefused) as refused:
            report_workbook_upload(report=report, by=officer,
                                   upload=upload(report_workbook(report=h1_reports["grass_a1"])))
        assert str(refused.value.errors[0]) == "This file is for the period 2023-H1, not 2023-Y."
        with pytest.raises(WorkbookRefused) as refused:
            report_workbook_upload(report=report, by=officer,
                                   upload=upload(report_workbook(report=open_reports["grass_a2"])))
        assert "report of another unit" in str(refused.value.errors[0])
        older = report_workbook(report=report)
        Indicator.objects.filter(plan=plan, code="NV1_SESSIONS").update(label="Số buổi tuyên truyền (sửa đổi)")
        with pytest.raises(WorkbookRefused) as refused:
            report_workbook_upload(report=report, by=officer, upload=upload(older))
        assert "earlier version of the plan's indicators" in str(refused.value.errors[0])
        assert report_workbook_upload(report=report, by=officer, upload=upload(report_workbook(report=report)))
    assert not Report.objects.filter(pk=h1_reports["grass_a1"].pk, version__gt=0).exists()


def test_a_sent_report_takes_no_upload(client, users, open_reports):
    report = open_reports["grass_a1"]
    report_save(report=report, by=users["grass_a1"], values=complete_values(report), version=0, submit=True)
    client.force_login(users["grass_a1"])
    content = download(client, report)  # still downloadable: it is the unit's own report
    assert client.get(reverse("reporting:report_workbook_upload", args=[report.pk])).status_code == 403
    assert send(client, report, content).status_code == 403
    page = client.get(report.get_absolute_url()).content.decode()
    assert reverse("reporting:report_workbook", args=[report.pk]) in page
    assert reverse("reporting:report_workbook_upload", args=[report.pk]) not in page
