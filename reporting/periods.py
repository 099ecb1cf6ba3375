"""Writes of periods and their deadlines: a plan's periods, each period's reports (one per
expected unit, set-based), and the Policy-Law Board's extensions of a deadline."""
import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import Role
from plans.models import Plan
from unions.models import Union, UnionPlacement
from unions.selectors import placed_on, union_writable_by, unions_writable_by

from .follow import units_expected_in
from .kept_totals import rollups_kept, rollups_rebuild
from .models import COUNTED, DeadlineExtension, Report, ReportEvent, ReportingPeriod


@transaction.atomic
def periods_generate(*, plan: Plan) -> list[ReportingPeriod]:
    """Create the plan's six-month and annual periods for each of its years (idempotent)."""
    periods = []
    for year in range(plan.first_year, plan.last_year + 1):
        for kind, ends_on, deadline in (
            (ReportingPeriod.Kind.HALF_YEAR, datetime.date(year, 6, 30),
             datetime.date(year, plan.h1_deadline_month, plan.h1_deadline_day)),
            (ReportingPeriod.Kind.YEAR, datetime.date(year, 12, 31),
             datetime.date(year, plan.annual_deadline_month, plan.annual_deadline_day)),
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
    expected = units_expected_in(period=period)  # a province's own plan: that province only
    # Units that are no longer expected lose their untouched reports; a report with any
    # work in it is kept.
    Report.objects.filter(period=period, status=Report.Status.NOT_STARTED, version=0).exclude(
        unit__in=expected.values("pk")
    ).exclude(Exists(ReportEvent.objects.filter(report=OuterRef("pk")))).delete()  # a history stays
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
    rollups_rebuild(period=period)
    return len(created)


@dataclass
class ExtensionResult:
    """What an extension did for one unit, or why it did nothing there."""

    EXTENDED, SENT, ALREADY_LATER, NO_REPORT = "extended", "sent", "already_later", "no_report"

    unit: Union
    outcome: str
    old_deadline: datetime.date | None = None
    submitted_at: datetime.datetime | None = None

    @property
    def extended(self) -> bool:
        return self.outcome == self.EXTENDED


@dataclass
class ExtensionOutcome:
    """Per chosen unit, a result; for every unit of the period, the counts by outcome."""

    new_deadline: datetime.date
    every_unit: bool
    results: list[ExtensionResult] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def moved(self) -> int:
        return self.counts.get(ExtensionResult.EXTENDED, 0)


def _extension_checked(*, period: ReportingPeriod, new_deadline: datetime.date, reason: str, by) -> str:
    if by.role != Role.POLICY_LAW_BOARD:
        raise PermissionDenied(gettext("Only the Policy-Law Board grants extensions."))
    if new_deadline <= period.deadline:
        raise ValidationError({"new_deadline": gettext("The new deadline must be after the period's deadline (%(date)s).")
                               % {"date": period.deadline.strftime("%d/%m/%Y")}})
    if not (reason or "").strip():
        raise ValidationError({"reason": gettext("Write the reason for the extension.")})
    return reason.strip()


@transaction.atomic
def deadlines_extend(*, period: ReportingPeriod, units: list[Union] | None, new_deadline: datetime.date, reason: str,
                     by) -> ExtensionOutcome:
    """Move the deadline of the chosen units' reports (`units`), or of every report of the
    period (`units=None`), to `new_deadline`, inside the Board's own part of the tree.

    Reaches the reports still to send: not started, draft, or returned and awaiting correction.
    A report already sent keeps the deadline it was judged against; one already due on or after
    the new date keeps its own. Says, per chosen unit, what it did or why not (and for every
    unit, how many reports each reason covers): never a silent nothing. An extension is recorded
    only where a report moved. Set-based for every unit, whatever their number."""
    reason = _extension_checked(period=period, new_deadline=new_deadline, reason=reason, by=by)
    # Only inside the part of the tree the Board may change: its province (a national Board: none).
    in_scope = Report.objects.filter(period=period, unit__in=unions_writable_by(by).values("pk"))
    still_to_send = ~Q(status__in=(*COUNTED, Report.Status.WITHDRAWN))  # a withdrawn report is not expected
    movable = in_scope.filter(still_to_send, due_on__lt=new_deadline)
    now = timezone.now()
    outcome = ExtensionOutcome(new_deadline=new_deadline, every_unit=units is None)
    if units is None:
        outcome.counts = {
            ExtensionResult.SENT: in_scope.filter(status__in=COUNTED).count(),
            ExtensionResult.ALREADY_LATER: in_scope.filter(still_to_send, due_on__gte=new_deadline).count(),
        }
        moved = movable.update(due_on=new_deadline, updated_at=now)
        outcome.counts[ExtensionResult.EXTENDED] = moved
        if moved:
            DeadlineExtension.objects.create(period=period, unit=None, new_deadline=new_deadline, reason=reason,
                                             granted_by=by)
            rollups_rebuild(period=period)
        return outcome

    reports = {r.unit_id: r for r in in_scope.filter(unit__in=[u.pk for u in units]).select_related("unit")}
    moving = []
    for unit in units:
        report = reports.get(unit.pk)
        if report is None or report.status == Report.Status.WITHDRAWN:  # closed: no report expected
            result = ExtensionResult(unit=unit, outcome=ExtensionResult.NO_REPORT)
        elif report.status in COUNTED:
            result = ExtensionResult(unit=unit, outcome=ExtensionResult.SENT, old_deadline=report.due_on,
                                     submitted_at=report.submitted_at)
        elif report.due_on >= new_deadline:
            result = ExtensionResult(unit=unit, outcome=ExtensionResult.ALREADY_LATER, old_deadline=report.due_on)
        else:
            result = ExtensionResult(unit=unit, outcome=ExtensionResult.EXTENDED, old_deadline=report.due_on)
            moving.append(report)
        outcome.results.append(result)
        outcome.counts[result.outcome] = outcome.counts.get(result.outcome, 0) + 1
    if moving:
        ids = [r.pk for r in moving]
        with rollups_kept(ids):
            Report.objects.filter(pk__in=ids).update(due_on=new_deadline, updated_at=now)
        ReportEvent.objects.bulk_create([
            ReportEvent(report=r, action=ReportEvent.Action.EXTENDED, by=by, at=now,
                        comment=f"{r.due_on:%d/%m/%Y} → {new_deadline:%d/%m/%Y}: {reason}") for r in moving])
        DeadlineExtension.objects.bulk_create([
            DeadlineExtension(period=period, unit=r.unit, new_deadline=new_deadline, reason=reason, granted_by=by,
                              granted_at=now) for r in moving])
    return outcome


def deadline_extend(*, period: ReportingPeriod, unit: Union | None, new_deadline: datetime.date, reason: str,
                    by) -> int:
    """Move the deadline of one unit's report, or of every report of the period that is due
    earlier; returns how many reports moved (deadlines_extend says what happened to each)."""
    if unit is not None and not union_writable_by(user=by, union=unit):
        raise ValidationError({"unit": gettext("No unit with this code in your scope.")})
    return deadlines_extend(period=period, units=None if unit is None else [unit], new_deadline=new_deadline,
                            reason=reason, by=by).moved
