"""The bell's list, and the Board's pages: the reminder log, the policy and who is missing.
Thin views: the selectors decide what a person sees, the services change things."""
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.forms import form_errors_from
from plans.selectors import plans_for_user
from reporting.models import ReportingPeriod
from unions.selectors import user_province

from . import planning, services
from .forms import ReminderPolicyForm
from .models import Reminder
from .schedule import reminder_calendar
from .selectors import (
    get_notification_for_user, missing_page, notifications_for_user, open_periods, recent_runs,
    reminder_policy, reminders_for_log, require_board, unread_count,
)


@require_GET
@login_required
def notification_list(request):
    page = Paginator(notifications_for_user(user=request.user), 30).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page, "unread": unread_count(user=request.user)})


@require_GET
@login_required
def notification_open(request, pk):
    """Mark the notification read and go where it points (inside the portal only)."""
    notification = get_notification_for_user(request.user, pk)
    services.notifications_mark_read(user=request.user, ids=[notification.pk])
    if url_has_allowed_host_and_scheme(notification.url, allowed_hosts={request.get_host()}):
        return redirect(notification.url)
    return redirect("notifications:list")


@require_POST
@login_required
def notifications_mark_read(request):
    services.notifications_mark_read(user=request.user)
    return redirect("notifications:list")


@require_GET
@login_required
def reminder_log(request):
    scope = require_board(request.user)
    filters = {name: request.GET.get(name, "") for name in ("period", "kind", "status")}
    reminders = reminders_for_log(scope=scope, **filters)
    by_status = dict(reminders.order_by().values_list("status").annotate(n=Count("pk")))
    return render(request, "notifications/log.html", {
        "page": Paginator(reminders, 50).get_page(request.GET.get("page")),
        "filters": filters,
        "by_status": [(value, label, by_status.get(value, 0)) for value, label in Reminder.Status.choices],
        "periods": ReportingPeriod.objects.filter(plan__in=plans_for_user(user=request.user)).order_by("-year", "-kind"),
        "kinds": Reminder.Kind.choices,
        "statuses": Reminder.Status.choices,
        # A run plans the whole installation's reminders: its totals are the nation's, shown to a
        # national Board only; a province's Board reads its own reminders above.
        "runs": recent_runs() if user_province(request.user) is None else None,
    })


@require_http_methods(["GET", "POST"])
@login_required
def reminder_policy_edit(request):
    scope = require_board(request.user)
    province = user_province(request.user)  # None: a national Board, who edits the national default
    policy = reminder_policy(province=province)
    form = ReminderPolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        try:
            services.reminder_policy_update(by=request.user, **{name: form.cleaned_data[name] for name in form.fields})
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("The reminder policy was saved."))
            return redirect("notifications:policy")
    policy = reminder_policy(province=province)  # as saved: the form may hold rejected values
    calendars = [
        (period, [(day, Reminder.Kind(kind).label, Reminder(kind=kind, step=step).step_display())
                  for day, kind, step in reminder_calendar(due_on=period.deadline, policy=policy,
                                                           until=period.deadline + datetime.timedelta(days=35))])
        for period in open_periods().filter(plan__in=plans_for_user(user=request.user))
    ]
    counts = planning.reminders_plan(today=timezone.localdate(), dry_run=True, scope=scope).counts
    return render(request, "notifications/policy.html", {
        "form": form, "policy": policy, "calendars": calendars, "province": province,
        "preview": [(label, counts.get(value, 0)) for value, label in Reminder.Kind.choices],
    }, status=400 if form.errors else 200)


@require_GET
@login_required
def missing_reports(request, pk):
    require_board(request.user)
    period = get_object_or_404(ReportingPeriod.objects.select_related("plan").filter(
        plan__in=plans_for_user(user=request.user)), pk=pk)
    return render(request, "notifications/missing.html", {
        "period": period, "missing": missing_page(period=period, today=timezone.localdate(), unit=request.user.unit,
                                                  number=request.GET.get("page")),
    })
