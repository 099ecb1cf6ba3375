from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET
from django.shortcuts import render

from plans.selectors import active_plan
from unions.selectors import union_ancestors_for_user

from .selectors import get_report_for_user, report_sections, reports_of_unit


@require_GET
@login_required
def home(request):
    unit = request.user.unit
    context = {"plan": active_plan()}
    if unit is not None:
        context.update(unit=unit, ancestors=union_ancestors_for_user(union=unit, user=request.user), reports=reports_of_unit(unit=unit))
    return render(request, "reporting/home.html", context)


@require_GET
@login_required
def report_detail(request, pk):
    report = get_report_for_user(request.user, pk)
    return render(request, "reporting/report_detail.html", {
        "report": report,
        "sections": report_sections(report=report),
        "events": report.events.select_related("by"),
    })
