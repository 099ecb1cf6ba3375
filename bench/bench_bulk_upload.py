"""Bulk upload: 1,000 grassroots unions under one upper-level union — workbook, fill, upload.

The issue's bar: a 1,000-unit bulk upload finishes in under 30 s. Measured here on the same
path as the page (reporting.spreadsheets.bulk_workbook / bulk_workbook_upload): the download,
then the upload of every row filled with a complete report, as drafts, then submitted."""
import datetime
import io
import time

UNITS = 1000


def _timed(label: str, action):
    started = time.perf_counter()
    result = action()
    print(f"   {label}: {time.perf_counter() - started:.2f} s")
    return result


def _build():
    # Django is set up (bench/__main__.py) before a benchmark imports the project
    from django.conf import settings
    from django.core.management import call_command

    from accounts.models import Role, User
    from plans.models import Plan
    from reporting.models import ReportingPeriod
    from reporting.periods import period_generate_reports, periods_generate
    from unions.models import Kind, Level
    from unions.services import union_create

    call_command("loaddata", str(settings.BASE_DIR / "fixtures" / "plan_1306.json"), verbosity=0)
    plan = Plan.objects.get(code="KH-1306")
    periods_generate(plan=plan)
    period = ReportingPeriod.objects.get(plan=plan, code="2023-Y")
    period.is_open = True
    period.save()
    day = datetime.date(2015, 1, 1)
    province = union_create(parent=None, code="B-LDLD", name="Liên đoàn Lao động tỉnh (bench)", level=Level.PROVINCE,
                            kind=Kind.PROVINCE_FEDERATION, opened_on=datetime.date(1990, 1, 1))
    upper = union_create(parent=province, code="B-UP", name="Liên đoàn Lao động huyện (bench)", level=Level.UPPER,
                         kind=Kind.DISTRICT_FEDERATION, opened_on=day)
    for number in range(UNITS):
        union_create(parent=upper, code=f"B-{number:04d}", name=f"Công đoàn cơ sở số {number}",
                     level=Level.GRASSROOTS, kind=Kind.GRASSROOTS_AGENCY, opened_on=day)
    period_generate_reports(period=period)
    officer = User.objects.create_user("bench-upper", password="x", unit=upper, role=Role.UPPER_OFFICER)
    return period, officer


def _fill(content: bytes) -> bytes:
    """What the officer does in Excel: a complete report on every row."""
    # Django is set up (bench/__main__.py) before a benchmark imports the project
    from openpyxl import load_workbook

    from plans.models import Indicator
    from reporting.spreadsheets import BULK_CODE_ROW, BULK_FIRST_ROW, BULK_SHEET

    book = load_workbook(io.BytesIO(content))
    sheet = book[BULK_SHEET]
    kinds = dict(Indicator.objects.values_list("code", "kind"))
    columns = {sheet.cell(BULK_CODE_ROW, c).value: c for c in range(1, sheet.max_column + 1)}
    answer = {"yes_no": "Có", "count": 5, "money": 1_500_000, "percent": 50, "date": datetime.date(2023, 3, 5),
              "text": "Đã thực hiện đầy đủ.", "reference": "12/QC-CĐ"}
    for row in range(BULK_FIRST_ROW, sheet.max_row + 1):
        for code, column in columns.items():
            if code in kinds:
                sheet.cell(row, column).value = answer[kinds[code]]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run() -> None:
    # Django is set up (bench/__main__.py) before a benchmark imports the project
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reporting.models import Report, ReportValue
    from reporting.spreadsheets import bulk_workbook, bulk_workbook_upload

    period, officer = _timed(f"setup: {UNITS:,} grassroots unions and their reports (not the bar)", _build)
    content = _timed(f"download: the workbook of {UNITS:,} rows", lambda: bulk_workbook(period=period, by=officer))
    filled = _timed("fill every row (openpyxl, the officer's side; not the bar)", lambda: _fill(content))
    print(f"   file: {len(filled) / 1024:,.0f} KB")

    def upload(submit: bool):
        return bulk_workbook_upload(period=period, by=officer, submit=submit,
                                    upload=SimpleUploadedFile("cac-don-vi.xlsx", filled))

    started = time.perf_counter()
    result = _timed(f"upload: {UNITS:,} rows saved as drafts", lambda: upload(False))
    drafts = time.perf_counter() - started
    assert len(result.saved) == UNITS, result
    values = ReportValue.objects.filter(report__period=period).count()
    print(f"   {values:,} values saved, {values // UNITS} a report")
    content = bulk_workbook(period=period, by=officer)
    filled = _fill(content)
    started = time.perf_counter()
    result = _timed(f"upload: the same {UNITS:,} rows submitted", lambda: upload(True))
    submitted = time.perf_counter() - started
    assert len(result.submitted) == UNITS and Report.objects.filter(period=period, status="submitted").count() == UNITS
    worst = max(drafts, submitted)
    verdict = "under" if worst < 30 else "OVER"
    print(f"   bulk upload of {UNITS:,} units: {worst:.1f} s at worst — {verdict} the 30 s bar")
