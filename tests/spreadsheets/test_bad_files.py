"""Bad files get a clear message and change nothing, wherever they are uploaded: the report
template, the bulk workbook and the hierarchy import share one gate (workbooks.reading)."""
import datetime
import functools
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import translation

from plans.models import Indicator
from reporting.models import Report, ReportValue, ValueChange
from reporting.spreadsheets import BULK_FIRST_ROW, bulk_workbook, report_workbook
from tests.spreadsheets.conftest import fill_bulk, fill_template, template_rows
from tests.spreadsheets.helpers import edit, upload, workbook_bytes, zip_bytes
from unions.models import Union, UnionPlacement
from unions.spreadsheets import union_import, unions_export
from workbooks import reading

XLSX_PARTS = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}


@functools.lru_cache
def zip_bomb() -> bytes:
    """Tiny to upload, 60 MB once unpacked."""
    return zip_bytes({**XLSX_PARTS, "xl/worksheets/sheet1.xml": b"\0" * (60 * 1024 * 1024)})


def with_entities() -> bytes:
    content = workbook_bytes([["a"]])
    source = zipfile.ZipFile(io.BytesIO(content))
    parts = {name: source.read(name) for name in source.namelist()}
    body = parts["xl/workbook.xml"]
    body = body.split(b"?>", 1)[1] if body.startswith(b"<?xml") else body
    parts["xl/workbook.xml"] = b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">]>' + body
    return zip_bytes(parts)


# Whatever the page: files that are not a workbook the portal may open.
NOT_A_WORKBOOK = {
    "text renamed .xlsx": (lambda: "Mã;Tên\nU1;Công đoàn".encode(), "The file is not an Excel workbook (.xlsx)."),
    "executable renamed .xlsx": (lambda: b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 256,
                                 "The file is not an Excel workbook (.xlsx)."),
    "Excel 97-2003 .xls": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "Excel 97–2003 file (.xls)"),
    "Word document": (lambda: zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}),
                      "The file is not an Excel workbook (.xlsx)."),
    "zip bomb (size)": (zip_bomb, "unpacks to more than 50 MB"),
    "zip bomb (parts)": (lambda: zip_bytes({**XLSX_PARTS, **{f"xl/p{i}.bin": b"x" for i in range(400)}}),
                         "into more than 300 parts"),
    "damaged workbook": (lambda: zip_bytes(XLSX_PARTS), "The workbook could not be read."),
    "XML entities": (with_entities, "XML declarations"),
}


def message_of(errors) -> str:
    return " | ".join(str(e) for e in errors)


@pytest.mark.parametrize("case", NOT_A_WORKBOOK)
def test_not_a_workbook_is_refused_everywhere_and_changes_nothing(case, client, users, open_reports, tree):
    make, expected = NOT_A_WORKBOOK[case]
    content = make()
    report = open_reports["grass_a1"]
    client.cookies["django_language"] = "en"
    client.force_login(users["grass_a1"])
    response = client.post(reverse("reporting:report_workbook_upload", args=[report.pk]),
                           {"file": upload(content, "bao-cao.xlsx")})
    assert response.status_code == 400 and expected in message_of(response.context["errors"]), case
    client.force_login(users["upper_a"])
    response = client.post(reverse("reporting:bulk_period", args=[report.period_id]),
                           {"file": upload(content, "cac-don-vi.xlsx")})
    assert response.status_code == 400 and expected in message_of(response.context["errors"]), case
    before = list(Union.objects.order_by("pk").values())
    with translation.override("en"):  # the messages read in English too (their words checked here)
        plan = union_import(upload=upload(content), on=datetime.date(2025, 7, 1), dry_run=False)
        message = message_of(plan.errors)
    assert expected in message and list(Union.objects.order_by("pk").values()) == before
    assert not Report.objects.filter(version__gt=0).exists() and not ReportValue.objects.exists()


def test_an_oversized_upload_is_refused_before_it_is_opened(client, users, open_reports):
    report = open_reports["grass_a1"]
    client.cookies["django_language"] = "en"
    client.force_login(users["grass_a1"])
    big = upload(b"PK\x03\x04" + b"0" * (reading.MAX_UPLOAD_BYTES + 1))
    response = client.post(reverse("reporting:report_workbook_upload", args=[report.pk]), {"file": big})
    assert response.status_code == 400 and response.context["form"].errors["file"] == ["The file is larger than 10 MB."]


# The report template, altered the ways people alter files.
def template_case(name, report, h1_report, plan):
    content = report_workbook(report=report)
    rows = template_rows(content)
    if name == "formula where a value belongs":
        return fill_template(content, raw={f"C{rows['NV1_SESSIONS']}": "=SUM(1;2)"}), \
            f"Cell C{rows['NV1_SESSIONS']}: A formula is not accepted here"
    if name == "merged cells":
        return fill_template(content, merge=f"C{rows['NV1_SESSIONS']}:D{rows['NV1_SESSIONS']}"), \
            f"Cell C{rows['NV1_SESSIONS']}: Merged cells are not accepted: unmerge C{rows['NV1_SESSIONS']}:D"
    if name == "10,000 rows":
        return fill_template(content, extra_rows=10_000), "has more than 5,000 rows"
    if name == "the wrong period":
        return report_workbook(report=h1_report), "This file is for the period 2023-H1, not 2023-Y."
    if name == "an older version of the plan":
        Indicator.objects.filter(plan=plan, code="CT3_RECEIVED").update(max_value=1000)
        return content, "earlier version of the plan's indicators"
    if name == "any workbook":
        return workbook_bytes([["CT1_DONE", "Có"]]), "This file was not made by the portal."
    raise AssertionError(name)


@pytest.mark.parametrize("name", ["formula where a value belongs", "merged cells", "10,000 rows", "the wrong period",
                                  "an older version of the plan", "any workbook", "the bulk workbook"])
def test_a_report_template_gone_wrong_is_refused_with_where(name, client, users, open_reports, h1_reports, plan):
    report = open_reports["grass_a1"]
    if name == "the bulk workbook":
        content = bulk_workbook(period=report.period, by=users["upper_a"])
        expected = "This is a workbook for many units"
    else:
        content, expected = template_case(name, report, h1_reports["grass_a1"], plan)
    client.cookies["django_language"] = "en"
    client.force_login(users["grass_a1"])
    response = client.post(reverse("reporting:report_workbook_upload", args=[report.pk]), {"file": upload(content)})
    assert response.status_code == 400
    assert expected in message_of(response.context["errors"])
    assert not ReportValue.objects.exists() and not ValueChange.objects.exists()
    assert not Report.objects.filter(version__gt=0).exists()


@pytest.mark.parametrize("name", ["formula where a value belongs", "merged cells", "10,000 rows", "the wrong period",
                                  "an older version of the plan", "a report template"])
def test_a_bulk_workbook_gone_wrong_is_refused_with_where(name, client, users, open_reports, h1_reports, plan, tree):
    period = open_reports["grass_a1"].period
    blank = bulk_workbook(period=period, by=users["upper_a"])
    row = BULK_FIRST_ROW
    good = {tree["grass_a1"].code: {"NV1_SESSIONS": 2}}
    cases = {
        "formula where a value belongs": (lambda: fill_bulk(blank, good, raw={f"E{row + 1}": "=A1"}),
                                          f"Cell E{row + 1}: A formula is not accepted here"),
        "merged cells": (lambda: fill_bulk(blank, good, merge=f"E{row}:F{row}"),
                         f"Cell E{row}: Merged cells are not accepted: unmerge E{row}:F{row}"),
        "10,000 rows": (lambda: fill_bulk(blank, good, append=[[f"X{i}", "", "", 0, "Có"] for i in range(10_000)]),
                        "has more than 5,005 rows"),
        "the wrong period": (lambda: bulk_workbook(period=h1_reports["grass_a1"].period, by=users["upper_a"]),
                             "This file is for the period 2023-H1, not 2023-Y."),
        "an older version of the plan": (
            lambda: (blank, Indicator.objects.filter(plan=plan, code="NV1_SESSIONS").update(label="Số buổi"))[0],
            "earlier version of the plan's indicators"),
        "a report template": (lambda: report_workbook(report=open_reports["grass_a1"]),
                              "This is one unit's report template"),
    }
    make, expected = cases[name]
    content = make()
    client.cookies["django_language"] = "en"
    client.force_login(users["upper_a"])
    response = client.post(reverse("reporting:bulk_period", args=[period.pk]), {"file": upload(content)})
    assert response.status_code == 400
    assert expected in message_of(response.context["errors"])
    assert not ReportValue.objects.exists() and not Report.objects.filter(version__gt=0).exists()


@pytest.mark.parametrize("name", ["merged cells", "10,000 rows", "formula where a value belongs"])
def test_a_hierarchy_file_gone_wrong_is_refused_with_where(name, tree):
    content = unions_export(units=Union.objects.all())
    if name == "merged cells":
        content, expected = edit(content, merge="B3:C3"), "Cell B3: Merged cells are not accepted: unmerge B3:C3."
    elif name == "10,000 rows":
        content = edit(content, append=[[f"N{i}", "Công đoàn", "grassroots", "grassroots_agency", tree["upper_a"].code,
                                         "01/01/2024"] for i in range(10_000)])
        expected = "has more than 5,001 rows"
    else:
        content, expected = edit(content, {"J2": "=SUM(J3:J7)"}), "Cell J2: A formula is not accepted here"
    before = (list(Union.objects.order_by("pk").values()), list(UnionPlacement.objects.values()))
    with translation.override("en"):
        plan = union_import(upload=upload(content), on=datetime.date(2025, 7, 1), dry_run=False)
        message = message_of(plan.errors)
    assert expected in message and not plan.applied
    assert (list(Union.objects.order_by("pk").values()), list(UnionPlacement.objects.values())) == before
