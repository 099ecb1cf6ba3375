from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET
from django.shortcuts import get_object_or_404, render

from .models import Plan
from .selectors import active_plan, plan_outline, plans_for_user


@require_GET
@login_required
def plan_detail(request, code=None):
    plan = get_object_or_404(Plan, code=code) if code else active_plan()
    others = list(plans_for_user(user=request.user))
    context = {"plan": plan, "plans": others if len(others) > 1 else []}  # two active: choose
    if plan is not None:
        context.update(plan_outline(plan=plan))
    return render(request, "plans/plan_detail.html", context)
