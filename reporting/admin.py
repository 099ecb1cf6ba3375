from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _, ngettext

from accounts.admin_access import PeriodOfOwnPlans, SharedByAllProvinces
from unions.selectors import scope_path_for_user

from .models import Report, ReportEvent, ReportingPeriod
from .periods import period_generate_reports


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(SharedByAllProvinces, admin.ModelAdmin):
    province_lookup = "plan__province"
    list_display = ("code", "plan", "kind", "starts_on", "ends_on", "deadline", "is_open")
    list_filter = (("plan", admin.RelatedOnlyFieldListFilter), "kind", "is_open")
    actions = ["generate_reports"]

    @admin.action(description=_("Make the reports of the units expected in these periods"))
    def generate_reports(self, request, queryset):
        """After the tree changed (units added, moved, closed): every expected unit gets its
        report, every report its place in the tree as it stood on the period's due date."""
        created = sum(period_generate_reports(period=period) for period in queryset)
        self.message_user(request, ngettext("%(n)d report made.", "%(n)d reports made.", created) % {"n": created},
                          messages.SUCCESS)


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Reports are read here; they change only through the portal's services, which keep the
    audit trail and the kept roll-ups."""

    list_display = ("unit", "period", "status", "due_on", "submitted_at", "submitted_late")
    list_filter = (("period", PeriodOfOwnPlans), "status", "submitted_late", "unit_level")
    search_fields = ("unit__name", "unit__code")
    list_select_related = ("unit", "period")
    show_full_result_count = False
    exclude = ("unit_path", "unit_level", "version")  # copies of the unit kept for roll-ups; the save lock

    def get_queryset(self, request):
        prefix = scope_path_for_user(request.user)
        queryset = super().get_queryset(request)
        return queryset.none() if prefix is None else queryset.filter(unit__path__startswith=prefix)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReportEvent)
class ReportEventAdmin(admin.ModelAdmin):
    """The audit trail is read here, never written: append-only (see reporting.models.AppendOnly)."""

    list_display = ("report", "action", "by", "at")
    list_filter = ("action",)
    raw_id_fields = ("report", "by")
    actions = None

    def get_queryset(self, request):
        prefix = scope_path_for_user(request.user)
        queryset = super().get_queryset(request)
        return queryset.none() if prefix is None else queryset.filter(report__unit__path__startswith=prefix)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
