"""The thresholds and the confirmed figures in the Django admin, to read: both are written
through quality.services only."""
from django.contrib import admin

from accounts.admin_access import NationalAndOwnProvinceRows
from unions.selectors import scope_path_for_user

from .models import ConfirmedFigure, Threshold


@admin.register(Threshold)
class ThresholdAdmin(NationalAndOwnProvinceRows, admin.ModelAdmin):
    """Read here: the national thresholds and each province's own, within the person's scope.
    They change only on the Board's page of thresholds, through quality.services, so that each
    province's Board tunes its own province's only."""

    list_display = ("indicator", "province", "enabled", "floor", "previous_factor", "peer_factor", "min_peers",
                    "per_member", "per_member_times")
    list_select_related = ("indicator", "province", "per_member_times")


@admin.register(ConfirmedFigure)
class ConfirmedFigureAdmin(admin.ModelAdmin):
    """What officers confirmed as typed: read only, it is their word."""

    list_display = ("report", "indicator", "canonical", "checks", "confirmed_by", "confirmed_at")
    list_select_related = ("report__unit", "report__period", "indicator", "confirmed_by")
    readonly_fields = [f.name for f in ConfirmedFigure._meta.fields]

    def get_queryset(self, request):
        prefix = scope_path_for_user(request.user)
        queryset = super().get_queryset(request)
        return queryset.none() if prefix is None else queryset.filter(report__unit__path__startswith=prefix)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
