"""Reads of periods and reports, always through the person's scope."""
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from unions.selectors import NOTHING, scope_path_for_user

from .models import Report, ReportingPeriod


def reports_visible_to(user) -> QuerySet[Report]:
    """The reports of the units `user` may see (today's tree)."""
    prefix = scope_path_for_user(user)
    if prefix is NOTHING:
        return Report.objects.none()
    return Report.objects.filter(unit__path__startswith=prefix)


def get_report_for_user(user, pk) -> Report:
    """Report `pk` if `user` may see it; 404 otherwise."""
    return get_object_or_404(reports_visible_to(user).select_related("unit", "period", "period__plan"), pk=pk)


def periods_of_active_plans() -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.filter(plan__is_active=True).select_related("plan")


def reports_of_unit(*, unit) -> QuerySet[Report]:
    """A unit's reports in the active plans, oldest period first."""
    return (
        Report.objects.filter(unit=unit, period__plan__is_active=True)
        .select_related("period")
        .order_by("period__year", "period__kind")
    )


def report_sections(*, report: Report) -> list[dict]:
    """The report's values in the plan's order: one section per target (part A), per
    task group (part B) and the closing part C. Three queries, whatever the plan's size."""
    from plans.models import Indicator

    level, annual = report.unit_level, report.period.is_annual
    indicators = [
        i for i in Indicator.objects.filter(plan=report.period.plan).select_related("target", "task_group")
        if i.applies_to_period(level=level, annual=annual)
    ]
    values = {v.indicator_id: v for v in report.values.all()}
    sections: dict[tuple, dict] = {}
    for indicator in indicators:
        if indicator.target_id:
            key = ("A", indicator.target.order)
            title = str(indicator.target)
        elif indicator.task_group_id:
            key = ("B", indicator.task_group.number)
            title = str(indicator.task_group)
        else:
            key, title = ("C", 0), None
        section = sections.setdefault(key, {"part": key[0], "title": title, "rows": []})
        value = values.get(indicator.pk)
        section["rows"].append({"indicator": indicator, "value": None if value is None else _value_of(value, indicator)})
    return [sections[key] for key in sorted(sections)]


def _value_of(value, indicator):
    value.indicator = indicator  # already loaded: spare the query
    return value.value
