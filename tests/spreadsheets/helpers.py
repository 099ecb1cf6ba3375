"""Workbooks for tests: build one from rows, read one back, fill cells in as a person would
in Excel (openpyxl's normal mode keeps protection, validation and hidden sheets)."""
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook


def workbook_bytes(rows, *, title="Sheet1", merge: str | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "tep.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content,
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def rows_of(content: bytes, sheet: str | None = None) -> list[list]:
    book = load_workbook(io.BytesIO(content))
    ws = book[sheet] if sheet else book.worksheets[0]
    return [list(row) for row in ws.iter_rows(values_only=True)]


def edit(content: bytes, changes: dict[str, object] | None = None, *, sheet: str | None = None,
         merge: str | None = None, append: list[list] | None = None) -> bytes:
    """Open a workbook, set cells ({"C12": 5}), optionally merge a range or append rows, save."""
    book = load_workbook(io.BytesIO(content))
    ws = book[sheet] if sheet else book.worksheets[0]
    for ref, value in (changes or {}).items():
        ws[ref] = value
    if merge:
        ws.merge_cells(merge)
    for row in append or []:
        ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def find_row(content: bytes, value, *, column: int = 1, sheet: str | None = None) -> int:
    """The row number whose `column` holds `value`."""
    for number, row in enumerate(rows_of(content, sheet), start=1):
        if len(row) >= column and row[column - 1] == value:
            return number
    raise AssertionError(f"{value!r} not in column {column}")


def zip_bytes(members: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()
