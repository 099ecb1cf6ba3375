"""The tree and the reports in step (issue 16): which units a period expects, and what a change
of the tree does to the reports of the periods still open. Called by unions/services.py after
every union_create, union_move and union_close, in the same transaction; set-based, and every
change to reports goes through the kept aggregates."""
import datetime

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext

from unions.models import Union, UnionPlacement
from unions.selectors import placed_on, union_path_on, unions_open_on

from .kept_totals import contributions, kept_totals_add, rollups_kept, rollups_rebuild
from .models import COUNTED, Report, ReportEvent, ReportingPeriod, ReportValue

Status = Report.Status


def units_expected_in(*, period: ReportingPeriod, units: QuerySet[Union] | None = None) -> QuerySet[Union]:
    """The units expected to report in `period` (among `units`, default all): open on its structure
    date, at a level the plan applies to, placed in the tree then — and, for a province's own plan,
    inside that province as it stood then. Annotated with `path_then`."""
    day = period.structure_date
    plan = period.plan
    path_then = UnionPlacement.objects.filter(placed_on(day), union=OuterRef("pk")).values("path")[:1]
    expected = (
        (units if units is not None else Union.objects.all())
        .filter(unions_open_on(day), level__in=plan.levels)
        .annotate(path_then=Subquery(path_then))
        .filter(path_then__isnull=False)
    )
    if plan.province_id:
        province_path = union_path_on(union=plan.province, day=day) or plan.province.path
        expected = expected.filter(path_then__startswith=province_path)
    return expected


def periods_following_the_tree() -> QuerySet[ReportingPeriod]:
    """The periods whose reports follow changes of the tree: open, of an active plan."""
    return ReportingPeriod.objects.filter(is_open=True, plan__is_active=True).select_related("plan", "plan__province")


def reports_follow_tree(*, under: str, on: datetime.date, by=None) -> dict[str, int]:
    """Bring the reports of every open period up to date for the units under `under` (a path
    prefix: the branch that was opened, moved or closed on `on`): a unit now expected gets its
    report at once, a moved unit's report follows it (if the period's structure date is after the
    move), and the reports not sent of a unit closed before the deadline leave the expected ones —
    never missing: an untouched one is removed (as period_generate_reports does), one with any work
    in it is withdrawn with a step in its history. Sent reports stay as they were sent. Returns how
    many reports were created, moved, withdrawn, removed and restored."""
    counts = {"created": 0, "moved": 0, "withdrawn": 0, "removed": 0, "restored": 0}
    units = Union.objects.filter(path__startswith=under)
    for period in periods_following_the_tree():
        expected = units_expected_in(period=period, units=units)
        paths = dict(expected.values_list("pk", "path_then"))
        reports = list(Report.objects.filter(period=period, unit__in=units.values("pk")).values(
            "pk", "unit_id", "unit_path", "status", "version"))
        have = {r["unit_id"] for r in reports}
        moving = [r for r in reports if r["unit_id"] in paths and r["unit_path"] != paths[r["unit_id"]]]
        leaving = [r for r in reports if r["unit_id"] not in paths and r["status"] not in COUNTED
                   and r["status"] != Status.WITHDRAWN]
        back = [r for r in reports if r["unit_id"] in paths and r["status"] == Status.WITHDRAWN]
        # As period_generate_reports does: an untouched report (not started, no step in its history)
        # goes; one with any work in it stays, withdrawn, with the reason in its history.
        with_history = set(ReportEvent.objects.filter(report_id__in=[r["pk"] for r in leaving])
                           .values_list("report_id", flat=True))
        untouched = [r for r in leaving if r["status"] == Status.NOT_STARTED and r["version"] == 0
                     and r["pk"] not in with_history]
        leaving = [r for r in leaving if r not in untouched]
        touched = [r["pk"] for r in moving + leaving + back + untouched]
        now = timezone.now()
        if touched:
            with rollups_kept(touched):
                for r in moving:
                    Report.objects.filter(pk=r["pk"]).update(unit_path=paths[r["unit_id"]], updated_at=now)
                if untouched:
                    Report.objects.filter(pk__in=[r["pk"] for r in untouched]).delete()
                if leaving:
                    Report.objects.filter(pk__in=[r["pk"] for r in leaving]).update(
                        status=Status.WITHDRAWN, version=_next_version(), updated_at=now)
                for r in back:
                    has_values = ReportValue.objects.filter(report_id=r["pk"]).exists()
                    Report.objects.filter(pk=r["pk"]).update(
                        status=Status.DRAFT if has_values else Status.NOT_STARTED, unit_path=paths[r["unit_id"]],
                        version=_next_version(), updated_at=now)
            closed = set(Union.objects.filter(pk__in=[r["unit_id"] for r in leaving], closed_on__isnull=False)
                         .values_list("pk", flat=True))
            ReportEvent.objects.bulk_create(
                [ReportEvent(report_id=r["pk"], action=ReportEvent.Action.WITHDRAWN, by=by, at=now,
                             comment=_why_not_expected(closed=r["unit_id"] in closed, on=on))
                 for r in leaving]
                + [ReportEvent(report_id=r["pk"], action=ReportEvent.Action.REOPENED, by=by, at=now,
                               comment=gettext("The unit is expected again in this period."))
                   for r in back])
        new = [(pk, path) for pk, path in paths.items() if pk not in have]
        if new:
            levels = dict(Union.objects.filter(pk__in=[pk for pk, _ in new]).values_list("pk", "level"))
            # An extension granted to every unit of the Board's province reaches the newcomers too.
            for_all = list(period.extensions.filter(unit=None).values_list("granted_by__unit__path", "new_deadline"))
            Report.objects.bulk_create([
                Report(period=period, unit_id=pk, unit_path=path, unit_level=levels[pk],
                       due_on=max([period.deadline] + [day for prefix, day in for_all
                                                       if prefix is not None and path.startswith(prefix)]))
                for pk, path in new], batch_size=2000)
            ids = Report.objects.filter(period=period, unit_id__in=[pk for pk, _ in new]).values_list("pk", flat=True)
            kept_totals_add(contributions(list(ids)))  # new reports: what they add is all they are
        counts["created"] += len(new)
        counts["moved"] += len(moving)
        counts["withdrawn"] += len(leaving)
        counts["removed"] += len(untouched)
        counts["restored"] += len(back)
    return counts


def _why_not_expected(*, closed: bool, on: datetime.date) -> str:
    if closed:
        return gettext("The unit was closed on %(date)s, before the deadline: this report is no longer expected."
                       ) % {"date": on.strftime("%d/%m/%Y")}
    return gettext("From %(date)s the unit is no longer among those expected in this period (it moved out of the "
                   "plan's province or to a level the plan does not ask).") % {"date": on.strftime("%d/%m/%Y")}


def _next_version():
    return F("version") + 1


def kept_totals_follow_kind(*, union: Union) -> None:
    """The kept roll-ups are counted by kind: recount the periods `union` reports in, once its
    kind changed (unions.services.union_update)."""
    for period in ReportingPeriod.objects.filter(reports__unit=union).distinct():
        rollups_rebuild(period=period)
