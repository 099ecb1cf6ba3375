"""Every figure survives every path: whatever an officer typed, shown on a page, in the form,
in the report workbook and the bulk workbook, and posted or uploaded back unchanged, is the
same value, and an unchanged post or upload moves nothing — no value, no version, no
history line — however often it is repeated.

Properties over every kind of indicator the plan asks (a percentage is added to the plan
here: Plan 1306 has none), in Vietnamese and in English."""
import datetime

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings, strategies as st

from plans.models import Indicator, IndicatorRule
from reporting import services
from reporting.models import Report, ReportEvent, ValueChange
from reporting.selectors import report_indicators, report_values
from tests.factories import make_user
from tests.live_services import libreoffice_resave
from tests.spreadsheets.helpers import upload

from .strategies import form_data, report_values as values_strategy

pytestmark = pytest.mark.django_db

JOURNEY = settings(max_examples=12, deadline=None, derandomize=True,
                   suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture
def percent(plan):
    return Indicator.objects.create(plan=plan, code="ZZ_SHARE", order=999, label="Tỷ lệ đoàn viên tham gia",
                                    kind=Indicator.Kind.PERCENT, min_value=0, max_value=100, required=False)


@pytest.fixture
def report(open_reports, percent):
    return open_reports["grass_a1"]


def _state(report: Report) -> tuple:
    report.refresh_from_db()
    return (report.version, report.status, ValueChange.objects.filter(report=report).count(),
            ReportEvent.objects.filter(report=report).count(), report_values(report=report))


def _store(report: Report, by, values: dict) -> dict:
    """Save `values` as the unit's draft through the service; what is stored, by indicator id."""
    report.refresh_from_db()
    services.report_save(report=report, by=by, values=values, version=report.version)
    stored = report_values(report=Report.objects.get(pk=report.pk))
    assert stored == {pk: value for pk, value in values.items() if value is not None}
    return stored


def _language(client, language: str) -> None:
    from django.conf import settings as django_settings

    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language


@pytest.mark.parametrize("language", ["vi", "en"])
def test_any_figures_shown_in_the_form_and_posted_back_unchanged_move_nothing(client, users, report, language):
    user = users["grass_a1"]
    client.force_login(user)
    _language(client, language)
    indicators = report_indicators(report=report)
    rules = list(IndicatorRule.objects.filter(plan=report.period.plan))
    kinds = {i.kind for i in indicators}
    assert kinds == set(Indicator.Kind.values)  # every kind is exercised
    edit = reverse("reporting:report_edit", args=[report.pk])

    @JOURNEY
    @given(values=values_strategy(indicators, rules))
    def journey(values):
        stored = _store(report, user, values)
        before = _state(report)
        shown = form_data(client.get(edit).content.decode())
        for _ in range(3):  # save, save again, save once more
            response = client.post(edit, {**shown, "action": "save"})
            assert response.status_code == 302, response.content.decode()[:2000]
        assert _state(report) == before
        assert report_values(report=report) == stored
        again = form_data(client.get(edit).content.decode())
        assert {k: v for k, v in again.items() if k != "csrfmiddlewaretoken"} == \
               {k: v for k, v in shown.items() if k != "csrfmiddlewaretoken"}

    journey()


def test_a_saved_draft_of_counts_is_not_multiplied_by_saving(client, users, report):
    """The bug this round began with: 3 shown as "3.00" became 300, then 30.000."""
    user = users["grass_a1"]
    codes = {i.code: i for i in report_indicators(report=report)}
    _store(report, user, {codes["NV1_SESSIONS"].pk: 3, codes["NV1_PARTICIPANTS"].pk: 150,
                          codes["NV5_AMOUNT"].pk: 15_000_000})
    client.force_login(user)
    edit = reverse("reporting:report_edit", args=[report.pk])
    page = client.get(edit).content.decode()
    assert 'value="3"' in page and 'value="15.000.000"' in page and "3.00" not in page
    for _ in range(2):
        client.post(edit, {**form_data(client.get(edit).content.decode()), "action": "save"})
    assert report_values(report=report)[codes["NV1_SESSIONS"].pk] == 3
    assert report_values(report=report)[codes["NV5_AMOUNT"].pk] == 15_000_000
    assert not ValueChange.objects.filter(report=report, new__in=["300", "30000", "1500000000"]).exists()


def test_any_figures_through_the_report_workbook_unchanged_move_nothing(client, users, report):
    user = users["grass_a1"]
    client.force_login(user)
    indicators = report_indicators(report=report)
    rules = list(IndicatorRule.objects.filter(plan=report.period.plan))
    download = reverse("reporting:report_workbook", args=[report.pk])
    send = reverse("reporting:report_workbook_upload", args=[report.pk])

    @JOURNEY
    @given(values=values_strategy(indicators, rules))
    def journey(values):
        stored = _store(report, user, values)
        before = _state(report)
        content = client.get(download).content
        for _ in range(2):
            response = client.post(send, {"file": upload(content)})
            assert response.status_code == 302, [str(e) for e in response.context["errors"]]
        assert _state(report) == before and report_values(report=report) == stored

    journey()


def _full_values(indicators, rules):
    """Every cell filled, so that one LibreOffice round trip carries every kind."""
    from .strategies import value_for

    return st.fixed_dictionaries({i.pk: value_for(i) for i in indicators}).map(
        lambda values: _fit(values, rules))


def _fit(values, rules):
    for rule in rules:
        a, b = values.get(rule.first_id), values.get(rule.second_id)
        if rule.kind == "lte" and a is not None and b is not None and a > b:
            values[rule.first_id], values[rule.second_id] = b, a
    return values


LIBREOFFICE = settings(max_examples=3, deadline=None, derandomize=True,
                       suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def test_the_report_workbook_resaved_by_libreoffice_moves_nothing(client, users, report):
    user = users["grass_a1"]
    client.force_login(user)
    indicators = report_indicators(report=report)
    rules = list(IndicatorRule.objects.filter(plan=report.period.plan))
    download = reverse("reporting:report_workbook", args=[report.pk])
    send = reverse("reporting:report_workbook_upload", args=[report.pk])

    @LIBREOFFICE
    @given(values=_full_values(indicators, rules))
    def journey(values):
        stored = _store(report, user, values)
        before = _state(report)
        content = libreoffice_resave(client.get(download).content)
        response = client.post(send, {"file": upload(content)})
        assert response.status_code == 302, [str(e) for e in response.context["errors"]]
        assert _state(report) == before and report_values(report=report) == stored

    journey()


@pytest.fixture
def bulk(users, tree, open_reports, percent):
    """An upper-level officer's two grassroots units, each with its own officer."""
    officer_a2 = make_user(tree["grass_a2"], username="cdcs_a2")
    return users["upper_a"], [(open_reports["grass_a1"], users["grass_a1"]), (open_reports["grass_a2"], officer_a2)]


@pytest.mark.parametrize("resave", [False, True], ids=["openpyxl", "libreoffice"])
def test_any_figures_through_the_bulk_workbook_unchanged_move_nothing(client, bulk, resave):
    upper, units = bulk
    client.force_login(upper)
    period = units[0][0].period
    indicators = report_indicators(report=units[0][0])
    rules = list(IndicatorRule.objects.filter(plan=period.plan))
    page = reverse("reporting:bulk_period", args=[period.pk])
    download = reverse("reporting:bulk_workbook", args=[period.pk])

    @(LIBREOFFICE if resave else JOURNEY)
    @given(first=(_full_values if resave else values_strategy)(indicators, rules),
           second=(_full_values if resave else values_strategy)(indicators, rules))
    def journey(first, second):
        stored = [_store(r, officer, values) for (r, officer), values in zip(units, (first, second))]
        before = [_state(r) for r, _officer in units]
        content = client.get(download).content
        if resave:
            content = libreoffice_resave(content)
        for _ in range(2):
            response = client.post(page, {"file": upload(content)}, follow=True)
            assert response.status_code == 200
            assert "errors" not in response.context or not response.context["errors"], \
                [str(e) for e in response.context["errors"]]
            shown = [str(m) for m in response.context["messages"]]
            assert not any("saved" in m or "lưu" in m for m in shown), shown
        assert [_state(r) for r, _officer in units] == before
        assert [report_values(report=r) for r, _officer in units] == stored

    journey()


def test_the_unchanged_bulk_file_writes_no_history_line(client, bulk):
    """The finding: the unchanged file uploaded straight back bumped 8 versions and wrote
    lines such as "1E+1 → 10" in the upper officer's name."""
    upper, units = bulk
    codes = {i.code: i for i in report_indicators(report=units[0][0])}
    for report, officer in units:
        _store(report, officer, {codes["NV1_SESSIONS"].pk: 10, codes["NV1_PARTICIPANTS"].pk: 300,
                                 codes["NV5_AMOUNT"].pk: 123_456_700})
    client.force_login(upper)
    period = units[0][0].period
    content = client.get(reverse("reporting:bulk_workbook", args=[period.pk])).content
    response = client.post(reverse("reporting:bulk_period", args=[period.pk]), {"file": upload(content)}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["2 dòng không có thay đổi."]
    assert not ValueChange.objects.filter(by=upper).exists()
    assert not ReportEvent.objects.filter(by=upper).exists()


def test_history_shows_values_as_the_portal_does(client, users, report):
    user = users["grass_a1"]
    codes = {i.code: i for i in report_indicators(report=report)}
    _store(report, user, {codes["NV1_SESSIONS"].pk: 3, codes["NV5_AMOUNT"].pk: 1_234_567,
                          codes["CT2_DATE_SIGNED"].pk: datetime.date(2023, 3, 15), codes["CT2_HAS"].pk: True})
    _store(report, user, {codes["NV1_SESSIONS"].pk: 300, codes["NV5_AMOUNT"].pk: 123_456_700,
                          codes["CT2_DATE_SIGNED"].pk: datetime.date(2023, 3, 15), codes["CT2_HAS"].pk: True})
    client.force_login(user)
    page = client.get(reverse("reporting:report_history", args=[report.pk])).content.decode()
    assert "3 → 300" in page and "1.234.567 ₫ → 123.456.700 ₫" in page
    assert "15/03/2023" in page and "Có" in page
    assert "E+" not in page


@pytest.mark.parametrize("typed", ["10000000000000000000", "9" * 25, "1.000.000.000.000.000"])
def test_a_figure_beyond_the_bound_is_refused_at_the_field_and_kept_on_the_page(client, users, report, typed):
    """10^19 answered a 500 page and the input was lost."""
    client.force_login(users["grass_a1"])
    edit = reverse("reporting:report_edit", args=[report.pk])
    shown = form_data(client.get(edit).content.decode())
    response = client.post(edit, {**shown, "NV5_AMOUNT": typed, "NV1_SESSIONS": typed, "action": "save"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["NV5_AMOUNT"] == errors["NV1_SESSIONS"] == ["Giá trị phải nhỏ hơn hoặc bằng 999.999.999.999.999."]
    assert f'value="{typed}"' in response.content.decode()
    report.refresh_from_db()
    assert report.version == 0 and not report.values.exists()


@pytest.mark.parametrize("cell", [10 ** 19, "9" * 25, 1e19, "1.000.000.000.000.000"])
def test_a_figure_beyond_the_bound_is_refused_at_its_cell_in_both_workbooks(client, users, bulk, cell):
    from tests.spreadsheets.conftest import fill_template, template_rows

    report = bulk[1][0][0]
    client.force_login(users["grass_a1"])
    content = client.get(reverse("reporting:report_workbook", args=[report.pk])).content
    rows = template_rows(content)
    response = client.post(reverse("reporting:report_workbook_upload", args=[report.pk]),
                           {"file": upload(fill_template(content, raw={f"C{rows['NV5_AMOUNT']}": cell}))})
    assert response.status_code == 400
    assert [(e.cell, str(e.message)) for e in response.context["errors"]] == [
        (f"C{rows['NV5_AMOUNT']}", "Giá trị phải nhỏ hơn hoặc bằng 999.999.999.999.999.")]
    report.refresh_from_db()
    assert report.version == 0


@pytest.mark.parametrize("typed", ["1.5", "1,5"])
def test_a_decimal_in_a_count_is_refused_with_one_message_in_the_form_and_the_workbook(client, users, report, typed):
    from tests.spreadsheets.conftest import fill_template, template_rows

    client.force_login(users["grass_a1"])
    edit = reverse("reporting:report_edit", args=[report.pk])
    response = client.post(edit, {**form_data(client.get(edit).content.decode()), "NV1_SESSIONS": typed,
                                  "action": "save"})
    form_message = response.context["form"].errors["NV1_SESSIONS"]
    content = client.get(reverse("reporting:report_workbook", args=[report.pk])).content
    rows = template_rows(content)
    response = client.post(reverse("reporting:report_workbook_upload", args=[report.pk]),
                           {"file": upload(fill_template(content, raw={f"C{rows['NV1_SESSIONS']}": typed}))})
    assert [str(e.message) for e in response.context["errors"]] == form_message == [
        "Nhập một số nguyên, không có phần thập phân, ví dụ 1.234.567."]
    report.refresh_from_db()
    assert report.version == 0


@pytest.mark.parametrize("resave", [False, True], ids=["openpyxl", "libreoffice"])
def test_the_boards_workbook_carries_each_sent_figure_as_typed(client, users, report, resave):
    """The Board's province workbook, one row per unit: every figure of a sent report is the
    value typed, of its own type (a count an integer, a date a date), also once LibreOffice
    has opened and saved it."""
    import io

    from openpyxl import load_workbook

    from tests.reporting.values import complete_values

    codes = {i.code: i for i in report_indicators(report=report)}
    values = complete_values(report, NV1_SESSIONS=3, NV5_AMOUNT=15_000_000, ZZ_SHARE=__import__("decimal").Decimal(
        "12.5"), CT2_DATE_SIGNED=datetime.date(2023, 3, 15), CT2_DOC_NUMBER="05/QCPH-CĐ-UBND")
    services.report_save(report=report, by=users["grass_a1"], values=values, version=0, submit=True)
    client.force_login(users["board"])
    response = client.get(reverse("reporting:export"), {"period": "2023-Y", "format": "xlsx"})
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if resave:
        content = libreoffice_resave(content)
    sheet = load_workbook(io.BytesIO(content))["Từng đơn vị"]
    rows = list(sheet.iter_rows(values_only=True))
    header, row = rows[0], next(r for r in rows[1:] if r[0] == report.unit.code)
    cell = {h.split(".")[0]: v for h, v in zip(header, row) if h}
    assert cell["NV1_SESSIONS"] == 3 and isinstance(cell["NV1_SESSIONS"], int)
    assert cell["NV5_AMOUNT"] == 15_000_000
    assert cell["ZZ_SHARE"] == 12.5
    assert cell["CT2_DATE_SIGNED"].date() == datetime.date(2023, 3, 15)
    assert cell["CT2_DOC_NUMBER"] == "05/QCPH-CĐ-UBND"
    assert cell["CT1_DONE"] == "Có"
    assert {code for code in codes if codes[code].kind != "text"} <= set(cell)
