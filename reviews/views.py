"""The Board's documents: the review of the programme over a span of periods, and the period
report with the document's number, date, signer and "Nơi nhận" set before it is made."""
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from compliance.export_jobs import ExportLimitReached
from compliance.views import (
    INLINE_EXPORT_LIMIT,
    _basis,
    _chosen_period,
    _content_type,
    _file_response,
    _kind,
)
from plans.selectors import active_plan
from reporting.selectors import periods_of_active_plans
from unions.models import Level
from unions.selectors import unions_writable_by

from .forms import DocumentDetailsForm, ReviewForm
from .services import period_document_deliver, review_deliver


def _board_scope(request, code: str):
    """The Board's own unit, or a unit of its own province it may act on (404 otherwise)."""
    if not request.user.is_board or request.user.unit is None:
        raise PermissionDenied
    if not code:
        return request.user.unit
    return get_object_or_404(unions_writable_by(request.user).exclude(level=Level.GRASSROOTS), code=code)


def _respond(request, delivery):
    job = delivery.export
    if delivery.content is not None:
        response = HttpResponse(delivery.content, content_type=_content_type(job.format))
        response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
        return response
    if not delivery.queued:
        return _file_response(job.file.open("rb"), job.filename, job.format)
    return redirect("reporting:export_status", pk=job.pk)


def _busy(request, busy):
    return render(request, "compliance/export_busy.html", {"running": busy.running,
                                                           "limit": settings.EXPORTS_PER_PERSON}, status=429)


@require_http_methods(["GET", "POST"])
@login_required
def review(request):
    scope = _board_scope(request, request.POST.get("unit", "") if request.method == "POST" else "")
    # One plan's periods (two plans may both have a 2024-H1): the one chosen, or the newest.
    periods = periods_of_active_plans(user=request.user)
    chosen = request.POST.get("plan") or request.GET.get("plan") or ""
    plan = periods.filter(plan__code=chosen).values_list("plan", flat=True).first() if chosen else None
    if plan is None:
        newest = active_plan(user=request.user)
        plan = newest.pk if newest else None
    periods = periods.filter(plan=plan)
    form = ReviewForm(request.POST or None, periods=periods, units=unions_writable_by(request.user),
                      scope=request.user.unit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            delivery = review_deliver(plan=data["first"].plan, scope=scope, first=data["first"], last=data["last"],
                                      basis=data["counted"], fmt=data["format"], details=form.details(),
                                      by=request.user, inline_limit=INLINE_EXPORT_LIMIT)
        except ExportLimitReached as busy:
            return _busy(request, busy)
        return _respond(request, delivery)
    return render(request, "reviews/review_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def period_document(request):
    # What the document is about comes in the address (the form posts back to it), as on the dashboard.
    scope = _board_scope(request, request.GET.get("unit", "").strip())
    period = _chosen_period(request)
    if period is None:
        return render(request, "compliance/dashboard_empty.html")
    kind, basis = _kind(request), _basis(request)
    form = DocumentDetailsForm(request.POST or None, scope=scope)
    if request.method == "POST" and form.is_valid():
        try:
            delivery = period_document_deliver(period=period, scope=scope, kind=kind, basis=basis,
                                               details=form.details(), by=request.user,
                                               inline_limit=INLINE_EXPORT_LIMIT)
        except ExportLimitReached as busy:
            return _busy(request, busy)
        return _respond(request, delivery)
    return render(request, "reviews/period_document.html", {"form": form, "period": period, "scope": scope,
                                                            "kind": kind, "basis": basis})

