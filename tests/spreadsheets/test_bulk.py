"""Bulk: an upper-level officer fills in their grassroots unions' reports from one workbook;
each row becomes that unit's draft (or is submitted), only inside their subtree, all rows or
none, with the version check and the audit trail in the officer's name."""
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from reporting.bulk_fill import reports_fillable_by
from reporting.kept_totals import rollups_rebuild
from reporting.models import Report, ReportEvent, ReportValue, RollupCell, ValueChange
from reporting.permissions import report_can_edit, report_can_fill_for
from reporting.selectors import report_values
from reporting.services import report_save
from reporting.spreadsheets import BULK_FIRST_ROW, BULK_SHEET, bulk_workbook, bulk_workbook_upload
from tests.reporting.values import by_code, complete_values
from tests.spreadsheets.conftest import bulk_layout, complete_cells, fill_bulk
from tests.spreadsheets.helpers import upload
from workbooks.reading import WorkbookRefused


def kept_cells() -> dict:
    return {(c.period_id, c.path, c.unit_level, c.unit_kind, c.key): c.value
            for c in RollupCell.objects.all() if c.value}


@pytest.fixture
def period(open_reports):
    return open_reports["grass_a1"].period


def test_the_workbook_has_a_row_per_grassroots_union_of_the_subtree_only(users, open_reports, period, tree):
    content = bulk_workbook(period=period, by=users["upper_a"])
    book = load_workbook(io.BytesIO(content))
    sheet = book[BULK_SHEET]
    columns, rows = bulk_layout(content)
    assert set(rows) == {tree["grass_a1"].code, tree["grass_a2"].code}  # not upper_a itself, not grass_b1
    assert sheet.cell(rows[tree["grass_a1"].code], 2).value == tree["grass_a1"].name
    assert "CT7_DONE" not in columns and "CT5B_DONE" in columns  # the grassroots indicators of an annual period
    assert sheet.protection.sheet is True and sheet.column_dimensions["D"].hidden
    assert sheet.cell(rows[tree["grass_a1"].code], 1).protection.locked is True
    assert sheet.cell(rows[tree["grass_a1"].code], columns["CT1_DONE"]).protection.locked is False
    last = BULK_FIRST_ROW + 1
    validations = {str(dv.sqref): (dv.type, dv.formula1) for dv in sheet.data_validations.dataValidation}
    ct1 = sheet.cell(1, columns["CT1_DONE"]).column_letter
    assert any(f"{ct1}{BULK_FIRST_ROW}:{ct1}{last}" in ref.split() and rule == ("list", '"Có,Không"')
               for ref, rule in validations.items())
    meta = {row[0]: row[1] for row in book["_meta"].iter_rows(values_only=True)}
    assert meta["kind"] == "plan1306.bulk" and meta["period"] == "2023-Y" and meta["plan"] == "KH-1306"
    assert book["_meta"].sheet_state == "veryHidden"
    assert set(reports_fillable_by(user=users["upper_b"], period=period)) == {open_reports["grass_b1"]}
    for who in ("grass_a1", "board", "leadership", "admin"):
        assert not reports_fillable_by(user=users[who], period=period).exists()


def test_each_row_becomes_that_units_draft_in_the_officers_name(users, open_reports, period, tree):
    a1, a2 = open_reports["grass_a1"], open_reports["grass_a2"]
    content = fill_bulk(bulk_workbook(period=period, by=users["upper_a"]), {
        tree["grass_a1"].code: complete_cells(a1, NV1_SESSIONS=11),
        tree["grass_a2"].code: {"NV1_SESSIONS": 4, "CT1_DONE": True},
    })
    result = bulk_workbook_upload(period=period, by=users["upper_a"], upload=upload(content))
    assert sorted(result.saved) == sorted([a1.pk, a2.pk]) and not result.submitted
    a1.refresh_from_db()
    a2.refresh_from_db()
    assert (a1.status, a1.version, a2.status, a2.version) == ("draft", 1, "draft", 1)
    assert by_code(a1, report_values(report=a1)) == by_code(a1, complete_values(a1, NV1_SESSIONS=11))
    assert by_code(a2, report_values(report=a2)) == {"NV1_SESSIONS": 4, "CT1_DONE": True}
    assert set(ValueChange.objects.values_list("by__username", flat=True)) == {"upper_a"}
    assert ValueChange.objects.filter(report=a2).count() == 2
    event = ReportEvent.objects.get(report=a2)
    assert event.action == "saved" and event.by == users["upper_a"]
    assert not ReportValue.objects.filter(report=open_reports["grass_b1"]).exists()
    # The unit's own officers still own their draft: they can go on with it.
    assert report_can_edit(report=a1, user=users["grass_a1"])


def test_submitting_needs_every_row_complete_then_submits_them_all(users, open_reports, period, tree):
    a1, a2 = open_reports["grass_a1"], open_reports["grass_a2"]
    blank = bulk_workbook(period=period, by=users["upper_a"])
    incomplete = fill_bulk(blank, {tree["grass_a1"].code: complete_cells(a1),
                                   tree["grass_a2"].code: complete_cells(a2, NV1_SESSIONS=None)})
    columns, rows = bulk_layout(blank)
    with pytest.raises(WorkbookRefused) as refused, translation.override("en"):
        bulk_workbook_upload(period=period, by=users["upper_a"], upload=upload(incomplete), submit=True)
    [error] = refused.value.errors
    cell = f"{load_workbook(io.BytesIO(blank))[BULK_SHEET].cell(1, columns['NV1_SESSIONS']).column_letter}" \
           f"{rows[tree['grass_a2'].code]}"
    assert (error.cell, error.field) == (cell, "NV1_SESSIONS")
    assert error.message == "Đã tổ chức tuyên truyền, phổ biến thì phải ghi số buổi tuyên truyền."
    assert Report.objects.filter(pk__in=[a1.pk, a2.pk], version=0, status="not_started").count() == 2
    complete = fill_bulk(blank, {tree["grass_a1"].code: complete_cells(a1), tree["grass_a2"].code: complete_cells(a2)})
    result = bulk_workbook_upload(period=period, by=users["upper_a"], upload=upload(complete), submit=True)
    assert sorted(result.submitted) == sorted([a1.pk, a2.pk])
    a1.refresh_from_db()
    assert a1.status == "submitted" and a1.submitted_at is not None
    assert ReportEvent.objects.get(report=a1, action="submitted").by == users["upper_a"]
    # The dashboards' kept aggregates moved with the bulk writes: a rebuild finds them exact.
    kept = kept_cells()
    assert kept[(period.pk, tree["upper_a"].path, "grassroots", "grassroots_agency", "submitted")] == 2
    rollups_rebuild(period=period)
    assert kept_cells() == kept


@pytest.mark.parametrize("intruder", ["grass_b1", "upper_a", "upper_b"])
def test_a_row_for_a_unit_outside_the_officers_grassroots_is_refused_and_nothing_is_saved(
        users, open_reports, period, tree, intruder):
    """Another branch's union, the officer's own unit, another upper-level union: refused with
    the same words, whatever exists there; the valid row beside it is not saved either."""
    a1 = open_reports["grass_a1"]
    intruder_report = open_reports[intruder]
    content = fill_bulk(bulk_workbook(period=period, by=users["upper_a"]),
                        {tree["grass_a1"].code: {"NV1_SESSIONS": 3}},
                        append=[[tree[intruder].code, "x", "", intruder_report.version, "Có"]])
    with pytest.raises(WorkbookRefused) as refused, translation.override("en"):
        bulk_workbook_upload(period=period, by=users["upper_a"], upload=upload(content))
    [error] = refused.value.errors
    assert error.cell == f"A{BULK_FIRST_ROW + 2}" and error.field == "unit"
    assert error.message == "This is not one of the grassroots unions whose reports you may fill in for this period."
    assert not ReportValue.objects.exists() and not ValueChange.objects.exists()
    assert a1.__class__.objects.filter(version__gt=0).count() == 0
    assert not report_can_fill_for(report=intruder_report, user=users["upper_a"])


def test_another_branchs_officer_cannot_use_the_workbook(users, open_reports, period, tree):
    content = fill_bulk(bulk_workbook(period=period, by=users["upper_a"]),
                        {tree["grass_a1"].code: {"NV1_SESSIONS": 3}, tree["grass_a2"].code: {"NV1_SESSIONS": 4}})
    with pytest.raises(WorkbookRefused) as refused:
        bulk_workbook_upload(period=period, by=users["upper_b"], upload=upload(content))
    assert [e.field for e in refused.value.errors] == ["unit", "unit"]
    assert not ReportValue.objects.exists()


def test_a_units_own_save_after_the_download_wins_and_a_sent_report_is_left_alone(users, open_reports, period, tree):
    a1, a2 = open_reports["grass_a1"], open_reports["grass_a2"]
    content = fill_bulk(bulk_workbook(period=period, by=users["upper_a"]),
                        {tree["grass_a1"].code: {"NV1_SESSIONS": 3}, tree["grass_a2"].code: {"NV1_SESSIONS": 4}})
    report_save(report=a1, by=users["grass_a1"], values=complete_values(a1, NV1_SESSIONS=8), version=0)
    colleague = users["grass_a1"].__class__.objects.create_user("a2", password="x", unit=tree["grass_a2"],
                                                                role="grassroots_officer")
    report_save(report=a2, by=colleague, values=complete_values(a2), version=0, submit=True)
    with pytest.raises(WorkbookRefused) as refused, translation.override("en"):
        bulk_workbook_upload(period=period, by=users["upper_a"], upload=upload(content))
    messages = {e.cell: e.message for e in refused.value.errors}
    assert "saved on the portal after the workbook was downloaded" in messages[f"A{BULK_FIRST_ROW}"]
    assert messages[f"A{BULK_FIRST_ROW + 1}"] == "This unit's report is already “Submitted”: it cannot be changed here."
    assert by_code(a1, report_values(report=a1))["NV1_SESSIONS"] == 8


def test_rows_left_as_they_were_are_not_saved_again(users, open_reports, period, tree):
    a1 = open_reports["grass_a1"]
    report_save(report=a1, by=users["grass_a1"], values=complete_values(a1), version=0)
    content = bulk_workbook(period=period, by=users["upper_a"])  # a1 prefilled, a2 blank
    result = bulk_workbook_upload(period=period, by=users["upper_a"], upload=upload(content))
    assert (result.saved, result.submitted, result.unchanged) == ([], [], 2)
    a1.refresh_from_db()
    assert a1.version == 1 and ValueChange.objects.filter(by=users["upper_a"]).count() == 0


def test_bulk_pages_for_an_upper_level_officer(client, users, open_reports, period, tree):
    client.force_login(users["upper_a"])
    client.cookies["django_language"] = "en"
    index = client.get(reverse("reporting:bulk_index"))
    assert index.status_code == 200 and reverse("reporting:bulk_period", args=[period.pk]) in index.content.decode()
    page = client.get(reverse("reporting:bulk_period", args=[period.pk]))
    assert page.status_code == 200 and page.context["fillable"] == 2
    content = client.get(reverse("reporting:bulk_workbook", args=[period.pk])).content
    filled = fill_bulk(content, {tree["grass_a1"].code: complete_cells(open_reports["grass_a1"]),
                                 tree["grass_a2"].code: complete_cells(open_reports["grass_a2"])})
    response = client.post(reverse("reporting:bulk_period", args=[period.pk]),
                           {"file": upload(filled), "submit": "on"}, follow=True)
    assert response.status_code == 200
    assert "2 reports were submitted." in response.content.decode()
    assert Report.objects.filter(status="submitted").count() == 2
    # The same file again: the reports are sent, each row refused at its cell, nothing changes.
    response = client.post(reverse("reporting:bulk_period", args=[period.pk]), {"file": upload(filled)})
    assert response.status_code == 400
    assert [e.cell for e in response.context["errors"]] == [f"A{BULK_FIRST_ROW}", f"A{BULK_FIRST_ROW + 1}"]
    assert "Nothing was saved." in response.content.decode()
