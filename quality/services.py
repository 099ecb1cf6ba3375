"""Writes of the soft checks: sending a report whose flagged figures the officer confirmed,
and the Board's thresholds."""
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from plans.models import Indicator
from plans.values import kind_of
from reporting.models import Report
from reporting.services import report_save
from unions.selectors import user_province

from .checks import CHECKED_KINDS, Finding
from .models import ConfirmedFigure, Threshold
from .selectors import findings_described, findings_for_values


class FiguresToConfirm(Exception):
    """Sending is held until the officer confirms these flagged figures (nothing was saved)."""

    def __init__(self, findings: list[Finding]):
        super().__init__(f"{len(findings)} figures to confirm")
        self.findings = findings


@transaction.atomic
def report_send_checked(*, report: Report, by, values: dict[int, object], version: int,
                        confirmations: dict[str, tuple[str, str]]) -> Report:
    """Send the report as `reporting.services.report_save` does, unless a figure is flagged
    and not confirmed: then raise FiguresToConfirm and save nothing. `confirmations` maps an
    indicator code to (the value confirmed, as its kind writes it; the officer's explanation).
    Confirmed figures are stored exactly as typed and marked with the explanation."""
    sent = report_save(report=report, by=by, values=values, version=version, submit=True)
    findings = findings_described(findings_for_values(report=sent, values=values))
    pending = [f for f in findings
               if confirmations.get(f.indicator.code, ("", ""))[0] != kind_of(f.indicator).canonical(f.value)]
    if pending:
        # Rules first (report_save refused a broken report), then the officer's word; raised
        # inside the transaction, so the sending is rolled back.
        raise FiguresToConfirm(findings)
    now = timezone.now()
    ConfirmedFigure.objects.filter(report=sent).delete()  # marks of an earlier sending: judged afresh
    ConfirmedFigure.objects.bulk_create([
        ConfirmedFigure(report=sent, indicator=f.indicator, canonical=kind_of(f.indicator).canonical(f.value),
                        checks=",".join(f.checks), explanation=confirmations[f.indicator.code][1].strip()[:2000],
                        confirmed_by=by, confirmed_at=now)
        for f in findings])
    return sent


def confirmations_from(data) -> dict[str, tuple[str, str]]:
    """The confirmations posted with the form: `confirm-<code>` (the value confirmed) and
    `explain-<code>` (the explanation, optional)."""
    return {key[len("confirm-"):]: (data.get(key, ""), data.get("explain-" + key[len("confirm-"):], ""))
            for key in data if key.startswith("confirm-")}


def _board_province(by):
    """The province whose thresholds `by` tunes (None: the national ones), or PermissionDenied."""
    if not getattr(by, "is_board", False) and not by.is_superuser:
        raise PermissionDenied(gettext("Only the Policy-Law Board tunes the data-quality checks."))
    return user_province(by)


@transaction.atomic
def threshold_save(*, indicator: Indicator, by, **fields) -> Threshold:
    """The Board's thresholds for one indicator (a count or an amount): a province's Board
    tunes its province's own, a national Board (or an administrator without a unit) the
    national ones; nobody another province's."""
    province = _board_province(by)
    if indicator.kind not in CHECKED_KINDS:
        raise PermissionDenied(gettext("Only counts and amounts are checked."))
    fields.pop("province", None)
    threshold, _created = Threshold.objects.update_or_create(indicator=indicator, province=province, defaults=fields)
    return threshold


@transaction.atomic
def threshold_reset(*, indicator: Indicator, by) -> None:
    """Back to the national thresholds (a province's Board) or the defaults (a national Board)
    for one indicator."""
    province = _board_province(by)
    Threshold.objects.filter(indicator=indicator, province=province).delete()
