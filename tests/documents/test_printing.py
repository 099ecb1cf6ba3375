"""Every workbook printed as an officer's LibreOffice would print it (`soffice --headless
--convert-to pdf`, one run for all of them), page by page: A4, the summary one page wide
with its labels and figures together, the template's first page holding its first questions
with their answer and hint columns, the unit sheets repeating the unit's name on every page,
and page counts that stay small."""
import io
import subprocess

from openpyxl import load_workbook

from compliance.exports import compliance_workbook
from reporting.models import Report
from compliance.rollups import compliance_for_scope
from reporting.selectors import report_indicators
from reporting.spreadsheets import BULK_CODE_ROW, BULK_SHEET, REPORT_SHEET, bulk_workbook, report_workbook
from reviews.documents import review_workbook
from reviews.selectors import programme_review
from tests.documents.pdf_tools import page_count
from tests.live_services import libreoffice_or_skip
from unions.models import Union
from unions.spreadsheets import unions_export


def printed(files: dict[str, bytes], folder) -> dict[str, list[str]]:
    """Each workbook's printed pages, as text (pdftotext -layout), page by page."""
    soffice = libreoffice_or_skip()
    for name, content in files.items():
        (folder / name).write_bytes(content)
    subprocess.run([soffice, f"-env:UserInstallation=file://{folder}/profile", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(folder / "pdf"), *[str(folder / n) for n in files]],
                   check=True, capture_output=True, timeout=300)
    pages = {}
    for name in files:
        pdf = folder / "pdf" / name.replace(".xlsx", ".pdf")
        size = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert "(A4)" in size, f"{name} is not printed on A4"
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        pages[name] = text.split("\f")[:page_count(pdf)]
    return pages


def test_every_workbook_prints_well(extreme, tmp_path):
    tree, period, users = extreme["tree"], extreme["period"], extreme["users"]
    rollup = compliance_for_scope(period=period, scope=tree["province"])
    report = Report.objects.get(period=period, unit=tree["grass_a2"])
    files = {
        "province.xlsx": compliance_workbook(rollup=rollup),
        "review.xlsx": review_workbook(review=programme_review(plan=period.plan, scope=tree["province"])),
        "template.xlsx": report_workbook(report=report),
        "bulk.xlsx": bulk_workbook(period=period, by=users["upper_a"]),
        "unions.xlsx": unions_export(units=Union.objects.all()),
    }
    pages = printed(files, tmp_path)
    counts = {name: len(found) for name, found in pages.items()}
    print("printed pages:", counts)  # noqa: T201 — the figures the issue asks about

    # The summary: one page wide — its labels, counts and rates on the first page, together.
    summary = " ".join(pages["province.xlsx"][0].split())
    assert "Đơn vị phải báo cáo" in summary and "Số lượng" in summary and "Tỷ lệ" in summary
    expected = rollup.completeness.expected
    assert f"Đơn vị phải báo cáo {expected}" in summary
    # The unit sheet: printed across, every page repeats the unit's name beside its figures.
    named = [page for page in pages["province.xlsx"] if "CN001" in page]
    assert named and all("Cổ phần Đầu tư" in page for page in named)
    # The template: page 1 holds the first questions, their answer cells' heading and the hints.
    first = " ".join(pages["template.xlsx"][0].split())
    indicators = report_indicators(report=report)
    assert " ".join(indicators[0].label.split()[:8]) in first and "Số liệu" in first and "Hướng dẫn" in first
    assert " ".join(indicators[2].label.split()[:5]) in first
    assert indicators[0].code not in first  # the codes are out of sight
    # The bulk workbook: no row of codes, no version column in print.
    assert not any("NV1_SESSIONS" in page or "version" in page for page in pages["bulk.xlsx"])
    assert counts["template.xlsx"] <= 5 and counts["bulk.xlsx"] <= 8 and counts["unions.xlsx"] <= 4
    assert counts["province.xlsx"] <= 20 and counts["review.xlsx"] <= 15  # 76 units never reporting listed
    review = " ".join(pages["review.xlsx"][0].split())
    assert "Phải báo cáo" in review and "Chưa gửi" in review and "2023" in review  # its summary: one page wide


def test_the_offline_files_keep_what_the_upload_reads_and_let_rows_be_resized(extreme):
    tree, period, users = extreme["tree"], extreme["period"], extreme["users"]
    template = load_workbook(io.BytesIO(report_workbook(report=Report.objects.get(period=period,
                                                                                    unit=tree["grass_a2"]))))
    sheet = template[REPORT_SHEET]
    assert sheet.column_dimensions["A"].hidden  # the codes, still there for the upload
    assert sheet.protection.sheet and not sheet.protection.formatRows and not sheet.protection.formatColumns
    labelled = [row for row in range(1, sheet.max_row + 1) if sheet.cell(row, 1).value]
    assert all(sheet.row_dimensions[row].height for row in labelled)  # each question as tall as its text
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows
    bulk = load_workbook(io.BytesIO(bulk_workbook(period=period, by=users["upper_a"])))[BULK_SHEET]
    assert bulk.row_dimensions[BULK_CODE_ROW].hidden and bulk.column_dimensions["D"].hidden
    assert bulk.cell(BULK_CODE_ROW, 5).value  # the codes are there for the upload
    assert bulk.print_title_cols and bulk.print_title_rows
