"""The hierarchy in the admin: browse it as a tree, search, filter; every change goes
through the services so that the history of placements is kept."""
import datetime

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import services
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
        return [(u.code, u.name) for u in Union.objects.exclude(level=Level.GRASSROOTS).order_by("path")]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        root = Union.objects.filter(code=self.value()).first()
        return queryset.filter(path__startswith=root.path) if root else queryset.none()


class UnionAdminForm(forms.ModelForm):
    parent = forms.ModelChoiceField(
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
        if self.instance.pk:
            self.fields["parent"].initial = self.instance.get_parent()
            self.fields["code"].disabled = True
            self.fields["level"].disabled = True


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

    @admin.display(description=_("name"), ordering="path")
    def indented_name(self, obj):
        return format_html('<span style="padding-left:{}em">{}</span>', 1.5 * (obj.depth - 1), obj.name)

    @admin.display(description=_("history of placements"))
    def placements_table(self, obj):
        rows = UnionPlacement.objects.filter(union=obj).order_by("valid_from")
        parents = {p.path: p.name for p in Union.objects.filter(path__in=[r.path[: -Union.steplen] for r in rows])}
        return format_html(
            "<br>".join(
                format_html("{} – {}: {}", r.valid_from.strftime("%d/%m/%Y"),
                            r.valid_until.strftime("%d/%m/%Y") if r.valid_until else "…",
                            parents.get(r.path[: -Union.steplen], "—"))
                for r in rows
            ) or "—"
        )

    def get_fields(self, request, obj=None):
        fields = ["parent", "changed_on", *UnionAdminForm.Meta.fields]
        return fields + ["placements_table"] if obj else fields

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        parent = data.get("parent")
        try:
            if not change:
                fields = {f: data[f] for f in ("email", "phone", "member_count")}
                created = services.union_create(parent=parent, code=data["code"], name=data["name"],
                                                level=data["level"], kind=data["kind"],
                                                opened_on=data["opened_on"], **fields)
                obj.pk = created.pk
                return
            on = data.get("changed_on") or timezone.localdate()
            if parent is not None and parent != Union.objects.get(pk=obj.pk).get_parent():
                services.union_move(union=obj, new_parent=parent, on=on)
            closed_on = data.get("closed_on")
            was_closed = Union.objects.values_list("closed_on", flat=True).get(pk=obj.pk)
            if closed_on and not was_closed:
                services.union_close(union=obj, on=closed_on)
            Union.objects.filter(pk=obj.pk).update(
                **{f: data[f] for f in ("name", "kind", "opened_on", "email", "phone", "member_count")}
            )
        except ValidationError as error:
            self.message_user(request, "; ".join(error.messages), level="error")
            raise

    def delete_model(self, request, obj):
        obj.delete()
