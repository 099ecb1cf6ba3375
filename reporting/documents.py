"""Official documents in the Decree 30/2020/NĐ-CP layout, rendered by WeasyPrint with the
Tinos font shipped in static/fonts (Times New Roman metrics, every Vietnamese letter, ₫)."""
import datetime
import io

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from unions.models import Level
from unions.selectors import union_ancestors

from .models import Report, ReportingPeriod
from .selectors import report_sections

FONT_DIR = (settings.BASE_DIR / "static" / "fonts").as_uri() + "/"


def vietnamese_date_line(place: str, day: datetime.date) -> str:
    """'Quảng Trị, ngày 05 tháng 01 năm 2024': day with a leading zero below 10, and months
    1 and 2 written 01 and 02 (Decree 30)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def period_phrase(period: ReportingPeriod) -> str:
    return f"6 tháng đầu năm {period.year}" if period.kind == ReportingPeriod.Kind.HALF_YEAR else f"năm {period.year}"


def report_document_context(*, report: Report, today: datetime.date | None = None) -> dict:
    """What the official form of one unit's report shows, for the print page and the PDF."""
    day = timezone.localtime(report.submitted_at).date() if report.submitted_at else (today or timezone.localdate())
    above = list(union_ancestors(union=report.unit))
    parent = above[-1] if above else None
    upper = report.unit_level == Level.UPPER
    return {
        "report": report,
        "sections": report_sections(report=report),
        "document_title": f"Báo cáo {report.period.code} — {report.unit.name}",
        "issuing_parent": parent.name if parent else settings.ISSUING_BODY_PARENT,
        "issuing_body": report.unit.name,
        "document_number": f"……/BC-{'LĐLĐ' if upper else 'CĐCS'}",
        "place_date": vietnamese_date_line("Quảng Trị", day),
        "document_kind": "BÁO CÁO",
        "period_phrase": period_phrase(report.period),
        "recipients": ["LĐLĐ tỉnh (Ban Chính sách - Pháp luật);",
                       *([f"{parent.name};"] if parent and parent.level != Level.PROVINCE else []),
                       "Lưu: VT."],
        "signature_on_behalf": "TM. BAN THƯỜNG VỤ" if upper else "TM. BAN CHẤP HÀNH",
        "signature_title": "CHỦ TỊCH",
        "font_dir": FONT_DIR,
    }


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def report_pdf(*, report: Report) -> io.BytesIO:
    """One unit's report as a PDF, in Vietnamese whatever the reader's language."""
    with translation.override("vi"):
        html = render_to_string("reporting/report_document.html", report_document_context(report=report))
    return io.BytesIO(render_pdf(html))
