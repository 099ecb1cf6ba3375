from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin, UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from unions.search import text_search
from unions.selectors import scope_path_for_user, unions_writable_by

from . import services
from .admin_access import NationalOnly
from .admin_forms import PasswordForm, UserAddForm, UserEditForm, permission_formfield
from .models import User

# What only a superuser grants: a provincial administrator never sees these fields, and the
# services refuse them anyway (accounts/services.py).
RIGHTS_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserEditForm
    add_form = UserAddForm
    change_password_form = PasswordForm
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("last_name", "first_name", "email", "phone")}),
        (_("Unit and role"), {"fields": ("unit", "role")}),
        (_("Permissions"), {"fields": ("is_active", *RIGHTS_FIELDS)}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
        (_("Personal info"), {"fields": ("last_name", "first_name", "email", "phone")}),
        (_("Unit and role"), {"fields": ("unit", "role")}),
    )
    list_display = ("username", "full_name", "email", "unit", "role", "is_active")
    list_filter = ("role", "is_active", "unit__level")
    search_fields = ("username", "first_name", "last_name", "email", "unit__name", "unit__code")
    autocomplete_fields = ("unit",)
    list_select_related = ("unit",)

    @admin.display(description=_("full name"), ordering="last_name")
    def full_name(self, obj):
        return obj.get_full_name()

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

    def get_search_results(self, request, queryset, search_term):
        # Marks and case ignored: "nguyen thi lan" finds Nguyễn Thị Lan, "cua tung" her unit.
        return text_search(queryset, search_term, *self.search_fields), False

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

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        return permission_formfield(formfield) if db_field.name == "user_permissions" else formfield

    def get_deleted_objects(self, objs, request):
        # An account's links to its groups and permissions go with it; Django would list each as
        # "User_user_permissions object (43)", which tells a person nothing.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        links = {capfirst(f.remote_field.through._meta.verbose_name) for f in User._meta.many_to_many}
        plural = {f.remote_field.through._meta.verbose_name_plural for f in User._meta.many_to_many}

        def without_links(items):
            kept = []
            for item in items:
                if isinstance(item, list):
                    item = without_links(item)
                    if not item:
                        continue
                elif any(str(item).startswith(f"{link}:") for link in links):
                    continue
                kept.append(item)
            return kept

        counts = {name: n for name, n in counts.items() if name not in plural}
        return without_links(deleted), counts, perms_needed, protected

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

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        return permission_formfield(formfield) if db_field.name == "permissions" else formfield

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
        # axes' own columns "status" and "expiration" have no translatable heading.
        headings = {name: admin.display(description=label)(getattr(model_admin, name))
                    for name, label in (("status", _("status")), ("expiration", _("Expires At")))
                    if hasattr(model_admin, name)}
        admin.site.register(model, type(model_admin.__name__, (NationalOnly, model_admin), headings))
