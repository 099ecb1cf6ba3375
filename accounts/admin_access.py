"""What the provinces share (the plan, its indicators, the reporting periods) is changed in
the admin by a superuser only: a provincial administrator reads it, and changing it would
change it for every province; what tells of every province is shown to a national officer only."""
from django.contrib import admin
from django.db.models import Q

from unions.selectors import scope_path_for_user, user_province


class SharedByAllProvinces:
    """A ModelAdmin mixin: view for staff with the view right, add/change/delete and actions
    for superusers. Where a row may instead belong to one province (a province's own plan, its
    targets, indicators, rules and periods), `province_lookup` names the way to that province:
    a provincial person then lists the shared rows and their own province's only."""

    province_lookup: str | None = None

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        limit = shared_or_own(request.user, self.province_lookup) if self.province_lookup else None
        return queryset if limit is None else queryset.filter(limit)

    def has_add_permission(self, request, *args):
        return request.user.is_superuser and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def get_actions(self, request):
        return super().get_actions(request) if request.user.is_superuser else {}


def sees_the_whole_country(user) -> bool:
    """Whether `user` acts for the whole country: an administrator without a unit, or an
    officer of the confederation (no province above their unit)."""
    return scope_path_for_user(user) is not None and user_province(user) is None


class NationalOnly:
    """A ModelAdmin mixin for what belongs to no province but tells of all of them (the
    reminder runs' national totals, every sign-in attempt with its user name and address):
    shown to those who act for the whole country only, and never changed here."""

    def has_module_permission(self, request):
        return sees_the_whole_country(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return sees_the_whole_country(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return sees_the_whole_country(request.user) and request.user.is_superuser and super().has_delete_permission(
            request, obj)


def shared_or_own(user, lookup: str) -> Q | None:
    """Rows shared by every province or of `user`'s own, by `lookup` (the way to the owning
    province); None when `user` acts for the whole country (every row)."""
    if sees_the_whole_country(user):
        return None
    province = user_province(user)
    shared = Q(**{f"{lookup}__isnull": True})
    return shared | Q(**{lookup: province}) if province else shared


class PeriodOfOwnPlans(admin.RelatedFieldListFilter):
    """A period filter that offers the periods of the shared plans and of the person's own
    province's, never another province's."""

    def field_choices(self, field, request, model_admin):
        limit = shared_or_own(request.user, "plan__province")
        if limit is None:
            return super().field_choices(field, request, model_admin)
        return field.get_choices(include_blank=False, limit_choices_to=limit)


class NationalAndOwnProvinceRows:
    """A ModelAdmin mixin for a setting kept as a national row (no province) plus each
    province's own (the reminder policy, the data-quality thresholds): listed within the
    person's scope, never changed here — each province's Board changes its own on its page."""

    def get_queryset(self, request):
        prefix = scope_path_for_user(request.user)
        queryset = super().get_queryset(request)
        if prefix is None:
            return queryset.none()
        return queryset.filter(Q(province__isnull=True) | Q(province__path__startswith=prefix))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
