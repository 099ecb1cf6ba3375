from django.contrib import admin

from accounts.admin_access import SharedByAllProvinces

from .models import Indicator, IndicatorRule, Plan, TaskGroup, Target


class TargetInline(SharedByAllProvinces, admin.TabularInline):
    model = Target
    extra = 0
    fields = ("code", "number", "order", "short_name", "measure", "threshold", "threshold_year", "annual_only",
              "for_province", "for_upper", "for_grassroots")


class TaskGroupInline(SharedByAllProvinces, admin.TabularInline):
    model = TaskGroup
    extra = 0
    fields = ("number", "title")


@admin.register(Plan)
class PlanAdmin(SharedByAllProvinces, admin.ModelAdmin):
    list_display = ("code", "title", "first_year", "last_year", "is_active")
    inlines = [TargetInline, TaskGroupInline]


@admin.register(Indicator)
class IndicatorAdmin(SharedByAllProvinces, admin.ModelAdmin):
    list_display = ("code", "label", "kind", "role", "target", "task_group", "required", "annual_only")
    list_filter = ("plan", "kind", "role", "target", "task_group")
    search_fields = ("code", "label")
    ordering = ("plan", "order")


@admin.register(IndicatorRule)
class IndicatorRuleAdmin(SharedByAllProvinces, admin.ModelAdmin):
    list_display = ("plan", "first", "kind", "second", "message")
    list_filter = ("plan",)
    raw_id_fields = ("first", "second")


@admin.register(Target)
class TargetAdmin(SharedByAllProvinces, admin.ModelAdmin):
    list_display = ("code", "short_name", "plan", "measure", "threshold", "threshold_year", "annual_only")
    list_filter = ("plan",)
