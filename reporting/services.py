"""Writes of periods and reports."""
import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from plans.models import Indicator, IndicatorRule, Plan
from unions.models import Union, UnionPlacement
from unions.selectors import placed_on, unions_open_on

from .kept import rollups_kept, rollups_rebuild
from .models import Attachment, DeadlineExtension, Report, ReportEvent, ReportingPeriod, ReportValue, ValueChange


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
    rollups_rebuild(period=period)
    return len(created)


class ReportConflict(Exception):
    """The report changed since the person loaded it: their save is refused, not merged."""


def _text_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        # to_integral_value, not normalize: Decimal("120").normalize() is 1.2E+2
        return str(value.to_integral_value()) if value == value.to_integral_value() else str(value)
    return str(value)


def _column_values(indicator: Indicator, value) -> dict:
    kind = Indicator.Kind
    columns = {"flag": None, "number": None, "text": "", "date": None}
    if indicator.kind == kind.YES_NO:
        columns["flag"] = value
    elif indicator.kind in (kind.COUNT, kind.MONEY, kind.PERCENT):
        columns["number"] = None if value is None else Decimal(value)
    elif indicator.kind == kind.DATE:
        columns["date"] = value
    else:
        columns["text"] = value or ""
    return columns


def _is_empty(value) -> bool:
    return value is None or value == ""


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
                errors[indicator.code] = [gettext("This figure is needed before the report can be sent.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def report_save(*, report: Report, by, values: dict[int, object], version: int, submit: bool = False) -> Report:
    """Save the unit's figures as a draft, or submit them (complete and valid only).

    Refused with ReportConflict if someone saved the report since `version` was loaded, and
    with PermissionDenied if `by` may not edit it now. Every changed value is logged."""
    from .rules import report_can_edit
    from .selectors import report_indicators

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
    now = timezone.now()
    # The conditional update is the lock: of two saves from the same version, one wins.
    next_status = report.status
    if submit:
        next_status = Report.Status.SUBMITTED
    elif report.status == Report.Status.NOT_STARTED:
        next_status = Report.Status.DRAFT
    changes = dict(version=F("version") + 1, status=next_status, updated_at=now)
    if submit and report.submitted_at is None:
        changes.update(submitted_at=now, submitted_late=timezone.localdate(now) > report.due_on)
    if not Report.objects.filter(pk=report.pk, version=version).update(**changes):
        raise ReportConflict()

    existing = {v.indicator_id: v for v in ReportValue.objects.filter(report=report)}
    to_create, to_update, to_delete, log = [], [], [], []
    for indicator in indicators:
        new = values[indicator.pk]
        row = existing.get(indicator.pk)
        old = None if row is None else _value_in(row, indicator)
        if _text_of(old) == _text_of(new):
            continue
        log.append(ValueChange(report=report, indicator=indicator, old=_text_of(old), new=_text_of(new), by=by, at=now))
        if _is_empty(new):
            to_delete.append(row.pk)
        elif row is None:
            to_create.append(ReportValue(report=report, indicator=indicator, **_column_values(indicator, new)))
        else:
            for column, column_value in _column_values(indicator, new).items():
                setattr(row, column, column_value)
            to_update.append(row)
    ReportValue.objects.filter(pk__in=to_delete).delete()
    ReportValue.objects.bulk_create(to_create)
    ReportValue.objects.bulk_update(to_update, ["flag", "number", "text", "date"])
    ValueChange.objects.bulk_create(log)
    was_returned = report.status == Report.Status.RETURNED
    if submit:
        comment = gettext("Sent again after correction.") if was_returned else ""
        ReportEvent.objects.create(report=report, action=ReportEvent.Action.SUBMITTED, by=by, at=now, comment=comment)
    elif log:
        ReportEvent.objects.create(report=report, action=ReportEvent.Action.SAVED, by=by, at=now,
                                   comment=ngettext("%(n)d value changed.", "%(n)d values changed.", len(log)) % {"n": len(log)})
    report.refresh_from_db()
    return report


def _value_in(row: ReportValue, indicator: Indicator):
    row.indicator = indicator
    return row.value


def _review_step(*, report: Report, by, expected: str, action: str, status: str, comment: str = "", **fields) -> Report:
    from .rules import report_can_review

    report = Report.objects.select_related("unit", "period").select_for_update().get(pk=report.pk)
    if not report_can_review(report=report, user=by):
        raise PermissionDenied(gettext("You do not review this unit's reports."))
    if report.status != expected:
        raise ValidationError(gettext("The report is no longer waiting for this step: it is “%(status)s”.")
                              % {"status": report.get_status_display()})
    with rollups_kept([report.pk]):
        Report.objects.filter(pk=report.pk).update(status=status, version=F("version") + 1,
                                                   updated_at=timezone.now(), **fields)
    ReportEvent.objects.create(report=report, action=action, by=by, comment=comment)
    report.refresh_from_db()
    return report


@transaction.atomic
def report_return(*, report: Report, by, reason: str) -> Report:
    """Send a submitted report back to its unit with the reviewer's comment."""
    if not reason.strip():
        raise ValidationError({"reason": gettext("Write the reason, so that the unit knows what to do.")})
    return _review_step(report=report, by=by, expected=Report.Status.SUBMITTED, action=ReportEvent.Action.RETURNED,
                        status=Report.Status.RETURNED, comment=reason.strip())


@transaction.atomic
def report_accept(*, report: Report, by) -> Report:
    """Accept a submitted report; it is locked from then on."""
    return _review_step(report=report, by=by, expected=Report.Status.SUBMITTED, action=ReportEvent.Action.ACCEPTED,
                        status=Report.Status.ACCEPTED, accepted_at=timezone.now())


@transaction.atomic
def report_reopen(*, report: Report, by, reason: str) -> Report:
    """Unlock an accepted report for correction, giving the reason."""
    if not reason.strip():
        raise ValidationError({"reason": gettext("Write the reason, so that the unit knows what to do.")})
    return _review_step(report=report, by=by, expected=Report.Status.ACCEPTED, action=ReportEvent.Action.REOPENED,
                        status=Report.Status.RETURNED, comment=reason.strip(), accepted_at=None)


@transaction.atomic
def report_reopen_for_submission(*, report: Report, by, reason: str) -> Report:
    """Let a unit submit although its period is closed (the Policy-Law Board only)."""
    from .rules import report_can_reopen_closed_period

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


@transaction.atomic
def deadline_extend(*, period: ReportingPeriod, unit: Union | None, new_deadline: datetime.date, reason: str,
                    by) -> int:
    """Move the deadline of one unit's report, or of every report of the period that is due
    earlier; returns how many reports moved. Set-based, whatever the number of units."""
    from accounts.models import Role

    if by.role != Role.POLICY_LAW_BOARD:
        raise PermissionDenied(gettext("Only the Policy-Law Board grants extensions."))
    if new_deadline <= period.deadline:
        raise ValidationError({"new_deadline": gettext("The new deadline must be after the period's deadline (%(date)s).")
                               % {"date": period.deadline.strftime("%d/%m/%Y")}})
    if not reason.strip():
        raise ValidationError({"reason": gettext("Write the reason for the extension.")})
    DeadlineExtension.objects.create(period=period, unit=unit, new_deadline=new_deadline, reason=reason.strip(),
                                     granted_by=by)
    # Only the reports still to send, and only inside the Board's own part of the tree; a report
    # already sent keeps the deadline it was judged against.
    from unions.selectors import scope_path_for_user

    reports = Report.objects.filter(period=period, due_on__lt=new_deadline, submitted_at__isnull=True,
                                    unit__path__startswith=scope_path_for_user(by) or "-")
    if unit is not None:
        reports = reports.filter(unit=unit)
        for report in reports:
            ReportEvent.objects.create(report=report, action=ReportEvent.Action.EXTENDED, by=by,
                                       comment=f"{new_deadline:%d/%m/%Y}: {reason.strip()}")
        with rollups_kept(reports.values_list("pk", flat=True)):
            return reports.update(due_on=new_deadline, updated_at=timezone.now())
    moved = reports.update(due_on=new_deadline, updated_at=timezone.now())
    rollups_rebuild(period=period)
    return moved


@transaction.atomic
def attachment_add(*, report: Report, by, upload, description: str = "") -> "Attachment":
    """Attach evidence to a report the person may edit: PDF, DOCX, XLSX, JPG or PNG by
    content, 10 MB at most, stored under a random name."""
    from .evidence import EXTENSIONS, JPEG, MAX_BYTES, sniff
    from .rules import report_can_edit

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
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: "Attachment", by) -> None:
    """Remove a file from a report the person may still edit."""
    from .rules import report_can_edit

    if not report_can_edit(report=attachment.report, user=by):
        raise PermissionDenied(gettext("This report cannot be changed now."))
    stored = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))
