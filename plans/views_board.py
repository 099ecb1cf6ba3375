"""The Board's plan pages (issue 16): list, copy, edit, preview the form of each level, publish.
Thin: the rules and the writes are plans/services.py's."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from reporting.forms import ReportForm

from . import services
from .forms import IndicatorFormSet, PlanCopyForm, PlanForm, TargetFormSet, TaskGroupFormSet, lock_fields
from .models import Indicator, Plan, TaskGroup, Target
from .selectors import get_plan_for_board, plan_preview_sections, plans_for_board


def _board_only(request):
    if not services.plan_can_copy(user=request.user):
        raise PermissionDenied


@require_GET
@login_required
def plan_list(request):
    _board_only(request)
    plans = list(plans_for_board(user=request.user))
    for plan in plans:
        plan.can_change = services.plan_can_change(plan=plan, user=request.user)
    return render(request, "plans/board_list.html", {"plans": plans})


@require_http_methods(["GET", "POST"])
@login_required
def plan_copy(request, plan_pk):
    _board_only(request)
    source = get_plan_for_board(user=request.user, pk=plan_pk, change=False)
    form = PlanCopyForm(request.POST or None, initial={
        "code": f"{source.code}-MOI", "title": source.title,
        "first_year": source.last_year + 1, "last_year": source.last_year + 1 + source.last_year - source.first_year})
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.plan_copy(plan=source, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("The plan was copied: check its wording, thresholds and deadlines, "
                                        "preview the forms, then publish it."))
            return redirect("plans:board_edit", plan_pk=copy.pk)
    return render(request, "plans/board_copy.html", {"form": form, "source": source})


@require_http_methods(["GET", "POST"])
@login_required
def plan_edit(request, plan_pk):
    _board_only(request)
    plan = get_plan_for_board(user=request.user, pk=plan_pk)
    data = request.POST or None
    forms_ = {
        "plan_form": PlanForm(data, instance=plan, prefix="plan"),
        "targets": TargetFormSet(data, queryset=plan.targets.order_by("order"), prefix="t"),
        "groups": TaskGroupFormSet(data, queryset=plan.task_groups.order_by("number"), prefix="g"),
        "indicators": IndicatorFormSet(data, queryset=plan.indicators.select_related("target", "task_group")
                                       .order_by("order", "code"), prefix="i"),
    }
    models = {"plan_form": Plan, "targets": Target, "groups": TaskGroup, "indicators": Indicator}
    for key, model in models.items():
        open_fields = services.plan_fields_open(plan=plan, model=model)
        for form in ([forms_[key]] if key == "plan_form" else forms_[key].forms):
            lock_fields(form, open_fields)
    if request.method == "POST" and all(f.is_valid() for f in forms_.values()):
        edits = []
        for key, value in forms_.items():
            for form in [value] if key == "plan_form" else value.forms:
                if form.changed_data:
                    edits.append((form.instance, {f: form.cleaned_data[f] for f in form.changed_data}))
        try:
            changed = services.plan_edit(plan=plan, by=request.user, edits=edits)
        except ValidationError as error:
            for message in error.messages:
                forms_["plan_form"].add_error(None, message)
        else:
            messages.success(request, _("%(n)d rows of the plan saved.") % {"n": changed})
            return redirect("plans:board_edit", plan_pk=plan.pk)
    return render(request, "plans/board_edit.html", {
        "plan": plan, **forms_, "sent": services.plan_has_sent_reports(plan=plan),
        "published": services.plan_is_published(plan=plan)})


@require_GET
@login_required
def plan_preview(request, plan_pk):
    _board_only(request)
    plan = get_plan_for_board(user=request.user, pk=plan_pk)
    level = request.GET.get("level", "grassroots")
    kind = request.GET.get("kind", "H1")
    preview = plan_preview_sections(plan=plan, level=level, kind=kind)
    form = ReportForm(sections=preview["sections"], initial={"version": 0})
    return render(request, "plans/board_preview.html", {"plan": plan, "form": form, **preview})


@require_POST
@login_required
def plan_publish(request, plan_pk):
    _board_only(request)
    plan = get_plan_for_board(user=request.user, pk=plan_pk)
    try:
        result = services.plan_publish(plan=plan, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Published: %(periods)d periods, %(reports)d reports created, %(open)d periods "
                                    "open.") % result)
    return redirect("plans:board_edit", plan_pk=plan.pk)
