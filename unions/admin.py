"""The hierarchy in the admin: browse it as a tree, search, filter; every change goes
through the services so that the history of placements is kept."""
from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from common.forms import form_errors_from

from . import services
from .fields import UnionChoiceField
from .search import text_search
from .selectors import (union_ancestors_on, union_choice_labels, union_writable_by, unions_visible_to,
                        unions_writable_by)
from .models import Level, Union, UnionPlacement


class OpenFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return [("yes", _("Open")), ("no", _("Closed"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(closed_on__isnull=True)
        if self.value() == "no":
            return queryset.filter(closed_on__isnull=False)
        return queryset


class UnderFilter(admin.SimpleListFilter):
    """Browse one branch: the chosen union and everything below it."""

    title = _("branch")
    parameter_name = "under"

    def lookups(self, request, model_admin):
        branches = list(unions_visible_to(request.user).exclude(level=Level.GRASSROOTS).order_by("path"))
        labels = union_choice_labels(units=branches)
        return [(u.code, labels[u.pk]) for u in branches]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        root = unions_visible_to(request.user).filter(code=self.value()).first()
        return queryset.filter(path__startswith=root.path) if root else queryset.none()


class UnionAdminForm(forms.ModelForm):
    """Checks a new unit, a move or a closure with the services' own rules, so that a wrong
    change is refused at the field and nothing is saved."""

    parent = UnionChoiceField(
        queryset=Union.objects.exclude(level=Level.GRASSROOTS).order_by("path"),
        required=False, label=_("parent union"),
    )
    changed_on = forms.DateField(
        label=_("date of the change"), required=False,
        help_text=_("For a move: the day the unit comes under its new parent (dd/mm/yyyy)."),
    )

    class Meta:
        model = Union
        fields = ["code", "name", "level", "kind", "opened_on", "closed_on", "email", "phone", "member_count"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_parent = self.instance.parent if self.instance.pk else None
        self.was_closed_on = self.instance.closed_on
        if "code" not in self.fields:
            return  # a read-only view (a national role looking at a province's unit): no fields
        if self.by is not None:
            self.fields["parent"].queryset = (
                unions_writable_by(self.by).exclude(level=Level.GRASSROOTS).order_by("path"))
        if self.instance.pk:
            self.fields["parent"].initial = self.current_parent
            self.fields["code"].disabled = True
            self.fields["level"].disabled = True

    def _post_clean(self):
        # The tree fields are the services' to set: never validate or write them here.
        pass

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        # Every rule is the services' own (unions/services.py): asked here, so that a refusal
        # stands at its field and nothing is saved.
        try:
            if self.instance.pk is None:
                services.union_validate_create(parent=data.get("parent"), code=data["code"], level=data["level"],
                                               kind=data["kind"], opened_on=data["opened_on"], by=self.by)
            else:
                services.union_validate_update(union=self.instance, kind=data["kind"], opened_on=data["opened_on"])
                if self.is_move:
                    if data.get("parent") is None:
                        raise ValidationError({"parent": _("Choose the new parent union.")})
                    services.union_validate_move(union=self.instance, new_parent=data["parent"],
                                                 on=data.get("changed_on") or timezone.localdate(), by=self.by)
                if data.get("closed_on") and not self.was_closed_on:
                    services.union_validate_close(union=self.instance, on=data["closed_on"], by=self.by)
        except ValidationError as error:
            form_errors_from(self, error, rename={"on": "changed_on"})
        return data

    @property
    def is_move(self) -> bool:
        return self.instance.pk is not None and self.cleaned_data.get("parent") != self.current_parent


@admin.register(Union)
class UnionAdmin(admin.ModelAdmin):
    form = UnionAdminForm
    list_display = ("indented_name", "code", "level", "kind", "opened_on", "closed_on", "member_count")
    list_filter = ("level", "kind", OpenFilter, UnderFilter)
    search_fields = ("code", "name", "email")
    ordering = ("path",)
    list_per_page = 100
    show_full_result_count = False
    readonly_fields = ("placements_table",)

    def get_queryset(self, request):
        # An administrator of one province sees that province's tree only (a national role sees
        # every province and changes none: has_change_permission).
        return unions_visible_to(request.user)

    def get_search_results(self, request, queryset, search_term):
        # Marks and case ignored ("Cua Tung" finds "Cửa Tùng"), here and in the unit autocomplete.
        return text_search(queryset, search_term, *self.search_fields), False

    def choice_labels(self, units):
        """The autocomplete's labels (config.admin_site): namesakes told apart by code and parent."""
        return union_choice_labels(units=units)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.by = request.user  # a fresh class per request (modelform_factory)
        return form

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or union_writable_by(user=request.user, union=obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or union_writable_by(user=request.user, union=obj))

    def delete_queryset(self, request, queryset):
        # The changelist's "delete selected": only units the person may change.
        if queryset.exclude(pk__in=unions_writable_by(request.user).values("pk")).exists():
            raise PermissionDenied
        super().delete_queryset(request, queryset)

    @admin.display(description=_("name"), ordering="path")
    def indented_name(self, obj):
        return format_html('<span style="padding-left:{}em">{}</span>', 1.5 * (obj.depth - 1), obj.name)

    @admin.display(description=_("history of placements"))
    def placements_table(self, obj):
        rows = []
        for placement in UnionPlacement.objects.filter(union=obj).order_by("valid_from"):
            above = list(union_ancestors_on(union=obj, day=placement.valid_from))
            rows.append((placement.valid_from.strftime("%d/%m/%Y"),
                         placement.valid_until.strftime("%d/%m/%Y") if placement.valid_until else "…",
                         above[-1].name if above else "—"))
        return format_html_join(mark_safe("<br>"), "{} – {}: {}", rows) or "—"

    def get_fields(self, request, obj=None):
        fields = ["parent", "changed_on", *UnionAdminForm.Meta.fields]
        if obj is None:
            return [f for f in fields if f != "closed_on"]  # a unit is added open; union_close dissolves it
        return fields + ["placements_table"]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            created = services.union_create(
                parent=data.get("parent"), code=data["code"], name=data["name"], level=data["level"],
                kind=data["kind"], opened_on=data["opened_on"], by=request.user,
                **{f: data[f] for f in ("email", "phone", "member_count")},
            )
            obj.pk = created.pk
            return
        if form.is_move:
            services.union_move(union=obj, new_parent=data["parent"], on=data.get("changed_on") or timezone.localdate(),
                                by=request.user)
        if data.get("closed_on") and not form.was_closed_on:
            services.union_close(union=obj, on=data["closed_on"], by=request.user)
        services.union_update(union=obj, by=request.user, **{f: data[f] for f in services.UPDATABLE_FIELDS})

    def delete_model(self, request, obj):
        obj.delete()

    def get_urls(self):
        # Import from / export to Excel, linked from the changelist (templates/admin/unions/union/).
        from .views_spreadsheets import admin_urls

        return admin_urls(self) + super().get_urls()
