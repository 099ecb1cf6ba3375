"""The thresholds in the Django admin too, written through the service like every other client."""
from django.contrib import admin

from . import services
from .models import ConfirmedFigure, Threshold


@admin.register(Threshold)
class ThresholdAdmin(admin.ModelAdmin):
    list_display = ("indicator", "enabled", "floor", "previous_factor", "peer_factor", "min_peers", "per_member",
                    "per_member_times")
    list_select_related = ("indicator", "per_member_times")
    raw_id_fields = ("indicator", "per_member_times")

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in form.cleaned_data if name != "indicator"}
        saved = services.threshold_save(indicator=form.cleaned_data["indicator"], by=request.user, **fields)
        obj.pk = saved.pk


@admin.register(ConfirmedFigure)
class ConfirmedFigureAdmin(admin.ModelAdmin):
    """What officers confirmed as typed: read only, it is their word."""

    list_display = ("report", "indicator", "canonical", "checks", "confirmed_by", "confirmed_at")
    list_select_related = ("report__unit", "report__period", "indicator", "confirmed_by")
    readonly_fields = [f.name for f in ConfirmedFigure._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
