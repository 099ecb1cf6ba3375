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
