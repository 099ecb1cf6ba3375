"""The level above fills in its grassroots unions' reports: an upper-level officer saves (or
submits) many units' reports at once, from the rows of the bulk workbook.

The unit's own officers save through services.report_save; this is its counterpart for the
officer above, writing through the same services.reports_write, with the same checks — who may (permissions.report_can_fill_for: the grassroots
unions of their subtree only), the optimistic version, the plan's rules
(services.report_validate) — and the same audit trail, each ValueChange and ReportEvent in
the upper officer's name. All rows or none: one refused row refuses the whole upload.
Set-based, so a thousand units take a few seconds: one conditional update per report (the
version lock), everything else in batches; the dashboards' kept aggregates follow
(reporting.kept_totals.rollups_kept), as for every service that changes reports."""
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext

from accounts.models import Role
from plans.models import IndicatorRule
from unions.models import Level
from unions.selectors import write_scope_for_user
from workbooks.reading import CellError, WorkbookRefused, cell_errors

from .kept_totals import rollups_kept
from .models import Report, ReportingPeriod, ReportValue
from .permissions import EDITABLE, open_for_filling, report_can_fill_for, report_in_write_scope
from .selectors import report_indicators, reports_visible_to
from .services import ReportConflict, ReportWrite, _is_empty, report_validate, reports_write, value_changes

BATCH = 900


def reports_fillable_by(*, user, period: ReportingPeriod) -> QuerySet[Report]:
    """The reports of `period` that `user`, an upper-level officer, may fill in for the
    grassroots unions of their subtree: not sent yet, while the period accepts them (none from a
    national unit, which changes nothing inside a province)."""
    if not user.is_authenticated or user.role != Role.UPPER_OFFICER or write_scope_for_user(user) is None:
        return Report.objects.none()
    return (
        reports_visible_to(user)
        .filter(open_for_filling(), period=period, unit_level=Level.GRASSROOTS)
        .exclude(unit_id=user.unit_id)
        .select_related("unit")
        .order_by("unit_path")
    )


def period_indicators(*, period: ReportingPeriod, level: str) -> list:
    """The indicators a report of a unit at `level` asks in `period`, in the plan's order."""
    return report_indicators(report=Report(period=period, unit_level=level))


@dataclass
class FillRow:
    """One unit's row: the unit's code, the report version the row was made from, the values
    by indicator id, and where each came from (cells by indicator code)."""

    row: int
    unit_code: str
    unit_cell: str
    version: int | None
    values: dict[int, object]
    cells: dict[str, str] = field(default_factory=dict)

    @property
    def is_blank(self) -> bool:
        return all(_is_empty(v) for v in self.values.values())


@dataclass
class FillResult:
    saved: list[int] = field(default_factory=list)  # report ids saved as drafts
    submitted: list[int] = field(default_factory=list)
    unchanged: int = 0


@transaction.atomic
def reports_fill_for(*, period: ReportingPeriod, by, rows: list[FillRow], submit: bool = False) -> FillResult:
    """Save the rows' values as the units' drafts, or submit them (complete and valid only),
    on behalf of the units, by an upper-level officer. WorkbookRefused lists every refused row
    and cell; then nothing is saved. A blank row, or (for a draft) an unchanged one, is left."""
    indicators = period_indicators(period=period, level=Level.GRASSROOTS)
    rules = list(IndicatorRule.objects.filter(plan_id=period.plan_id))
    reports = _reports_by_code(period, {row.unit_code for row in rows})
    existing = _values_of([r.pk for r in reports.values()])
    errors: list[CellError] = []
    todo: list[tuple[FillRow, Report, dict[int, object], list]] = []
    seen: dict[str, int] = {}
    result = FillResult()
    for row in rows:
        where = dict(cell=row.unit_cell, row=row.row, field="unit")
        if row.unit_code in seen:
            errors.append(CellError(gettext("This unit is already on row %(row)d.") % {"row": seen[row.unit_code]},
                                    **where))
            continue
        seen[row.unit_code] = row.row
        report = reports.get(row.unit_code)
        refusal = _refusal(report, by)
        if refusal:
            errors.append(CellError(refusal, **where))
            continue
        if row.is_blank:
            result.unchanged += 1
            continue
        values = {i.pk: row.values.get(i.pk) for i in indicators}
        changes = value_changes(indicators=indicators, values=values, stored=existing.get(report.pk, {}))
        if not changes and not submit:
            result.unchanged += 1
            continue
        if row.version is None:
            errors.append(CellError(gettext("This row was not made by the portal (its version is missing): copy "
                                            "rows only within a workbook downloaded for this period."), **where))
            continue
        if row.version != report.version:
            errors.append(CellError(gettext("This unit's report was saved on the portal after the workbook was "
                                            "downloaded. Download the workbook again and copy your figures into it."),
                                    **where))
            continue
        try:
            report_validate(indicators=indicators, rules=rules, values=values, complete=submit)
        except ValidationError as error:  # keyed by indicator code
            errors.extend(cell_errors(error, cell_of=lambda code, row=row: row.cells.get(code, row.unit_cell),
                                      row_of=lambda _cell, row=row: row.row))
            continue
        todo.append((row, report, values, changes))
    if errors:
        raise WorkbookRefused(sorted(errors, key=lambda e: (e.row or 0, e.cell)))
    _write(todo, by=by, submit=submit, result=result)
    return result


def _reports_by_code(period, codes: set[str]) -> dict[str, Report]:
    codes = sorted(c for c in codes if c)
    found = {}
    for start in range(0, len(codes), BATCH):
        for report in Report.objects.filter(period=period, unit__code__in=codes[start:start + BATCH]).select_related(
                "unit", "period", "period__plan"):
            found[report.unit.code] = report
    return found


def _values_of(report_ids: list[int]) -> dict[int, dict[int, ReportValue]]:
    """The stored values of the reports, by report id and indicator id."""
    found: dict[int, dict[int, ReportValue]] = {}
    for start in range(0, len(report_ids), BATCH):
        for value in ReportValue.objects.filter(report_id__in=report_ids[start:start + BATCH]):
            found.setdefault(value.report_id, {})[value.indicator_id] = value
    return found


def _refusal(report: Report | None, by) -> str | None:
    """Why `by` may not fill in this report, or None. Outside their subtree, the answer is the
    same as for a unit that does not exist: nothing tells it is there."""
    if report is not None and report_can_fill_for(report=report, user=by):
        return None
    if report is None or not report_in_write_scope(report=report, user=by) or report.unit_id == by.unit_id \
            or report.unit_level != Level.GRASSROOTS:
        return gettext("This is not one of the grassroots unions whose reports you may fill in for this period.")
    if report.status not in EDITABLE:
        return gettext("This unit's report is already “%(status)s”: it cannot be changed here.") % {
            "status": report.get_status_display()}
    return gettext("The period no longer accepts reports.")


def _write(todo, *, by, submit: bool, result: FillResult) -> None:
    # The dashboards' kept aggregates move by exactly what these writes change (reporting.kept_totals).
    writes = [ReportWrite(report=report, version=row.version, changes=changes) for row, report, _v, changes in todo]
    rows = {report.pk: row for row, report, _values, _changes in todo}
    with rollups_kept(list(rows)):
        try:
            reports_write(writes, by=by, submit=submit, from_bulk=True)
        except ReportConflict as conflict:  # a save in between wins, as in report_save
            row = rows[conflict.report.pk]
            raise WorkbookRefused([CellError(
                gettext("This unit's report was saved on the portal after the workbook was downloaded. Download "
                        "the workbook again and copy your figures into it."), cell=row.unit_cell, row=row.row,
                field="unit")])
    (result.submitted if submit else result.saved).extend(rows)
