"""The roll-up's rules stated one by one, with figures worked out by hand (issue 17): a rate's
colour and its boundaries, 0% against no data, the units a rate is over, the due day, annual-only
targets, the late list, the branch rows and the proposals."""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from reporting.models import ReportingPeriod
from compliance.rollups import compliance_for_scope
from reporting.periods import period_generate_reports
from reporting.services import report_save
from tests.factories import make_user
from tests.reporting.values import complete_values

D = datetime.date


def _at(moment, action):
    original = timezone.now
    timezone.now = lambda: moment
    try:
        return action()
    finally:
        timezone.now = original


# The rules of a rate and its colour, with figures worked out by hand.

def _share(met, reported, expected, required=Decimal(100)):
    from plans.models import Target
    from compliance.rollups import TargetResult

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
    from compliance.rollups import TargetResult

    ct3 = TargetResult(target=Target(code="CT3", measure=Target.Measure.RATIO_OF_COUNTS), met=5, denominator=8,
                       applicable_reported=2, applicable_expected=6)
    assert ct3.rate_reported == Decimal("62.5")  # 5 of 8 drafts answered, whatever the 2 of 6 units
    assert ct3.rate_expected is None


def test_completeness_rates_are_over_the_expected_units():
    from compliance.rollups import Completeness

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
    grass_a1 sent late (28/11) with CT1 yes; grass_a2 a draft with a proposal typed;
    grass_b1 sent on time (20/11) with CT1 no; upper_b sent on time and returned; upper_a not started."""
    a2_officer = make_user(tree["grass_a2"], username="cdcs_a2")
    on_time, late = (timezone.make_aware(datetime.datetime(2023, 11, day, 9)) for day in (20, 28))
    a1 = open_reports["grass_a1"]
    _at(late, lambda: report_save(report=a1, by=users["grass_a1"], version=0, submit=True, values=complete_values(
        a1, CT1_DONE=True, PROPOSALS="Kiến nghị của Trường THPT Vĩnh Linh.")))
    a2 = open_reports["grass_a2"]
    report_save(report=a2, by=a2_officer, version=0, values=complete_values(
        a2, PROPOSALS="Kiến nghị còn trong bản nháp."))
    b1 = open_reports["grass_b1"]
    _at(on_time, lambda: report_save(report=b1, by=users["grass_b1"], version=0, submit=True, values=complete_values(
        b1, CT1_DONE=False, PROPOSALS="Kiến nghị của Công ty TNHH Gio Linh.")))
    ub = open_reports["upper_b"]
    ub = _at(on_time, lambda: report_save(report=ub, by=users["upper_b"], version=0, submit=True,
                                           values=complete_values(ub, PROPOSALS="Kiến nghị của huyện Gio Linh.")))
    from reporting.review import report_return

    report_return(report=ub, by=users["board"], reason="Thiếu số liệu.")
    return open_reports


def test_the_late_list_is_the_unsent_then_the_returned_then_the_late_and_never_an_on_time_report(mixed, tree):
    from compliance.rollups import late_and_missing

    rollup = compliance_for_scope(period=mixed["grass_a1"].period, scope=tree["province"])
    # Not sent, then returned, then late — not the tree's order (grass_a1 comes before grass_a2 there);
    # grass_b1, sent on time, is in none.
    expected = [tree["upper_a"], tree["grass_a2"], tree["upper_b"], tree["grass_a1"]]
    assert [r.unit for r in late_and_missing(rollup=rollup)] == expected
    assert [r.unit for r in late_and_missing(rollup=rollup, limit=None)] == expected  # the workbook's, same order
    assert [r.unit for r in late_and_missing(rollup=rollup, limit=3)] == expected[:3]
    assert [r.unit for r in late_and_missing(rollup=rollup, limit=1)] == expected[:1]


def test_each_branch_row_counts_its_units_on_time_over_expected_and_each_target_over_its_reporters(mixed, tree):
    from compliance.rollups import branches_of_scope

    period = mixed["grass_a1"].period
    ct1 = plan_target(period, "CT1")
    rows = {r["unit"]: r for r in branches_of_scope(rollup=compliance_for_scope(period=period, scope=tree["province"]))}
    assert list(rows) == [tree["upper_b"], tree["upper_a"]]  # by name: Gio Linh before Vĩnh Linh
    a, b = rows[tree["upper_a"]], rows[tree["upper_b"]]
    # upper_a: itself (not started), a1 (late), a2 (draft). upper_b: itself (returned), b1 (on time).
    assert (a["expected"], a["submitted"], a["on_time"], a["late"], a["missing"]) == (3, 1, 0, 1, 2)
    assert (b["expected"], b["submitted"], b["on_time"], b["late"], b["returned"]) == (2, 1, 1, 0, 1)
    assert (a["submitted_rate"], a["on_time_rate"]) == (Decimal("33.3"), Decimal("0.0"))
    assert (b["submitted_rate"], b["on_time_rate"]) == (Decimal("50.0"), Decimal("50.0"))  # over expected
    assert (a["target_rates"][ct1.pk], b["target_rates"][ct1.pk]) == (Decimal("100.0"), Decimal("0.0"))
    # Under an upper-level union the rows are its grassroots units, never its own report.
    rows = {r["unit"]: r for r in branches_of_scope(rollup=compliance_for_scope(period=period, scope=tree["upper_a"]))}
    assert list(rows) == [tree["grass_a1"], tree["grass_a2"]]
    assert (rows[tree["grass_a1"]]["late"], rows[tree["grass_a2"]]["missing"]) == (1, 1)
    assert rows[tree["grass_a1"]]["target_rates"][ct1.pk] == Decimal("100.0")
    assert rows[tree["grass_a2"]]["target_rates"][ct1.pk] is None  # nothing sent: no data, not 0%


def test_proposals_come_from_sent_reports_only_grouped_under_the_branch_they_stood_in(mixed, tree):
    from compliance.rollups import proposals_for_scope

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
