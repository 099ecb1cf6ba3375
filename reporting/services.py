"""Writes of periods and reports."""
import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery

from plans.models import Plan
from unions.models import Union, UnionPlacement
from unions.selectors import placed_on, unions_open_on

from .models import Report, ReportingPeriod


def _deadline(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, day)


@transaction.atomic
def periods_generate(*, plan: Plan) -> list[ReportingPeriod]:
    """Create the plan's six-month and annual periods for each of its years (idempotent)."""
    periods = []
    for year in range(plan.first_year, plan.last_year + 1):
        for kind, ends_on, deadline in (
            (ReportingPeriod.Kind.HALF_YEAR, datetime.date(year, 6, 30),
             _deadline(year, plan.h1_deadline_month, plan.h1_deadline_day)),
            (ReportingPeriod.Kind.YEAR, datetime.date(year, 12, 31),
             _deadline(year, plan.annual_deadline_month, plan.annual_deadline_day)),
        ):
            period, _created = ReportingPeriod.objects.update_or_create(
                plan=plan, year=year, kind=kind,
                defaults=dict(code=f"{year}-{kind}", starts_on=datetime.date(year, 1, 1), ends_on=ends_on,
                              deadline=deadline),
            )
            periods.append(period)
    return periods


@transaction.atomic
def period_generate_reports(*, period: ReportingPeriod) -> int:
    """Make one report for every unit expected in `period` — open on its structure date, at
    a level the plan applies to — and bring every report's place in the tree up to date.

    Set-based: the same few queries for ten units or a hundred thousand. Returns how many
    reports were created."""
    day = period.structure_date
    plan = period.plan
    path_then = UnionPlacement.objects.filter(placed_on(day), union=OuterRef("pk")).values("path")[:1]
    expected = (
        Union.objects.filter(unions_open_on(day), level__in=plan.levels)
        .annotate(path_then=Subquery(path_then))
        .filter(path_then__isnull=False)
    )
    # Units that are no longer expected lose their untouched reports; a report with any
    # work in it is kept.
    Report.objects.filter(period=period, status=Report.Status.NOT_STARTED, version=0).exclude(
        unit__in=expected.values("pk")
    ).delete()
    Report.objects.filter(period=period, unit__in=expected.values("pk")).update(
        unit_path=Subquery(UnionPlacement.objects.filter(placed_on(day), union=OuterRef("unit_id")).values("path")[:1])
    )
    new = expected.exclude(Exists(Report.objects.filter(period=period, unit=OuterRef("pk"))))
    created = Report.objects.bulk_create(
        [
            Report(period=period, unit_id=pk, unit_path=path, unit_level=level, due_on=period.deadline)
            for pk, path, level in new.values_list("pk", "path_then", "level").iterator(chunk_size=5000)
        ],
        batch_size=2000,
    )
    return len(created)
