"""The Board's data-quality pages: thin views over quality.selectors and quality.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from plans.models import Indicator
from plans.selectors import active_plan
from reporting.selectors import periods_of_active_plans
from unions.selectors import user_province

from . import services
from .checks import CHECKED_KINDS
from .exports import quality_workbook
from .forms import ThresholdForm
from .selectors import quality_board, threshold_rows


def _board_only(request):
    if not request.user.is_board or request.user.unit is None:
        raise PermissionDenied


def _chosen_period(request):
    periods = periods_of_active_plans(user=request.user)
    code = request.GET.get("period", "")
    if code:  # two plans may both have a 2024-H1: the newest plan's
        found = periods.filter(code=code).order_by("-plan__first_year", "plan__code").first()
        if found is None:
            raise Http404
        return found
    return periods.filter(is_open=True).order_by("-year", "-kind").first() or periods.order_by("-year", "-kind").first()


@require_GET
@login_required
def board(request):
    _board_only(request)
    period = _chosen_period(request)
    if period is None:
        return render(request, "compliance/dashboard_empty.html")
    return render(request, "quality/board.html", {
        "board": quality_board(period=period, scope=request.user.unit), "period": period,
        "periods": periods_of_active_plans(user=request.user).order_by("-year", "-kind"),
    })


@require_GET
@login_required
def board_workbook(request):
    _board_only(request)
    period = _chosen_period(request)
    if period is None:
        raise PermissionDenied
    with translation.override("vi"):  # a file the Board passes on: Vietnamese whatever the screen's language
        content = quality_workbook(board=quality_board(period=period, scope=request.user.unit))
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="so-lieu-can-kiem-tra-{period.code}-{request.user.unit.code}.xlsx"'
    return response


@require_GET
@login_required
def thresholds(request):
    _board_only(request)
    plan = active_plan(user=request.user)
    province = user_province(request.user)
    rows = threshold_rows(plan=plan, province=province) if plan else []
    for row in rows:
        row["form"] = ThresholdForm(rule=row["rule"], indicator=row["indicator"], plan=plan)
    return render(request, "quality/thresholds.html", {"rows": rows, "plan": plan, "province": province})


@require_POST
@login_required
def threshold_edit(request, pk):
    _board_only(request)
    plan = active_plan(user=request.user)
    indicator = get_object_or_404(Indicator, pk=pk, plan=plan, kind__in=CHECKED_KINDS)
    if request.POST.get("action") == "reset":
        services.threshold_reset(indicator=indicator, by=request.user)
        back = _("the national thresholds") if user_province(request.user) else _("the default thresholds")
        messages.success(request, _("%(code)s: back to %(back)s.") % {"code": indicator.code, "back": back})
        return redirect("quality:thresholds")
    form = ThresholdForm(request.POST, rule=None, indicator=indicator, plan=plan)
    if form.is_valid():
        services.threshold_save(indicator=indicator, by=request.user, **form.cleaned_data)
        messages.success(request, _("%(code)s: thresholds saved.") % {"code": indicator.code})
    else:
        messages.error(request, _("%(code)s: %(errors)s") % {
            "code": indicator.code, "errors": " ".join(m for errors in form.errors.values() for m in errors)})
    return redirect("quality:thresholds")
