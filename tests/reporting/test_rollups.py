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

from reporting.exports import compliance_pdf, compliance_workbook
from reporting.kept import rollups_rebuild
from reporting.models import Report, ReportingPeriod, ReportValue
from reporting.rollups import compliance_for_scope, milestone, trend_for_scope
from reporting.services import period_generate_reports, report_accept, report_save
from tests.factories import make_union, make_user
from tests.reporting.values import complete_values
from tests.services import unavailable

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


# The rules of a rate and its colour, with figures worked out by hand.

def _share(met, reported, expected, required=Decimal(100)):
    from plans.models import Target
    from reporting.rollups import TargetResult

    return TargetResult(target=Target(code="CT1", measure=Target.Measure.SHARE_OF_UNITS), met=met,
                        applicable_reported=reported, applicable_expected=expected, required=required)


def test_a_target_is_green_at_what_the_period_requires_amber_within_ten_points_and_red_below():
    assert _share(10, 10, 12).status == "green"  # 100% of 100%
    assert _share(9, 10, 12).status == "amber"  # 90%: exactly ten points below, still amber
    assert _share(899, 1000, 1000).status == "red"  # 89.9%: just past the margin
    assert _share(7, 10, 10, required=Decimal(70)).status == "green"  # CT5b's 70% reached exactly
    assert _share(69, 100, 100, required=Decimal(70)).status == "amber"
    assert _share(59, 100, 100, required=Decimal(70)).status == "red"


def test_zero_percent_is_a_rate_and_no_report_is_no_data():
    nobody_yes = _share(0, 4, 6)
    assert nobody_yes.rate_reported == Decimal("0.0") and nobody_yes.status == "red"  # 0% is data, and red
    nobody_reported = _share(0, 0, 6)
    assert nobody_reported.rate_reported is None and nobody_reported.status == "grey"
    assert nobody_reported.rate_expected == Decimal("0.0")  # over expected units: none met it


def test_a_share_target_is_rated_over_the_units_that_reported_and_over_every_expected_unit():
    result = _share(3, 4, 6)
    assert (result.rate_reported, result.rate_expected) == (Decimal("75.0"), Decimal("50.0"))


def test_a_ratio_target_is_the_counts_sum_over_the_counts_sum_and_has_no_rate_over_units():
    from plans.models import Target
    from reporting.rollups import TargetResult

    ct3 = TargetResult(target=Target(code="CT3", measure=Target.Measure.RATIO_OF_COUNTS), met=5, denominator=8,
                       applicable_reported=2, applicable_expected=6)
    assert ct3.rate_reported == Decimal("62.5")  # 5 of 8 drafts answered, whatever the 2 of 6 units
    assert ct3.rate_expected is None


def test_completeness_rates_are_over_the_expected_units():
    from reporting.rollups import Completeness

    c = Completeness(expected=8, submitted=6, on_time=4, late=2, accepted=1, returned=1, missing=1, overdue=1)
    assert c.rates == {"submitted": Decimal("75.0"), "on_time": Decimal("50.0"), "late": Decimal("25.0"),
                       "accepted": Decimal("12.5"), "returned": Decimal("12.5"), "missing": Decimal("12.5"),
                       "overdue": Decimal("12.5")}
    assert set(Completeness().rates.values()) == {None}


@pytest.mark.parametrize("source", ["kept", "reports"])
def test_a_report_is_overdue_from_the_day_after_its_deadline(plan, tree, open_reports, source):
    period = ReportingPeriod.objects.get(plan=plan, code="2023-Y")  # due 25/11/2023, nothing sent
    on_the_day = compliance_for_scope(period=period, scope=tree["province"], today=D(2023, 11, 25), source=source)
    assert (on_the_day.completeness.missing, on_the_day.completeness.overdue) == (5, 0)
    after = compliance_for_scope(period=period, scope=tree["province"], today=D(2023, 11, 26), source=source)
    assert after.completeness.overdue == 5


def test_an_annual_only_target_is_not_measured_in_a_six_month_period(plan, tree):
    h1 = ReportingPeriod.objects.get(plan=plan, code="2023-H1")
    year = ReportingPeriod.objects.get(plan=plan, code="2023-Y")
    for period in (h1, year):
        period_generate_reports(period=period)
    assert "CT7" not in {r.target.code for r in compliance_for_scope(period=h1, scope=tree["province"]).targets}
    assert "CT7" in {r.target.code for r in compliance_for_scope(period=year, scope=tree["province"]).targets}


@pytest.fixture
def mixed(plan, tree, users, open_reports):
    """2023-Y (due 25/11/2023) in every state, set by hand:
    grass_a1 sent on time (20/11) with CT1 yes; grass_a2 a draft with a proposal typed;
    grass_b1 sent late (28/11) with CT1 no; upper_b sent on time and returned; upper_a not started."""
    a2_officer = make_user(tree["grass_a2"], username="cdcs_a2")
    on_time, late = (timezone.make_aware(datetime.datetime(2023, 11, day, 9)) for day in (20, 28))
    a1 = open_reports["grass_a1"]
    _at(on_time, lambda: report_save(report=a1, by=users["grass_a1"], version=0, submit=True, values=complete_values(
        a1, CT1_DONE=True, PROPOSALS="Kiến nghị của Trường THPT Vĩnh Linh.")))
    a2 = open_reports["grass_a2"]
    report_save(report=a2, by=a2_officer, version=0, values=complete_values(
        a2, PROPOSALS="Kiến nghị còn trong bản nháp."))
    b1 = open_reports["grass_b1"]
    _at(late, lambda: report_save(report=b1, by=users["grass_b1"], version=0, submit=True, values=complete_values(
        b1, CT1_DONE=False, PROPOSALS="Kiến nghị của Công ty TNHH Gio Linh.")))
    ub = open_reports["upper_b"]
    ub = _at(on_time, lambda: report_save(report=ub, by=users["upper_b"], version=0, submit=True,
                                           values=complete_values(ub, PROPOSALS="Kiến nghị của huyện Gio Linh.")))
    from reporting.services import report_return

    report_return(report=ub, by=users["board"], reason="Thiếu số liệu.")
    return open_reports


def test_the_late_list_is_the_unsent_then_the_returned_then_the_late_and_never_an_on_time_report(mixed, tree):
    from reporting.rollups import late_and_missing

    rollup = compliance_for_scope(period=mixed["grass_a1"].period, scope=tree["province"])
    expected = [tree["upper_a"], tree["grass_a2"], tree["upper_b"], tree["grass_b1"]]  # grass_a1: on time
    assert [r.unit for r in late_and_missing(rollup=rollup)] == expected
    assert [r.unit for r in late_and_missing(rollup=rollup, limit=None)] == expected  # the workbook's, same order
    assert [r.unit for r in late_and_missing(rollup=rollup, limit=3)] == expected[:3]
    assert [r.unit for r in late_and_missing(rollup=rollup, limit=1)] == expected[:1]


def test_each_branch_row_counts_its_units_on_time_over_expected_and_each_target_over_its_reporters(mixed, tree):
    from reporting.rollups import branches_of_scope

    period = mixed["grass_a1"].period
    ct1 = plan_target(period, "CT1")
    rows = {r["unit"]: r for r in branches_of_scope(rollup=compliance_for_scope(period=period, scope=tree["province"]))}
    assert list(rows) == [tree["upper_b"], tree["upper_a"]]  # by name: Gio Linh before Vĩnh Linh
    a, b = rows[tree["upper_a"]], rows[tree["upper_b"]]
    # upper_a: itself (not started), a1 (on time), a2 (draft). upper_b: itself (returned), b1 (late).
    assert (a["expected"], a["submitted"], a["on_time"], a["late"], a["missing"]) == (3, 1, 1, 0, 2)
    assert (b["expected"], b["submitted"], b["on_time"], b["late"], b["returned"]) == (2, 1, 0, 1, 1)
    assert (a["submitted_rate"], a["on_time_rate"]) == (Decimal("33.3"), Decimal("33.3"))
    assert (b["submitted_rate"], b["on_time_rate"]) == (Decimal("50.0"), Decimal("0.0"))
    assert (a["target_rates"][ct1.pk], b["target_rates"][ct1.pk]) == (Decimal("100.0"), Decimal("0.0"))
    # Under an upper-level union the rows are its grassroots units, never its own report.
    rows = {r["unit"]: r for r in branches_of_scope(rollup=compliance_for_scope(period=period, scope=tree["upper_a"]))}
    assert list(rows) == [tree["grass_a1"], tree["grass_a2"]]
    assert (rows[tree["grass_a1"]]["on_time"], rows[tree["grass_a2"]]["missing"]) == (1, 1)
    assert rows[tree["grass_a1"]]["target_rates"][ct1.pk] == Decimal("100.0")
    assert rows[tree["grass_a2"]]["target_rates"][ct1.pk] is None  # nothing sent: no data, not 0%


def test_proposals_come_from_sent_reports_only_grouped_under_the_branch_they_stood_in(mixed, tree):
    from reporting.rollups import proposals_for_scope

    period = mixed["grass_a1"].period
    groups = proposals_for_scope(rollup=compliance_for_scope(period=period, scope=tree["province"]))
    found = {g["name"]: [(item["unit"], item["text"]) for item in g["items"] if item["indicator"].code == "PROPOSALS"]
             for g in groups}
    assert found == {  # the draft's and the returned report's are not the unit's word yet
        tree["upper_a"].name: [(tree["grass_a1"], "Kiến nghị của Trường THPT Vĩnh Linh.")],
        tree["upper_b"].name: [(tree["grass_b1"], "Kiến nghị của Công ty TNHH Gio Linh.")],
    }


def plan_target(period, code):
    return period.plan.targets.get(code=code)
