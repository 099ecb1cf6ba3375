"""Reports in Excel, as pages: download one report's template and upload it back; for an
upper-level officer, the bulk workbook of their grassroots unions. Thin views: every report
goes through get_report_for_user and every bulk row through reports_fillable_by (both built
on the person's scope) before anything else, so a unit outside it answers 404 to GET and
POST alike."""
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _, gettext_lazy, ngettext

from accounts.models import Role
from workbooks.reading import MAX_UPLOAD_BYTES, WorkbookRefused

from . import spreadsheets
from .bulk_fill import reports_fillable_by
from .permissions import report_can_edit
from .selectors import get_report_for_user, periods_of_active_plans

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHOWN_ERRORS = 200


class WorkbookForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Filled-in workbook (.xlsx)"),
                           help_text=gettext_lazy("An .xlsx file downloaded from the portal, up to 10 MB."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than %(size)d MB.") % {"size": MAX_UPLOAD_BYTES // 2**20})
        return upload


class BulkWorkbookForm(WorkbookForm):
    submit = forms.BooleanField(
        label=gettext_lazy("Submit these reports (otherwise they are saved as drafts)"), required=False,
        help_text=gettext_lazy("Only complete rows can be submitted; if one is not, nothing is saved."))


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _errors_context(errors) -> dict:
    return {"errors": errors[:SHOWN_ERRORS], "more_errors": max(0, len(errors) - SHOWN_ERRORS)}


@login_required
def report_workbook_download(request, pk):
    """One report as an .xlsx template, for anyone who may see the report."""
    report = get_report_for_user(request.user, pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    return _xlsx(spreadsheets.report_workbook(report=report),
                 f"bao-cao-{report.period.code}-{report.unit.code}.xlsx")


@login_required
def report_workbook_upload(request, pk):
    """Upload a filled-in template: its figures become the report's draft."""
    report = get_report_for_user(request.user, pk)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if not report_can_edit(report=report, user=request.user):
        raise PermissionDenied
    form = WorkbookForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            saved = spreadsheets.report_workbook_upload(report=report, by=request.user,
                                                        upload=form.cleaned_data["file"])
        except WorkbookRefused as refused:
            errors = refused.errors
        else:
            if saved.version == report.version:
                messages.info(request, _("The workbook holds the same figures as the portal: nothing was changed."))
            else:
                messages.success(request, _("The figures of the workbook were saved as a draft. Check them, then "
                                            "send the report."))
            return redirect(report)
    return render(request, "spreadsheets/report_upload.html", {"report": report, "form": form,
                                                               **_errors_context(errors)},
                  status=400 if errors or form.errors else 200)


def _upper_officer(request) -> None:
    if request.user.role != Role.UPPER_OFFICER or request.user.unit_id is None:
        raise PermissionDenied


@login_required
def bulk_index(request):
    """The periods in which an upper-level officer can fill in reports for their grassroots unions."""
    _upper_officer(request)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    periods = [(period, reports_fillable_by(user=request.user, period=period).count())
               for period in periods_of_active_plans(user=request.user).filter(is_open=True).order_by("-year", "-kind")]
    return render(request, "spreadsheets/bulk_index.html", {"periods": periods})


@login_required
def bulk_period(request, period_pk):
    """The bulk workbook of one period: how many units it holds, and its upload."""
    _upper_officer(request)
    period = get_object_or_404(periods_of_active_plans(user=request.user), pk=period_pk)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    form = BulkWorkbookForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            result = spreadsheets.bulk_workbook_upload(period=period, by=request.user, upload=form.cleaned_data["file"],
                                                       submit=form.cleaned_data["submit"])
        except WorkbookRefused as refused:
            errors = refused.errors
        else:
            if result.submitted:
                messages.success(request, ngettext("%(n)d report was submitted.", "%(n)d reports were submitted.",
                                                   len(result.submitted)) % {"n": len(result.submitted)})
            if result.saved:
                messages.success(request, ngettext("%(n)d report was saved as a draft.",
                                                   "%(n)d reports were saved as drafts.",
                                                   len(result.saved)) % {"n": len(result.saved)})
            if result.unchanged or not (result.saved or result.submitted):
                messages.info(request, ngettext("%(n)d row was left unchanged.", "%(n)d rows were left unchanged.",
                                                result.unchanged) % {"n": result.unchanged})
            return redirect("reporting:bulk_period", period_pk=period.pk)
    return render(request, "spreadsheets/bulk_period.html", {
        "period": period, "form": form, "fillable": reports_fillable_by(user=request.user, period=period).count(),
        **_errors_context(errors),
    }, status=400 if errors or form.errors else 200)


@login_required
def bulk_workbook_download(request, period_pk):
    """The bulk workbook: a row per grassroots union whose report the officer may fill in."""
    _upper_officer(request)
    period = get_object_or_404(periods_of_active_plans(user=request.user), pk=period_pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    return _xlsx(spreadsheets.bulk_workbook(period=period, by=request.user),
                 spreadsheets.bulk_filename(period, request.user.unit))
