from django.contrib import admin

from accounts.admin_access import SharedByAllProvinces

from .models import Indicator, IndicatorRule, Plan, TaskGroup, Target
from .services import plan_fields_open, plan_has_sent_reports


class MeaningKept:
    """The admin follows plans/services.py's rule: once a report is sent on the plan, what would
    change the meaning of a sent figure is read-only here too, and no row can be deleted or added."""

    def _plan_of(self, obj):
        if obj is None:
            return None
        return obj if isinstance(obj, Plan) else obj.plan

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        plan = self._plan_of(obj)
        if plan is None or not plan_has_sent_reports(plan=plan):
            return fields
        model = self.model
        open_fields = plan_fields_open(plan=plan, model=model) if model in (Plan, Target, TaskGroup, Indicator) else ()
        return fields + [f.name for f in model._meta.fields if f.editable and f.name not in open_fields
                         and f.name not in fields]

    def has_delete_permission(self, request, obj=None):
        plan = self._plan_of(obj)
        if plan is not None and plan_has_sent_reports(plan=plan):
            return False
        return super().has_delete_permission(request, obj)

    def has_add_permission(self, request, *args):
        # an inline is asked with its parent plan (None on the plan's add page)
        plan = args[0] if args and isinstance(args[0], Plan) else None
        if plan is not None and plan_has_sent_reports(plan=plan):
            return False
        return super().has_add_permission(request, *args)


class TargetInline(MeaningKept, SharedByAllProvinces, admin.TabularInline):
    model = Target
    extra = 0
    fields = ("code", "number", "order", "short_name", "measure", "threshold", "threshold_year", "annual_only",
              "for_province", "for_upper", "for_grassroots")


class TaskGroupInline(MeaningKept, SharedByAllProvinces, admin.TabularInline):
    model = TaskGroup
    extra = 0
    fields = ("number", "title")


@admin.register(Plan)
class PlanAdmin(MeaningKept, SharedByAllProvinces, admin.ModelAdmin):
    province_lookup = "province"
    list_display = ("code", "title", "first_year", "last_year", "is_active")
    inlines = [TargetInline, TaskGroupInline]


@admin.register(Indicator)
class IndicatorAdmin(MeaningKept, SharedByAllProvinces, admin.ModelAdmin):
    province_lookup = "plan__province"
    list_display = ("code", "label", "kind", "role", "target", "task_group", "required", "annual_only")
    list_filter = (("plan", admin.RelatedOnlyFieldListFilter), "kind", "role")
    search_fields = ("code", "label")
    ordering = ("plan", "order")


@admin.register(IndicatorRule)
class IndicatorRuleAdmin(MeaningKept, SharedByAllProvinces, admin.ModelAdmin):
    province_lookup = "plan__province"
    list_display = ("plan", "first", "kind", "second", "message")
    list_filter = (("plan", admin.RelatedOnlyFieldListFilter),)
    raw_id_fields = ("first", "second")


@admin.register(Target)
class TargetAdmin(MeaningKept, SharedByAllProvinces, admin.ModelAdmin):
    province_lookup = "plan__province"
    list_display = ("code", "short_name", "plan", "measure", "threshold", "threshold_year", "annual_only")
    list_filter = (("plan", admin.RelatedOnlyFieldListFilter),)
