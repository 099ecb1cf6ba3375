"""The review of the programme as an official document (Decree 30 layout, PDF/A with its
trend charts drawn as SVG) and as an Excel workbook that prints well. Figures are shown
through their kind (plans.values), counted as the period reports count them."""
import datetime
import hashlib
import io
import json
from decimal import Decimal

from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from compliance.exports import basis_sentence
from plans.models import Indicator, Target
from plans.values import kind_of
from reporting.documents import (
    FONT_DIR,
    beating,
    document_details_defaults,
    issuer_of,
    period_phrase,
    render_pdf,
    vietnamese_date_line,
    with_details,
)
from reporting.models import Report
from workbooks.printing import print_setup, row_height_for
from workbooks.writing import FONT_NAME, WHOLE_FORMAT, as_text

from .charts import trend_chart
from .selectors import ProgrammeReview, programme_review, review_periods, year_rates

PERCENT_FORMAT = "0.0%"
VERDICT = {"green": "Đạt", "amber": "Gần đạt", "red": "Chưa đạt", "grey": "Chưa có số liệu"}


def span_phrase(review: ProgrammeReview) -> str:
    """'giai đoạn 2019 - 2023', or for an interim span 'từ 6 tháng đầu năm 2019 đến năm 2021'."""
    first, last = review.first, review.last
    if first.kind == first.Kind.HALF_YEAR and last.is_annual:
        return f"giai đoạn {first.year} - {last.year}" if first.year != last.year else f"năm {first.year}"
    return f"từ {period_phrase(first)} đến {period_phrase(last)}"


def review_title(review: ProgrammeReview) -> str:
    return "Tổng kết" if review.is_final else "Sơ kết"


def _period_label(period) -> str:
    return "6T" if period.kind == period.Kind.HALF_YEAR else "Năm"


def _charts(review: ProgrammeReview) -> list[dict]:
    labels = [f"{_period_label(p)} {p.year}" for p in review.periods]
    charts = [{"title": "Tỷ lệ đơn vị gửi báo cáo và gửi đúng hạn", "svg": trend_chart(
        labels=labels, title="Tỷ lệ đơn vị gửi báo cáo", series=[
            ("reported", "Đã gửi", [r.completeness.rates["submitted"] for r in review.rollups]),
            ("expected", "Đúng hạn", [r.completeness.rates["on_time"] for r in review.rollups]),
        ])}]
    for target in review.targets:
        results = review.target_row(target)
        series = [("reported", "Trên số đã báo cáo", [r.rate_reported if r else None for r in results])]
        if target.measure == Target.Measure.SHARE_OF_UNITS:
            series.append(("expected", "Trên số phải báo cáo", [r.rate_expected if r else None for r in results]))
        series.append(("required", "Mức phải đạt", [r.required if r else None for r in results]))
        charts.append({"title": f"{target.code}. {target.short_name}", "svg": trend_chart(
            labels=labels, series=series, title=f"{target.code}. {target.short_name}")})
    return charts


def _target_table(review: ProgrammeReview) -> list[dict]:
    rows = []
    for target in review.targets:
        cells = []
        for year in review.years:
            result = next((r for r in year.rollup.targets if r.target.pk == target.pk), None)
            cells.append(result)
        last = next((c for c in reversed(cells) if c is not None), None)
        rows.append({"target": target, "cells": cells, "last": last,
                     "verdict": VERDICT[last.status] if last else VERDICT["grey"]})
    return rows


def _task_group_tables(review: ProgrammeReview) -> list[dict]:
    groups = []
    for group in review.plan.task_groups.order_by("number").prefetch_related("indicators"):
        figures = []
        for indicator in group.indicators.order_by("order"):
            if not indicator.is_numeric or indicator.kind == Indicator.Kind.PERCENT:
                continue
            kind = kind_of(indicator)
            values = [year.rollup.sums.get(indicator.pk, Decimal(0)) for year in review.years]
            figures.append({"indicator": indicator, "values": values, "shown": [kind.display(v) for v in values]})
        groups.append({"group": group, "figures": figures})
    return groups


def review_document_context(*, review: ProgrammeReview, kind: str = "", today: datetime.date | None = None) -> dict:
    """What the review document shows; the issuing body, number, date and signer as for the
    period report, then with_details for what the Board set."""
    today = today or timezone.localdate()
    scope = review.scope
    is_province = scope.level in ("province", "national")
    issuer = issuer_of(scope)
    defaults = document_details_defaults(scope=scope, today=today)
    years = [{"year": y, "rates": year_rates(y.completeness)} for y in review.years]
    reached = [row for row in _target_table(review) if row["last"] and row["last"].status == "green"]
    return {
        "review": review, "title_word": review_title(review), "span_phrase": span_phrase(review),
        "years": years, "target_rows": _target_table(review), "deadline_targets": review.deadline_targets(),
        "task_groups": _task_group_tables(review), "charts": _charts(review),
        "reached": reached, "basis_sentence": basis_sentence(review.rollups[-1]),
        "annex_lists": [("Đơn vị chưa gửi báo cáo lần nào", review.never_reported),
                        ("Đơn vị lần nào cũng gửi muộn", review.always_late)],
        "document_title": f"{review_title(review)} {review.plan.programme_reference} — {review.first.code} … {review.last.code}",
        "issuing_parent": issuer.parent,
        "issuing_body": issuer.body,
        "body_in_sentence": scope.name,
        "document_number": defaults["number"],
        "place": issuer.place,
        "place_date": vietnamese_date_line(issuer.place, today),
        "programme": review.plan.programme_name,
        "programme_reference": review.plan.programme_reference,
        "document_kind": "BÁO CÁO",
        "recipients": defaults["recipients"],
        "signature_on_behalf": defaults["on_behalf"],
        "signature_title": defaults["signer_title"],
        "font_dir": FONT_DIR,
    }


def review_pdf(*, review: ProgrammeReview, kind: str = "", details: dict | None = None) -> bytes:
    with translation.override("vi"):
        html = render_to_string("reviews/review_document.html",
                                with_details(review_document_context(review=review, kind=kind), details))
    return render_pdf(html)


# The workbook ---------------------------------------------------------------------------------

BOLD = Font(name=FONT_NAME, size=11, bold=True)
PLAIN = Font(name=FONT_NAME, size=11)
TITLE = Font(name=FONT_NAME, size=13, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F4")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")


def _write_table(sheet, *, title: str, header: list[str], rows: list[list], formats: list[str | None],
                 widths: list[float], note: str = "") -> None:
    """A titled table: the title, an optional note, the header (repeated on every printed
    page), the rows; each row as tall as its longest wrapped text."""
    for n, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(1, n).column_letter].width = width
    sheet.cell(1, 1, title).font = TITLE
    line = 2
    if note:
        note_cell = sheet.cell(line, 1, note)
        note_cell.font, note_cell.alignment = Font(name=FONT_NAME, size=10, italic=True), WRAP_TOP
        sheet.merge_cells(start_row=line, start_column=1, end_row=line, end_column=len(header))
        sheet.row_dimensions[line].height = row_height_for([note], [sum(widths)])
        line += 1
    header_row = line
    for n, text in enumerate(header, start=1):
        cell = sheet.cell(header_row, n, text)
        as_text(cell)
        cell.font, cell.fill, cell.alignment = BOLD, HEADER_FILL, Alignment(wrap_text=True, vertical="center",
                                                                           horizontal="center")
    sheet.row_dimensions[header_row].height = row_height_for(header, widths, bold=True)
    for values in rows:
        line += 1
        for n, (value, number_format) in enumerate(zip(values, formats), start=1):
            cell = sheet.cell(line, n, value)
            as_text(cell)
            cell.font = PLAIN
            cell.alignment = WRAP_TOP
            if number_format:
                cell.number_format = number_format
        sheet.row_dimensions[line].height = row_height_for([v if isinstance(v, str) else "" for v in values], widths)
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    print_setup(sheet, landscape=sum(widths) > 100, title_rows=f"{header_row}:{header_row}")


def _fraction(value):
    return None if value is None else float(value) / 100


def review_workbook(*, review: ProgrammeReview) -> bytes:
    """Summary, completeness by year, targets by year and by period, task-group figures by year,
    units that never reported or were always late, proposals raised most. Small (one row per
    year, target or unit listed), so written in openpyxl's ordinary mode with full page setup."""
    book = Workbook()
    summary = book.active
    summary.title = "Tổng hợp"
    years = review.years
    year_labels = [str(y.year) if y.closing_period.is_annual else f"6 tháng {y.year}" for y in years]
    _write_table(summary, title=f"{review_title(review)} Chương trình 1306 — {review.scope.name} — {span_phrase(review)}",
                 note=basis_sentence(review.rollups[-1]),
                 header=["Năm", "Phải báo cáo", "Đã gửi", "Tỷ lệ đã gửi", "Đúng hạn", "Tỷ lệ đúng hạn", "Gửi muộn",
                         "Đã trả lại, chờ sửa", "Chưa gửi"],
                 rows=[[label, y.completeness.expected, y.completeness.submitted,
                        _fraction(year_rates(y.completeness)["submitted"]), y.completeness.on_time,
                        _fraction(year_rates(y.completeness)["on_time"]), y.completeness.late,
                        y.completeness.returned, y.completeness.missing] for label, y in zip(year_labels, years)],
                 formats=[None, WHOLE_FORMAT, WHOLE_FORMAT, PERCENT_FORMAT, WHOLE_FORMAT, PERCENT_FORMAT, WHOLE_FORMAT,
                          WHOLE_FORMAT, WHOLE_FORMAT],
                 widths=[14, 12, 11, 11, 11, 11, 11, 13, 11])
    target_rows = []
    for row in _target_table(review):
        target_rows.append([f"{row['target'].code}. {row['target'].short_name}",
                            *[_fraction(c.rate_reported) if c else None for c in row["cells"]],
                            *[_fraction(c.rate_expected) if c else None for c in row["cells"]],
                            float(row["target"].threshold) / 100, row["verdict"]])
    _write_table(book.create_sheet("Chỉ tiêu theo năm"), title="Tỷ lệ thực hiện các chỉ tiêu theo năm",
                 note="Tỷ lệ trên số đơn vị đã báo cáo, rồi trên số đơn vị phải báo cáo (chỉ tiêu 3 tính trên số văn bản); "
                      "số liệu của năm là của báo cáo năm.",
                 header=["Chỉ tiêu", *[f"{label}: trên số đã báo cáo" for label in year_labels],
                         *[f"{label}: trên số phải báo cáo" for label in year_labels], "Mức phải đạt", "Đánh giá"],
                 rows=target_rows, formats=[None, *[PERCENT_FORMAT] * (2 * len(years)), PERCENT_FORMAT, None],
                 widths=[42, *[11] * (2 * len(years)), 10, 12])
    period_rows = []
    for rollup in review.rollups:
        results = {r.target.pk: r for r in rollup.targets}
        period_rows.append([rollup.period.title, _fraction(rollup.completeness.rates["submitted"]),
                            *[_fraction(results[t.pk].rate_reported) if t.pk in results else None
                              for t in review.targets]])
    _write_table(book.create_sheet("Chỉ tiêu theo kỳ"), title="Diễn biến theo từng kỳ báo cáo",
                 note="Tỷ lệ trên số đơn vị đã báo cáo; ô trống: chỉ tiêu không tính trong kỳ đó.",
                 header=["Kỳ báo cáo", "Tỷ lệ đã gửi", *[f"{t.code}. {t.short_name}" for t in review.targets]],
                 rows=period_rows, formats=[None, *[PERCENT_FORMAT] * (1 + len(review.targets))],
                 widths=[20, 10, *[14] * len(review.targets)])
    figure_rows = []
    for item in _task_group_tables(review):
        for figure in item["figures"]:
            figure_rows.append([f"{item['group'].number}. {item['group'].title}", figure["indicator"].label,
                                *[int(v) for v in figure["values"]]])
    number_formats = [None, None, *[WHOLE_FORMAT] * len(years)]
    _write_table(book.create_sheet("Nhiệm vụ theo năm"), title="Kết quả thực hiện nhiệm vụ và giải pháp theo năm",
                 note="Tổng số liệu các đơn vị đã báo cáo trong báo cáo năm (số tiền tính bằng đồng).",
                 header=["Nhóm nhiệm vụ", "Nội dung", *year_labels], rows=figure_rows, formats=number_formats,
                 widths=[34, 46, *[14] * len(years)])
    for title, records in (("Chưa gửi lần nào", review.never_reported), ("Luôn gửi muộn", review.always_late)):
        _write_table(book.create_sheet(title), title=f"Đơn vị {title.lower()} ({span_phrase(review)})",
                     header=["Mã đơn vị", "Tên đơn vị", "Số kỳ phải báo cáo", "Số kỳ đã gửi", "Số kỳ gửi muộn",
                             "Thư điện tử", "Điện thoại"],
                     rows=[[r.unit.code, r.unit.name, r.expected, r.sent, r.late, r.unit.email, r.unit.phone]
                           for r in records],
                     formats=[None, None, WHOLE_FORMAT, WHOLE_FORMAT, WHOLE_FORMAT, None, None],
                     widths=[14, 46, 11, 11, 11, 28, 15])
    raised_rows = []
    for label, items in review.raised.items():
        for item in items:
            raised_rows.append([label, item.text, len(item.units), item.times,
                                ", ".join(u.name for u in item.units[:5]) + (
                                    f" và {len(item.units) - 5} đơn vị khác" if len(item.units) > 5 else "")])
    _write_table(book.create_sheet("Đề xuất, kiến nghị"), title="Đề xuất, kiến nghị và khó khăn được nêu nhiều nhất",
                 header=["Nội dung", "Ý kiến", "Số đơn vị nêu", "Số lượt nêu", "Đơn vị"], rows=raised_rows,
                 formats=[None, None, WHOLE_FORMAT, WHOLE_FORMAT, None], widths=[22, 60, 10, 10, 50])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# As an export: fingerprint, file --------------------------------------------------------------

def review_fingerprint(*, review_args: dict, fmt: str, details: dict | None) -> str:
    """What the review's file depends on: every report of the span under the scope (count and
    last change), the plan's indicators, the day, the choices and the Board's details."""
    plan, scope = review_args["plan"], review_args["scope"]
    periods = review_periods(plan=plan, first=review_args.get("first"), last=review_args.get("last"))
    reports = Report.objects.filter(period__in=periods)
    state = reports.aggregate(n=Count("pk"), changed=Max("updated_at"))
    plan_state = plan.indicators.aggregate(n=Count("pk"), last=Max("pk"))
    key = "|".join(str(part) for part in (
        "review", periods[0].pk, periods[-1].pk, scope.pk, review_args.get("kind", ""), review_args.get("basis", ""),
        fmt, state["n"], state["changed"], plan_state["n"], plan_state["last"], timezone.localdate(),
        json.dumps(details or {}, sort_keys=True, ensure_ascii=False)))
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def review_file(*, export, progress=None) -> bytes:
    """The file of a claimed review export (compliance.exports.export_file)."""
    review = programme_review(plan=export.period.plan, scope=export.scope, first=export.first_period,
                              last=export.period, kind=export.kind, basis=export.basis, progress=progress)
    with translation.override("vi"):
        if export.format == "pdf":  # every period read: the heartbeat goes on while WeasyPrint works
            with beating((lambda: progress(export.total)) if progress else None):
                return review_pdf(review=review, kind=export.kind, details=export.details)
        return review_workbook(review=review)
