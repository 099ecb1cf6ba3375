"""The upload gate parses every part any XML parser could read, whatever its name or encoding,
with defusedxml: a DTD is refused in a UTF-16 part, in a worksheet not named .xml, split across
the gate's read chunks, in a .rels part. Nothing of such a file is saved."""
import io
import zipfile

import pytest
from django.urls import reverse

from reporting.models import ReportValue
from reporting.spreadsheets import report_workbook
from tests.spreadsheets.conftest import fill_template
from tests.spreadsheets.helpers import upload, workbook_bytes, zip_bytes
from workbooks import reading
from workbooks.reading import WorkbookRefused

DTD = b'<!DOCTYPE worksheet [<!ENTITY e "ENTITY-EXPANDED">]>'
REFUSED = "khai báo XML mà cổng không chấp nhận"  # the message in Vietnamese, as officers read it


def parts_of(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def with_dtd(xml: bytes, *, entity_for: bytes | None = None) -> bytes:
    """`xml` with a DTD after its declaration; `entity_for` replaced by the entity's use."""
    declaration, _, body = xml.partition(b"?>") if xml.startswith(b"<?xml") else (b"", b"", xml)
    if entity_for:
        body = body.replace(entity_for, b"&e;")
    return (declaration + b"?>" if declaration else b"") + DTD + body


def utf16(xml: bytes, *, bom: bool = True) -> bytes:
    text = xml.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"').replace("encoding='UTF-8'",
                                                                                      "encoding='UTF-16'")
    return text.encode("utf-16" if bom else "utf-16-le")


@pytest.fixture
def template(client, users, open_reports):
    report = open_reports["grass_a1"]
    client.force_login(users["grass_a1"])
    return report, fill_template(report_workbook(report=report), {"PROPOSALS": "MARKER"})


def _send(client, report, content):
    return client.post(reverse("reporting:report_workbook_upload", args=[report.pk]),
                       {"file": upload(content, "bao-cao.xlsx")})


@pytest.mark.parametrize("bom", [True, False])
def test_a_utf16_worksheet_with_a_dtd_is_refused_and_nothing_is_saved(client, template, bom):
    report, content = template
    parts = parts_of(content)
    parts["xl/worksheets/sheet1.xml"] = utf16(with_dtd(parts["xl/worksheets/sheet1.xml"], entity_for=b"MARKER"),
                                              bom=bom)
    response = _send(client, report, zip_bytes(parts))
    assert response.status_code == 400
    assert REFUSED in response.content.decode()
    assert not ReportValue.objects.filter(report=report).exists()
    assert not ReportValue.objects.filter(text__contains="ENTITY-EXPANDED").exists()


def test_a_worksheet_part_not_named_xml_is_parsed_too(template):
    _report, content = template
    parts = parts_of(content)
    sheet = parts.pop("xl/worksheets/sheet1.xml")
    parts["xl/worksheets/sheet1.dat"] = with_dtd(sheet, entity_for=b"MARKER")
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(b"sheet1.xml", b"sheet1.dat")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"sheet1.xml", b"sheet1.dat")
    with pytest.raises(WorkbookRefused, match=REFUSED):
        reading.check_upload(upload(zip_bytes(parts)))


def test_a_dtd_split_across_the_gates_read_chunks_is_refused(template):
    _report, content = template
    parts = parts_of(content)
    sheet = parts["xl/worksheets/sheet1.xml"]
    declaration, _, body = sheet.partition(b"?>") if sheet.startswith(b"<?xml") else (b"<?xml version='1.0'", b"", sheet)
    prefix = declaration + b"?><!--"
    padding = reading._CHUNK - len(prefix) - len(b"-->") - 4  # "<!DO" ends one chunk, "CTYPE" starts the next
    parts["xl/worksheets/sheet1.xml"] = prefix + b"x" * padding + b"-->" + DTD + body
    assert parts["xl/worksheets/sheet1.xml"][reading._CHUNK - 4:reading._CHUNK + 5] == b"<!DOCTYPE"
    with pytest.raises(WorkbookRefused, match=REFUSED):
        reading.check_upload(upload(zip_bytes(parts)))


@pytest.mark.parametrize("name", ["_rels/.rels", "xl/_rels/workbook.xml.rels", "[Content_Types].xml",
                                  "docProps/core.xml"])
def test_a_dtd_in_any_part_is_refused(name):
    parts = parts_of(workbook_bytes([["a"]]))
    parts[name] = with_dtd(parts[name])
    with pytest.raises(WorkbookRefused, match=REFUSED):
        reading.check_upload(upload(zip_bytes(parts)))


def test_an_external_entity_in_a_utf16_rels_part_is_refused():
    parts = parts_of(workbook_bytes([["a"]]))
    rels = parts["_rels/.rels"]
    parts["_rels/.rels"] = utf16(with_dtd(rels).replace(DTD, b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'))
    with pytest.raises(WorkbookRefused, match=REFUSED):
        reading.check_upload(upload(zip_bytes(parts)))


def test_xml_no_parser_here_reads_is_refused_and_binary_parts_pass():
    parts = parts_of(workbook_bytes([["a"]]))
    utf32 = dict(parts, **{"xl/worksheets/sheet1.xml": parts["xl/worksheets/sheet1.xml"].decode().encode("utf-32")})
    with pytest.raises(WorkbookRefused, match="Không đọc được bảng tính"):
        reading.check_upload(upload(zip_bytes(utf32)))
    png = dict(parts, **{"xl/media/image1.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
                         "xl/printerSettings/printerSettings1.bin": "HP LaserJet".encode("utf-16-le") + b"\0" * 200})
    assert reading.check_upload(upload(zip_bytes(png))) == {}


def test_a_clean_workbook_still_passes_with_its_merged_ranges():
    content = workbook_bytes([["a", "b"], ["c", "d"]], merge="A1:B1")
    assert reading.check_upload(upload(content)) == {"xl/worksheets/sheet1.xml": ["A1:B1"]}
