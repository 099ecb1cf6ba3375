from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin, UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from unions.selectors import scope_path_for_user, unions_writable_by

from . import services
from .admin_access import NationalOnly
from .models import User

# What only a superuser grants: a provincial administrator never sees these fields, and the
# services refuse them anyway (accounts/services.py).
RIGHTS_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + ((_("Unit and role"), {"fields": ("unit", "role", "phone")}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + ((_("Unit and role"), {"fields": ("unit", "role", "email")}),)
    list_display = ("username", "get_full_name", "email", "unit", "role", "is_active")
    list_filter = ("role", "is_active", "unit__level")
    search_fields = ("username", "first_name", "last_name", "email", "unit__name", "unit__code")
    autocomplete_fields = ("unit",)
    list_select_related = ("unit",)

    def get_queryset(self, request):
        # Accounts of the administrator's own part of the tree (a superuser without a unit: all);
        # a superuser's account is a superuser's to see.
        prefix = scope_path_for_user(request.user)
        queryset = super().get_queryset(request)
        if prefix is None:
            return queryset.none()
        if not request.user.is_superuser:
            queryset = queryset.filter(is_superuser=False)
        return queryset if prefix == "" else queryset.filter(unit__path__startswith=prefix)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [(name, {**options, "fields": [f for f in options["fields"] if f not in RIGHTS_FIELDS]})
                for name, options in fieldsets]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = unions_writable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or services.user_changeable_by(by=request.user, user_pk=obj.pk))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or services.user_changeable_by(by=request.user, user_pk=obj.pk))

    def save_model(self, request, obj, form, change):
        try:
            services.user_save(by=request.user, user=obj)
        except ValidationError as error:
            # The form offers nothing that fails here; a forged request ends as a refusal.
            raise PermissionDenied(error.messages) from error

    def save_related(self, request, form, formsets, change):
        if "groups" in form.cleaned_data or "user_permissions" in form.cleaned_data:
            services.user_access_set(by=request.user, user=form.instance,
                                     groups=form.cleaned_data.get("groups", []),
                                     permissions=form.cleaned_data.get("user_permissions", []))
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    """Groups carry permissions: only a superuser changes them."""

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


# Every sign-in attempt, with its user name and address, whatever the province: a national
# officer's to read (axes registers them for every staff member with the view right).
for model, model_admin in ((AccessAttempt, AccessAttemptAdmin), (AccessLog, AccessLogAdmin),
                           (AccessFailureLog, AccessFailureLogAdmin)):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
        admin.site.register(model, type(model_admin.__name__, (NationalOnly, model_admin), {}))
