"""The portal's admin site: its own header and title, and unit choices told apart by code and
parent (two "Công đoàn Trường THPT Cửa Tùng" under different parents look different)."""
from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.utils.translation import gettext_lazy as _


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    """The admin's autocomplete, each result labelled by its ModelAdmin's `choice_labels` (one
    query for the page of results) when it has one, else by str() as Django does."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        labels = getattr(self.model_admin, "choice_labels", None)
        self.labels = labels(context["object_list"]) if labels else {}
        return context

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        result["text"] = self.labels.get(obj.pk, result["text"])
        return result


class PortalAdminSite(admin.AdminSite):
    site_header = _("Administration of the Plan 1306 tracking portal")
    site_title = _("Plan 1306 portal administration")
    index_title = _("Administration")

    def autocomplete_view(self, request):
        return LabelledAutocompleteJsonView.as_view(admin_site=self)(request)
