"""Who may do what with a report. Pure functions of the report and the person: the views use
them to show the right buttons, the services to refuse the wrong call."""
from django.db.models import Q

from accounts.models import Role
from unions.models import Level
from unions.selectors import NOTHING, scope_path_for_user, union_writable_by

from .models import EDITABLE, Report


def report_in_scope(*, report: Report, user) -> bool:
    scope = scope_path_for_user(user)
    return scope is not NOTHING and report.unit.path.startswith(scope)


def report_in_write_scope(*, report: Report, user) -> bool:
    """Inside the part of the tree `user` may change: a national role reads every province's
    reports and reviews or reopens none of them."""
    return union_writable_by(user=user, union=report.unit)


def report_period_accepts(*, report: Report) -> bool:
    """The period is open, or the Policy-Law Board reopened this report."""
    return report.period.is_open or report.reopened_for_submission


# "Open for filling": not sent (or returned), while the period accepts it. The one rule behind
# who may edit or fill in a report, whom the reminders chase and what the bulk workbook holds;
# `report_open_for_filling` for one report, `open_for_filling` for a query of them.
def report_open_for_filling(*, report: Report) -> bool:
    return report.status in EDITABLE and report_period_accepts(report=report)


def open_for_filling(prefix: str = "") -> Q:
    """The same rule as a filter on reports (`prefix` reaches them through a relation: "report__")."""
    return Q(**{f"{prefix}status__in": EDITABLE}) & (
        Q(**{f"{prefix}period__is_open": True}) | Q(**{f"{prefix}reopened_for_submission": True}))


def open_for_filling_in(period) -> Q:
    """The same rule for the reports of one period already at hand: its `is_open` read from
    it, so the query needs no join and an index on the reports alone serves it."""
    still_to_send = Q(status__in=EDITABLE)
    return still_to_send if period.is_open else still_to_send & Q(reopened_for_submission=True)


def report_can_edit(*, report: Report, user) -> bool:
    """The unit's own officers fill in their report while it is not sent and the period accepts it."""
    return (
        user.is_authenticated and user.fills_reports and user.unit_id == report.unit_id
        and report_open_for_filling(report=report)
    )


def report_can_review(*, report: Report, user) -> bool:
    """Upper-level officers review the grassroots unions below them; the Board reviews any
    unit of the province (the upper-level unions above all)."""
    if not user.is_authenticated or report.unit_id == user.unit_id or not report_in_write_scope(report=report,
                                                                                                user=user):
        return False
    if user.role == Role.POLICY_LAW_BOARD:
        return True
    return user.role == Role.UPPER_OFFICER and report.unit_level == Level.GRASSROOTS


def report_can_reopen_closed_period(*, report: Report, user) -> bool:
    """Once a period is closed, only the Board lets a unit submit again."""
    return (user.is_authenticated and user.role == Role.POLICY_LAW_BOARD
            and report_in_write_scope(report=report, user=user))


def report_can_fill_for(*, report: Report, user) -> bool:
    """An upper-level officer fills in (from the bulk workbook) the report of a grassroots union
    of their subtree while it is not sent and the period accepts it; never their own unit's, and
    never from a national unit (a national role changes nothing inside a province)."""
    return (
        user.is_authenticated and user.role == Role.UPPER_OFFICER and user.unit_id != report.unit_id
        and report.unit_level == Level.GRASSROOTS and report_in_write_scope(report=report, user=user)
        and report_open_for_filling(report=report)
    )


def report_can_extend(*, report: Report, user) -> bool:
    """The Board extends the deadline of a report of its scope still to send (returned included)."""
    return (user.is_authenticated and user.role == Role.POLICY_LAW_BOARD and report_in_scope(report=report, user=user)
            and not report.is_sent and report.status != Report.Status.WITHDRAWN)
