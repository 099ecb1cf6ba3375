"""Roll-ups: the dashboard, the Excel workbook and the PDF give the same numbers, and those
numbers equal a plain-Python recount of the fixture data; the query count does not grow
with the number of units; a past period follows the tree as it stood then."""
import datetime
import io
import random
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from compliance.exports import compliance_pdf, compliance_workbook
from reporting.kept_totals import rollups_rebuild
from reporting.models import Report, ReportingPeriod, ReportValue
from compliance.rollups import compliance_for_scope, milestone, trend_for_scope
from reporting.periods import period_generate_reports
from reporting.review import report_accept
from reporting.services import report_save
from tests.factories import make_union, make_user
from tests.reporting.values import complete_values
from tests.live_services import unavailable

D = datetime.date


@pytest.fixture
def province(plan, tree, users):
    """A province of 3 upper-level unions and 12 grassroots unions whose 2023-Y reports are
    in every state, with figures drawn at random (seeded)."""
    rng = random.Random(1306)
    upper_c = make_union(tree["province"], name="Công đoàn ngành Y tế", kind="sectoral")
    grass = [tree["grass_a1"], tree["grass_a2"], tree["grass_b1"]]
    for n in range(9):
        grass.append(make_union([tree["upper_a"], tree["upper_b"], upper_c][n % 3], name=f"Công đoàn cơ sở số {n}"))
    period = ReportingPeriod.objects.get(plan=plan, code="2023-Y")
    period_generate_reports(period=period)
    officers = {}
    for n, unit in enumerate(grass + [tree["upper_a"], tree["upper_b"], upper_c]):
        report = Report.objects.get(period=period, unit=unit)
        officers[unit.pk] = make_user(unit, username=f"o{n}")
        state = n % 5
        if state == 0:
            continue  # never started: missing
        overrides = {}
        for indicator in report.period.plan.indicators.all():
            if indicator.kind == "yes_no" and indicator.role == "compliance":
                overrides[indicator.code] = rng.random() < 0.7
        values = complete_values(report, **{k: v for k, v in overrides.items()
                                            if k in {i.code for i in report.period.plan.indicators.all()}
                                            and _asks(report, k)})
        for indicator in report.period.plan.indicators.filter(kind__in=["count", "money"]):
            if indicator.pk in values:
                values[indicator.pk] = rng.randint(1, 50) * (100_000 if indicator.kind == "money" else 1)
        codes = {i.code: i.pk for i in report.period.plan.indicators.all()}
        values[codes["CT3_RECEIVED"]] = rng.randint(3, 9)
        values[codes["CT3_ANSWERED"]] = rng.randint(0, values[codes["CT3_RECEIVED"]])
        values[codes["PROPOSALS"]] = f"Kiến nghị số {n} của {unit.name}."
        when = timezone.make_aware(datetime.datetime(2023, 11, 20 + (n % 3) * 4, 9))  # 20/11, 24/11, 28/11 (late)
        report = _at(when, lambda: report_save(report=report, by=officers[unit.pk], values=values, version=0,
                                                submit=state != 1))
        if state == 3:
            reviewer = users["board"] if unit.level == "upper" else users["upper_a"] if unit.path.startswith(
                tree["upper_a"].path) else None
            if reviewer:
                report_accept(report=report, by=reviewer)
    return dict(period=period, scope=tree["province"])


def _asks(report, code):
    from reporting.selectors import report_indicators

    return code in {i.code for i in report_indicators(report=report)}


def _at(moment, action):
    original = timezone.now
    timezone.now = lambda: moment
    try:
        return action()
    finally:
        timezone.now = original


def recount(period) -> dict:
    """The same figures, counted in plain Python over the rows, without the roll-up's SQL."""
    reports = list(Report.objects.filter(period=period))
    values = list(ReportValue.objects.filter(report__period=period).select_related("indicator"))
    sent = {r.pk for r in reports if r.submitted_at is not None}
    result = {
        "expected": len(reports), "submitted": len(sent),
        "late": sum(1 for r in reports if r.pk in sent and r.submitted_late),
        "missing": sum(1 for r in reports if r.pk not in sent),
        "accepted": sum(1 for r in reports if r.status == "accepted"),
        "targets": {}, "sums": {},
    }
    for target in period.plan.targets.all():
        if target.annual_only and not period.is_annual:
            continue
        applicable = [r for r in reports if target.applies_to(r.unit_level)]
        reported = [r for r in applicable if r.pk in sent]
        if target.measure == "ratio_of_counts":
            num = sum(v.number for v in values if v.report_id in sent and v.indicator.target_id == target.pk
                      and v.indicator.role == "numerator")
            den = sum(v.number for v in values if v.report_id in sent and v.indicator.target_id == target.pk
                      and v.indicator.role == "denominator")
            result["targets"][target.code] = (num, den)
        else:
            met = sum(1 for v in values if v.report_id in sent and v.indicator.target_id == target.pk
                      and v.indicator.role == "compliance" and v.flag is True)
            result["targets"][target.code] = (met, len(reported), len(applicable))
    for v in values:
        if v.report_id in sent and v.indicator.task_group_id and v.number is not None:
            result["sums"][v.indicator.code] = result["sums"].get(v.indicator.code, 0) + v.number
    return result


def test_rollup_equals_a_plain_python_recount(province):
    rollup = compliance_for_scope(period=province["period"], scope=province["scope"])
    expected = recount(province["period"])
    c = rollup.completeness
    assert (c.expected, c.submitted, c.late, c.missing, c.accepted) == (
        expected["expected"], expected["submitted"], expected["late"], expected["missing"], expected["accepted"])
    assert c.expected == 15 and 0 < c.late < c.submitted and c.accepted > 0
    for result in rollup.targets:
        if result.target.measure == "ratio_of_counts":
            assert (result.met, result.denominator) == expected["targets"][result.target.code]
        else:
            assert (result.met, result.applicable_reported, result.applicable_expected) == \
                expected["targets"][result.target.code], result.target.code
    codes = {i.pk: i.code for i in province["period"].plan.indicators.all()}
    assert {codes[pk]: total for pk, total in rollup.sums.items() if codes[pk] in expected["sums"]} == expected["sums"]


def test_dashboard_pdf_and_excel_show_the_same_numbers(client, users, province, tmp_path):
    rollup = compliance_for_scope(period=province["period"], scope=province["scope"])
    expected = recount(province["period"])
    client.force_login(users["board"])
    page = client.get(reverse("reporting:dashboard"), {"period": "2023-Y"}).content.decode()
    for tile in ("expected", "submitted", "late", "missing", "accepted"):
        assert f'data-tile="{tile}">{expected[tile]}<' in page, tile
    # CT3 is a ratio of counts (drafts answered on time ÷ drafts received), not of units.
    answered, received = (int(n) for n in expected["targets"]["CT3"])
    assert 0 < answered < received
    ct3_row = page[page.index('data-target="CT3"'):]
    ct3_row = ct3_row[:ct3_row.index("</tr>")]
    assert f"{answered} / {received}" in ct3_row

    workbook = load_workbook(io.BytesIO(compliance_workbook(rollup=rollup)))
    summary = {row[0]: row[1] for row in workbook["Tổng hợp"].iter_rows(values_only=True)}
    assert summary["Đơn vị phải báo cáo"] == expected["expected"]
    assert summary["Đã gửi báo cáo"] == expected["submitted"]
    assert summary["Gửi muộn"] == expected["late"] and summary["Chưa gửi"] == expected["missing"]
    targets = {row[0].split(".")[0]: row for row in workbook["Chỉ tiêu"].iter_rows(min_row=2, values_only=True)}
    for code, figures in expected["targets"].items():
        if len(figures) == 3:
            met, reported, applicable = figures
            assert targets[code][1:4] == (applicable, reported, met), code
            if reported:
                assert targets[code][4] == pytest.approx(round(met * 100 / reported, 1) / 100)
    assert targets["CT3"][1:4] == (received, None, answered)
    assert targets["CT3"][4] == pytest.approx(round(answered * 100 / received, 1) / 100)
    assert targets["CT3"][5] is None  # counts, not units: no rate over the units that did not report
    units = list(workbook["Từng đơn vị"].iter_rows(values_only=True))
    assert len(units) == 1 + expected["expected"]
    assert workbook["Từng đơn vị"].freeze_panes == "A2"

    if shutil.which("pdftotext") is None:
        unavailable("pdftotext is not installed: apt-get install poppler-utils")
    path = tmp_path / "province.pdf"
    path.write_bytes(compliance_pdf(rollup=rollup))
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split())
    text = text.replace(" / ", "/")  # pdftotext keeps or drops the spaces around a slash
    assert f"Tổng số đơn vị phải báo cáo: {expected['expected']}; đã gửi báo cáo: {expected['submitted']}" in text
    for code, figures in expected["targets"].items():
        if len(figures) == 3:
            assert f"{figures[0]}/{figures[1]}" in text, code
    assert f"{answered}/{received} v.bản" in text
    assert "Kiến nghị số 2 của" in text  # section IV, attributed
    assert "PHỤ LỤC" in text and "TM. BAN THƯỜNG VỤ" in text and "LIÊN ĐOÀN LAO ĐỘNG TỈNH QUẢNG TRỊ" in text
    nv5 = province["period"].plan.indicators.get(code="NV5_AMOUNT")
    total = int(rollup.sums[nv5.pk])
    assert f"{total:,}".replace(",", ".") + " ₫" in text

    # The annex: a row per upper-level union with the workbook's and the dashboard's figures,
    # then each unit under its union with its status and the targets its report says "Không" to.
    lines = annex_lines(path)
    branch_rows = list(workbook["Theo đơn vị trực thuộc"].iter_rows(min_row=2, values_only=True))
    dashboard = {b["unit"].name: b for b in client.get(reverse("reporting:dashboard"),
                                                         {"period": "2023-Y"}).context["branches"]}
    assert len(branch_rows) == 3 == len(dashboard)
    for name, expected_n, submitted, on_time, late, returned, missing, share, *_ in branch_rows:
        b = dashboard[name]
        assert (b["expected"], b["submitted"], b["on_time"], b["late"], b["returned"], b["missing"]) == (
            expected_n, submitted, on_time, late, returned, missing)
        assert (f"{name} {expected_n} {submitted} ({share * 100:.1f}%)".replace(".", ",")
                + f" {on_time} {late} {returned} {missing}") in lines, (name, lines)
    target_of = {i.code: i.target.code for i in province["period"].plan.indicators.filter(role="compliance")}
    header = next(workbook["Từng đơn vị"].iter_rows(max_row=1, values_only=True))
    answers = {n: target_of[str(h).split(".")[0]] for n, h in enumerate(header) if str(h).split(".")[0] in target_of}
    for row in workbook["Từng đơn vị"].iter_rows(min_row=2, values_only=True):
        line = next(line for line in lines if line.startswith(f"{row[0]} – {row[1]} "))
        assert line.split(f"{row[0]} – {row[1]} ")[1].startswith(row[4]), (row, line)
        if row[4].startswith("Đã gửi"):
            not_met = [code for n, code in answers.items() if row[n] == "Không"]
            assert line.endswith(", ".join(not_met) if not_met else "Đạt tất cả"), (row, line)


def annex_lines(path) -> list[str]:
    """The annex's lines as laid out (pdftotext -layout), each with its spaces made single."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    return [" ".join(line.split()) for line in text[text.index("PHỤ LỤC"):].splitlines() if line.strip()]


def _branch_line(row) -> str:
    name, expected_n, submitted, on_time, late, returned, missing, share, *_ = row
    return (f"{name} {expected_n} {submitted} ({share * 100:.1f}%)".replace(".", ",")
            + f" {on_time} {late} {returned} {missing}")


def test_the_national_report_lists_provinces_and_upper_level_unions_never_a_grassroots_union(provinces, tmp_path):
    if shutil.which("pdftotext") is None:
        unavailable("pdftotext is not installed: apt-get install poppler-utils")
    period = provinces["period"]
    sent = provinces["A"]["report"]
    report_save(report=sent, by=provinces["A"]["grass_officer"], values=complete_values(sent), version=sent.version,
                submit=True)
    rollup = compliance_for_scope(period=period, scope=provinces["national"])
    path = tmp_path / "national.pdf"
    path.write_bytes(compliance_pdf(rollup=rollup))
    lines = annex_lines(path)
    national = load_workbook(io.BytesIO(compliance_workbook(rollup=rollup)))["Theo đơn vị trực thuộc"]
    rows = list(national.iter_rows(min_row=2, values_only=True))
    assert {row[0]: row[2] for row in rows} == {provinces["A"]["province"].name: 1,  # the report sent
                                                provinces["B"]["province"].name: 0}
    for row in rows:
        assert _branch_line(row) in lines, (row, lines)
    for key in ("A", "B"):  # each province's upper-level unions, as that province's own workbook counts them
        scope = compliance_for_scope(period=period, scope=provinces[key]["province"])
        for row in load_workbook(io.BytesIO(compliance_workbook(rollup=scope)))["Theo đơn vị trực thuộc"].iter_rows(
                min_row=2, values_only=True):
            assert _branch_line(row) in lines, (row, lines)
        assert provinces[key]["grass"].name not in " ".join(lines)
    text = " ".join(lines)
    assert "Trạng thái" not in text  # no list of units at all
    assert "chi tiết từng đơn vị có trong tệp Excel kèm theo báo cáo" in text


def test_a_province_over_the_annex_limit_gets_its_counts_by_upper_level_union_and_a_pointer_to_excel(
        province, settings, tmp_path):
    if shutil.which("pdftotext") is None:
        unavailable("pdftotext is not installed: apt-get install poppler-utils")
    settings.PDF_ANNEX_UNITS = 14  # the province expects 15 reports
    rollup = compliance_for_scope(period=province["period"], scope=province["scope"])
    path = tmp_path / "province.pdf"
    path.write_bytes(compliance_pdf(rollup=rollup))
    lines = annex_lines(path)
    text = " ".join(lines)
    assert "Kết quả báo cáo của từng đơn vị (15 đơn vị) không in trong phụ lục này" in text
    assert "Công đoàn cơ sở số 0" not in text and "Trạng thái" not in text
    for row in load_workbook(io.BytesIO(compliance_workbook(rollup=rollup)))["Theo đơn vị trực thuộc"].iter_rows(
            min_row=2, values_only=True):
        assert _branch_line(row) in lines
    settings.PDF_ANNEX_UNITS = 15
    path.write_bytes(compliance_pdf(rollup=rollup))
    assert "Trạng thái, ngày gửi" in " ".join(annex_lines(path))


def test_ct5b_follows_a_path_towards_70_percent_by_2023(plan):
    target = plan.targets.get(code="CT5b")
    periods = {p.code: p for p in plan.periods.all()}
    assert milestone(target=target, period=periods["2019-H1"]) == Decimal("7.0")
    assert milestone(target=target, period=periods["2021-Y"]) == Decimal("42.0")
    assert milestone(target=target, period=periods["2023-H1"]) == Decimal("70")
    assert milestone(target=plan.targets.get(code="CT1"), period=periods["2019-H1"]) == Decimal("100")


def test_a_past_period_rolls_up_along_the_tree_as_it_stood(plan, tree, users):
    from unions.services import union_move

    h1 = ReportingPeriod.objects.get(plan=plan, code="2023-H1")
    period_generate_reports(period=h1)
    union_move(union=tree["grass_a2"], new_parent=tree["upper_b"], on=D(2023, 7, 1))
    y = ReportingPeriod.objects.get(plan=plan, code="2023-Y")
    period_generate_reports(period=y)
    assert compliance_for_scope(period=h1, scope=tree["upper_a"]).completeness.expected == 3  # itself + 2
    assert compliance_for_scope(period=y, scope=tree["upper_a"]).completeness.expected == 2
    assert compliance_for_scope(period=y, scope=tree["upper_b"]).completeness.expected == 3


def _bulk_branch(parent, count, opened=D(2015, 1, 1)):
    from unions.services import unions_load_bulk

    unions_load_bulk(parent=parent, tree=[{"data": dict(
        code=f"{parent.code}-{n:05d}", name=f"Công đoàn cơ sở {n}", level="grassroots", kind="grassroots_agency",
        opened_on=opened)} for n in range(count)])


def _fill(period):
    reports = list(Report.objects.filter(period=period, status="not_started"))
    indicators = list(period.plan.indicators.filter(role="compliance"))
    now = timezone.now()
    Report.objects.filter(pk__in=[r.pk for r in reports]).update(status="submitted", submitted_at=now)
    ReportValue.objects.bulk_create([ReportValue(report=r, indicator=i, flag=True) for r in reports for i in indicators])
    rollups_rebuild(period=period)


def test_dashboard_queries_do_not_grow_with_units(client, plan, tree, users):
    period = ReportingPeriod.objects.get(plan=plan, code="2023-Y")
    client.force_login(users["board"])

    def queries():
        period_generate_reports(period=period)
        _fill(period)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("reporting:dashboard"), {"period": "2023-Y"})
        assert response.status_code == 200
        return len(captured), response.context["rollup"].completeness.expected

    _bulk_branch(tree["upper_a"], 95)
    small, n_small = queries()
    _bulk_branch(tree["upper_b"], 900)
    large, n_large = queries()
    assert n_small == 100 and n_large == 1000
    assert small == large


def test_trend_is_a_fixed_number_of_queries_for_the_whole_plan(plan, tree):
    for period in plan.periods.all():
        period_generate_reports(period=period)
    with CaptureQueriesContext(connection) as captured:
        trend = trend_for_scope(scope=tree["province"], plan=plan)
    assert len(trend) == 10 and trend[0]["expected"] == 5
    assert len(captured) <= 6


@pytest.mark.parametrize("who, allowed", [
    ("grass_a1", False), ("upper_a", True), ("board", True), ("leadership", True), ("admin", True)])
def test_who_sees_which_dashboard(client, users, tree, province, who, allowed):
    client.force_login(users[who])
    response = client.get(reverse("reporting:dashboard"))
    assert response.status_code == (200 if allowed else 403)
    if who == "upper_a":
        assert response.context["rollup"].completeness.expected == 6  # itself and its 5 grassroots units
        other = client.get(reverse("reporting:dashboard"), {"unit": tree["upper_b"].code})
        assert other.status_code == 404
        for fmt in ("pdf", "xlsx"):
            assert client.get(reverse("reporting:export"), {"unit": tree["upper_b"].code, "format": fmt}).status_code == 404
