"""Fixtures and helpers for the Excel tests: fill in a downloaded template or bulk workbook
as an officer would in Excel."""
import datetime
import io

import pytest
from openpyxl import load_workbook

from reporting.spreadsheets import BULK_CODE_ROW, BULK_SHEET, REPORT_SHEET
from tests.reporting.values import by_code, complete_values


def as_cell(value):
    """A Python value as an officer types it in Excel."""
    if value is True:
        return "Có"
    if value is False:
        return "Không"
    return value


def template_rows(content: bytes) -> dict[str, int]:
    """Row number of each indicator code in a report template."""
    sheet = load_workbook(io.BytesIO(content))[REPORT_SHEET]
    return {sheet.cell(row, 1).value: row for row in range(1, sheet.max_row + 1) if sheet.cell(row, 1).value}


def fill_template(content: bytes, values: dict[str, object] | None = None, *, raw: dict[str, object] | None = None,
                  merge: str | None = None, extra_rows: int = 0) -> bytes:
    """Type values (by indicator code) into the answer cells of a report template; `raw` sets
    cells by reference ({"C12": "=1+2"})."""
    book = load_workbook(io.BytesIO(content))
    sheet = book[REPORT_SHEET]
    rows = {sheet.cell(row, 1).value: row for row in range(1, sheet.max_row + 1)}
    for code, value in (values or {}).items():
        sheet.cell(rows[code], 3).value = as_cell(value)
    for ref, value in (raw or {}).items():
        sheet[ref] = value
    if merge:
        sheet.merge_cells(merge)
    start = sheet.max_row + 1
    for offset in range(extra_rows):
        sheet.cell(start + offset, 2).value = f"dòng thêm {offset}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def complete_cells(report, **overrides) -> dict[str, object]:
    """A complete, valid set of answers for `report`, by indicator code."""
    return by_code(report, complete_values(report, **overrides))


def bulk_layout(content: bytes) -> tuple[dict[str, int], dict[str, int]]:
    """(column of each code of the code row, row of each unit code) of a bulk workbook."""
    sheet = load_workbook(io.BytesIO(content))[BULK_SHEET]
    columns = {sheet.cell(BULK_CODE_ROW, c).value: c for c in range(1, sheet.max_column + 1)}
    rows = {sheet.cell(r, 1).value: r for r in range(BULK_CODE_ROW + 1, sheet.max_row + 1)}
    return columns, rows


def fill_bulk(content: bytes, rows: dict[str, dict[str, object]], *, append: list[list] | None = None,
              raw: dict[str, object] | None = None, merge: str | None = None) -> bytes:
    """Type values into a bulk workbook: {unit code: {indicator code or 'version': value}}."""
    book = load_workbook(io.BytesIO(content))
    sheet = book[BULK_SHEET]
    columns = {sheet.cell(BULK_CODE_ROW, c).value: c for c in range(1, sheet.max_column + 1)}
    row_of = {sheet.cell(r, 1).value: r for r in range(BULK_CODE_ROW + 1, sheet.max_row + 1)}
    for unit_code, values in rows.items():
        for code, value in values.items():
            sheet.cell(row_of[unit_code], columns[code]).value = as_cell(value)
    for row in append or []:
        sheet.append(row)
    for ref, value in (raw or {}).items():
        sheet[ref] = value
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def h1_reports(plan, tree):
    """Every unit's report of 2023-H1, opened as well."""
    from reporting.models import Report, ReportingPeriod
    from reporting.periods import period_generate_reports

    period = ReportingPeriod.objects.get(plan=plan, code="2023-H1")
    period.is_open = True
    period.save()
    period_generate_reports(period=period)
    return {key: Report.objects.get(period=period, unit=unit) for key, unit in tree.items() if key != "province"}


DAY = datetime.date(2023, 3, 5)
