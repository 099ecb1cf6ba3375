"""Reads for reminders and notifications: whom to chase, who receives, what each person sees."""
import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, Exists, Min, OuterRef, Q, QuerySet, Subquery, Sum, TextField, Value, When
from django.db.models.functions import Substr
from django.shortcuts import get_object_or_404

from accounts.models import Role, User
from reporting.models import Report, ReportEvent, ReportingPeriod, RollupCell
from reporting.permissions import open_for_filling, open_for_filling_in
from unions.models import Level, Union, UnionPlacement
from unions.selectors import NOTHING, placed_on, scope_path_for_user, union_path_on

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
    total: int = 0  # the group's missing reports on every page (its reports: on this page only)
    unreachable: int = 0
    province: Union | None = None  # named when the list spans several provinces


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


@dataclass
class MissingPage:
    """One page of the missing list: its groups (with the reports on this page), the totals of
    the whole list, and the page for `_pagination.html`."""
    period: ReportingPeriod
    expected: int
    count: int
    unreachable: int
    groups: list[MissingGroup]
    page: Page


MISSING_PER_PAGE = 50  # as the review queue and the reminder log: light on an old phone


def upper_level_width(*, scope: str) -> int:
    """The path length of the upper-level unions under `scope` (the level the missing list is
    grouped by): one below the province, two below the confederation. One query."""
    depth = Union.objects.filter(path__startswith=scope, level=Level.UPPER).aggregate(depth=Min("depth"))["depth"]
    return depth * Union.steplen if depth else len(scope) + Union.steplen


def _missing(*, period: ReportingPeriod, today: datetime.date, scope: str) -> QuerySet[Report]:
    return reports_to_chase(today=today).filter(period=period, unit__path__startswith=scope)


def _expected(*, period: ReportingPeriod, scope: str) -> int:
    """The period's reports in `scope` (today's tree), but a unit closed before the deadline's."""
    return Report.objects.filter(period=period, unit__path__startswith=scope).exclude(
        status=Report.Status.WITHDRAWN).count()


def missing_by_upper_union(*, period: ReportingPeriod, today: datetime.date, scope: str = "") -> Missing:
    """Who has not sent `period`'s report, grouped by upper-level union (today's tree), each
    with whether anybody at the unit can be reached by e-mail: every row, for a province's
    digest (the page reads `missing_page`). Four queries."""
    expected = _expected(period=period, scope=scope)
    reports = list(
        _missing(period=period, today=today, scope=scope)
        .annotate(reachable=reachable_officers(unit_ref="unit_id"))
        .select_related("unit").order_by("unit__path")
    )
    width = upper_level_width(scope=scope)
    upper_paths = {r.unit.path[:width] for r in reports}
    uppers = {u.path: u for u in Union.objects.filter(path__in=upper_paths)}
    groups: dict[str, MissingGroup] = {}
    for report in reports:
        report.days_late = max(0, (today - report.due_on).days)
        key = report.unit.path[:width]
        groups.setdefault(key, MissingGroup(upper=uppers.get(key))).reports.append(report)
    for group in groups.values():
        group.total = len(group.reports)
        group.unreachable = sum(1 for report in group.reports if not report.reachable)
    return Missing(period=period, expected=expected, groups=[groups[key] for key in sorted(groups)])


def still_to_send(*, period: ReportingPeriod, scope_path: str) -> QuerySet[Report]:
    """The period's reports under `scope_path` (the tree as it stood then) not sent yet, or
    returned, while the period accepts them: what the partial index report_still_to_send holds."""
    return Report.objects.filter(open_for_filling_in(period), period=period, unit_path__startswith=scope_path)


def missing_page(*, period: ReportingPeriod, today: datetime.date, unit: Union | None, number=1,
                 per_page: int = MISSING_PER_PAGE) -> MissingPage:
    """One page of who under `unit` has not sent `period`'s report (not started, draft, or
    returned, while the period accepts it), in tree order, grouped by upper-level union, each
    group with its totals counted in the database. Along the tree as it stood on the period's
    deadline, like the dashboard's list, so that one index serves the rows and the counts: the
    page costs what it shows, not the size of the country. Six queries."""
    scope = "" if unit is None else union_path_on(union=unit, day=period.structure_date)
    missing = Report.objects.none() if scope is None else still_to_send(period=period, scope_path=scope)
    scope = scope or ""
    width = upper_level_width(scope=scope)
    unreachable = ~reachable_officers(unit_ref="unit_id")
    totals = {row["group"]: row for row in missing.annotate(group=Substr("unit_path", 1, width)).values(
        "group").annotate(total=Count("pk"), unreachable=Count("pk", filter=unreachable)).order_by()}
    rows = missing.annotate(reachable=reachable_officers(unit_ref="unit_id")).select_related("unit").order_by(
        "unit_path")  # one report per unit and period: the path orders them fully
    paginator = Paginator(_Counted(rows, sum(row["total"] for row in totals.values())), per_page)
    page = paginator.get_page(number)
    page.object_list = list(page.object_list)
    keys = sorted({report.unit_path[:width] for report in page.object_list})
    named = {p.path: p.union for p in UnionPlacement.objects.filter(
        placed_on(period.structure_date), path__in=[*keys, *{key[:width - Union.steplen] for key in keys}],
    ).select_related("union")}
    spans_provinces = width - Union.steplen > len(scope)  # a national list: say which province
    groups: dict[str, MissingGroup] = {}
    for report in page.object_list:
        report.days_late = max(0, (today - report.due_on).days)
        key = report.unit_path[:width]
        if key not in groups:
            counted = totals.get(key, {"total": 0, "unreachable": 0})
            groups[key] = MissingGroup(
                upper=named.get(key), total=counted["total"], unreachable=counted["unreachable"],
                province=named.get(key[:width - Union.steplen]) if spans_provinces and len(key) == width else None)
        groups[key].reports.append(report)
    for group in groups.values():  # a report returned between the two queries is on the page all the same
        group.total = max(group.total, len(group.reports))
    expected = RollupCell.objects.filter(period=period, path=scope, key="expected").aggregate(n=Sum("value"))["n"]
    return MissingPage(period=period, expected=int(expected or 0), count=paginator.count,
                       unreachable=sum(row["unreachable"] for row in totals.values()),
                       groups=[groups[key] for key in keys], page=page)


class _Counted:
    """A queryset whose length is already known (from the groups' totals): the paginator
    slices it and asks no COUNT of its own."""

    def __init__(self, queryset: QuerySet, count: int):
        self.queryset, self.count_known = queryset, count

    def count(self) -> int:
        return self.count_known

    def __len__(self) -> int:
        return self.count_known

    def __getitem__(self, index):
        return self.queryset[index]


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
