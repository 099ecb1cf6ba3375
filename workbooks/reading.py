"""Opening an uploaded .xlsx without trusting it, and reading its cells.

A workbook is a zip of XML parts. Before openpyxl reads a byte of it, the upload must be
small, a zip, an Excel workbook (not a renamed executable, an old .xls or a Word file), with
few parts and a bounded unpacked size (a zip bomb is refused from its directory, unread),
and every part that any XML parser could read as XML — whatever its name or encoding, UTF-16
and UTF-32 included — is parsed (streaming) by defusedxml, which refuses DTDs, entities and
external references: no text search to slip past. Its worksheets are then read in openpyxl's read-only,
streaming mode, with a cap on rows and columns. Every problem becomes a CellError that
says where it is, so that a person can find it in Excel."""
import contextlib
import re
import xml.sax
import zipfile
from dataclasses import dataclass

from defusedxml import DefusedXmlException
from defusedxml.sax import make_parser
from django.utils.formats import number_format
from django.utils.translation import gettext
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

# The grammar of typed values is one for the forms and the workbooks (plans.values).
from plans.grammar import BadValue, date_value, decimal_number, text_value, whole_number, yes_no  # noqa: F401

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PARTS = 300  # a workbook saved by Excel holds 10–40 parts
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024  # 5,000 rows of 60 figures take about 15 MB
MAX_ROWS = 5000  # data rows; a province has a few thousand grassroots unions at most

_MERGE_REF = re.compile(r"[A-Z]{1,3}[0-9]{1,7}(?::[A-Z]{1,3}[0-9]{1,7})?")
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class CellError:
    """Something wrong in an uploaded workbook, and where: a cell ("C12"), a row, or the
    whole file (no cell). `field` names what the cell holds (a column key, an indicator code)."""

    message: str
    cell: str = ""
    row: int | None = None
    field: str = ""
    sheet: str = ""

    def __str__(self):
        if self.cell:
            return gettext("Cell %(cell)s: %(message)s") % {"cell": self.cell, "message": self.message}
        if self.row is not None:
            return gettext("Row %(row)d: %(message)s") % {"row": self.row, "message": self.message}
        return str(self.message)


class WorkbookRefused(Exception):
    """The file, or something in it, is wrong: nothing was saved. `errors` lists every problem
    found, in the order of the file."""

    def __init__(self, errors: list[CellError]):
        super().__init__("; ".join(str(e) for e in errors[:5]))
        self.errors = errors


def refuse(message: str, **where) -> WorkbookRefused:
    return WorkbookRefused([CellError(message, **where)])


def cell_ref(row: int, column: int) -> str:
    """'C12' for row 12, column 3."""
    return f"{get_column_letter(column)}{row}"


class UploadedWorkbook:
    """An uploaded workbook that passed the checks, open for reading (read-only mode)."""

    def __init__(self, book, merges: dict[str, list[str]]):
        self.book = book
        self._merges = merges

    def sheet(self, name: str):
        return self.book[name] if name in self.book.sheetnames else None

    def merged_ranges(self, sheet) -> list[str]:
        """The merged ranges of one sheet ("B2:D2"), found in its XML before openpyxl read it."""
        path = getattr(sheet, "_worksheet_path", None)
        if path is None:  # another openpyxl: every sheet's merges, which is stricter
            return [ref for refs in self._merges.values() for ref in refs]
        return self._merges.get(path.lstrip("/"), [])


@contextlib.contextmanager
def open_upload(upload):
    """Check an uploaded file and open it as a workbook; WorkbookRefused if it is not one
    that may be read. Closes the workbook afterwards."""
    merges = check_upload(upload)
    upload.seek(0)
    try:
        book = load_workbook(upload, read_only=True, data_only=False, keep_links=False)
    except Exception:  # openpyxl raises anything from KeyError to XML errors on a damaged file
        raise refuse(gettext("The workbook could not be read. Open it in Excel, save it again as an "
                             "Excel workbook (.xlsx) and upload it again."))
    try:
        yield UploadedWorkbook(book, merges)
    finally:
        book.close()


def check_upload(upload) -> dict[str, list[str]]:
    """Refuse anything but a reasonable .xlsx, reading only the zip's directory and scanning
    its XML parts; returns the merged ranges of each worksheet part."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise refuse(gettext("The file is larger than %(size)d MB.") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)})
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise refuse(gettext("This is an Excel 97–2003 file (.xls) or a workbook locked with a password. "
                             "Open it in Excel and save it as an Excel workbook (.xlsx) without a password."))
    not_xlsx = gettext("The file is not an Excel workbook (.xlsx).")
    if not head.startswith(b"PK\x03\x04"):
        raise refuse(not_xlsx)
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, ValueError, OSError):
        raise refuse(not_xlsx)
    with archive:
        members = archive.infolist()
        if len(members) > MAX_PARTS or sum(m.file_size for m in members) > MAX_UNZIPPED_BYTES:
            raise refuse(gettext("The file unpacks to more than %(size)d MB or into more than %(parts)d parts: "
                                 "it is not a workbook the portal can read.")
                         % {"size": MAX_UNZIPPED_BYTES // (1024 * 1024), "parts": MAX_PARTS})
        names = {m.filename for m in members}
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise refuse(not_xlsx)
        merges: dict[str, list[str]] = {}
        try:
            for member in members:
                found = _scan_part(archive, member)
                if found:
                    merges[member.filename] = found
        except zipfile.BadZipFile:
            raise refuse(not_xlsx)
        except DefusedXmlException:
            raise refuse(gettext("The workbook contains XML declarations that the portal does not accept. "
                                 "Save it again in Excel and upload it again."))
        except (xml.sax.SAXException, UnicodeError, LookupError, ValueError):
            raise refuse(gettext("The workbook could not be read. Open it in Excel, save it again as an "
                                 "Excel workbook (.xlsx) and upload it again."))
    upload.seek(0)
    return merges


# What an XML parser may take for the start of a document: a byte-order mark, or "<" after
# blanks in one of the encodings parsers detect by themselves (expat, libxml2).
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
_SNIFFED = ("latin-1", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "cp037", "cp500")


def _may_be_xml(head: bytes) -> bool:
    """Whether a part could be read as XML by some parser; any other part is binary (an
    image, printer settings) and no parser reads it, so it cannot carry a DTD."""
    if head.startswith(_BOMS):
        return True
    head = head[:256]
    for encoding in _SNIFFED:
        text = head[:len(head) - len(head) % 4].decode(encoding, errors="replace")
        if text.lstrip(" \t\r\n\x85\u2028").startswith("<"):
            return True
    return False


class _Merges(xml.sax.handler.ContentHandler):
    """Collects the merged ranges (<mergeCell ref="B2:D2"/>) of a worksheet part."""

    def __init__(self):
        super().__init__()
        self.refs: list[str] = []

    def startElement(self, name, attrs):
        if name.rpartition(":")[2] == "mergeCell":
            ref = attrs.get("ref", "")
            if _MERGE_REF.fullmatch(ref) and ref not in self.refs:
                self.refs.append(ref)


def _scan_part(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> list[str]:
    """Parse one part, streaming, with defusedxml if it may be XML: a DTD, an entity or an
    external reference raises DefusedXmlException, malformed XML SAXException. Returns the
    part's merged ranges (a worksheet's)."""
    with archive.open(member) as part:
        chunk = part.read(_CHUNK)
        if not chunk or not _may_be_xml(chunk):
            return []
        handler = _Merges()
        parser = make_parser()  # defusedxml's: DTDs forbidden below, entities and external references by default
        parser.forbid_dtd = True
        parser.setContentHandler(handler)
        while chunk:
            parser.feed(chunk)
            chunk = part.read(_CHUNK)
        parser.close()
    return handler.refs


def sheet_rows(sheet, *, max_rows: int, max_columns: int, min_row: int = 1):
    """Yield (row number, cells) of a read-only sheet from `min_row`, at most `max_columns`
    wide. A non-empty row below `max_rows` refuses the workbook: the rows are counted as they
    come, whatever size the sheet claims."""
    sheet.reset_dimensions()  # the size a file declares may lie; read what is there
    for number, cells in enumerate(sheet.iter_rows(min_row=min_row, max_col=max_columns), start=min_row):
        if number > max_rows:
            if any(cell.value is not None for cell in cells):
                raise refuse(gettext("The sheet “%(sheet)s” has more than %(limit)s rows; the portal reads at "
                                     "most %(limit)s. Split the file or remove the extra rows.")
                             % {"sheet": sheet.title, "limit": number_format(max_rows, force_grouping=True)},
                             sheet=sheet.title, row=number)
            continue
        yield number, cells


def read_meta(sheet, *, max_rows: int = 50) -> dict[str, str]:
    """The key/value pairs of a hidden meta sheet (column A: key, column B: value)."""
    meta = {}
    for _number, cells in sheet_rows(sheet, max_rows=max_rows, max_columns=2):
        key = cells[0].value if cells else None
        if isinstance(key, str) and key.strip():
            value = cells[1].value if len(cells) > 1 else None
            meta[key.strip()] = "" if value is None else str(value).strip()
    return meta


def cell_errors(error, *, cell_of, row_of=None, fallback: str = "") -> list[CellError]:
    """A service's ValidationError as cell errors, the one mapping every reader uses: each
    message at the cell of the field it names (`cell_of(field)` → "C12" or ""), an unkeyed
    one under `fallback`. `row_of(cell)` gives the row of a cell when it is not fixed."""
    if hasattr(error, "error_dict"):
        keyed = [(name, [m for e in errs for m in e.messages]) for name, errs in error.error_dict.items()]
    else:
        keyed = [(fallback, error.messages)]
    found = []
    for name, messages in keyed:
        cell = cell_of(name) or ""
        found += [CellError(message, cell=cell, row=row_of(cell) if row_of else None, field=name)
                  for message in messages]
    return found


# Values ---------------------------------------------------------------------------------

def content(cell):
    """The value of a cell: None when empty; refuses formulas and Excel's error values
    (a figure must be typed, not computed from cells the portal does not keep)."""
    if cell.data_type == "f":
        raise BadValue(gettext("A formula is not accepted here: type the value itself."))
    if cell.data_type == "e":
        raise BadValue(gettext("The cell holds an Excel error (%(value)s).") % {"value": cell.value})
    value = cell.value
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value
