"""The hierarchy in Excel, in the admin: export, and import in two steps — upload and preview
(new, changed, moved, closed, or every error by row and cell), then apply. The uploaded file
waits between the two steps in the storage, under a random name kept in the person's
session; the apply step recomputes the changes and refuses if they differ from the preview.
Staff only (the admin site's own check), with the permission to add and change unions, and
only within the person's part of the hierarchy (unions_visible_to)."""
import datetime
import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _, gettext_lazy

from workbooks.reading import MAX_UPLOAD_BYTES

from .models import Union
from .selectors import NOTHING, scope_path_for_user, unions_visible_to
from .spreadsheets import CHANGED, CLOSED, MOVED, NEW, union_import, unions_export

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STASH_DIR = "imports/unions"
SESSION_KEY = "unions-import"


class UnionImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Hierarchy workbook (.xlsx)"),
                           help_text=gettext_lazy("The same columns as the export; up to 10 MB."))
    on = forms.DateField(label=gettext_lazy("Date of the moves"), initial=timezone.localdate,
                         help_text=gettext_lazy("The day the moved units come under their new parent (dd/mm/yyyy)."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than %(size)d MB.") % {"size": MAX_UPLOAD_BYTES // 2**20})
        return upload


def admin_urls(model_admin) -> list:
    """The import and export pages, under the Union changelist."""
    wrap = model_admin.admin_site.admin_view

    def view(function):
        return wrap(lambda request: function(request, model_admin))

    return [
        path("import/", view(union_import_view), name="unions_union_import"),
        path("export/", view(union_export_view), name="unions_union_export"),
    ]


def _scope_or_403(request) -> None:
    if scope_path_for_user(request.user) is NOTHING:
        raise PermissionDenied


def union_export_view(request, model_admin):
    """The visible part of the hierarchy (or one branch of it, ?under=CODE) as .xlsx."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    _scope_or_403(request)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    units = unions_visible_to(request.user)
    under = request.GET.get("under", "").strip()
    if under:
        root = units.filter(code=under).first()
        units = units.filter(path__startswith=root.path) if root else units.none()
    response = HttpResponse(unions_export(units=units), content_type=XLSX)
    name = f"he-thong-cong-doan-{under or 'tat-ca'}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def union_import_view(request, model_admin):
    if not (model_admin.has_add_permission(request) and model_admin.has_change_permission(request)):
        raise PermissionDenied
    _scope_or_403(request)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    context = {**model_admin.admin_site.each_context(request), "opts": Union._meta,
               "title": _("Import the hierarchy from Excel")}
    if request.method == "POST" and request.POST.get("step") == "apply":
        return _apply(request, context)
    form = UnionImportForm(request.POST or None, request.FILES or None)
    plan, token = None, None
    if request.method == "POST" and form.is_valid():
        _discard(request)
        upload, on = form.cleaned_data["file"], form.cleaned_data["on"]
        plan = union_import(upload=upload, on=on, user=request.user, dry_run=True)
        if not plan.errors and plan.changes:
            _sweep()
            token = uuid.uuid4().hex
            upload.seek(0)
            default_storage.save(f"{STASH_DIR}/{token}.xlsx", upload)
            request.session[SESSION_KEY] = {"token": token, "on": on.isoformat(), "digest": plan.digest,
                                            "name": upload.name[:200]}
    return TemplateResponse(request, "admin/unions/union/import.html",
                            {**context, "form": form, "plan": plan, "token": token, "sections": _sections(plan)},
                            status=400 if (plan and plan.errors) or form.errors else 200)


def _apply(request, context):
    stash = request.session.get(SESSION_KEY)
    if not stash or request.POST.get("token") != stash["token"]:
        messages.error(request, _("The preview has expired: upload the file again."))
        return redirect("admin:unions_union_import")
    name = f"{STASH_DIR}/{stash['token']}.xlsx"
    try:
        with default_storage.open(name, "rb") as upload:
            plan = union_import(upload=upload, on=datetime.date.fromisoformat(stash["on"]), user=request.user,
                                dry_run=False, expect=stash["digest"])
    except FileNotFoundError:
        _discard(request)
        messages.error(request, _("The preview has expired: upload the file again."))
        return redirect("admin:unions_union_import")
    if plan.stale or plan.errors:
        if plan.stale:
            request.session[SESSION_KEY] = {**stash, "digest": plan.digest}
            messages.warning(request, _("The hierarchy changed since the preview: check the changes again."))
        else:
            _discard(request)
        return TemplateResponse(request, "admin/unions/union/import.html",
                                {**context, "form": UnionImportForm(), "plan": plan, "sections": _sections(plan),
                                 "token": stash["token"] if plan.stale else None},
                                status=409 if plan.stale else 400)
    _discard(request)
    for warning in plan.warnings:
        messages.warning(request, warning.message)
    counts = plan.counts
    messages.success(request, _("The hierarchy was updated: %(new)d new, %(changed)d changed, %(moved)d moved, "
                                "%(closed)d closed.") % counts)
    return redirect("admin:unions_union_changelist")


def _sections(plan) -> list:
    if plan is None:
        return []
    labels = {NEW: _("New unions"), CHANGED: _("Changed details"), MOVED: _("Moved to another parent"),
              CLOSED: _("Closed (dissolved)")}
    return [(labels[action], plan.of(action)) for action in (NEW, CHANGED, MOVED, CLOSED)]


def _sweep(max_age=datetime.timedelta(days=1)) -> None:
    """Delete the files of previews nobody confirmed."""
    try:
        _dirs, names = default_storage.listdir(STASH_DIR)
    except FileNotFoundError:
        return
    for name in names:
        path = f"{STASH_DIR}/{name}"
        if timezone.now() - default_storage.get_modified_time(path) > max_age:
            default_storage.delete(path)


def _discard(request) -> None:
    stash = request.session.pop(SESSION_KEY, None)
    if stash:
        default_storage.delete(f"{STASH_DIR}/{stash['token']}.xlsx")
