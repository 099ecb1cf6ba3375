"""The province-wide (or a branch's) compliance report as an Excel workbook and a PDF, from
one set of rows: the roll-up, the units' rows and the proposals. pretix-style: a row source
yields a header and then rows; the workbook and the PDF annex both read it. Making them as
export jobs (one Export row per file, cached, limited per person) is compliance/export_jobs.py."""
import datetime
import hashlib
import io
from collections.abc import Callable, Iterator
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from plans.models import Indicator
from plans.values import StoredColumns, kind_of
from reporting.documents import FONT_DIR, beating, issuer_of, period_phrase, render_pdf, vietnamese_date_line, with_details
from reporting.models import COUNTED, Report, ReportValue
from unions.models import Level, Union, UnionPlacement
from unions.selectors import placed_on
from workbooks.printing import print_setup, row_height_for
from workbooks.writing import new_cell, plain

from .rollups import (
    ACCEPTED_BASIS,
    Rollup,
    branches_of_scope,
    compliance_for_scope,
    counted_reports,
    late_and_missing,
    period_reports,
    proposals_for_scope,
)

# A unit's place in the roll-up, as the official documents write it (always in Vietnamese):
# sent, returned and awaiting correction, or not sent (a draft is not sent).
ROLLUP_STATUS_VI = {
    Report.Status.NOT_STARTED: "Chưa gửi",
    Report.Status.DRAFT: "Chưa gửi (đang soạn)",
    Report.Status.SUBMITTED: "Đã gửi",
    Report.Status.ACCEPTED: "Đã gửi, đã duyệt",
    Report.Status.RETURNED: "Đã trả lại, chờ sửa",
}


def basis_sentence(rollup: Rollup) -> str:
    """What the document's figures count, said once at the top of each file."""
    if rollup.basis == ACCEPTED_BASIS:
        return ("Số liệu chỉ tính các báo cáo đã được cấp trên duyệt; báo cáo đã gửi nhưng chưa duyệt, "
                "báo cáo bị trả lại và bản nháp không được tính.")
    return ("Số liệu tính các báo cáo đã gửi (kể cả đã duyệt); báo cáo bị trả lại chưa được tính cho đến khi đơn vị "
            "gửi lại, bản nháp không được tính.")
PERCENT = "0.0%"
CODE_FONT = InlineFont(sz=8, color="FF777777")
HEADING_FONT = InlineFont(b=True)


def coded_heading(code: str, label: str) -> CellRichText:
    return CellRichText(TextBlock(CODE_FONT, f"{code}.\n"), TextBlock(HEADING_FONT, label))


WHOLE = "#,##0"
HEADER_FILL = PatternFill("solid", fgColor="DDE6F4")


def export_fingerprint(*, rollup: Rollup, kind: str, fmt: str) -> str:
    """What the export depends on: the same fingerprint means the same file (served from cache).
    The scope itself is part of it: two units with no place in the tree of an old period share
    its path ("-") but never a file."""
    reports = period_reports(period=rollup.period, scope_path=rollup.scope_path, kind=kind)
    state = reports.aggregate(n=Count("pk"), changed=Max("updated_at"))
    plan_state = rollup.period.plan.indicators.aggregate(n=Count("pk"), last=Max("pk"))
    key = "|".join(str(part) for part in (
        rollup.period.pk, rollup.scope.pk, rollup.scope_path, kind, fmt, rollup.basis, state["n"], state["changed"], plan_state["n"],
        plan_state["last"],
        timezone.localdate(),  # the document is dated, and 'overdue' counts move with the day
    ))
    return hashlib.sha256(key.encode()).hexdigest()[:32]


class UnitRows:
    """One row per expected unit of the scope: who it is, where it stood, its report's place in
    the roll-up and every indicator's value — only for the reports the roll-up counts (a draft,
    or a returned report being corrected, shows its status and no figure). Streams: two
    queries read in step, never a query per unit."""

    def __init__(self, rollup: Rollup, kind: str = ""):
        self.rollup = rollup
        self.kind = kind
        period = rollup.period
        levels = period.plan.levels  # the levels that report
        self.indicators = [i for i in Indicator.objects.filter(plan=period.plan).select_related("target", "task_group")
                           .order_by("order") if kind_of(i).in_unit_rows
                           and any(i.applies_to_period(level=level, annual=period.is_annual) for level in levels)]
        width = len(rollup.scope_path) + Union.steplen
        self.width = width
        placements = UnionPlacement.objects.filter(placed_on(period.structure_date),
                                                   path__startswith=rollup.scope_path, depth=(width // Union.steplen))
        self.branch_names = {p.path: p.union.name for p in placements.select_related("union")}

    def header(self) -> list:
        """The headings in words; each indicator's code kept above its words, small and grey
        (the cell's text still starts with "CODE.", for whoever sorts columns by code)."""
        return ["Mã đơn vị", "Tên đơn vị", "Trực thuộc", "Cấp", "Trạng thái", "Ngày gửi", "Gửi muộn",
                *[coded_heading(i.code, i.label) for i in self.indicators]]

    def column_formats(self) -> list[str | None]:
        """Formats for the columns that need one: counts 1.234.567 and amounts 1.234.567 ₫ (as
        the reader's Excel groups them), dates dd/mm/yyyy. Only cells with a value get one: a
        styled cell costs openpyxl twice a plain one, and most cells of unsent reports are empty."""
        formats = [None, None, None, None, None, "dd/mm/yyyy", None]
        for indicator in self.indicators:
            formats.append(kind_of(indicator).export_format)
        return formats

    def __iter__(self) -> Iterator[list]:
        period = self.rollup.period
        reports = (period_reports(period=period, scope_path=self.rollup.scope_path, kind=self.kind)
                   .select_related("unit").order_by("pk"))
        positions = {indicator.pk: n for n, indicator in enumerate(self.indicators)}
        kinds = {indicator.pk: kind_of(indicator) for indicator in self.indicators}
        counted = reports.filter(counted_reports(self.rollup.basis))
        values = (ReportValue.objects.filter(report__in=counted.values("pk"), indicator_id__in=list(positions))
                  .order_by("report_id").values_list("report_id", "indicator_id", "flag", "number", "text", "date")
                  .iterator(chunk_size=20000))
        pending = next(values, None)
        levels = {"upper": "Cấp trên cơ sở", "grassroots": "Cơ sở", "province": "Tỉnh"}
        for report in reports.iterator(chunk_size=5000):
            cells = [None] * len(self.indicators)
            while pending is not None and pending[0] <= report.pk:
                if pending[0] == report.pk:
                    _, indicator_id, *columns = pending
                    kind = kinds[indicator_id]
                    cells[positions[indicator_id]] = kind.to_cell(kind.from_columns(StoredColumns(*columns)))
                pending = next(values, None)
            submitted = timezone.localtime(report.submitted_at).date() if report.submitted_at else None
            yield [report.unit.code, report.unit.name, self.branch_names.get(report.unit_path[: self.width], ""),
                   levels.get(report.unit_level, report.unit_level), ROLLUP_STATUS_VI[report.status], submitted,
                   "Muộn" if report.submitted_late and report.status in COUNTED else "", *cells]


def _sheet(workbook, title: str, header: list, widths: list[int], formats: list[str | None] | None = None, *,
           pages_wide: int = 1, title_columns: str | None = None):
    """A sheet with its header row (frozen, filtered, repeated on every printed page, as tall
    as its wrapped headings) and its page setup: landscape when wide, one page wide (or
    `pages_wide`, with `title_columns` repeating the unit on each page across)."""
    sheet = workbook.create_sheet(title)
    for n, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(n)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}1"
    print_setup(sheet, landscape=sum(widths) > 100, title_rows="1:1", title_columns=title_columns,
                pages_wide=pages_wide)
    sheet.widths, sheet.rows_written = widths, 1  # for the rows' heights (write-only: set before each row)
    sheet.row_dimensions[1].height = row_height_for([str(h) for h in header], widths, bold=True)
    bold = Font(bold=True)
    row = []
    for text in header:
        cell = new_cell(sheet, text)  # a label is text whatever it starts with
        cell.font, cell.fill = bold, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        row.append(cell)
    sheet.append(row)
    return sheet


WRAPPED = Alignment(wrap_text=True, vertical="top")


def _append(sheet, values: list, formats: list[str | None], *, wrap: bool = False) -> None:
    """One row; `wrap`: its texts wrap in their columns and the row is made tall enough."""
    sheet.rows_written += 1
    if wrap:
        sheet.row_dimensions[sheet.rows_written].height = row_height_for(
            [v if isinstance(v, str) else "" for v in values], sheet.widths)
    row = []
    for value, number_format in zip(values, formats):
        if (number_format and value is not None) or (wrap and isinstance(value, str)):
            cell = new_cell(sheet, value)
            if number_format:
                cell.number_format = number_format
            if wrap:
                cell.alignment = WRAPPED
            row.append(cell)
        else:
            row.append(plain(sheet, value))  # a unit's "=…" text stays text, never a formula
    sheet.append(row)


def _fraction(value: Decimal | None):
    return None if value is None else float(value) / 100


def compliance_workbook(*, rollup: Rollup, kind: str = "", progress: Callable[[int], None] | None = None) -> bytes:
    """The workbook: summary, targets by unit under the scope, one row per unit, missing units,
    proposals. Written in openpyxl's write-only (streaming) mode."""
    workbook = Workbook(write_only=True)
    c = rollup.completeness
    summary = _sheet(workbook, "Tổng hợp", ["Nội dung", "Số lượng", "Tỷ lệ"], [60, 14, 12])
    summary_formats = [None, WHOLE, PERCENT]
    _append(summary, [f"Kỳ báo cáo: {rollup.period.code} — {rollup.period.title}", None, None], summary_formats)
    _append(summary, [f"Phạm vi: {rollup.scope.name}", None, None], summary_formats, wrap=True)
    _append(summary, [basis_sentence(rollup), None, None], summary_formats, wrap=True)
    for label, count, share in (
        ("Đơn vị phải báo cáo", c.expected, None),
        ("Đã gửi báo cáo", c.submitted, c.rates["submitted"]),
        ("Gửi đúng hạn", c.on_time, c.rates["on_time"]),
        ("Gửi muộn", c.late, c.rates["late"]),
        ("Đã trả lại, chờ sửa", c.returned, c.rates["returned"]),
        ("Chưa gửi", c.missing, c.rates["missing"]),
        ("Đã duyệt", c.accepted, c.rates["accepted"]),
    ):
        _append(summary, [label, count, _fraction(share)], summary_formats)
    _append(summary, [None, None, None], summary_formats)
    target_formats = [None, WHOLE, WHOLE, WHOLE, PERCENT, PERCENT, PERCENT, None]
    targets = _sheet(workbook, "Chỉ tiêu", ["Chỉ tiêu", "Đơn vị thuộc diện", "Đơn vị đã báo cáo", "Đạt",
                                             "Tỷ lệ (trên đơn vị đã báo cáo)", "Tỷ lệ (trên đơn vị phải báo cáo)",
                                             "Mức phải đạt", "Đánh giá"], [60, 14, 14, 12, 16, 16, 12, 14])
    verdict = {"green": "Đạt", "amber": "Gần đạt", "red": "Chưa đạt", "grey": "Chưa có số liệu"}
    for result in rollup.targets:
        ratio = result.target.measure == "ratio_of_counts"
        _append(targets, [str(result.target), result.denominator if ratio else result.applicable_expected,
                          None if ratio else result.applicable_reported, result.met,
                          _fraction(result.rate_reported), _fraction(result.rate_expected), _fraction(result.required),
                          verdict[result.status]], target_formats, wrap=True)
    branches = branches_of_scope(rollup=rollup, kind=kind)
    share_targets = [r for r in rollup.targets if r.target.measure == "share_of_units"]
    by_branch = _sheet(workbook, "Theo đơn vị trực thuộc",
                       ["Đơn vị", "Phải báo cáo", "Đã gửi", "Đúng hạn", "Muộn", "Đã trả lại, chờ sửa", "Chưa gửi",
                        "Tỷ lệ đã gửi", *[r.target.code for r in share_targets]],
                       [50, 12, 10, 10, 10, 12, 10, 12, *[9] * len(share_targets)])
    branch_formats = [None, WHOLE, WHOLE, WHOLE, WHOLE, WHOLE, WHOLE, PERCENT, *[PERCENT] * len(share_targets)]
    for branch in branches:
        _append(by_branch, [branch["unit"].name if branch["unit"] else branch["path"], branch["expected"],
                            branch["submitted"], branch["on_time"], branch["late"], branch["returned"], branch["missing"],
                            _fraction(branch["submitted_rate"]),
                            *[_fraction(branch["target_rates"].get(r.target.pk)) for r in share_targets]],
                branch_formats)
    rows = UnitRows(rollup, kind)
    header = rows.header()
    # A column per figure: too wide for one page at a readable size, so three pages across,
    # each repeating the unit's code and name.
    units = _sheet(workbook, "Từng đơn vị", header, [12, 40, 30, 13, 17, 11, 8, *[12] * len(rows.indicators)],
                   pages_wide=3 if len(rows.indicators) > 12 else 1, title_columns="A:B")
    formats = rows.column_formats()
    for n, row in enumerate(rows, start=1):
        _append(units, row, formats)
        if progress and n % settings.EXPORT_PROGRESS_EVERY == 0:
            progress(n)
    missing = _sheet(workbook, "Chưa gửi, gửi muộn", ["Mã", "Đơn vị", "Trạng thái", "Hạn gửi", "Ngày gửi",
                                                      "Thư điện tử", "Điện thoại"], [14, 50, 18, 12, 12, 30, 16])
    missing_formats = [None, None, None, "dd/mm/yyyy", "dd/mm/yyyy", None, None]
    for report in late_and_missing(rollup=rollup, kind=kind, limit=None).iterator(chunk_size=5000):
        _append(missing, [report.unit.code, report.unit.name,
                          "Gửi muộn" if report.status in COUNTED else ROLLUP_STATUS_VI[report.status], report.due_on,
                          timezone.localtime(report.submitted_at).date() if report.submitted_at else None,
                          report.unit.email, report.unit.phone], missing_formats)
    proposals = _sheet(workbook, "Đề xuất, kiến nghị", ["Nhóm", "Đơn vị", "Nội dung", "Ý kiến"], [35, 45, 22, 90])
    for group in proposals_for_scope(rollup=rollup, kind=kind):
        for item in group["items"]:
            _append(proposals, [group["name"], item["unit"].name, item["indicator"].label, item["text"]],
                    [None, None, None, None], wrap=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _annex_branches(*, rollup: Rollup, kind: str) -> list[dict]:
    """The annex's counts by unit under the scope: a province's upper-level unions; for the
    national report each province, followed by its upper-level unions (two reads of the kept
    aggregates, whatever the size of the country); none under an upper-level union, whose
    units are listed one by one. The same figures as the workbook's "Theo đơn vị trực thuộc"."""
    if rollup.scope.level not in (Level.PROVINCE, Level.NATIONAL):
        return []
    branches = branches_of_scope(rollup=rollup, kind=kind)
    if rollup.scope.level != Level.NATIONAL:
        return [{**b, "heading": False} for b in branches]
    below: dict[str, list[dict]] = {}
    for upper in branches_of_scope(rollup=rollup, kind=kind, parents=[b["path"] for b in branches]):
        below.setdefault(upper["path"][:-Union.steplen], []).append({**upper, "heading": False})
    rows = []
    for province in branches:
        rows += [{**province, "heading": True}, *below.get(province["path"], [])]
    return rows


def _annex_units(*, rollup: Rollup, kind: str) -> list[dict]:
    """The annex's list of units, grouped by upper-level union (one group under an upper-level
    union): code, name, where its report stands, and the targets its sent report answers "Không"
    to. Three cells a row: WeasyPrint's cost is per cell, and the per-target answers are in the
    workbook."""
    rows = UnitRows(rollup, kind)
    period = rollup.period
    compliance = [(n, i) for n, i in enumerate(rows.indicators) if i.role == Indicator.Role.COMPLIANCE]
    counted = {ROLLUP_STATUS_VI[s] for s in ((Report.Status.ACCEPTED,) if rollup.basis == ACCEPTED_BASIS else COUNTED)}
    level_of = {"Cấp trên cơ sở": Level.UPPER, "Cơ sở": Level.GRASSROOTS, "Tỉnh": Level.PROVINCE}
    grouped = rollup.scope.level in (Level.PROVINCE, Level.NATIONAL)
    groups: dict[str, dict] = {}
    for r in rows:
        not_met = ""
        if r[4] in counted:
            level = level_of.get(r[3], r[3])
            missed = [i.target.code for n, i in compliance
                      if i.applies_to_period(level=level, annual=period.is_annual) and r[7 + n] != "Có"]
            not_met = ", ".join(missed) if missed else "Đạt tất cả"
        group = groups.setdefault(r[2] if grouped else "", {"name": r[2] if grouped else "", "rows": []})
        group["rows"].append({"code": r[0], "name": r[1], "upper": r[3] == "Cấp trên cơ sở",
                              "status": f"{r[4]}{' (muộn)' if r[6] else ''}", "submitted": r[5], "not_met": not_met})
    for group in groups.values():
        group["rows"].sort(key=lambda row: (not row["upper"], row["name"]))  # the union itself, then its units
    return sorted(groups.values(), key=lambda g: g["name"])


def compliance_document_context(*, rollup: Rollup, kind: str = "", today: datetime.date | None = None) -> dict:
    """What the official compliance report shows (Decree 30 layout). Bounded by design: the
    annex lists each unit only for a scope of at most PDF_ANNEX_UNITS units (a province, a
    branch), otherwise the counts by province and upper-level union, and section IV at most
    PDF_PROPOSALS_PER_GROUP proposals a group; the document says the rest is in the workbook."""
    today = today or timezone.localdate()
    period = rollup.period
    task_groups = []
    for group in period.plan.task_groups.order_by("number").prefetch_related("indicators"):
        figures = [(i, rollup.sums.get(i.pk, Decimal(0))) for i in group.indicators.order_by("order") if i.is_numeric]
        task_groups.append({"group": group, "figures": figures})
    proposals = proposals_for_scope(rollup=rollup, kind=kind)
    for group in proposals:
        group["more"] = max(0, len(group["items"]) - settings.PDF_PROPOSALS_PER_GROUP)
        group["items"] = group["items"][:settings.PDF_PROPOSALS_PER_GROUP]
    units_listed = rollup.scope.level != Level.NATIONAL and rollup.completeness.expected <= settings.PDF_ANNEX_UNITS
    is_province = rollup.scope.level in ("province", "national")
    issuer = issuer_of(rollup.scope)
    return {
        "rollup": rollup, "completeness": rollup.completeness, "targets": rollup.targets,
        "basis_sentence": basis_sentence(rollup),
        "task_groups": task_groups, "proposals": proposals,
        "annex_branches": _annex_branches(rollup=rollup, kind=kind),
        "annex_units": _annex_units(rollup=rollup, kind=kind) if units_listed else None,
        "document_title": f"Báo cáo kết quả thực hiện {period.plan.programme_reference} — {period.code}",
        "issuing_parent": issuer.parent,
        "issuing_body": issuer.body,
        "body_in_sentence": rollup.scope.name,
        "document_number": "……/BC-LĐLĐ",
        "place": issuer.place,
        "place_date": vietnamese_date_line(issuer.place, today),
        "programme": period.plan.programme_name,
        "programme_reference": period.plan.programme_reference,
        "document_kind": "BÁO CÁO",
        "period_phrase": period_phrase(period),
        "recipients": (["Ban CSKTXH&TĐKT Tổng Liên đoàn;", "Thường trực LĐLĐ tỉnh;", "Các công đoàn cấp trên cơ sở;",
                        "Lưu: VT, CS-PL."] if is_province else
                       ["LĐLĐ tỉnh (Ban Chính sách - Pháp luật);", "Lưu: VT."]),
        "signature_on_behalf": "TM. BAN THƯỜNG VỤ",
        "signature_title": "PHÓ CHỦ TỊCH" if is_province else "CHỦ TỊCH",
        "font_dir": FONT_DIR,
    }


def compliance_pdf(*, rollup: Rollup, kind: str = "", details: dict | None = None,
                   progress: Callable[[int], None] | None = None) -> bytes:
    """The period's official report; `details` (number, date, signer, "Nơi nhận") as the Board set them.
    `progress` (a background export's): called after each step — data read, HTML written, PDF
    made, a third of the units each — and, from a thread, every EXPORT_HEARTBEAT_SECONDS
    meanwhile with the last value, so that the sweep sees the worker alive during the layout."""
    done = [0]

    def step(n: int) -> None:
        done[0] = n
        if progress:
            progress(n)

    total = rollup.completeness.expected
    with beating((lambda: progress(done[0])) if progress else None), translation.override("vi"):
        context = with_details(compliance_document_context(rollup=rollup, kind=kind), details)
        step(total // 3)
        html = render_to_string("compliance/compliance_document.html", context)
        step(total * 2 // 3)
        content = render_pdf(html)
        step(total)
    return content


def compliance_file(*, rollup: Rollup, kind: str, fmt: str, progress=None, details: dict | None = None) -> bytes:
    if fmt == "pdf":
        return compliance_pdf(rollup=rollup, kind=kind, details=details, progress=progress)
    return compliance_workbook(rollup=rollup, kind=kind, progress=progress)


def export_file(*, export, progress=None) -> bytes:
    """The file of a claimed export: the period's report, or (first_period set) the review of
    the programme from first_period to period; with the details kept on the export."""
    if export.first_period_id:
        from reviews.documents import review_file  # reviews builds on this module: imported when asked

        return review_file(export=export, progress=progress)
    rollup = compliance_for_scope(period=export.period, scope=export.scope, kind=export.kind, basis=export.basis)
    return compliance_file(rollup=rollup, kind=export.kind, fmt=export.format, progress=progress,
                           details=export.details)
