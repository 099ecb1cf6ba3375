from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .selectors import plan_outline, plans_for_board, plans_for_user


@require_GET
@login_required
def plan_detail(request, code=None):
    others = list(plans_for_user(user=request.user))
    if code:  # an active plan the person reads, or a draft of their own province's for its Board
        readable = {p.code: p for p in others}
        plan = readable.get(code)
        if plan is None and request.user.is_board:
            plan = plans_for_board(user=request.user).filter(code=code).first()
        if plan is None:
            raise Http404
    else:
        plan = others[0] if others else None
    context = {"plan": plan, "plans": others if len(others) > 1 else []}  # two active: choose
    if plan is not None:
        context.update(plan_outline(plan=plan))
    return render(request, "plans/plan_detail.html", context)
