"""Roll-ups of a period for a scope (the province or any branch), along the tree as it stood
in that period: completeness and timeliness, each target against its threshold, the sums of
every figure. Set-based SQL: a fixed number of queries whatever the number of units."""
import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Substr
from django.utils import timezone

from plans.models import Indicator, Target
from reporting.models import COUNTED, NOT_SENT, Report, ReportingPeriod, ReportValue, RollupCell
from unions.models import Level, Union, UnionPlacement
from unions.selectors import placed_on, union_path_on

HUNDRED = Decimal(100)
# The figures the roll-up counts: every sent report's (the default), or the accepted ones' only.
SENT_BASIS, ACCEPTED_BASIS = "sent", "accepted"
BASES = (SENT_BASIS, ACCEPTED_BASIS)
AMBER_MARGIN = Decimal(10)  # percentage points below what is required: amber, not red


def rate(part, whole) -> Decimal | None:
    """part / whole in percent, one decimal, halves rounded up (7/9 → 77,8%; 1/16 → 6,3%): the
    one rule for every rate on screen, in the PDF and in Excel, which all show this value as it
    is; None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Completeness:
    expected: int = 0
    submitted: int = 0
    on_time: int = 0
    late: int = 0
    accepted: int = 0
    returned: int = 0
    missing: int = 0
    overdue: int = 0

    @property
    def rates(self) -> dict[str, Decimal | None]:
        return {name: rate(getattr(self, name), self.expected)
                for name in ("submitted", "on_time", "late", "accepted", "returned", "missing", "overdue")}


@dataclass
class TargetResult:
    target: Target
    applicable_expected: int = 0
    applicable_reported: int = 0
    met: int = 0  # units answering yes (share targets) or the numerator's sum (ratio targets)
    denominator: int = 0  # ratio targets: the denominator's sum
    required: Decimal = Decimal(0)  # what the period must reach: the threshold, or its milestone

    @property
    def rate_reported(self) -> Decimal | None:
        """Over the units that reported (for a ratio target, over the counts they reported)."""
        if self.target.measure == Target.Measure.RATIO_OF_COUNTS:
            return rate(self.met, self.denominator)
        return rate(self.met, self.applicable_reported)

    @property
    def rate_expected(self) -> Decimal | None:
        """Over every expected unit: a unit that did not report counts as not meeting it."""
        if self.target.measure == Target.Measure.RATIO_OF_COUNTS:
            return None  # counts, not units: the units that did not report have no counts
        return rate(self.met, self.applicable_expected)

    @property
    def status(self) -> str:
        """green (meets what the period requires), amber (within 10 points), red, or grey (no data)."""
        value = self.rate_reported
        if value is None:
            return "grey"
        if value >= self.required:
            return "green"
        return "amber" if value >= self.required - AMBER_MARGIN else "red"


@dataclass
class Rollup:
    period: ReportingPeriod
    scope: Union
    scope_path: str
    completeness: Completeness
    targets: list[TargetResult]
    sums: dict[int, Decimal]  # indicator id → sum over the reports that count (sent, or accepted)
    branches: list[dict] = field(default_factory=list)
    basis: str = SENT_BASIS

    @property
    def accepted_only(self) -> bool:
        return self.basis == ACCEPTED_BASIS


def milestone(*, target: Target, period: ReportingPeriod) -> Decimal:
    """What a period must reach: the threshold, or for a threshold due in a later year (CT5b:
    70% by 2023) a straight path towards it across the plan's periods."""
    threshold = Decimal(target.threshold)
    if not target.threshold_year or period.year >= target.threshold_year:
        return threshold
    first = period.plan.first_year
    steps = (target.threshold_year - first + 1) * 2  # two periods a year
    done = (period.year - first) * 2 + (1 if period.kind == ReportingPeriod.Kind.HALF_YEAR else 2)
    return (threshold * done / steps).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def scope_path_in(*, scope: Union, period: ReportingPeriod) -> str | None:
    """Where `scope` stood when the period's reports fell due."""
    return union_path_on(union=scope, day=period.structure_date)


def period_reports(*, period: ReportingPeriod, scope_path: str, kind: str = "") -> QuerySet[Report]:
    reports = Report.objects.filter(period=period, unit_path__startswith=scope_path).exclude(
        status=Report.Status.WITHDRAWN)  # a unit closed before the deadline is not expected
    return reports.filter(unit__kind=kind) if kind else reports


# Sent (submitted or accepted): counted. Returned: out of every rate and sum until sent again.
# Not sent (not started or draft): never counted.
SENT = Q(status__in=COUNTED)
RETURNED = Q(status=Report.Status.RETURNED)
UNSENT = Q(status__in=NOT_SENT)
ACCEPTED = Q(status=Report.Status.ACCEPTED)


def counted_reports(basis: str = SENT_BASIS) -> Q:
    """The reports whose figures a roll-up of this basis counts."""
    return ACCEPTED if basis == ACCEPTED_BASIS else SENT


def _completeness_columns(today: datetime.date) -> dict:
    return dict(
        expected=Count("pk"),
        submitted=Count("pk", filter=SENT),
        on_time=Count("pk", filter=SENT & Q(submitted_late=False)),
        late=Count("pk", filter=SENT & Q(submitted_late=True)),
        accepted=Count("pk", filter=ACCEPTED),
        returned=Count("pk", filter=RETURNED),
        missing=Count("pk", filter=UNSENT),
        overdue=Count("pk", filter=UNSENT & Q(due_on__lt=today)),
    )


COMPLETENESS_FIELDS = ("expected", "submitted", "on_time", "late", "accepted", "returned", "missing", "overdue")


def _target_results(*, period, targets, indicators, level_counts, totals) -> list[TargetResult]:
    by_target: dict[int, dict[str, Indicator]] = {}
    for indicator in indicators:
        if indicator.target_id and indicator.role != Indicator.Role.DETAIL:
            by_target.setdefault(indicator.target_id, {})[indicator.role] = indicator
    results = []
    for target in targets:
        if target.annual_only and not period.is_annual:
            continue
        result = TargetResult(target=target, required=milestone(target=target, period=period))
        for level in target.levels:
            expected, reported = level_counts.get(level, (0, 0))
            result.applicable_expected += expected
            result.applicable_reported += reported
        roles = by_target.get(target.pk, {})
        if target.measure == Target.Measure.RATIO_OF_COUNTS:
            result.met = int(totals.get(getattr(roles.get("numerator"), "pk", None), (0, 0))[1])
            result.denominator = int(totals.get(getattr(roles.get("denominator"), "pk", None), (0, 0))[1])
        else:
            result.met = totals.get(getattr(roles.get("compliance"), "pk", None), (0, 0))[0]
        results.append(result)
    return results


def _plan_parts(plan) -> tuple[list, list]:
    return list(plan.targets.order_by("order")), list(plan.indicators.all())


def _rollup_from_counts(*, period, scope, scope_path, counts_by_level: dict[str, dict[str, Decimal]],
                        today: datetime.date, plan_parts: tuple | None = None, basis: str = SENT_BASIS) -> Rollup:
    """Build the roll-up from figures by level (`expected`, `yes:<id>`, …), however counted.
    With the accepted basis, the targets and sums read the accepted reports' keys (`accepted`,
    `ayes:<id>`, `asum:<id>`); completeness is the same on either basis."""
    reported_key, prefix = ("accepted", "a") if basis == ACCEPTED_BASIS else ("submitted", "")
    merged: dict[str, Decimal] = {}
    for keys in counts_by_level.values():
        for key, value in keys.items():
            merged[key] = merged.get(key, 0) + value
    completeness = Completeness(**{name: int(merged.get(name, 0)) for name in COMPLETENESS_FIELDS if name != "overdue"})
    completeness.overdue = int(sum(v for k, v in merged.items()
                                   if k.startswith("due:") and datetime.date.fromisoformat(k[4:]) < today))
    level_counts = {level: (int(keys.get("expected", 0)), int(keys.get(reported_key, 0)))
                    for level, keys in counts_by_level.items()}
    totals: dict[int, tuple[int, Decimal]] = {}
    for key, value in merged.items():
        if key.startswith((f"{prefix}yes:", f"{prefix}sum:")):
            name, indicator_id = key.split(":")
            indicator_id = int(indicator_id)
            yes, total = totals.get(indicator_id, (0, Decimal(0)))
            totals[indicator_id] = ((yes + int(value), total) if name.endswith("yes")
                                    else (yes, total + Decimal(value)))
    targets, indicators = plan_parts or _plan_parts(period.plan)
    results = _target_results(period=period, targets=targets, indicators=indicators, level_counts=level_counts,
                              totals=totals)
    return Rollup(period=period, scope=scope, scope_path=scope_path, completeness=completeness, targets=results,
                  sums={pk: total for pk, (_, total) in totals.items()}, basis=basis)


def _other_basis_keys(basis: str) -> Q:
    """The cells only the other basis reads (each roll-up reads only its own figures)."""
    if basis == ACCEPTED_BASIS:
        return Q(key__startswith="yes:") | Q(key__startswith="sum:")
    return Q(key__startswith="ayes:") | Q(key__startswith="asum:")


def compliance_for_scope(*, period: ReportingPeriod, scope: Union, kind: str = "",
                         today: datetime.date | None = None, source: str = "kept", basis: str = SENT_BASIS) -> Rollup:
    """The period's roll-up for `scope` and everything that stood under it then.

    Reads the kept aggregates (a few hundred rows, four queries, at any size); with
    source="reports" it aggregates the reports themselves — the reference the kept figures
    are tested against, and the way for a single grassroots union. `basis`: the figures of
    every sent report (a returned one is out until it is sent again, a draft never counts),
    or of the accepted reports only."""
    today = today or timezone.localdate()
    basis = basis if basis in BASES else SENT_BASIS
    scope_path = scope_path_in(scope=scope, period=period)
    if scope_path is None:  # the unit did not stand in the tree then: its path may be another's now
        return _rollup_from_counts(period=period, scope=scope, scope_path="-", counts_by_level={}, today=today,
                                   basis=basis)
    if source == "kept" and scope.level != Level.GRASSROOTS:
        cells = RollupCell.objects.filter(period=period, path=scope_path).exclude(_other_basis_keys(basis))
        if kind:
            cells = cells.filter(unit_kind=kind)
        counts: dict[str, dict[str, Decimal]] = {}
        for row in cells.values("unit_level", "key").annotate(total=Sum("value")):
            counts.setdefault(row["unit_level"], {})[row["key"]] = row["total"]
        return _rollup_from_counts(period=period, scope=scope, scope_path=scope_path, counts_by_level=counts,
                                   today=today, basis=basis)
    reports = period_reports(period=period, scope_path=scope_path, kind=kind)
    counts = {}
    for row in reports.values("unit_level").annotate(**_completeness_columns(today)):
        counts[row["unit_level"]] = {name: row[name] for name in COMPLETENESS_FIELDS if name != "overdue"}
        # Counted already against today: file them under a day before it.
        counts[row["unit_level"]][f"due:{today - datetime.timedelta(days=1)}"] = row["overdue"]
    prefix = "a" if basis == ACCEPTED_BASIS else ""
    values = (ReportValue.objects.filter(report__in=reports.filter(counted_reports(basis)).values("pk"))
              .values("report__unit_level", "indicator_id")
              .annotate(yes=Count("pk", filter=Q(flag=True)), total=Sum("number")))
    for row in values:
        keys = counts.setdefault(row["report__unit_level"], {})
        keys[f"{prefix}yes:{row['indicator_id']}"] = row["yes"]
        keys[f"{prefix}sum:{row['indicator_id']}"] = row["total"] or Decimal(0)
    return _rollup_from_counts(period=period, scope=scope, scope_path=scope_path, counts_by_level=counts, today=today,
                               basis=basis)


def _branch_counts_from_cells(*, period, scope_path: str, kind: str, basis: str = SENT_BASIS,
                              parents: list[str] | None = None) -> dict[str, dict[str, dict]]:
    yes = "ayes:" if basis == ACCEPTED_BASIS else "yes:"
    cells = RollupCell.objects.filter(Q(key__in=COMPLETENESS_FIELDS) | Q(key__startswith=yes), period=period,
                                      parent__in=parents or [scope_path])  # a branch row needs no sums
    if kind:
        cells = cells.filter(unit_kind=kind)
    rows: dict[str, dict[str, dict]] = {}
    for row in cells.values("path", "unit_level", "key").annotate(total=Sum("value")):
        rows.setdefault(row["path"], {}).setdefault(row["unit_level"], {})[row["key"]] = row["total"]
    return rows


def _branch_counts_from_reports(*, period, scope_path: str, kind: str, today,
                                basis: str = SENT_BASIS) -> dict[str, dict[str, dict]]:
    width = len(scope_path) + Union.steplen
    reports = period_reports(period=period, scope_path=scope_path, kind=kind).exclude(unit_path=scope_path)
    rows: dict[str, dict[str, dict]] = {}
    for row in reports.annotate(branch=Substr("unit_path", 1, width)).values("branch", "unit_level").annotate(
            **_completeness_columns(today)):
        rows.setdefault(row["branch"], {})[row["unit_level"]] = {name: row[name] for name in COMPLETENESS_FIELDS}
    prefix = "a" if basis == ACCEPTED_BASIS else ""
    yes = (ReportValue.objects.filter(report__in=reports.filter(counted_reports(basis)).values("pk"), flag=True,
                                      indicator__role=Indicator.Role.COMPLIANCE)
           .annotate(branch=Substr("report__unit_path", 1, width))
           .values("branch", "report__unit_level", "indicator_id").annotate(n=Count("pk")))
    for row in yes:
        rows[row["branch"]][row["report__unit_level"]][f"{prefix}yes:{row['indicator_id']}"] = row["n"]
    return rows


def branches_of_scope(*, rollup: Rollup, kind: str = "", today: datetime.date | None = None,
                      parents: list[str] | None = None) -> list[dict]:
    """One row per unit directly under the scope in that period (for the province: each
    upper-level union with its grassroots units), with completeness and each share target's
    rate over the units of the branch that reported and that the target applies to. Read from
    the kept aggregates; under an upper-level union (grassroots branches, a few thousand
    reports at most) from the reports. Three queries. `parents`: the units directly under
    these paths instead (a national report's upper-level unions, under each province)."""
    today = today or timezone.localdate()
    period, scope_path = rollup.period, rollup.scope_path
    basis = rollup.basis
    yes_prefix, reported_key = ("ayes:", "accepted") if basis == ACCEPTED_BASIS else ("yes:", "submitted")
    if rollup.scope.level == Level.UPPER:
        rows = _branch_counts_from_reports(period=period, scope_path=scope_path, kind=kind, today=today, basis=basis)
    else:
        rows = _branch_counts_from_cells(period=period, scope_path=scope_path, kind=kind, basis=basis, parents=parents)
    compliance = {i.pk: i.target_id for i in period.plan.indicators.filter(role=Indicator.Role.COMPLIANCE)}
    placements = UnionPlacement.objects.filter(placed_on(period.structure_date), path__in=list(rows)).select_related("union")
    units = {p.path: p.union for p in placements}
    result = []
    for path, levels in rows.items():
        totals = {name: int(sum(keys.get(name, 0) for keys in levels.values())) for name in COMPLETENESS_FIELDS}
        yes_by_target = {}
        for keys in levels.values():
            for key, value in keys.items():
                if key.startswith(yes_prefix) and int(key[len(yes_prefix):]) in compliance:
                    target_id = compliance[int(key[len(yes_prefix):])]
                    yes_by_target[target_id] = yes_by_target.get(target_id, 0) + int(value)
        result.append({
            "unit": units.get(path), "path": path, **totals,
            "submitted_rate": rate(totals["submitted"], totals["expected"]),
            "on_time_rate": rate(totals["on_time"], totals["expected"]),
            "yes": yes_by_target,
            "target_rates": {t.target.pk: rate(yes_by_target.get(t.target.pk, 0),
                                               sum(int(levels.get(level, {}).get(reported_key, 0))
                                                   for level in t.target.levels))
                             for t in rollup.targets if t.target.measure == Target.Measure.SHARE_OF_UNITS},
        })
    return sorted(result, key=lambda r: r["unit"].name if r["unit"] else r["path"])


def late_and_missing(*, rollup: Rollup, kind: str = "", limit: int | None = 200) -> QuerySet[Report] | list[Report]:
    """Reports of the scope not sent yet, then those returned and awaiting correction, then
    those sent late, with their units' contacts. With a limit, three index-ordered queries
    that stop early (national size: no sort of every report); without one, every such report,
    in the same order, for the workbook."""
    reports = period_reports(period=rollup.period, scope_path=rollup.scope_path, kind=kind).select_related("unit")
    groups = [reports.filter(UNSENT), reports.filter(RETURNED), reports.filter(SENT & Q(submitted_late=True))]
    if not limit:
        rank = Case(When(UNSENT, then=Value(0)), When(RETURNED, then=Value(1)), default=Value(2),
                    output_field=IntegerField())
        return reports.filter(UNSENT | RETURNED | (SENT & Q(submitted_late=True))).annotate(rank=rank).order_by(
            "rank", "unit_path")
    found: list[Report] = []
    for group in groups:
        if len(found) >= limit:
            break
        found += list(group.order_by("unit_path")[:limit - len(found)])
    return found


def trend_for_scope(*, scope: Union, plan, kind: str = "", today: datetime.date | None = None,
                    basis: str = SENT_BASIS) -> list[dict]:
    """Each period of the plan with its completeness and every target's rate over the units
    that reported, along the tree of each period, from the kept aggregates. Three queries."""
    today = today or timezone.localdate()
    periods = list(plan.periods.order_by("year", "kind"))
    placements = list(UnionPlacement.objects.filter(union=scope).values("path", "valid_from", "valid_until"))
    paths = {}
    for period in periods:
        day = period.structure_date
        paths[period.pk] = next((p["path"] for p in placements if p["valid_from"] <= day
                                 and (p["valid_until"] is None or p["valid_until"] > day)), "-")
    condition = Q(pk__in=[])
    for period in periods:
        condition |= Q(period=period, path=paths[period.pk])
    cells = RollupCell.objects.filter(condition).exclude(_other_basis_keys(basis))
    if kind:
        cells = cells.filter(unit_kind=kind)
    counts: dict[int, dict[str, dict]] = {}
    for row in cells.values("period_id", "unit_level", "key").annotate(total=Sum("value")):
        counts.setdefault(row["period_id"], {}).setdefault(row["unit_level"], {})[row["key"]] = row["total"]
    trend = []
    parts = _plan_parts(plan)
    for period in periods:
        rollup = _rollup_from_counts(period=period, scope=scope, scope_path=paths[period.pk],
                                     counts_by_level=counts.get(period.pk, {}), today=today, plan_parts=parts,
                                     basis=basis)
        c = rollup.completeness
        trend.append({"period": period, "expected": c.expected, "submitted_rate": c.rates["submitted"],
                      "on_time_rate": c.rates["on_time"], "targets": {r.target.code: r for r in rollup.targets}})
    return trend


def proposals_for_scope(*, rollup: Rollup, kind: str = "") -> list[dict]:
    """The units' proposals and difficulties (part C), attributed and grouped by the unit
    directly under the scope. Two queries."""
    width = len(rollup.scope_path) + Union.steplen
    reports = period_reports(period=rollup.period, scope_path=rollup.scope_path, kind=kind).filter(
        counted_reports(rollup.basis))
    values = (
        ReportValue.objects.filter(report__in=reports.values("pk"), indicator__target__isnull=True,
                                   indicator__task_group__isnull=True, indicator__kind=Indicator.Kind.TEXT)
        .exclude(text="")
        .annotate(branch=Substr("report__unit_path", 1, width))
        .select_related("report__unit", "indicator")
        .order_by("branch", "report__unit_path", "indicator__order")
    )
    groups: dict[str, dict] = {}
    for value in values:
        group = groups.setdefault(value.branch, {"path": value.branch, "items": []})
        group["items"].append({"unit": value.report.unit, "indicator": value.indicator, "text": value.text})
    placements = UnionPlacement.objects.filter(placed_on(rollup.period.structure_date), path__in=list(groups))
    names = {p.path: p.union.name for p in placements.select_related("union")}
    for path, group in groups.items():
        group["name"] = names.get(path, rollup.scope.name)
    return list(groups.values())
