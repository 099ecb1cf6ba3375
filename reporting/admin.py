from django.contrib import admin

from .models import Report, ReportEvent, ReportingPeriod


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ("code", "plan", "kind", "starts_on", "ends_on", "deadline", "is_open")
    list_filter = ("plan", "kind", "is_open")


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("unit", "period", "status", "due_on", "submitted_at", "submitted_late")
    list_filter = ("period", "status", "submitted_late", "unit_level")
    search_fields = ("unit__name", "unit__code")
    list_select_related = ("unit", "period")
    raw_id_fields = ("unit",)
    readonly_fields = ("unit_path", "unit_level", "version")
    show_full_result_count = False


@admin.register(ReportEvent)
class ReportEventAdmin(admin.ModelAdmin):
    list_display = ("report", "action", "by", "at")
    list_filter = ("action",)
    raw_id_fields = ("report", "by")
