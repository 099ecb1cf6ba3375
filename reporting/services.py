"""Writes of periods and reports."""
import datetime
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from accounts.models import Role
from plans.models import Indicator, IndicatorRule, Plan
from plans.values import is_empty, kind_of
from unions.models import Union, UnionPlacement
from unions.selectors import placed_on, union_writable_by, unions_writable_by

from .evidence import EXTENSIONS, JPEG, MAX_BYTES, sniff
from .follow import units_expected_in
from .kept_totals import rollups_kept, rollups_rebuild
from .models import COUNTED, EDITABLE, Attachment, DeadlineExtension, Report, ReportEvent, ReportingPeriod, ReportValue, ValueChange
from .permissions import report_can_edit, report_can_reopen_closed_period, report_can_review
from .selectors import report_indicators


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


def _review_step(*, report: Report, by, expected: str, action: str, status: str, comment: str = "",
                 version: int | None = None, **fields) -> Report:
    """One review step, from `expected` to `status`. The row is locked first, so of two reviewers
    acting at once one wins; the other is refused with a form-wide error that says why (every
    refusal is a ValidationError keyed by field, NON_FIELD_ERRORS for the form as a whole)."""
    report = Report.objects.select_related("unit", "period").select_for_update().get(pk=report.pk)
    if not report_can_review(report=report, user=by):
        raise PermissionDenied(gettext("You do not review this unit's reports."))
    if report.status != expected:
        raise ValidationError({NON_FIELD_ERRORS: [_step_taken_message(report)]})
    if version is not None and report.version != version:
        raise ValidationError({NON_FIELD_ERRORS: [gettext(
            "The report changed since you opened it: look at it again before you decide. Your comment is kept below.")]})
    with rollups_kept([report.pk]):
        Report.objects.filter(pk=report.pk).update(status=status, version=F("version") + 1,
                                                   updated_at=timezone.now(), **fields)
    ReportEvent.objects.create(report=report, action=action, by=by, comment=comment)
    report.refresh_from_db()
    return report


def _step_taken_message(report: Report) -> str:
    """Why a review step is refused: the report's state now, and who put it there, when."""
    message = gettext("The report is no longer waiting for this step: it is “%(status)s”.") % {
        "status": report.get_status_display()}
    last = report.events.exclude(action=ReportEvent.Action.SAVED).select_related("by").order_by("-at", "-pk").first()
    if last is not None and last.by is not None:
        message += " " + gettext("%(action)s by %(who)s at %(when)s.") % {
            "action": last.get_action_display(), "who": last.by.get_full_name() or last.by.get_username(),
            "when": timezone.localtime(last.at).strftime("%H:%M %d/%m/%Y")}
    return message


def _reason_required(reason: str) -> str:
    if not (reason or "").strip():
        raise ValidationError({"reason": gettext("Write the reason, so that the unit knows what to do.")})
    return reason.strip()


@transaction.atomic
def report_return(*, report: Report, by, reason: str, version: int | None = None) -> Report:
    """Send a submitted report back to its unit with the reviewer's comment."""
    reason = _reason_required(reason)
    return _review_step(report=report, by=by, expected=Report.Status.SUBMITTED, action=ReportEvent.Action.RETURNED,
                        status=Report.Status.RETURNED, comment=reason, version=version)


@transaction.atomic
def report_accept(*, report: Report, by, comment: str = "", version: int | None = None) -> Report:
    """Accept a submitted report; it is locked from then on."""
    return _review_step(report=report, by=by, expected=Report.Status.SUBMITTED, action=ReportEvent.Action.ACCEPTED,
                        status=Report.Status.ACCEPTED, comment=(comment or "").strip(), version=version,
                        accepted_at=timezone.now())


@transaction.atomic
def report_reopen(*, report: Report, by, reason: str, version: int | None = None) -> Report:
    """Unlock an accepted report for correction, giving the reason."""
    reason = _reason_required(reason)
    return _review_step(report=report, by=by, expected=Report.Status.ACCEPTED, action=ReportEvent.Action.REOPENED,
                        status=Report.Status.RETURNED, comment=reason, version=version, accepted_at=None)


@transaction.atomic
def report_reopen_for_submission(*, report: Report, by, reason: str) -> Report:
    """Let a unit submit although its period is closed (the Policy-Law Board only)."""
    report = Report.objects.select_related("unit", "period").get(pk=report.pk)
    if not report_can_reopen_closed_period(report=report, user=by):
        raise PermissionDenied(gettext("Only the Policy-Law Board reopens a closed period."))
    if not reason.strip():
        raise ValidationError({"reason": gettext("Write the reason, so that the unit knows what to do.")})
    fields = dict(reopened_for_submission=True, version=F("version") + 1, updated_at=timezone.now())
    if report.status == Report.Status.ACCEPTED:
        fields.update(status=Report.Status.RETURNED, accepted_at=None)
    with rollups_kept([report.pk]):
        Report.objects.filter(pk=report.pk).update(**fields)
    ReportEvent.objects.create(report=report, action=ReportEvent.Action.REOPENED, by=by, comment=reason.strip())
    report.refresh_from_db()
    return report


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


@transaction.atomic
def attachment_add(*, report: Report, by, upload, description: str = "") -> "Attachment":
    """Attach evidence to a report the person may edit: PDF, DOCX, XLSX, JPG or PNG by
    content, 10 MB at most, stored under a random name."""
    if not report_can_edit(report=report, user=by):
        raise PermissionDenied(gettext("This report cannot be changed now."))
    if upload.size > MAX_BYTES:
        raise ValidationError(gettext("The file is larger than 10 MB."))
    content_type = sniff(upload)
    if content_type is None:
        raise ValidationError(gettext("Only PDF, DOCX, XLSX, JPG and PNG files can be attached; this file is none of them."))
    name = upload.name.rsplit("/", 1)[-1][:200]
    if not name.lower().endswith((EXTENSIONS[content_type], ".jpeg" if content_type == JPEG else EXTENSIONS[content_type])):
        name = f"{name}{EXTENSIONS[content_type]}"
    attachment = Attachment(report=report, original_name=name, content_type=content_type, size=upload.size,
                            description=description, uploaded_by=by)
    attachment.file.save("evidence", upload, save=False)
    attachment.save()
    ReportEvent.objects.create(report=report, action=ReportEvent.Action.ATTACHED, by=by, comment=_evidence(attachment))
    return attachment


def _evidence(attachment: "Attachment") -> str:
    return f"{attachment.original_name} — {attachment.description}" if attachment.description \
        else attachment.original_name


@transaction.atomic
def attachment_remove(*, attachment: "Attachment", by) -> None:
    """Remove a file from a report the person may still edit."""
    if not report_can_edit(report=attachment.report, user=by):
        raise PermissionDenied(gettext("This report cannot be changed now."))
    stored = attachment.file.name
    storage = attachment.file.storage
    ReportEvent.objects.create(report=attachment.report, action=ReportEvent.Action.DETACHED, by=by,
                               comment=_evidence(attachment))
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))
