"""Writes of a report's figures and status by those who fill it: the values that really
change, the plan's rules, saves and submissions under the version lock, and each step's line in
the history. Periods and deadlines are reporting/periods.py, the review steps reporting/review.py,
attachments reporting/attachments.py."""
import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from plans.models import Indicator, IndicatorRule
from plans.values import is_empty, kind_of

from .kept_totals import rollups_kept
from .models import EDITABLE, Report, ReportEvent, ReportValue, ValueChange
from .permissions import report_can_edit
from .selectors import report_indicators


class ReportConflict(Exception):
    """The report changed since the person loaded it: their save is refused, not merged."""

    def __init__(self, report: Report | None = None):
        super().__init__(report)
        self.report = report


@dataclass(frozen=True)
class ValueChangeDraft:
    """One value that differs from what is stored: the stored row (or None), old and new."""

    indicator: Indicator
    stored: ReportValue | None
    old: object
    new: object


def value_changes(*, indicators: list[Indicator], values: dict[int, object],
                  stored: dict[int, ReportValue]) -> list[ValueChangeDraft]:
    """The values that really change, compared as their kinds write them (3 and 3.00 are the
    same count; an unchanged form or workbook changes nothing)."""
    changes = []
    for indicator in indicators:
        kind = kind_of(indicator)
        row = stored.get(indicator.pk)
        old = None if row is None else _value_in(row, indicator)
        new = values.get(indicator.pk)
        if kind.canonical(old) != kind.canonical(new):
            changes.append(ValueChangeDraft(indicator, row, old, new))
    return changes


def values_write(writes: list["ReportWrite"], *, by, at) -> None:
    """Store the changed values of one or many reports and log each change (batched); each
    change is logged as its write's (ReportWrite.by, .at), the call's by default."""
    to_create, to_update, to_delete, log = [], [], [], []
    for write in writes:
        report, who, when = write.report, write.by or by, write.at or at
        for change in write.changes:
            kind = kind_of(change.indicator)
            log.append(ValueChange(report=report, indicator=change.indicator, old=kind.canonical(change.old),
                                   new=kind.canonical(change.new), by=who, at=when))
            if _is_empty(change.new):
                to_delete.append(change.stored.pk)
            elif change.stored is None:
                to_create.append(ReportValue(report=report, indicator=change.indicator,
                                             **kind.to_columns(change.new)))
            else:
                for column, column_value in kind.to_columns(change.new).items():
                    setattr(change.stored, column, column_value)
                to_update.append(change.stored)
    for start in range(0, len(to_delete), 900):
        ReportValue.objects.filter(pk__in=to_delete[start:start + 900]).delete()
    ReportValue.objects.bulk_create(to_create, batch_size=2000)
    ReportValue.objects.bulk_update(to_update, ["flag", "number", "text", "date"], batch_size=500)
    ValueChange.objects.bulk_create(log, batch_size=2000)


_is_empty = is_empty


def report_validate(*, indicators: list[Indicator], rules: list[IndicatorRule], values: dict[int, object],
                    complete: bool) -> None:
    """Raise ValidationError keyed by indicator code if the values break a rule of the plan;
    with `complete`, also if a required value is missing or a 'yes' lacks its evidence."""
    by_id = {i.pk: i for i in indicators}
    errors: dict[str, list[str]] = {}
    for rule in rules:
        first, second = by_id.get(rule.first_id), by_id.get(rule.second_id)
        if first is None or second is None:
            continue  # a rule about an indicator this report does not ask
        a, b = values.get(first.pk), values.get(second.pk)
        if rule.kind == IndicatorRule.Kind.NOT_GREATER and not _is_empty(a) and not _is_empty(b) and a > b:
            errors.setdefault(first.code, []).append(rule.message)
        missing = _is_empty(b) or (second.is_numeric and b == 0)  # "yes, zero sessions" says nothing
        if rule.kind == IndicatorRule.Kind.REQUIRED_IF_YES and complete and a is True and missing:
            errors.setdefault(second.code, []).append(rule.message)
    if complete:
        for indicator in indicators:
            if indicator.required and _is_empty(values.get(indicator.pk)) and indicator.code not in errors:
                errors[indicator.code] = [gettext("Choose Yes or No before the report can be sent.")
                                          if indicator.kind == Indicator.Kind.YES_NO else
                                          gettext("This figure is needed before the report can be sent.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def report_save(*, report: Report, by, values: dict[int, object], version: int, submit: bool = False) -> Report:
    """Save the unit's figures as a draft, or submit them (complete and valid only).

    Refused with ReportConflict if someone saved the report since `version` was loaded, and
    with PermissionDenied if `by` may not edit it now. Every changed value is logged."""
    report = Report.objects.select_related("period", "period__plan", "unit").get(pk=report.pk)
    if not report_can_edit(report=report, user=by):
        raise PermissionDenied(gettext("This report cannot be changed now."))
    if report.version != version:
        raise ReportConflict()
    indicators = report_indicators(report=report)
    values = {i.pk: values.get(i.pk) for i in indicators}
    rules = list(IndicatorRule.objects.filter(plan=report.period.plan))
    report_validate(indicators=indicators, rules=rules, values=values, complete=submit)

    with rollups_kept([report.pk]):
        return _report_write(report=report, by=by, values=values, version=version, submit=submit,
                             indicators=indicators)


def _report_write(*, report: Report, by, values: dict[int, object], version: int, submit: bool,
                  indicators: list[Indicator]) -> Report:
    stored = {v.indicator_id: v for v in ReportValue.objects.filter(report=report)}
    changes = value_changes(indicators=indicators, values=values, stored=stored)
    if not changes and not submit:
        return report  # nothing typed differs: no version, no history line
    reports_write([ReportWrite(report=report, version=version, changes=changes)], by=by, submit=submit)
    report.refresh_from_db()
    return report


@dataclass
class ReportWrite:
    """One report to write: as loaded (its status before), the version the person saw, and the
    values that really change (value_changes)."""

    report: Report
    version: int
    changes: list[ValueChangeDraft]
    # Who wrote it and when: the call's `by` and now, unless a replay of a past says otherwise
    # (the demo's history, demo/reports.py).
    by: object = None
    at: datetime.datetime | None = None


def reports_write(writes: list[ReportWrite], *, by, submit: bool, from_bulk: bool = False) -> None:
    """The one write of reports' figures and status, for the form, the report workbook and the
    bulk workbook: each report moves to draft (or submitted) under its version lock — of two
    saves from the same version one wins, the other raises ReportConflict(report) — then every
    changed value is stored and logged and each report's step recorded, in batches. Callers
    validate first and wrap the call in rollups_kept."""
    now = timezone.now()
    events = []
    for write in writes:
        report, at = write.report, write.at or now
        status = Report.Status.SUBMITTED if submit else (
            Report.Status.DRAFT if report.status == Report.Status.NOT_STARTED else report.status)
        update = dict(version=F("version") + 1, status=status, updated_at=at)
        if submit and report.submitted_at is None:
            update.update(submitted_at=at, submitted_late=timezone.localdate(at) > report.due_on)
        if not Report.objects.filter(pk=report.pk, version=write.version, status__in=EDITABLE).update(**update):
            raise ReportConflict(report)
        events.append(ReportEvent(report=report, by=write.by or by, at=at, **_step(
            report, submit=submit, changed=len(write.changes), from_bulk=from_bulk)))
    values_write(writes, by=by, at=now)
    ReportEvent.objects.bulk_create(events, batch_size=2000)


def _step(report: Report, *, submit: bool, changed: int, from_bulk: bool) -> dict:
    """The history line of a save or a submission."""
    comment = report_step_comment(submit=submit, sent_again=report.status == Report.Status.RETURNED,
                                  changed=changed, from_bulk=from_bulk)
    return dict(action=ReportEvent.Action.SUBMITTED if submit else ReportEvent.Action.SAVED, comment=comment)


def report_step_comment(*, submit: bool, sent_again: bool = False, changed: int = 0, from_bulk: bool = False) -> str:
    """The words of a save's or a submission's history line, in the active language; the one
    definition, for the services and for the demo's bulk-written history (demo/reports.py)."""
    if submit:
        parts = [gettext("Sent again after correction.")] if sent_again else []
        if from_bulk:
            parts.append(gettext("Sent by the level above from the bulk workbook."))
        return " ".join(parts)
    if from_bulk:
        comment = ngettext("%(n)d value changed by the level above from the bulk workbook.",
                           "%(n)d values changed by the level above from the bulk workbook.", changed)
    else:
        comment = ngettext("%(n)d value changed.", "%(n)d values changed.", changed)
    return comment % {"n": changed}


def _value_in(row: ReportValue, indicator: Indicator):
    row.indicator = indicator
    return row.value
