from django.contrib import admin, messages
from django.db.models import Q
from django.utils.translation import gettext_lazy as _, ngettext

from accounts.admin_access import NationalAndOwnProvinceRows, NationalOnly, PeriodOfOwnPlans
from unions.selectors import scope_path_for_user, unions_writable_by

from .models import Notification, Reminder, ReminderPolicy, ReminderRun
from .planning import reminders_requeue
from .tasks import dispatch


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(NationalAndOwnProvinceRows, admin.ModelAdmin):
    """Read here: the national default and each province's own policy, within the person's
    scope. They change only on the Board's policy page, through reminder_policy_update, so that
    each province's Board changes its own province's only."""

    list_display = ("__str__", "province", "is_active", "days_before", "on_the_day", "overdue_after_days",
                    "overdue_every_days", "escalate", "digest_weekday", "updated_by", "updated_at")
    list_select_related = ("province", "updated_by")


@admin.register(ReminderRun)
class ReminderRunAdmin(NationalOnly, admin.ModelAdmin):
    """Each run's totals are the whole country's: a national officer's to read."""

    list_display = ("day", "source", "started_at", "planned", "counts")
    list_filter = ("source",)
    date_hierarchy = "day"


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ("planned_on", "kind", "step", "period", "report", "recipient_unit", "status", "attempts",
                    "sent_at", "recipients")
    list_filter = ("status", "kind", ("period", PeriodOfOwnPlans))
    search_fields = ("report__unit__name", "report__unit__code", "recipients")
    list_select_related = ("period", "report__unit", "report__period", "recipient_unit")
    date_hierarchy = "planned_on"
    show_full_result_count = False
    actions = ["send_again"]
    readonly_fields = [f.name for f in Reminder._meta.fields]

    def get_queryset(self, request):
        # The reminders about units of the person's own tree (a digest: its province's).
        prefix = scope_path_for_user(request.user)
        queryset = super().get_queryset(request)
        if prefix is None:
            return queryset.none()
        return queryset.filter(Q(report__unit__path__startswith=prefix)
                               | Q(report__isnull=True, recipient_unit__path__startswith=prefix))

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Send the failed reminders again"))
    def send_again(self, request, queryset):
        mine = unions_writable_by(request.user).values("pk")  # a national role re-sends no province's
        failed = queryset.filter(status=Reminder.Status.FAILED, recipient_unit__in=mine).values_list("pk", flat=True)
        chunks = reminders_requeue(ids=list(failed))
        dispatch(chunks)
        count = sum(len(chunk) for chunk in chunks)
        self.message_user(request, ngettext("%(n)d reminder queued again.", "%(n)d reminders queued again.", count)
                          % {"n": count}, messages.SUCCESS)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read here, within the person's scope: notices are made by the reminders only (a notice
    added or pointed here at another province's reminder, unit or person would read or forge
    across provinces)."""

    list_display = ("created_at", "user", "kind", "period", "unit", "read_at")
    list_filter = ("kind",)
    search_fields = ("user__username", "unit__name")
    list_select_related = ("user", "period", "unit")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        prefix = scope_path_for_user(request.user)
        queryset = super().get_queryset(request)
        return queryset.none() if prefix is None else queryset.filter(user__unit__path__startswith=prefix)
