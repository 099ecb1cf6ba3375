"""Reports in Excel: one unit's report as a template to fill in offline, and, for an
upper-level officer, one workbook with a row per grassroots union of their subtree.

Both are written in the document's wording, with the labels locked, each answer cell
validated by Excel and, in a very hidden sheet, what the file was made for: the plan, a
fingerprint of its indicators, the report (or period) and the report's version. On upload
that sheet is checked first — another period, another report or an older version of the
plan is refused as a whole — then every answer cell, each error at its cell ("C12"). The
values are saved through the same services as the web form: report_save for the unit's own
officers, bulk.reports_fill_for for the officer above."""
import datetime
import hashlib
import json
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext

from plans.models import Indicator, Plan
from plans.values import kind_of
from unions.models import Level
from workbooks import reading, writing
from workbooks.printing import print_setup, row_height_for
from workbooks.reading import BadValue, CellError, WorkbookRefused, cell_ref

from . import services
from .bulk_fill import BATCH, FillResult, FillRow, period_indicators, reports_fill_for, reports_fillable_by
from .documents import period_phrase
from .models import Report, ReportingPeriod, ReportValue
from .selectors import report_indicators, report_sections

LAYOUT = "1"  # the cell layout below; a change of layout refuses the files made before
REPORT_KIND = "plan1306.report"
BULK_KIND = "plan1306.bulk"
REPORT_SHEET = "Báo cáo"
BULK_SHEET = "Các đơn vị"
# The official document's headings (templates/reporting/report_document.html).
PART_HEADINGS = {"A": "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", "B": "II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ VÀ GIẢI PHÁP",
                 "C": "III. ĐỀ XUẤT, KIẾN NGHỊ VÀ KHÓ KHĂN, VƯỚNG MẮC"}
VALUE_COLUMN = 3  # C: the answers of the report template
BULK_LABEL_ROW, BULK_CODE_ROW, BULK_FIRST_ROW = 4, 5, 6
BULK_FIXED = ("unit", "name", "status", "version")  # columns A–D of the bulk workbook


def plan_fingerprint(plan: Plan) -> str:
    """A short hash of what a template depends on: each indicator's code, wording, kind, bounds,
    and the levels and periods it applies to. Changing any of them makes earlier files 'older'."""
    rows = []
    for i in Indicator.objects.filter(plan=plan).select_related("target", "task_group").order_by("code"):
        target = i.target
        rows.append([i.code, i.label, i.kind, i.order, i.min_value, i.max_value, i.max_length, i.levels,
                     i.annual_only, target and [target.code, target.levels, target.annual_only],
                     i.task_group and i.task_group.number])
    return hashlib.sha256(json.dumps(rows, default=str, ensure_ascii=False).encode()).hexdigest()[:16]


# Cells of one indicator ---------------------------------------------------------------------

def _answer(sheet, indicator: Indicator, value):
    kind = kind_of(indicator)
    return writing.answer_cell(sheet, kind.to_cell(value), number_format=kind.number_format,
                               wrap=kind.long_text)


class _Validations:
    """One data validation per kind of answer and bounds, each covering every cell that asks it."""

    def __init__(self, sheet):
        self.sheet, self.rules = sheet, {}

    def add(self, indicator: Indicator, ref: str) -> None:
        kind = kind_of(indicator)
        key = kind.validation_key(indicator)
        if key not in self.rules:
            self.rules[key] = kind.validation(self.sheet, indicator)
        self.rules[key].add(ref)


def _read_answer(indicator, cell, *, ref: str, row: int, errors: list[CellError]):
    """A cell's content as the value report_save takes; a wrong one becomes a CellError."""
    try:
        value = reading.content(cell)
        return kind_of(indicator).from_cell(value, getattr(cell, "number_format", "") or "", indicator)
    except BadValue as error:
        errors.append(CellError(str(error), cell=ref, row=row, field=indicator.code))
        return None


# What a file was made for ----------------------------------------------------------------------

def _meta(workbook, *, kind: str) -> dict[str, str]:
    sheet = workbook.sheet(writing.META_SHEET)
    meta = reading.read_meta(sheet) if sheet is not None else {}
    if meta.get("kind") == kind:
        return meta
    if meta.get("kind") == BULK_KIND:
        raise reading.refuse(gettext("This is a workbook for many units: upload it on the page “Fill in for my "
                                     "grassroots unions”."))
    if meta.get("kind") == REPORT_KIND:
        raise reading.refuse(gettext("This is one unit's report template: upload it on that report's page."))
    raise reading.refuse(gettext("This file was not made by the portal. Download the template from the portal, "
                                 "fill it in and upload it."))


def _check_meta(meta: dict[str, str], *, period: ReportingPeriod) -> None:
    plan = period.plan
    if meta.get("plan") != plan.code:
        raise reading.refuse(gettext("This file was made for another plan (%(plan)s).") % {"plan": meta.get("plan")})
    if meta.get("period") != period.code:
        raise reading.refuse(gettext("This file is for the period %(file)s, not %(period)s.")
                             % {"file": meta.get("period") or "?", "period": period.code})
    if meta.get("layout") != LAYOUT or meta.get("fingerprint") != plan_fingerprint(plan):
        raise reading.refuse(gettext("This file was made for an earlier version of the plan's indicators. Download "
                                     "a new file and copy your figures into it."))


def _merged(workbook, sheet) -> list[CellError]:
    return [CellError(gettext("Merged cells are not accepted: unmerge %(range)s.") % {"range": merged},
                      cell=merged.split(":")[0], sheet=sheet.title) for merged in workbook.merged_ranges(sheet)]


def _version(text: str | None) -> int | None:
    # isdigit() alone takes "²" and "١", which int() refuses or reads as another number.
    return int(text) if text and text.isascii() and text.isdigit() else None


def _row_of(ref: str) -> int | None:
    match = re.search(r"(\d+)$", ref or "")
    return int(match.group(1)) if match else None


# One unit's report ----------------------------------------------------------------------------

def report_workbook(*, report: Report) -> bytes:
    """One unit's report for one period as an .xlsx to fill in offline, holding the figures
    saved so far; in Vietnamese, as the official document, whatever the reader's language."""
    period, plan = report.period, report.period.plan
    sections = report_sections(report=report)
    with translation.override("vi"):
        book = writing.new_workbook()
        sheet = book.create_sheet(REPORT_SHEET)
        writing.protect(sheet)  # rows and columns stay resizable under it
        widths = (16, 80, 22, 40)
        for letter, width in zip("ABCD", widths):
            sheet.column_dimensions[letter].width = width
        sheet.column_dimensions["A"].hidden = True  # the codes the upload reads: out of the officer's way
        validations = _Validations(sheet)

        def tall_enough(row_number: int, label=None, help_text=None, *, size: float = 11) -> None:
            """Each row as tall as its wrapped label (column B) or hint (column D, 10 pt)."""
            sheet.row_dimensions[row_number].height = max(
                row_height_for([label], [widths[1]], size=size),
                row_height_for([help_text], [widths[3]], size=10) if help_text else 0)

        def title(text, font=writing.BOLD_FONT):
            return [None, writing.cell(sheet, text, font=font, wrap=True)]

        lines = [
            title(report.unit.name),
            title("BÁO CÁO", writing.TITLE_FONT),
            title(plan.title),
            title(f"Kết quả {period_phrase(period)}"),
            title(f"{capfirst(gettext('period'))}: {period.code} · {gettext('Deadline')}: "
                  f"{report.due_on.strftime('%d/%m/%Y')}", writing.PLAIN_FONT),
            title(gettext("Fill in the yellow cells of column C only, then upload this file on the report's page "
                          "of the portal. Do not add, remove or move rows. Numbers are whole numbers (no formulas); "
                          "dates are written dd/mm/yyyy."), writing.NOTE_FONT),
            [],
            [writing.cell(sheet, str(h), font=writing.BOLD_FONT, fill=writing.LOCKED_FILL)
             for h in (gettext("Code"), capfirst(gettext("indicator")), gettext("Figure"),
                       capfirst(gettext("help text")))],
        ]
        # Landscape, one page wide, the column headings on every page: page 1 holds the
        # first questions with their answer cells and hints. (Write-only: before any row.)
        print_setup(sheet, landscape=True, title_rows=f"{len(lines)}:{len(lines)}")
        for number, line in enumerate(lines, start=1):
            if len(line) > 1 and line[1] is not None and isinstance(line[1].value, str):
                tall_enough(number, line[1].value, size=line[1].font.sz or 11)
            sheet.append(line)
        number = len(lines)
        sheet.freeze_panes = f"A{number + 1}"
        part = None
        for section in sections:
            if section["part"] != part:
                part = section["part"]
                number += 1
                sheet.append([None, writing.cell(sheet, PART_HEADINGS[part], font=writing.BOLD_FONT)])
            if section["title"]:
                number += 1
                tall_enough(number, section["title"])
                sheet.append([None, writing.cell(sheet, section["title"], font=writing.BOLD_FONT, wrap=True)])
            if section["intro"]:
                number += 1
                tall_enough(number, section["intro"], size=10)
                sheet.append([None, writing.cell(sheet, section["intro"], font=writing.NOTE_FONT, wrap=True)])
            for row in section["rows"]:
                indicator = row["indicator"]
                number += 1
                tall_enough(number, indicator.label, indicator.help_text)
                sheet.append([writing.cell(sheet, indicator.code, font=writing.CODE_FONT),
                              writing.cell(sheet, indicator.label, wrap=True),
                              _answer(sheet, indicator, row["value"]),
                              writing.cell(sheet, indicator.help_text or None, font=writing.NOTE_FONT, wrap=True)])
                validations.add(indicator, cell_ref(number, VALUE_COLUMN))
        writing.add_meta_sheet(book, {
            "kind": REPORT_KIND, "layout": LAYOUT, "plan": plan.code, "fingerprint": plan_fingerprint(plan),
            "report": report.pk, "period": period.code, "unit": report.unit.code, "version": report.version,
            "made_at": timezone.localtime().strftime("%d/%m/%Y %H:%M"),
        })
        return writing.to_bytes(book)


@dataclass
class ReportWorkbook:
    values: dict[int, object]  # by indicator id, as report_save takes them
    version: int | None  # the report's version when the file was downloaded
    cells: dict[str, str]  # the answer cell of each indicator code


def report_workbook_read(*, report: Report, upload) -> ReportWorkbook:
    """The answers of a filled-in template of `report`; WorkbookRefused if the file is not
    this report's template for this version of the plan, or lists every wrong cell."""
    indicators = {i.code: i for i in report_indicators(report=report)}
    with reading.open_upload(upload) as workbook:
        meta = _meta(workbook, kind=REPORT_KIND)
        _check_meta(meta, period=report.period)
        if meta.get("report") != str(report.pk):
            raise reading.refuse(gettext("This file is the report of another unit (%(unit)s): download the template "
                                         "from this report's page.") % {"unit": meta.get("unit") or "?"})
        sheet = workbook.sheet(REPORT_SHEET)
        if sheet is None:
            raise reading.refuse(gettext("The sheet “%(sheet)s” is missing.") % {"sheet": REPORT_SHEET})
        errors = _merged(workbook, sheet)
        values, cells = {}, {}
        for number, row in reading.sheet_rows(sheet, max_rows=reading.MAX_ROWS, max_columns=4):
            code = row[0].value
            indicator = indicators.get(code.strip()) if isinstance(code, str) else None
            if indicator is None:
                continue
            ref = cell_ref(number, VALUE_COLUMN)
            if indicator.code in cells:
                errors.append(CellError(gettext("The row of %(code)s appears twice.") % {"code": indicator.code},
                                        cell=cell_ref(number, 1), row=number, field=indicator.code))
                continue
            cells[indicator.code] = ref
            values[indicator.pk] = _read_answer(indicator, row[VALUE_COLUMN - 1], ref=ref, row=number, errors=errors)
        errors += [CellError(gettext("The row of %(code)s is missing: download a new template.") % {"code": code},
                             field=code) for code in indicators if code not in cells]
    if errors:
        raise WorkbookRefused(errors)
    return ReportWorkbook(values=values, version=_version(meta.get("version")), cells=cells)


def report_workbook_upload(*, report: Report, by, upload) -> Report:
    """Save a filled-in template as the report's draft through services.report_save: the same
    rules, version check and audit trail as the web form. WorkbookRefused says what is wrong
    and where; then nothing is saved. PermissionDenied if `by` may not edit the report."""
    read = report_workbook_read(report=report, upload=upload)
    try:
        return services.report_save(report=report, by=by, values=read.values, version=read.version)
    except ValidationError as error:
        raise WorkbookRefused(reading.cell_errors(error, cell_of=read.cells.get, row_of=_row_of))
    except services.ReportConflict:
        raise reading.refuse(gettext("The report was saved on the portal after this file was downloaded. Download "
                                     "the template again (it holds the saved figures) and copy your changes into it."))


# Many units at once ---------------------------------------------------------------------------

def _section_title(indicator: Indicator) -> str:
    if indicator.target_id:
        return str(indicator.target)
    if indicator.task_group_id:
        return str(indicator.task_group)
    return PART_HEADINGS["C"]


def bulk_workbook(*, period: ReportingPeriod, by) -> bytes:
    """One row per grassroots union whose report `by` may fill in for `period` (their
    subtree, not sent yet), with the figures saved so far. Written streaming, so a thousand
    rows cost little memory."""
    reports = list(reports_fillable_by(user=by, period=period))
    indicators = period_indicators(period=period, level=Level.GRASSROOTS)
    stored = _stored_values(reports, indicators)
    plan = period.plan
    with translation.override("vi"):
        book = writing.new_workbook()
        sheet = book.create_sheet(BULK_SHEET)
        writing.protect(sheet)
        for letter, width in zip("ABCD", (14, 45, 16, 8)):
            sheet.column_dimensions[letter].width = width
        sheet.column_dimensions["D"].hidden = True  # the version the upload checks
        sheet.row_dimensions[BULK_CODE_ROW].hidden = True  # the codes the upload reads: out of sight
        first_answer = len(BULK_FIXED) + 1
        for index in range(len(indicators)):
            sheet.column_dimensions[cell_ref(1, first_answer + index)[:-1]].width = 18
        sheet.freeze_panes = cell_ref(BULK_FIRST_ROW, first_answer)
        last = BULK_FIRST_ROW + max(len(reports), 1) - 1
        validations = _Validations(sheet)
        for index, indicator in enumerate(indicators):
            column = cell_ref(1, first_answer + index)[:-1]
            validations.add(indicator, f"{column}{BULK_FIRST_ROW}:{column}{last}")
        # Landscape, three pages across (a column per figure), each repeating the unit and the headings.
        print_setup(sheet, landscape=True, title_rows=f"{BULK_LABEL_ROW - 1}:{BULK_LABEL_ROW}", title_columns="A:B",
                    pages_wide=3 if len(indicators) > 12 else 1)
        sheet.row_dimensions[BULK_LABEL_ROW - 1].height = row_height_for(
            [_section_title(i) for i in indicators], [18] * len(indicators), size=10)
        sheet.row_dimensions[BULK_LABEL_ROW].height = row_height_for(
            [i.label for i in indicators], [18] * len(indicators), bold=True)
        unit = by.unit
        sheet.append([writing.cell(sheet, f"{unit.name} — {period.title} ({period.code})", font=writing.TITLE_FONT)])
        sheet.append([writing.cell(sheet, gettext(
            "One row per grassroots union. Fill in the yellow cells, then upload this file on the portal's page "
            "“Fill in for my grassroots unions”. A row left as it was is not saved. Do not change the codes."),
            font=writing.NOTE_FONT)])
        sheet.append([None] * len(BULK_FIXED)
                     + [writing.cell(sheet, _section_title(i), font=writing.NOTE_FONT, wrap=True) for i in indicators])
        sheet.append([writing.cell(sheet, str(h), font=writing.BOLD_FONT, fill=writing.LOCKED_FILL, wrap=True)
                      for h in (gettext("Code"), gettext("Unit"), gettext("Status"), "version")]
                     + [writing.cell(sheet, i.label, font=writing.BOLD_FONT, fill=writing.LOCKED_FILL, wrap=True)
                        for i in indicators])
        sheet.append([writing.cell(sheet, key, font=writing.CODE_FONT) for key in BULK_FIXED]
                     + [writing.cell(sheet, i.code, font=writing.CODE_FONT) for i in indicators])
        for report in reports:
            sheet.append([writing.cell(sheet, report.unit.code, number_format=writing.TEXT_FORMAT),
                          writing.cell(sheet, report.unit.name),
                          writing.cell(sheet, str(report.get_status_display())),
                          writing.cell(sheet, report.version)]
                         + [_answer(sheet, i, stored.get((report.pk, i.pk))) for i in indicators])
        writing.add_meta_sheet(book, {
            "kind": BULK_KIND, "layout": LAYOUT, "plan": plan.code, "fingerprint": plan_fingerprint(plan),
            "period": period.code, "unit": unit.code, "rows": len(reports),
            "made_at": timezone.localtime().strftime("%d/%m/%Y %H:%M"),
        })
        return writing.to_bytes(book)


def _stored_values(reports: list[Report], indicators: list[Indicator]) -> dict[tuple[int, int], object]:
    by_id = {i.pk: i for i in indicators}
    ids = [r.pk for r in reports]
    stored = {}
    for start in range(0, len(ids), BATCH):
        for value in ReportValue.objects.filter(report_id__in=ids[start:start + BATCH], indicator_id__in=by_id):
            value.indicator = by_id[value.indicator_id]
            stored[(value.report_id, value.indicator_id)] = value.value
    return stored


def bulk_workbook_read(*, period: ReportingPeriod, upload) -> list[FillRow]:
    """The rows of a filled-in bulk workbook of `period`; WorkbookRefused if the file is not one
    for this period and version of the plan, or lists every wrong cell."""
    indicators = {i.code: i for i in period_indicators(period=period, level=Level.GRASSROOTS)}
    with reading.open_upload(upload) as workbook:
        _check_meta(_meta(workbook, kind=BULK_KIND), period=period)
        sheet = workbook.sheet(BULK_SHEET)
        if sheet is None:
            raise reading.refuse(gettext("The sheet “%(sheet)s” is missing.") % {"sheet": BULK_SHEET})
        errors = _merged(workbook, sheet)
        columns: dict[int, str] = {}
        rows: list[FillRow] = []
        limit = reading.MAX_ROWS + BULK_FIRST_ROW - 1
        for number, cells in reading.sheet_rows(sheet, max_rows=limit, max_columns=len(indicators) + 20,
                                                min_row=BULK_CODE_ROW):
            if number == BULK_CODE_ROW:
                columns = _bulk_columns(cells, indicators, errors)
                if errors:
                    break
                continue
            row = _bulk_row(number, cells, columns, indicators, errors)
            if row is not None:
                rows.append(row)
        if not columns and not errors:
            raise reading.refuse(gettext("Row %(row)d, which holds the codes of the columns, is missing: download a "
                                         "new workbook.") % {"row": BULK_CODE_ROW})
    if errors:
        raise WorkbookRefused(errors)
    return rows


def _bulk_columns(cells, indicators: dict[str, Indicator], errors: list[CellError]) -> dict[int, str]:
    columns = {}
    for index, cell in enumerate(cells, start=1):
        key = cell.value.strip() if isinstance(cell.value, str) else None
        if not key:
            continue
        if key not in indicators and key not in BULK_FIXED:
            errors.append(CellError(gettext("Unknown code “%(code)s”: download a new workbook.") % {"code": key},
                                    cell=cell_ref(BULK_CODE_ROW, index), row=BULK_CODE_ROW, field=key))
        elif key in columns.values():
            errors.append(CellError(gettext("The column %(code)s appears twice.") % {"code": key},
                                    cell=cell_ref(BULK_CODE_ROW, index), row=BULK_CODE_ROW, field=key))
        else:
            columns[index] = key
    missing = [key for key in (*indicators, "unit", "version") if key not in columns.values()]
    errors += [CellError(gettext("The column %(code)s is missing: download a new workbook.") % {"code": key},
                         row=BULK_CODE_ROW, field=key) for key in missing]
    return columns


def _bulk_row(number: int, cells, columns: dict[int, str], indicators, errors) -> FillRow | None:
    cell_of = {key: cells[index - 1] for index, key in columns.items() if index <= len(cells)}
    answers = {key: cell for key, cell in cell_of.items() if key in indicators}
    if all(cell.value is None for cell in (cell_of["unit"], *answers.values())):
        return None
    unit_ref = cell_ref(number, next(i for i, k in columns.items() if k == "unit"))
    try:
        unit_code = reading.text_value(reading.content(cell_of["unit"])) if cell_of["unit"].value is not None else ""
    except BadValue as error:
        errors.append(CellError(str(error), cell=unit_ref, row=number, field="unit"))
        return None
    if not unit_code:
        errors.append(CellError(gettext("This row has figures but no unit code."), cell=unit_ref, row=number,
                                field="unit"))
        return None
    try:
        version_cell = cell_of["version"]
        version = reading.whole_number(reading.content(version_cell)) if version_cell.value is not None else None
    except BadValue:
        version = None  # refused with the unit, as a row not made by the portal
    refs = {key: cell_ref(number, index) for index, key in columns.items()}
    values = {}
    for code, cell in answers.items():
        indicator = indicators[code]
        values[indicator.pk] = _read_answer(indicator, cell, ref=refs[code], row=number, errors=errors)
    return FillRow(row=number, unit_code=unit_code, unit_cell=unit_ref, version=version, values=values,
                   cells={code: refs[code] for code in answers})


def bulk_workbook_upload(*, period: ReportingPeriod, by, upload, submit: bool = False) -> FillResult:
    """Save (or submit) the units' reports from a filled-in bulk workbook, all or nothing, through
    bulk.reports_fill_for. WorkbookRefused lists every refused file, row or cell."""
    rows = bulk_workbook_read(period=period, upload=upload)
    return reports_fill_for(period=period, by=by, rows=rows, submit=submit)


def bulk_filename(period: ReportingPeriod, unit) -> str:
    return f"bao-cao-{period.code}-{unit.code}-cac-cdcs-{datetime.date.today():%Y%m%d}.xlsx"
