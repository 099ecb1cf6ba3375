"""The review of the programme (sơ kết / tổng kết) over a span of its periods, for the
province or a branch, each period rolled up along the tree as it stood then. Built from the
period roll-ups (compliance.rollups, read from the kept aggregates): the same counting rules
as the dashboard and the period report — sent reports count, returned ones only once sent
again, drafts never; or the accepted reports only."""
import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q
from django.utils import timezone

from compliance.rollups import SENT_BASIS, Completeness, Rollup, compliance_for_scope, proposals_for_scope, rate
from plans.models import Indicator, Plan, Target
from reporting.models import COUNTED, Report, ReportingPeriod
from unions.models import Union

MOST_RAISED = 8  # proposals (and difficulties) listed, most raised first


@dataclass
class YearFigures:
    """A year of the span: its completeness over every report expected in it (both rounds),
    and the targets and task-group figures of its last report in the span (the annual report
    covers the whole year; a span ending on a six-month round ends on that round)."""
    year: int
    periods: list[ReportingPeriod]
    completeness: Completeness
    rollup: Rollup  # the year's last period in the span

    @property
    def closing_period(self) -> ReportingPeriod:
        return self.rollup.period


@dataclass
class UnitRecord:
    unit: Union
    expected: int
    sent: int
    late: int


@dataclass
class RaisedText:
    indicator: Indicator
    text: str
    units: list[Union]
    times: int  # reports that raised it


@dataclass
class ProgrammeReview:
    plan: Plan
    scope: Union
    periods: list[ReportingPeriod]
    rollups: list[Rollup]  # one per period, in order
    years: list[YearFigures]
    never_reported: list[UnitRecord]
    always_late: list[UnitRecord]
    raised: dict[str, list[RaisedText]]  # indicator label → most raised texts
    basis: str = SENT_BASIS
    targets: list[Target] = field(default_factory=list)

    @property
    def first(self) -> ReportingPeriod:
        return self.periods[0]

    @property
    def last(self) -> ReportingPeriod:
        return self.periods[-1]

    @property
    def is_final(self) -> bool:
        """The whole programme (tổng kết) rather than an interim span (sơ kết)."""
        plan = self.plan
        return (self.first.year, self.first.kind, self.last.year, self.last.is_annual) == (
            plan.first_year, ReportingPeriod.Kind.HALF_YEAR, plan.last_year, True)

    def target_row(self, target: Target) -> list:
        """The target's result in each period of the span (None where it is not measured)."""
        return [next((r for r in rollup.targets if r.target.pk == target.pk), None) for rollup in self.rollups]

    def deadline_targets(self) -> list[dict]:
        """Targets due by a year (CT5b: 70% by 2023): whether the span's result for that year
        reached it — None when the span stops before that year."""
        found = []
        for target in self.targets:
            if not target.threshold_year:
                continue
            year = next((y for y in self.years if y.year == target.threshold_year), None)
            result = None if year is None else next(
                (r for r in year.rollup.targets if r.target.pk == target.pk), None)
            reached = None if result is None or result.rate_reported is None else \
                result.rate_reported >= Decimal(target.threshold)
            found.append({"target": target, "year": target.threshold_year, "result": result, "reached": reached})
        return found


def review_periods(*, plan: Plan, first: ReportingPeriod | None = None,
                   last: ReportingPeriod | None = None) -> list[ReportingPeriod]:
    """The plan's periods from `first` to `last` (the whole plan by default), in order."""
    periods = list(plan.periods.order_by("year", "kind"))
    keys = [(p.year, p.kind) for p in periods]
    start = keys.index((first.year, first.kind)) if first else 0
    end = keys.index((last.year, last.kind)) if last else len(periods) - 1
    return periods[start:end + 1]


def _completeness_sum(parts: list[Completeness]) -> Completeness:
    total = Completeness()
    for part in parts:
        for name in vars(total):
            setattr(total, name, getattr(total, name) + getattr(part, name))
    return total


def _unit_records(*, rollups: list[Rollup], kind: str) -> tuple[list[UnitRecord], list[UnitRecord]]:
    """Units of the scope, over the span, that never sent a report they were expected to
    send, and those that sent at least one and every one late. One query."""
    where = Q(pk__in=[])
    for rollup in rollups:
        if rollup.scope_path != "-":
            where |= Q(period=rollup.period, unit_path__startswith=rollup.scope_path)
    reports = Report.objects.filter(where)
    if kind:
        reports = reports.filter(unit__kind=kind)
    sent = Q(status__in=COUNTED)
    rows = (reports.values("unit").annotate(expected=Count("pk"), sent=Count("pk", filter=sent),
                                            late=Count("pk", filter=sent & Q(submitted_late=True)))
            .filter(Q(sent=0) | Q(late=F("sent"))))
    rows = list(rows)
    units = Union.objects.in_bulk([row["unit"] for row in rows])
    never, late = [], []
    for row in rows:
        record = UnitRecord(unit=units[row["unit"]], expected=row["expected"], sent=row["sent"], late=row["late"])
        (never if record.sent == 0 else late).append(record)
    key = lambda record: (record.unit.path, record.unit.name)  # noqa: E731 — by the tree as it stands
    return sorted(never, key=key), sorted(late, key=key)


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().rstrip(".;").casefold()


def _most_raised(*, rollups: list[Rollup], kind: str) -> dict[str, list[RaisedText]]:
    """Proposals and difficulties over the span, the same text (whatever its spacing, case or
    final full stop) grouped, most raised first: the units' part C as the period report
    attributes it (proposals_for_scope), counted across periods."""
    groups: dict[tuple[int, str], RaisedText] = {}
    for rollup in rollups:
        for group in proposals_for_scope(rollup=rollup, kind=kind):
            for item in group["items"]:
                key = (item["indicator"].pk, _normalised(item["text"]))
                found = groups.get(key)
                if found is None:
                    found = groups[key] = RaisedText(indicator=item["indicator"], text=item["text"].strip(), units=[],
                                                     times=0)
                found.times += 1
                if item["unit"] not in found.units:
                    found.units.append(item["unit"])
    by_indicator: dict[int, list[RaisedText]] = defaultdict(list)
    for raised in groups.values():
        by_indicator[raised.indicator.pk].append(raised)
    result = {}
    for items in sorted(by_indicator.values(), key=lambda items: items[0].indicator.order):
        items.sort(key=lambda r: (-len(r.units), -r.times, r.text))
        result[items[0].indicator.label] = items[:MOST_RAISED]
    return result


def programme_review(*, plan: Plan, scope: Union, first: ReportingPeriod | None = None,
                     last: ReportingPeriod | None = None, kind: str = "", basis: str = SENT_BASIS,
                     today: datetime.date | None = None, progress=None) -> ProgrammeReview:
    """The review of `plan` for `scope` from `first` to `last` (the whole plan by default);
    `progress(n)` is told after each period rolled up."""
    today = today or timezone.localdate()
    periods = review_periods(plan=plan, first=first, last=last)
    rollups = []
    for n, period in enumerate(periods, start=1):
        rollups.append(compliance_for_scope(period=period, scope=scope, kind=kind, today=today, basis=basis))
        if progress:
            progress(n)
    years = []
    for year in sorted({p.year for p in periods}):
        of_year = [r for r in rollups if r.period.year == year]
        years.append(YearFigures(year=year, periods=[r.period for r in of_year],
                                 completeness=_completeness_sum([r.completeness for r in of_year]),
                                 rollup=of_year[-1]))
    never, late = _unit_records(rollups=rollups, kind=kind)
    return ProgrammeReview(plan=plan, scope=scope, periods=periods, rollups=rollups, years=years,
                           never_reported=never, always_late=late, raised=_most_raised(rollups=rollups, kind=kind),
                           basis=rollups[0].basis if rollups else basis,
                           targets=list(plan.targets.order_by("order")))


def year_rates(completeness: Completeness) -> dict[str, Decimal | None]:
    return {"submitted": rate(completeness.submitted, completeness.expected),
            "on_time": rate(completeness.on_time, completeness.expected)}
