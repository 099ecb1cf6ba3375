"""The upload gate's own limits, at their edges (workbooks/reading.py): the size it checks
itself (not only the form's), the number of parts and the unpacked size, the row limit, what
a cell may hold, and where each problem is said to be."""
import io
import zipfile
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from openpyxl import Workbook, load_workbook

from plans.grammar import BadValue
from tests.spreadsheets.helpers import upload, workbook_bytes, zip_bytes
from workbooks import reading
from workbooks.reading import CellError, WorkbookRefused


def parts_of(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def refused_message(content_or_upload) -> str:
    file = content_or_upload if hasattr(content_or_upload, "read") else upload(content_or_upload)
    with translation.override("en"), pytest.raises(WorkbookRefused) as refused:
        reading.check_upload(file)
    return str(refused.value)


def test_the_gate_checks_the_size_itself_and_accepts_the_maximum():
    content = workbook_bytes([["a"]])
    at_most = upload(content)
    at_most.size = reading.MAX_UPLOAD_BYTES  # 10 MB exactly: allowed
    assert reading.check_upload(at_most) == {}
    over = upload(content)
    over.size = reading.MAX_UPLOAD_BYTES + 1
    assert refused_message(over) == "The file is larger than 10 MB."


def test_three_hundred_parts_pass_and_one_more_is_refused():
    parts = parts_of(workbook_bytes([["a"]]))
    filler = {f"xl/media/image{n}.png": b"\x89PNG" for n in range(300 - len(parts))}
    assert reading.check_upload(upload(zip_bytes({**parts, **filler}))) == {}
    filler["xl/media/one-more.png"] = b"\x89PNG"
    assert "more than 50 MB or into more than 300 parts" in refused_message(zip_bytes({**parts, **filler}))


def test_fifty_megabytes_unpacked_pass_and_one_byte_more_is_refused():
    parts = parts_of(workbook_bytes([["a"]]))
    room = reading.MAX_UNZIPPED_BYTES - sum(len(data) for data in parts.values())
    assert reading.check_upload(upload(zip_bytes({**parts, "xl/media/image1.bin": b"\0" * room}))) == {}
    assert "more than 50 MB" in refused_message(zip_bytes({**parts, "xl/media/image1.bin": b"\0" * (room + 1)}))


def test_an_old_excel_file_a_non_zip_and_a_zip_without_a_workbook_are_each_told_what_they_are():
    assert "Excel 97–2003 file (.xls)" in refused_message(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    assert refused_message(b"MZ\x90\x00 an executable") == "The file is not an Excel workbook (.xlsx)."
    assert refused_message(b"PK\x03\x04 but no zip after") == "The file is not an Excel workbook (.xlsx)."
    parts = parts_of(workbook_bytes([["a"]]))
    for missing in ("[Content_Types].xml", "xl/workbook.xml"):
        left = {name: data for name, data in parts.items() if name != missing}
        assert refused_message(zip_bytes(left)) == "The file is not an Excel workbook (.xlsx).", missing


def test_each_merged_range_is_listed_once_and_a_malformed_one_is_ignored():
    parts = parts_of(workbook_bytes([["a", "b"], ["c", "d"]], merge="A1:B1"))
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    extra = '<mergeCell ref="A1:B1"/><mergeCell ref="A2:B2"/><mergeCell ref="not a range"/>'
    parts["xl/worksheets/sheet1.xml"] = sheet.replace("</mergeCells>", extra + "</mergeCells>").encode()
    assert reading.check_upload(upload(zip_bytes(parts))) == {"xl/worksheets/sheet1.xml": ["A1:B1", "A2:B2"]}


def test_a_part_is_taken_for_xml_when_a_parser_would_read_it_so():
    assert reading._may_be_xml(b"\xef\xbb\xbfanything")  # a byte-order mark
    assert reading._may_be_xml(b" \r\n\t<worksheet/>")  # blanks, then "<"
    assert reading._may_be_xml("  <x/>".encode("utf-16-be"))
    assert not reading._may_be_xml(b"\x89PNG\r\n\x1a\n")
    assert not reading._may_be_xml(b"plain text, no markup")


def _sheet(rows: list[list]):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return load_workbook(io.BytesIO(buffer.getvalue()), read_only=True).worksheets[0]


def test_the_row_limit_reads_the_last_allowed_row_and_refuses_a_filled_row_past_it():
    rows = [[n] for n in range(1, 5)]
    assert [number for number, _ in reading.sheet_rows(_sheet(rows), max_rows=4, max_columns=1)] == [1, 2, 3, 4]
    with translation.override("en"), pytest.raises(WorkbookRefused) as refused:
        list(reading.sheet_rows(_sheet(rows), max_rows=3, max_columns=1))
    assert refused.value.errors[0].row == 4 and "more than 3 rows" in str(refused.value)
    # A blank row past the limit (Excel keeps formatted empty rows) is no data: not refused.
    assert [n for n, _ in reading.sheet_rows(_sheet(rows[:3] + [[None]]), max_rows=3, max_columns=1)] == [1, 2, 3]


def test_rows_are_read_from_the_row_asked_and_no_wider_than_asked():
    rows = [["h1", "h2", "h3"], ["a", "b", "c"], ["d", "e", "f"]]
    read = [(n, [c.value for c in cells]) for n, cells in
            reading.sheet_rows(_sheet(rows), max_rows=10, max_columns=2, min_row=2)]
    assert read == [(2, ["a", "b"]), (3, ["d", "e"])]


def test_a_meta_sheet_is_read_as_trimmed_keys_and_values():
    sheet = _sheet([[" period ", " 2023-Y "], ["empty", None], [None, "no key"], [5, "not a key"], ["", "blank"]])
    assert reading.read_meta(sheet) == {"period": "2023-Y", "empty": ""}
    fifty = [[f"key{n}", n] for n in range(1, 51)]
    assert len(reading.read_meta(_sheet(fifty))) == 50  # the most a meta sheet may hold
    with pytest.raises(WorkbookRefused):
        reading.read_meta(_sheet(fifty + [["key51", 51]]))


def test_a_cell_gives_its_typed_value_and_refuses_formulas_and_excel_errors():
    cell = SimpleNamespace
    assert reading.content(cell(data_type="s", value="  12  ")) == "12"
    assert reading.content(cell(data_type="s", value="   ")) is None
    assert reading.content(cell(data_type="n", value=0)) == 0
    with translation.override("en"):
        with pytest.raises(BadValue, match="A formula is not accepted here"):
            reading.content(cell(data_type="f", value="=SUM(A1:A2)"))
        with pytest.raises(BadValue, match=r"The cell holds an Excel error \(#DIV/0!\)"):
            reading.content(cell(data_type="e", value="#DIV/0!"))


def test_a_problem_says_where_it_is_by_cell_by_row_or_for_the_whole_file():
    with translation.override("en"):
        assert str(CellError("Not a number.", cell="C12", row=12)) == "Cell C12: Not a number."
        assert str(CellError("Too many rows.", row=5001)) == "Row 5001: Too many rows."
        assert str(CellError("Too many rows.", row=0)) == "Row 0: Too many rows."
        assert str(CellError("Not a workbook.")) == "Not a workbook."
    assert reading.cell_ref(12, 3) == "C12" and reading.cell_ref(1, 27) == "AA1"
    refused = WorkbookRefused([CellError(f"e{n}") for n in range(7)])
    assert str(refused) == "e0; e1; e2; e3; e4" and len(refused.errors) == 7


def test_a_services_refusal_lands_on_the_cells_of_the_fields_it_names():
    cells = {"CT1_DONE": "C5", "NV1_SESSIONS": "C7"}
    keyed = ValidationError({"CT1_DONE": ["Choose."], "NV1_SESSIONS": ["Needed.", "Too big."], "other": ["Odd."]})
    found = reading.cell_errors(keyed, cell_of=cells.get, row_of=lambda ref: int(ref[1:]) if ref else None)
    assert [(e.message, e.cell, e.row, e.field) for e in found] == [
        ("Choose.", "C5", 5, "CT1_DONE"), ("Needed.", "C7", 7, "NV1_SESSIONS"), ("Too big.", "C7", 7, "NV1_SESSIONS"),
        ("Odd.", "", None, "other")]
    unkeyed = reading.cell_errors(ValidationError(["Late."]), cell_of=cells.get, fallback="NV1_SESSIONS")
    assert [(e.message, e.cell, e.row, e.field) for e in unkeyed] == [("Late.", "C7", None, "NV1_SESSIONS")]
    file_wide = reading.cell_errors(ValidationError(["Late."]), cell_of=cells.get)  # no field: the whole file
    assert [(e.message, e.cell, e.row, e.field) for e in file_wide] == [("Late.", "", None, "")]
