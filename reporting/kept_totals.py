"""Kept aggregates (RollupCell): exact at every moment, because each service that changes
reports wraps its writes in `rollups_kept(...)`, which adds the difference between the
reports' contributions after and before. A period's cells can also be rebuilt set-based."""
from collections import Counter
from contextlib import contextmanager
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import Length, Substr

from unions.models import Level, Union

from .models import COUNTED, NOT_SENT, Report, ReportingPeriod, ReportValue, RollupCell

STEP = Union.steplen
CellKey = tuple[int, str, str, str, str]  # period, path, level, kind, key


def _paths(unit_path: str, level: str) -> list[str]:
    """Every scope a report counts in: each prefix of its unit's path, and the path itself
    unless the unit is a grassroots union (nobody takes a dashboard of one report)."""
    ends = range(STEP, len(unit_path) + (0 if level == Level.GRASSROOTS else STEP), STEP)
    return [unit_path[:end] for end in ends if end <= len(unit_path)]


def _report_keys(report: dict) -> dict[str, int]:
    """The cells one report counts in: sent, returned (awaiting correction) or not sent, and
    accepted. Timeliness is that of the first sending (a resubmission keeps it)."""
    status = report["status"]
    if status == Report.Status.WITHDRAWN:
        return {}  # a unit closed before the deadline: not expected, so in no cell at all
    keys = {"expected": 1}
    if status in COUNTED:
        keys["submitted"] = 1
        keys["late" if report["submitted_late"] else "on_time"] = 1
    elif status == Report.Status.RETURNED:
        keys["returned"] = 1
    else:
        keys["missing"] = 1
        keys[f"due:{report['due_on'].isoformat()}"] = 1
    if status == Report.Status.ACCEPTED:
        keys["accepted"] = 1
    return keys


def contributions(report_ids) -> Counter:
    """What the given reports add to the cells, as they are now. Two queries."""
    total: Counter = Counter()
    reports = {r["pk"]: r for r in Report.objects.filter(pk__in=list(report_ids)).values(
        "pk", "period_id", "unit_path", "unit_level", "unit__kind", "status", "submitted_late", "due_on")}
    keyed: dict[int, dict[str, Decimal]] = {pk: dict(_report_keys(r)) for pk, r in reports.items()}
    # A draft, or a returned report being corrected, adds no figure: only sent reports do.
    values = ReportValue.objects.filter(report_id__in=[pk for pk, r in reports.items() if r["status"] in COUNTED]
                                        ).values_list("report_id", "indicator_id", "flag", "number")
    for report_id, indicator_id, flag, number in values:
        accepted = reports[report_id]["status"] == Report.Status.ACCEPTED
        if flag:
            keyed[report_id][f"yes:{indicator_id}"] = 1
            if accepted:
                keyed[report_id][f"ayes:{indicator_id}"] = 1
        if number is not None:
            keyed[report_id][f"sum:{indicator_id}"] = number
            if accepted:
                keyed[report_id][f"asum:{indicator_id}"] = number
    for pk, report in reports.items():
        for path in _paths(report["unit_path"], report["unit_level"]):
            for key, value in keyed[pk].items():
                total[(report["period_id"], path, report["unit_level"], report["unit__kind"], key)] += value
    return total


def kept_totals_add(delta: Counter) -> None:
    """Add `delta` to the cells: an upsert that adds, 500 cells a statement."""
    rows = [(*cell, value) for cell, value in delta.items() if value]
    table = RollupCell._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 500):
            chunk = rows[start:start + 500]
            params = []
            for period_id, path, level, kind, key, value in chunk:
                params += [period_id, path, path[:-STEP], level, kind, key, Decimal(value)]
            cursor.execute(
                f"INSERT INTO {table} (period_id, path, parent, unit_level, unit_kind, key, value) VALUES "
                + ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(chunk))
                + f" ON CONFLICT (period_id, path, unit_level, unit_kind, key) DO UPDATE SET value = "
                  f"{table}.value + EXCLUDED.value",
                params,
            )


@contextmanager
def rollups_kept(report_ids):
    """Wrap writes to these reports: the cells move by exactly what the writes changed."""
    ids = list(report_ids)
    with transaction.atomic():
        before = contributions(ids)
        yield
        after = contributions(ids)
        after.subtract(before)
        kept_totals_add(after)


@transaction.atomic
def rollups_rebuild(*, period: ReportingPeriod) -> int:
    """Recompute every cell of a period from its reports, set-based: two aggregate queries per
    depth of the tree. Used after bulk changes (reports generated, deadlines moved for all)."""
    RollupCell.objects.filter(period=period).delete()
    reports = Report.objects.filter(period=period).exclude(status=Report.Status.WITHDRAWN)
    depth = (reports.aggregate(longest=Max(Length("unit_path")))["longest"] or 0) // STEP
    cells: Counter = Counter()
    sent = Q(status__in=COUNTED)
    accepted = Q(report__status=Report.Status.ACCEPTED)
    for level_depth in range(1, depth + 1):
        width = level_depth * STEP
        scoped = reports.annotate(path_length=Length("unit_path")).filter(path_length__gte=width).exclude(
            unit_level=Level.GRASSROOTS, path_length=width)
        counts = scoped.annotate(scope=Substr("unit_path", 1, width)).values(
            "scope", "unit_level", "unit__kind").annotate(
            expected=Count("pk"), submitted=Count("pk", filter=sent),
            on_time=Count("pk", filter=sent & Q(submitted_late=False)),
            late=Count("pk", filter=sent & Q(submitted_late=True)),
            missing=Count("pk", filter=Q(status__in=NOT_SENT)),
            accepted=Count("pk", filter=Q(status=Report.Status.ACCEPTED)),
            returned=Count("pk", filter=Q(status=Report.Status.RETURNED)),
        )
        for row in counts:
            for key in ("expected", "submitted", "on_time", "late", "missing", "accepted", "returned"):
                cells[(period.pk, row["scope"], row["unit_level"], row["unit__kind"], key)] += row[key]
        due = scoped.filter(status__in=NOT_SENT).annotate(scope=Substr("unit_path", 1, width)).values(
            "scope", "unit_level", "unit__kind", "due_on").annotate(n=Count("pk"))
        for row in due:
            cells[(period.pk, row["scope"], row["unit_level"], row["unit__kind"], f"due:{row['due_on'].isoformat()}")] += row["n"]
        values = ReportValue.objects.filter(report__in=scoped.filter(sent).values("pk")).annotate(
            scope=Substr("report__unit_path", 1, width)).values(
            "scope", "report__unit_level", "report__unit__kind", "indicator_id").annotate(
            yes=Count("pk", filter=Q(flag=True)), total=Sum("number"),
            ayes=Count("pk", filter=Q(flag=True) & accepted), atotal=Sum("number", filter=accepted))
        for row in values:
            base = (period.pk, row["scope"], row["report__unit_level"], row["report__unit__kind"])
            for prefix, yes, total in (("", row["yes"], row["total"]), ("a", row["ayes"], row["atotal"])):
                if yes:
                    cells[(*base, f"{prefix}yes:{row['indicator_id']}")] += yes
                if total is not None:
                    cells[(*base, f"{prefix}sum:{row['indicator_id']}")] += total
    RollupCell.objects.bulk_create(
        [RollupCell(period_id=p, path=path, parent=path[:-STEP], unit_level=level, unit_kind=kind, key=key, value=value)
         for (p, path, level, kind, key), value in cells.items() if value],
        batch_size=5000,
    )
    return len(cells)
