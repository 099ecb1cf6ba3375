"""Official documents in the Decree 30/2020/NĐ-CP layout, rendered by WeasyPrint with the
Tinos font shipped in static/fonts (Times New Roman metrics, every Vietnamese letter, ₫)."""
import datetime
import io
import logging
import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from xml.etree.ElementTree import fromstring
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.db import connections
from django.template.loader import render_to_string
from django.utils import timezone, translation

from unions.models import Level, Union
from unions.selectors import union_ancestors

from .models import Report, ReportingPeriod
from .selectors import report_sections

FONT_DIR = (settings.BASE_DIR / "static" / "fonts").as_uri() + "/"
log = logging.getLogger(__name__)


def vietnamese_date_line(place: str, day: datetime.date) -> str:
    """'Quảng Trị, ngày 05 tháng 01 năm 2024': day with a leading zero below 10, and months
    1 and 2 written 01 and 02 (Decree 30)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


@dataclass(frozen=True)
class Issuer:
    """Who issues a document and where (Decree 30's heading and place line)."""

    parent: str  # the body above, first line of the heading ("" for the confederation)
    body: str
    place: str


def place_of(province: Union) -> str:
    """The place a provincial federation writes on its documents: its province, from its name
    ("Liên đoàn Lao động tỉnh Quảng Bình" → "Quảng Bình", "… thành phố Huế" → "Huế")."""
    name = province.name.strip()
    for word in (" tỉnh ", " thành phố ", " TP. ", " TP "):
        if word in name:
            place = name.rsplit(word, 1)[1].strip()
            if place:
                return place
    return name


def issuer_of(scope: Union) -> Issuer:
    """The issuer of a document of `scope`: the scope's own union under the one directly above
    it (the confederation has none above; a province at the top of the tree has the
    confederation, settings.ISSUING_BODY_PARENT), written from its province (the confederation
    from settings.NATIONAL_PLACE). One query."""
    above = list(union_ancestors(union=scope))
    if scope.level == Level.NATIONAL:
        return Issuer(parent="", body=scope.name, place=settings.NATIONAL_PLACE)
    province = scope if scope.level == Level.PROVINCE else next((u for u in above if u.level == Level.PROVINCE), None)
    parent = above[-1].name if above else settings.ISSUING_BODY_PARENT
    return Issuer(parent=parent, body=scope.name, place=place_of(province or (above[0] if above else scope)))


def period_phrase(period: ReportingPeriod) -> str:
    return f"6 tháng đầu năm {period.year}" if period.kind == ReportingPeriod.Kind.HALF_YEAR else f"năm {period.year}"


def report_document_context(*, report: Report, today: datetime.date | None = None) -> dict:
    """What the official form of one unit's report shows, for the print page and the PDF."""
    day = timezone.localtime(report.submitted_at).date() if report.submitted_at else (today or timezone.localdate())
    above = list(union_ancestors(union=report.unit))
    parent = above[-1] if above else None
    upper = report.unit_level == Level.UPPER
    province = next((u for u in above if u.level == Level.PROVINCE), above[0] if above else report.unit)
    return {
        "report": report,
        "sections": report_sections(report=report),
        "document_title": f"Báo cáo {report.period.code} — {report.unit.name}",
        "issuing_parent": parent.name if parent else settings.ISSUING_BODY_PARENT,
        "issuing_body": report.unit.name,
        "document_number": f"……/BC-{'LĐLĐ' if upper else 'CĐCS'}",
        "place": place_of(province),
        "place_date": vietnamese_date_line(place_of(province), day),
        "programme": report.period.plan.programme_name,
        "programme_reference": report.period.plan.programme_reference,
        "document_kind": "BÁO CÁO",
        "period_phrase": period_phrase(report.period),
        "recipients": ["LĐLĐ tỉnh (Ban Chính sách - Pháp luật);",
                       *([f"{parent.name};"] if parent and parent.level != Level.PROVINCE else []),
                       "Lưu: VT."],
        "signature_on_behalf": "TM. BAN THƯỜNG VỤ" if upper else "TM. BAN CHẤP HÀNH",
        "signature_title": "CHỦ TỊCH",
        "font_dir": FONT_DIR,
    }


# Every PDF the portal makes is archival: PDF/A-1b (the variant PDFBox's preflight, from
# Debian, checks in the suite), tagged (headings, paragraphs, tables) for screen readers.
PDF_VARIANT = "pdf/a-1b"


def _element_form(rdf: bytes) -> bytes:
    """The XMP WeasyPrint writes, each property as an element (pdfaid:part="1" becomes
    <pdfaid:part>1</pdfaid:part>) and each description declaring its own namespaces: the
    same RDF, in the form every XMP reader takes (PDFBox 2's reads a schema only from the
    declarations on its description, and otherwise finds no PDF/A identification)."""
    from weasyprint.pdf.metadata import NS  # WeasyPrint loads slowly: only when a PDF is made

    prefixes = {uri: prefix for prefix, uri in NS.items() if prefix}
    rdf_ns = NS["rdf"]

    def name_of(tag: str) -> tuple[str, str]:
        uri, local = tag[1:].split("}")
        return uri, f"{prefixes[uri]}:{local}"

    def write(element, used: set) -> str:
        uri, name = name_of(element.tag)
        used.add(uri)
        attributes = "".join(
            f" {'xml:lang' if key.endswith('}lang') else name_of(key)[1]}={quoteattr(value)}"
            for key, value in element.attrib.items() if key.startswith("{" + rdf_ns) or key.endswith("}lang"))
        inner = escape(element.text or "") + "".join(write(child, used) for child in element)
        return f"<{name}{attributes}>{inner}</{name}>"

    parts = []
    for description in fromstring(rdf):
        properties = []
        for key, value in description.attrib.items():  # attribute form: written as an element
            if not key.startswith("{" + rdf_ns):
                properties.append(f"<{name_of(key)[1]}>{escape(value)}</{name_of(key)[1]}>")
        used = {name_of(key)[0] for key in description.attrib if not key.startswith("{" + rdf_ns)}
        properties += [write(child, used) for child in description]
        declarations = "".join(f' xmlns:{prefixes[uri]}="{uri}"' for uri in sorted(used | {rdf_ns}))
        parts.append(f'<rdf:Description rdf:about=""{declarations}>{"".join(properties)}</rdf:Description>')
    return f'<rdf:RDF xmlns:rdf="{rdf_ns}">{"".join(parts)}</rdf:RDF>'.encode()


def render_pdf(html: str) -> bytes:
    """The document as an archival, tagged PDF."""
    # WeasyPrint loads slowly (fonts, Pango): only the requests that make a PDF pay for it
    from weasyprint import HTML
    from weasyprint.pdf.metadata import DocumentMetadata

    class ArchivalMetadata(DocumentMetadata):
        def generate_rdf_metadata(self, *args, **kwargs):
            return _element_form(super().generate_rdf_metadata(*args, **kwargs))

    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(pdf_variant=PDF_VARIANT, pdf_tags=True)
    document.metadata = ArchivalMetadata(**vars(document.metadata))
    return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)


@contextmanager
def beating(beat: Callable[[], None] | None, *, every: float | None = None):
    """Call `beat` every `every` seconds (EXPORT_HEARTBEAT_SECONDS) from a thread while the
    block runs: WeasyPrint lays out and writes a document in single calls with no callback,
    and a worker busy in one must not look dead to the sweep. The thread's database
    connection is closed when the block ends; a failed beat is logged, never fatal."""
    if beat is None:
        yield
        return
    every = settings.EXPORT_HEARTBEAT_SECONDS if every is None else every
    done = threading.Event()

    def run():
        try:
            while not done.wait(every):
                beat()
        except Exception:  # the document matters more than its heartbeat
            log.exception("the heartbeat of a document being made failed")
        finally:
            connections.close_all()  # this thread's connections only

    thread = threading.Thread(target=run, name="document-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


def report_pdf(*, report: Report) -> io.BytesIO:
    """One unit's report as a PDF, in Vietnamese whatever the reader's language."""
    with translation.override("vi"):
        html = render_to_string("reporting/report_document.html", report_document_context(report=report))
    return io.BytesIO(render_pdf(html))


# The details the Board sets before a document is made, kept with its file (Export.details):
# number, date, who signs on whose behalf, and "Nơi nhận".
DETAIL_KEYS = ("number", "date", "on_behalf", "signer_title", "signer_name", "recipients")


def document_details_defaults(*, scope, today: datetime.date | None = None) -> dict:
    """What a province-wide (or a branch's) document carries unless the Board says otherwise:
    the plan's reporting line (section IV) — the Confederation's board, the federation's
    standing office, the upper-level unions — and the Board's own archive."""
    is_province = scope.level in (Level.PROVINCE, Level.NATIONAL)
    return {
        "number": "……/BC-LĐLĐ",
        "date": (today or timezone.localdate()).isoformat(),
        "on_behalf": "TM. BAN THƯỜNG VỤ",
        "signer_title": "PHÓ CHỦ TỊCH" if is_province else "CHỦ TỊCH",
        "signer_name": "",
        "recipients": (["Ban CSKTXH&TĐKT Tổng Liên đoàn;", "Thường trực LĐLĐ tỉnh;", "Các công đoàn cấp trên cơ sở;",
                        "Lưu: VT, CS-PL."] if is_province else ["LĐLĐ tỉnh (Ban Chính sách - Pháp luật);", "Lưu: VT."]),
    }


def with_details(context: dict, details: dict | None) -> dict:
    """The document's context with the Board's details (each one left out keeps its default)."""
    if not details:
        return context
    if details.get("number"):
        context["document_number"] = details["number"]
    if details.get("date"):
        context["place_date"] = vietnamese_date_line(context["place"], datetime.date.fromisoformat(details["date"]))
    for key, name in (("on_behalf", "signature_on_behalf"), ("signer_title", "signature_title"),
                      ("signer_name", "signer_name"), ("recipients", "recipients")):
        if details.get(key):
            context[name] = details[key]
    return context
