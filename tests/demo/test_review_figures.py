"""The review's figures against a plain recount over seed_demo's ten periods: each period's
units found from where they stood that day (UnionPlacement), their reports counted by status
(sent counts, returned does not until sent again, drafts never), across the 2021 openings,
the 2022 closures and the 2022 moves between district federations."""
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest

from plans.models import Indicator, Plan
from reporting.models import Report, ReportValue
from reviews.selectors import _normalised, programme_review
from demo import hierarchy as data
from unions.models import Union, UnionPlacement

pytestmark = pytest.mark.django_db
SENT = ("submitted", "accepted")


@pytest.fixture
def seeded(demo_seeded):
    return Plan.objects.get(code="KH-1306")


def pct(part, whole):
    return None if not whole else (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)  # the one rounding rule (README)


def recount(period, scope, basis="sent"):
    """One period for one scope, from the placements of that day and the reports' statuses."""
    day = period.structure_date
    here = UnionPlacement.objects.filter(union=scope, valid_from__lte=day).exclude(valid_until__lte=day).get()
    units = set(UnionPlacement.objects.filter(path__startswith=here.path, valid_from__lte=day)
                .exclude(valid_until__lte=day).values_list("union_id", flat=True))
    reports = list(Report.objects.filter(period=period, unit_id__in=units))
    counted = [r for r in reports if (r.status == "accepted" if basis == "accepted" else r.status in SENT)]
    sent = [r for r in reports if r.status in SENT]
    values = defaultdict(dict)
    for v in ReportValue.objects.filter(report__in=counted):
        values[v.indicator_id][v.report_id] = v
    out = {"expected": len(reports), "submitted": len(sent),
           "on_time": sum(not r.submitted_late for r in sent), "late": sum(r.submitted_late for r in sent),
           "returned": sum(r.status == "returned" for r in reports),
           "missing": sum(r.status in ("not_started", "draft") for r in reports), "targets": {}, "sums": {},
           "units": {r.unit_id: r for r in reports}}
    plan = period.plan
    for target in plan.targets.all():
        if target.annual_only and not period.is_annual:
            continue
        roles = {i.role: i for i in target.indicators.all()}
        if target.measure == "ratio_of_counts":
            num = sum(int(v.number or 0) for v in values[roles["numerator"].pk].values())
            den = sum(int(v.number or 0) for v in values[roles["denominator"].pk].values())
            out["targets"][target.code] = (pct(num, den), None)
        else:
            yes = sum(1 for v in values[roles["compliance"].pk].values() if v.flag)
            reported = sum(1 for r in counted if r.unit_level in target.levels)
            expected = sum(1 for r in reports if r.unit_level in target.levels)
            out["targets"][target.code] = (pct(yes, reported), pct(yes, expected))
    for indicator in plan.indicators.filter(task_group__isnull=False, kind__in=["count", "money"]):
        out["sums"][indicator.pk] = sum(int(v.number or 0) for v in values[indicator.pk].values())
    return out


def moved_scopes():
    uppers = {row[0]: row[1] for row in data.UPPER_UNIONS}
    old, new, *_ = data.MOVED_IN_2022[0]
    return Union.objects.get(code=uppers[old]), Union.objects.get(code=uppers[new])


@pytest.mark.parametrize("which", ["province", "moved_from", "moved_to"])
@pytest.mark.parametrize("basis", ["sent", "accepted"])
def test_every_period_and_year_matches_a_plain_recount(seeded, which, basis):
    plan = seeded
    moved_from, moved_to = moved_scopes()
    scope = {"province": Union.objects.get(code="LDLD-QT"), "moved_from": moved_from, "moved_to": moved_to}[which]
    review = programme_review(plan=plan, scope=scope, basis=basis)
    assert [p.code for p in review.periods] == [f"{y}-{k}" for y in range(2019, 2024) for k in ("H1", "Y")]
    by_period = {}
    for rollup in review.rollups:
        expected = by_period[rollup.period.code] = recount(rollup.period, scope, basis)
        c = rollup.completeness
        assert (c.expected, c.submitted, c.on_time, c.late, c.returned, c.missing) == tuple(
            expected[k] for k in ("expected", "submitted", "on_time", "late", "returned", "missing")), rollup.period
        got = {r.target.code: (r.rate_reported, r.rate_expected) for r in rollup.targets}
        assert got == expected["targets"], rollup.period
        for pk, total in expected["sums"].items():
            assert int(rollup.sums.get(pk, 0)) == total
    for year in review.years:
        parts = [by_period[f"{year.year}-H1"], by_period[f"{year.year}-Y"]]
        assert year.completeness.expected == sum(p["expected"] for p in parts)
        assert year.completeness.submitted == sum(p["submitted"] for p in parts)
        assert year.completeness.returned == sum(p["returned"] for p in parts)
        assert year.closing_period.code == f"{year.year}-Y"  # the year's figures: its annual report
    # The statuses the rules are about are really there: returned and accepted reports, drafts.
    statuses = Counter(Report.objects.values_list("status", flat=True))
    assert statuses["returned"] and statuses["accepted"] and statuses["draft"]


def test_a_unit_moved_in_2022_counts_under_its_old_parent_before_and_its_new_one_after(seeded):
    plan = seeded
    moved_from, moved_to = moved_scopes()
    name = data.MOVED_IN_2022[0][2]
    unit = Union.objects.get(name=name)
    before = programme_review(plan=plan, scope=moved_from)
    after = programme_review(plan=plan, scope=moved_to)
    for old, new in zip(before.rollups, after.rollups):
        in_old = unit.pk in recount(old.period, moved_from)["units"]
        in_new = unit.pk in recount(new.period, moved_to)["units"]
        assert in_old != in_new, old.period
        assert in_old == (old.period.structure_date < data.MOVED_IN_2022[0][5])


def test_units_that_never_reported_or_were_always_late_and_the_proposals_raised_most(seeded):
    plan = seeded
    province = Union.objects.get(code="LDLD-QT")
    review = programme_review(plan=plan, scope=province)
    per_unit = defaultdict(list)
    texts = defaultdict(lambda: defaultdict(set))
    for rollup in review.rollups:
        counted = recount(rollup.period, province)
        for unit_id, report in counted["units"].items():
            per_unit[unit_id].append(report)
    for unit_id, reports in per_unit.items():
        sent = [r for r in reports if r.status in SENT]
        if not sent:
            assert unit_id in {r.unit.pk for r in review.never_reported}
        elif all(r.submitted_late for r in sent):
            assert unit_id in {r.unit.pk for r in review.always_late}
    assert {r.unit.pk for r in review.never_reported} == {u for u, rs in per_unit.items()
                                                           if not any(r.status in SENT for r in rs)}
    assert {r.unit.pk for r in review.always_late} == {
        u for u, rs in per_unit.items()
        if any(r.status in SENT for r in rs) and all(r.submitted_late for r in rs if r.status in SENT)}
    part_c = Indicator.objects.filter(plan=plan, target__isnull=True, task_group__isnull=True, kind="text")
    reports = [r for rs in per_unit.values() for r in rs if r.status in SENT]
    for value in ReportValue.objects.filter(report__in=reports, indicator__in=part_c).exclude(text=""):
        texts[value.indicator.label][_normalised(value.text)].add(value.report.unit_id)
    for label, raised in review.raised.items():
        widest = max(len(units) for units in texts[label].values())
        assert len(raised[0].units) == widest  # the most raised first
        for item in raised:
            assert {u.pk for u in item.units} == texts[label][_normalised(item.text)]


def test_an_interim_span_and_ct5b_s_deadline(seeded):
    plan = seeded
    province = Union.objects.get(code="LDLD-QT")
    interim = programme_review(plan=plan, scope=province, first=plan.periods.get(code="2019-H1"),
                               last=plan.periods.get(code="2021-Y"))
    assert [y.year for y in interim.years] == [2019, 2020, 2021] and not interim.is_final
    ct5b = next(item for item in interim.deadline_targets() if item["target"].code == "CT5b")
    assert ct5b["result"] is None and ct5b["reached"] is None  # the span stops before 2023
    final = programme_review(plan=plan, scope=province)
    assert final.is_final
    ct5b = next(item for item in final.deadline_targets() if item["target"].code == "CT5b")
    expected = recount(plan.periods.get(code="2023-Y"), province)["targets"]["CT5b"][0]
    assert ct5b["result"].rate_reported == expected and ct5b["reached"] == (expected >= 70)
