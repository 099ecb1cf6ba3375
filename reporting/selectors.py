"""Reads of periods and reports, always through the person's scope."""
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import Role
from plans.models import Indicator
from plans.selectors import plans_for_user
from plans.values import kind_of
from unions.models import Level
from unions.search import text_search
from unions.selectors import NOTHING, scope_path_for_user, union_parent_names, union_subtree, unions_writable_by

from .models import DeadlineExtension, Report, ReportEvent, ReportingPeriod


def reports_visible_to(user) -> QuerySet[Report]:
    """The reports of the units `user` may see (today's tree)."""
    prefix = scope_path_for_user(user)
    if prefix is NOTHING:
        return Report.objects.none()
    return Report.objects.filter(unit__path__startswith=prefix)


def extensions_visible_to(*, user, period: ReportingPeriod) -> QuerySet[DeadlineExtension]:
    """The period's extensions inside `user`'s scope: for one of its units, or for all granted
    by someone of its tree (a province's "every unit" is that province's only)."""
    prefix = scope_path_for_user(user)
    if prefix is NOTHING:
        return DeadlineExtension.objects.none()
    return period.extensions.filter(
        Q(unit__path__startswith=prefix) | Q(unit__isnull=True, granted_by__unit__path__startswith=prefix)
    ).select_related("unit", "granted_by")


def get_report_for_user(user, pk) -> Report:
    """Report `pk` if `user` may see it; 404 otherwise."""
    return get_object_or_404(reports_visible_to(user).select_related("unit", "period", "period__plan"), pk=pk)


def periods_of_active_plans(*, user) -> QuerySet[ReportingPeriod]:
    """The periods of the active plans `user` may read (shared by all, or their province's):
    never another province's own plan's."""
    return ReportingPeriod.objects.filter(plan__in=plans_for_user(user=user)).select_related("plan")


def reports_of_unit(*, unit) -> QuerySet[Report]:
    """A unit's reports in the active plans, oldest period first."""
    return (
        Report.objects.filter(unit=unit, period__plan__is_active=True)
        .select_related("period", "period__plan")  # two plans may be active: each row names its own
        .order_by("period__year", "period__kind")
    )


def unit_page_reports(*, unit) -> dict:
    """The part of a unit's page (unions.views.union_detail) that lists the unit's reports."""
    return {"reports": reports_of_unit(unit=unit)}


def report_indicators(*, report: Report) -> list:
    """The plan's indicators that this report asks, in the plan's order (one query)."""
    level, annual = report.unit_level, report.period.is_annual
    return [
        i for i in Indicator.objects.filter(plan_id=report.period.plan_id).select_related("target", "task_group")
        .order_by("order", "code")
        if i.applies_to_period(level=level, annual=annual)
    ]


def report_values(*, report: Report | None) -> dict[int, object]:
    """The report's values by indicator id (one query)."""
    if report is None:
        return {}
    return {v.indicator_id: v.value for v in report.values.select_related("indicator")}


def report_sections(*, report: Report, values: dict[int, object] | None = None,
                    previous: dict[int, object] | None = None) -> list[dict]:
    """The report's indicators in the plan's order: one section per target (part A), per
    task group (part B) and the closing part C, each row with its value (and the previous
    period's, when given). A fixed number of queries, whatever the plan's size."""
    values = report_values(report=report) if values is None else values
    sections: dict[tuple, dict] = {}
    for indicator in report_indicators(report=report):
        if indicator.target_id:
            key, title, intro = ("A", indicator.target.order), str(indicator.target), indicator.target.text
        elif indicator.task_group_id:
            key, title, intro = ("B", indicator.task_group.number), str(indicator.task_group), ""
        else:
            key, title, intro = ("C", 0), None, ""
        section = sections.setdefault(key, {"part": key[0], "title": title, "intro": intro, "rows": []})
        section["rows"].append({
            "indicator": indicator,
            "value": values.get(indicator.pk),
            "previous": None if previous is None else previous.get(indicator.pk),
        })
    return [sections[key] for key in sorted(sections)]


def report_previous(*, report: Report) -> Report | None:
    """The same unit's report for the period before, if it had one."""
    return (
        Report.objects.filter(unit_id=report.unit_id, period__plan_id=report.period.plan_id)
        .filter(Q(period__year__lt=report.period.year)
                | Q(period__year=report.period.year, period__kind__lt=report.period.kind))
        .select_related("period")
        .order_by("-period__year", "-period__kind")
        .first()
    )


def reports_to_review(*, user, statuses=(Report.Status.SUBMITTED,)) -> QuerySet[Report]:
    """Submitted reports waiting for `user` (or, with `statuses`, those reports in other steps):
    upper-level officers get their grassroots unions', the Board every unit's of the province."""
    # What the person may review: a national Board reads the provinces' reports, reviews none.
    reports = reports_visible_to(user).filter(status__in=statuses).exclude(unit_id=user.unit_id)
    if user.unit is not None and user.unit.level == Level.NATIONAL and not user.is_superuser:
        reports = reports.filter(unit__in=unions_writable_by(user).values("pk"))
    if user.role == Role.UPPER_OFFICER:
        reports = reports.filter(unit_level=Level.GRASSROOTS)
    elif user.role != Role.POLICY_LAW_BOARD:
        return Report.objects.none()
    return reports.select_related("unit", "period").order_by("-period__year", "-period__kind", "submitted_at")


def reports_for_own_review(reports: QuerySet[Report], *, user) -> QuerySet[Report]:
    """Of `reports`, those that wait for `user` themselves and for no one in between: for the
    Board, the upper-level unions' reports (a grassroots union's is its upper-level union's to
    review first, as the tree allows no grassroots union directly below the province)."""
    if user.role != Role.POLICY_LAW_BOARD:
        return reports
    return reports.exclude(unit_level=Level.GRASSROOTS)


def review_branches(*, user) -> list:
    """The upper-level unions directly below the reviewer's unit, to filter the queue by branch."""
    if user.unit is None or user.unit.level == Level.GRASSROOTS:
        return []
    return list(union_subtree(union=user.unit, include_self=False).filter(depth=user.unit.depth + 1)
                .exclude(level=Level.GRASSROOTS).order_by("name"))


def report_history(*, report: Report) -> list[dict]:
    """Every step and every value change of the report, oldest first (two queries); each
    change's values shown as the portal shows them everywhere (1.234.567 ₫, 15/03/2023, Có)."""
    steps = [{"at": e.at, "by": e.by, "event": e} for e in report.events.select_related("by")]
    changes = []
    for c in report.value_changes.select_related("by", "indicator"):
        kind = kind_of(c.indicator)
        shown = [kind.display(kind.from_canonical(text)) if text else "∅" for text in (c.old, c.new)]
        changes.append({"at": c.at, "by": c.by, "change": c, "old": shown[0], "new": shown[1]})
    return sorted(steps + changes, key=lambda item: (item["at"], "change" in item))


def report_return_reason(*, report: Report):
    """The step that sent the report back to its unit — a return, or the reopening of an
    accepted report — while it is waiting for correction; None once it is sent again (or was
    never returned). Found by walking the report's steps, so a later draft save, an extension
    or the Board unlocking the period never takes the reason's place. One query."""
    if report.status != Report.Status.RETURNED:
        return None
    Action = ReportEvent.Action
    state, reason = None, None
    for event in report.events.exclude(action__in=[Action.SAVED, Action.EXTENDED]).select_related("by").order_by("at", "pk"):
        if event.action == Action.RETURNED or (event.action == Action.REOPENED and state == Action.ACCEPTED):
            reason = event
            state = Action.RETURNED
        elif event.action in (Action.SUBMITTED, Action.ACCEPTED):
            state, reason = event.action, None
    return reason


EXTENSION_CHOICES_LIMIT = 500


def extension_candidates(*, period: ReportingPeriod, user, search: str = "", chosen: list[str] | None = None) -> list[Report]:
    """The reports of the period the Board may extend, for choosing units by name or code: those
    matching `search` (name or code), or without a search those still to send (not sent or
    returned), always with the `chosen` units' first. One query, at most 500 rows."""
    # The part of the tree the Board may change: its province (a national Board: none).
    reports = Report.objects.filter(period=period, unit__in=unions_writable_by(user).values("pk")).select_related("unit")
    chosen = [code for code in (chosen or []) if code]
    if search:
        found = text_search(reports, search, "unit__name", "unit__code")
    else:
        found = reports.exclude(status__in=[Report.Status.SUBMITTED, Report.Status.ACCEPTED, Report.Status.WITHDRAWN])
    rows = list(reports.filter(Q(pk__in=found.values("pk")[:EXTENSION_CHOICES_LIMIT]) | Q(unit__code__in=chosen))
                .order_by("unit_path"))
    parents = union_parent_names(units=[row.unit for row in rows])
    for row in rows:
        row.chosen = row.unit.code in chosen
        row.unit.parent_name = parents.get(row.unit.pk, "")
    return rows


def extension_units(*, period: ReportingPeriod, user):
    """The units an extension of the period may name: those the Board may change, with a report then."""
    return unions_writable_by(user).filter(reports__period=period)


def report_ids_of_units(*, user, period: ReportingPeriod, units) -> dict[int, int]:
    """The period's report id of each unit (by unit id) that `user` may open: the dashboard's
    rows and lists link to them. One query."""
    return dict(reports_visible_to(user).filter(period=period, unit__in=[u for u in units if u])
                .values_list("unit_id", "pk"))
