"""The review steps on a unit's report, by those who review it: return it with a reason,
accept it, reopen an accepted one, and (the Policy-Law Board) reopen one for submission in a
closed period. Each step locks the report first and refuses, saying why, a step already taken.
(The Board's documents reviewing the programme are the reviews app.)"""
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from .kept_totals import rollups_kept
from .models import Report, ReportEvent
from .permissions import report_can_reopen_closed_period, report_can_review


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
