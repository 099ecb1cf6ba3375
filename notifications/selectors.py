"""Reads for reminders and notifications: whom to chase, who receives, what each person sees."""
import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Subquery, TextField, Value, When
from django.shortcuts import get_object_or_404

from accounts.models import Role, User
from reporting.models import Report, ReportEvent, ReportingPeriod
from reporting.permissions import open_for_filling
from unions.models import Union
from unions.selectors import NOTHING, scope_path_for_user

from .models import Notification, Reminder, ReminderPolicy, ReminderRun

# Who receives what: a unit's reminders go to those who fill in its report; an escalation to
# those who review the units below (the upper-level officers, or the Board for the province).
FILLERS = (Role.GRASSROOTS_OFFICER, Role.UPPER_OFFICER)
REVIEWERS = (Role.UPPER_OFFICER, Role.POLICY_LAW_BOARD)


def reminder_policy(*, province: Union | None = None) -> ReminderPolicy:
    """The policy in force for `province`: its own override, else the national default (with
    its defaults until someone first changes it). No province: the national default."""
    if province is not None:
        own = ReminderPolicy.objects.filter(province=province).first()
        if own is not None:
            return own
    policy, _created = ReminderPolicy.objects.get_or_create(province=None)
    return policy


def reminder_policy_overrides() -> list[ReminderPolicy]:
    """The provinces' own policies, with their provinces."""
    return list(ReminderPolicy.objects.filter(province__isnull=False).select_related("province"))


def reports_to_chase(*, today: datetime.date) -> QuerySet[Report]:
    """Reports a unit still has to send and still can: not submitted (or returned), in an open
    period of an active plan (or reopened for it), of a unit open today."""
    return Report.objects.filter(
        open_for_filling(), period__plan__is_active=True, unit__opened_on__lte=today,
    ).filter(Q(unit__closed_on__isnull=True) | Q(unit__closed_on__gt=today))


def reachable_officers(*, unit_ref="pk", roles=FILLERS) -> Exists:
    """Whether a unit has an active officer with an e-mail address (for annotations)."""
    return Exists(User.objects.filter(unit_id=OuterRef(unit_ref), is_active=True, role__in=roles).exclude(email=""))


def recipients_by_unit(*, filler_units: set[int], reviewer_units: set[int], board_units: set[int]) -> dict:
    """Active users who receive reminders, in one query: {("fill", id): [...], ("review", id):
    [...], ("board", id): [...]} keyed by what they receive for; the Board of each province in
    `board_units` only (a province's digest is for its own Board)."""
    condition = Q(pk__in=[])
    if filler_units:
        condition |= Q(unit_id__in=filler_units, role__in=FILLERS)
    if reviewer_units:
        condition |= Q(unit_id__in=reviewer_units, role__in=REVIEWERS)
    if board_units:
        condition |= Q(unit_id__in=board_units, role=Role.POLICY_LAW_BOARD)
    found: dict[tuple, list[User]] = {}
    for user in User.objects.filter(condition, is_active=True).order_by("pk"):
        if user.unit_id in filler_units and user.role in FILLERS:
            found.setdefault(("fill", user.unit_id), []).append(user)
        if user.unit_id in reviewer_units and user.role in REVIEWERS:
            found.setdefault(("review", user.unit_id), []).append(user)
        if user.unit_id in board_units and user.role == Role.POLICY_LAW_BOARD:
            found.setdefault(("board", user.unit_id), []).append(user)
    return found


@dataclass
class MissingGroup:
    upper: Union | None
    reports: list = field(default_factory=list)


@dataclass
class Missing:
    period: ReportingPeriod
    expected: int
    groups: list[MissingGroup]

    @property
    def count(self) -> int:
        return sum(len(group.reports) for group in self.groups)

    @property
    def unreachable(self) -> int:
        return sum(1 for group in self.groups for report in group.reports if not report.reachable)


def missing_by_upper_union(*, period: ReportingPeriod, today: datetime.date, scope: str = "") -> Missing:
    """Who has not sent `period`'s report, grouped by upper-level union (today's tree), each
    with whether anybody at the unit can be reached by e-mail. Three queries."""
    expected = Report.objects.filter(period=period, unit__path__startswith=scope).count()
    reports = list(
        reports_to_chase(today=today).filter(period=period, unit__path__startswith=scope)
        .annotate(reachable=reachable_officers(unit_ref="unit_id"))
        .select_related("unit").order_by("unit__path")
    )
    # Grouped one level below the scope (for a province: its upper-level unions).
    width = (len(scope) if scope else Union.steplen) + Union.steplen
    upper_paths = {r.unit.path[:width] for r in reports}
    uppers = {u.path: u for u in Union.objects.filter(path__in=upper_paths)}
    groups: dict[str, MissingGroup] = {}
    for report in reports:
        report.days_late = max(0, (today - report.due_on).days)
        key = report.unit.path[:width]
        groups.setdefault(key, MissingGroup(upper=uppers.get(key))).reports.append(report)
    return Missing(period=period, expected=expected, groups=[groups[key] for key in sorted(groups)])


def open_periods() -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.filter(is_open=True, plan__is_active=True).select_related("plan").order_by(
        "-year", "-kind")


# --- what a person sees -------------------------------------------------------------------

def notifications_for_user(*, user) -> QuerySet[Notification]:
    """The person's own notifications, newest first; nobody else's, ever."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    # A return's notice carries the reviewer's comment: the step that returned the report is
    # the reminder's step (one subquery, not a query per notice).
    reason = ReportEvent.objects.filter(pk=OuterRef("reminder__step"), report_id=OuterRef("reminder__report_id"))
    return Notification.objects.filter(user=user).select_related("period", "unit").annotate(
        return_reason=Case(When(kind=Reminder.Kind.RETURNED, then=Subquery(reason.values("comment")[:1])),
                           default=Value(""), output_field=TextField()))


def unread_count(*, user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def get_notification_for_user(user, pk) -> Notification:
    """Notification `pk` if it is the person's own; 404 otherwise."""
    return get_object_or_404(notifications_for_user(user=user), pk=pk)


def require_board(user) -> str:
    """The Board's scope (a path prefix); PermissionDenied for anybody else."""
    scope = scope_path_for_user(user)
    if not getattr(user, "is_board", False) or scope is NOTHING:
        raise PermissionDenied
    return scope


def reminders_for_log(*, scope: str, period: str = "", kind: str = "", status: str = "") -> QuerySet[Reminder]:
    """What was sent (or not, and why) about the units in `scope`, newest first."""
    # A digest (no report) is its province's: shown to that province's Board, not to the others.
    reminders = Reminder.objects.filter(Q(report__unit__path__startswith=scope)
                                        | Q(report__isnull=True, recipient_unit__path__startswith=scope))
    if period:
        reminders = reminders.filter(period__code=period)
    if kind:
        reminders = reminders.filter(kind=kind)
    if status:
        reminders = reminders.filter(status=status)
    return reminders.select_related("report__unit", "period", "recipient_unit").order_by("-planned_on", "-pk")


def recent_runs(*, limit: int = 10) -> list[ReminderRun]:
    return list(ReminderRun.objects.order_by("-started_at", "-pk")[:limit])
