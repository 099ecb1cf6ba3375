"""A new kind of figure is one entry in plans.values: a grade A–E, added here to a throwaway
plan's indicators, is typed in the form, shown back, logged in the history, carried by the
report workbook and the bulk workbook and the Board's export, with no other change."""
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from plans import values
from plans.grammar import BadValue
from plans.models import Indicator
from reporting.models import Report, ValueChange
from reporting.selectors import report_values
from tests.factories import make_user
from tests.journeys.strategies import form_data
from tests.spreadsheets.conftest import fill_template, template_rows
from tests.spreadsheets.helpers import upload

pytestmark = pytest.mark.django_db


class GradeKind(values.ReferenceKind):
    """A grade from A to E, typed in any case, shown as "Loại B"."""

    def parse(self, raw, indicator):
        grade = str(raw).strip().upper()
        if grade not in ("A", "B", "C", "D", "E"):
            raise BadValue("Ghi một loại từ A đến E.")
        return grade

    def display(self, value):
        return "—" if not value else f"Loại {value}"


@pytest.fixture
def grade(plan, monkeypatch):
    monkeypatch.setitem(values.KINDS, "grade", GradeKind())
    return Indicator.objects.create(plan=plan, code="ZZ_GRADE", order=998, label="Xếp loại công đoàn",
                                    kind="grade", required=False)


def test_a_new_kind_travels_every_path_with_one_entry(client, users, tree, open_reports, grade):
    report = open_reports["grass_a1"]
    officer = users["grass_a1"]
    client.force_login(officer)
    edit = reverse("reporting:report_edit", args=[report.pk])

    # The form: typed in any case, refused at the field when wrong, shown back as stored.
    shown = form_data(client.get(edit).content.decode())
    assert "ZZ_GRADE" in shown
    response = client.post(edit, {**shown, "ZZ_GRADE": "z", "action": "save"})
    assert response.status_code == 400 and response.context["form"].errors["ZZ_GRADE"] == ["Ghi một loại từ A đến E."]
    client.post(edit, {**shown, "ZZ_GRADE": " b ", "action": "save"})
    assert report_values(report=report)[grade.pk] == "B"
    again = form_data(client.get(edit).content.decode())
    assert again["ZZ_GRADE"] == ["B"]
    version = Report.objects.get(pk=report.pk).version
    client.post(edit, {**again, "action": "save"})
    assert Report.objects.get(pk=report.pk).version == version  # unchanged: nothing moves

    # The report workbook: the cell holds it; unchanged it moves nothing; typed there, it is read.
    content = client.get(reverse("reporting:report_workbook", args=[report.pk])).content
    rows = template_rows(content)
    assert load_workbook(io.BytesIO(content))["Báo cáo"][f"C{rows['ZZ_GRADE']}"].value == "B"
    send = reverse("reporting:report_workbook_upload", args=[report.pk])
    assert client.post(send, {"file": upload(content)}).status_code == 302
    assert Report.objects.get(pk=report.pk).version == version
    assert client.post(send, {"file": upload(fill_template(content, raw={f"C{rows['ZZ_GRADE']}": "c"}))}
                       ).status_code == 302
    assert report_values(report=report)[grade.pk] == "C"

    # The history shows it as the kind does.
    page = client.get(reverse("reporting:report_history", args=[report.pk])).content.decode()
    assert "Loại B → Loại C" in page
    assert ValueChange.objects.filter(report=report, indicator=grade).count() == 2

    # The bulk workbook: the level above reads and writes it too.
    upper = users["upper_a"]
    client.force_login(upper)
    period = report.period
    bulk = client.get(reverse("reporting:bulk_workbook", args=[period.pk])).content
    sheet = load_workbook(io.BytesIO(bulk))["Các đơn vị"]
    codes = [cell.value for cell in sheet[5]]
    row = next(r for r in sheet.iter_rows(min_row=6) if r[0].value == report.unit.code)
    assert row[codes.index("ZZ_GRADE")].value == "C"
    row[codes.index("ZZ_GRADE")].value = "d"
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    response = client.post(reverse("reporting:bulk_period", args=[period.pk]), {"file": upload(buffer.getvalue())})
    assert response.status_code == 302
    assert report_values(report=report)[grade.pk] == "D"

    # The Board's export of unit rows carries it once the report is sent.
    from reporting.services import report_save
    from tests.reporting.values import complete_values

    report_save(report=report, by=officer, values=complete_values(report, ZZ_GRADE="D"),
                version=Report.objects.get(pk=report.pk).version, submit=True)
    board = make_user(tree["province"], username="board_grade")
    client.force_login(board)
    response = client.get(reverse("reporting:export"), {"period": period.code, "format": "xlsx"})
    content = b"".join(response.streaming_content) if response.streaming else response.content
    units = load_workbook(io.BytesIO(content))["Từng đơn vị"]
    header = [c.value for c in units[1]]
    column = next(i for i, h in enumerate(header) if h and h.startswith("ZZ_GRADE"))
    assert [r[column].value for r in units.iter_rows(min_row=2) if r[0].value == report.unit.code] == ["D"]
