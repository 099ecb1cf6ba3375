from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


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
        # Accounts of the administrator's own part of the tree (a superuser without a unit: all).
        from unions.selectors import scope_path_for_user

        prefix = scope_path_for_user(request.user)
        queryset = super().get_queryset(request)
        if prefix is None:
            return queryset.none()
        return queryset if prefix == "" else queryset.filter(unit__path__startswith=prefix)
