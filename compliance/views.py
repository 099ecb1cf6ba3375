"""Dashboards of the roll-ups and the compliance report files, for the Policy-Law Board,
leadership and upper-level officers (each over their own subtree)."""
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from common.replica import replica_reads
from plans.models import Target
from plans.selectors import plans_for_user
from reporting.models import Export, ReportingPeriod
from reporting.selectors import periods_of_active_plans, report_ids_of_units
from unions.models import Kind, Level
from unions.selectors import union_choice_labels, unions_visible_to

from .export_jobs import ExportLimitReached, export_claim, export_make_now
from .exports import export_fingerprint
from .rollups import (
    ACCEPTED_BASIS,
    SENT_BASIS,
    branches_of_scope,
    compliance_for_scope,
    late_and_missing,
    trend_for_scope,
)
from .tasks import export_enqueue

INLINE_EXPORT_LIMIT = getattr(settings, "INLINE_EXPORT_LIMIT", 400)


def _dashboard_scope(request):
    """The unit the dashboard is about: the person's own, or one below it (?unit=CODE)."""
    user = request.user
    if user.unit is None or user.unit.level == Level.GRASSROOTS:
        raise PermissionDenied
    code = request.GET.get("unit", "").strip()
    if not code:
        return user.unit
    return get_object_or_404(unions_visible_to(user).exclude(level=Level.GRASSROOTS), code=code)


def _plan_periods(request):
    """The periods of the active plans the person may read; of one plan with ?plan=CODE (two
    plans may both have a 2024-H1)."""
    periods = periods_of_active_plans(user=request.user)
    code = request.GET.get("plan", "").strip()
    if code:
        periods = periods.filter(plan__code=code)
        if not periods.exists():
            raise Http404
    return periods


def _chosen_period(request) -> ReportingPeriod:
    periods = _plan_periods(request)
    code = request.GET.get("period", "")
    if code:
        found = periods.filter(code=code).order_by("-plan__first_year", "plan__code").first()
        if found is not None:
            return found
        if not request.GET.get("plan"):
            raise Http404
        # the plan was just changed on the page: that plan's own default period
    return periods.filter(is_open=True).order_by("-year", "-kind").first() or periods.order_by("-year", "-kind").first()


def _plan_choice(request, period) -> dict:
    """What the pages need to offer the choice of plan where two or more are active."""
    plans = list(plans_for_user(user=request.user)) if period is not None else []
    return {"plans": plans if len(plans) > 1 else [], "plan": period.plan if period is not None else None}


def _kind(request) -> str:
    kind = request.GET.get("kind", "")
    return kind if kind in Kind.values else ""


def _basis(request) -> str:
    """?counted=accepted: the figures of accepted reports only; otherwise of every sent report."""
    return ACCEPTED_BASIS if request.GET.get("counted") == ACCEPTED_BASIS else SENT_BASIS


@require_GET
@login_required
@replica_reads  # reads only: a replica may serve them (common/replica.py)
def dashboard(request):
    scope = _dashboard_scope(request)
    period = _chosen_period(request)
    if period is None:
        return render(request, "compliance/dashboard_empty.html")
    kind, basis = _kind(request), _basis(request)
    rollup = compliance_for_scope(period=period, scope=scope, kind=kind, basis=basis)
    plan = period.plan
    sums = []
    for group in plan.task_groups.order_by("number").prefetch_related("indicators"):
        sums.append({"group": group, "figures": [(i, rollup.sums.get(i.pk, 0)) for i in group.indicators.all()
                                                 if i.is_numeric]})
    branches = branches_of_scope(rollup=rollup, kind=kind)
    reports = report_ids_of_units(user=request.user, period=period, units=[b["unit"] for b in branches])
    for branch in branches:
        branch["report_pk"] = reports.get(branch["unit"].pk) if branch["unit"] else None
    return render(request, "compliance/dashboard.html", {
        "rollup": rollup, "scope": scope, "period": period, "kind": kind, "basis": basis,
        "periods": periods_of_active_plans(user=request.user).filter(plan=plan).order_by("-year", "-kind"), "kinds": Kind.choices,
        **_plan_choice(request, period),
        "branches": branches,
        "share_targets": [r for r in rollup.targets if r.target.measure == Target.Measure.SHARE_OF_UNITS],
        "late_and_missing": late_and_missing(rollup=rollup, kind=kind, limit=100),
        "sums": sums,
        "inline_limit": INLINE_EXPORT_LIMIT,
    })


@require_GET
@login_required
@replica_reads  # reads only: a replica may serve them (common/replica.py)
def trends(request):
    scope = _dashboard_scope(request)
    period = _chosen_period(request)
    if period is None:
        return render(request, "compliance/dashboard_empty.html")
    kind = _kind(request)
    trend = trend_for_scope(scope=scope, plan=period.plan, kind=kind)
    targets = list(period.plan.targets.order_by("order"))
    chart = {
        "labels": [row["period"].code for row in trend],
        "series": [{"code": t.code, "name": str(t), "threshold": float(t.threshold),
                    "values": [None if row["targets"].get(t.code) is None or row["targets"][t.code].rate_reported is None
                               else float(row["targets"][t.code].rate_reported) for row in trend],
                    "required": [None if row["targets"].get(t.code) is None else float(row["targets"][t.code].required)
                                 for row in trend]} for t in targets],
        "submitted": [None if row["submitted_rate"] is None else float(row["submitted_rate"]) for row in trend],
    }
    return render(request, "compliance/trends.html", {"scope": scope, "trend": trend, "targets": targets,
                                                     "chart": chart, "kind": kind, "period": period,
                                                     **_plan_choice(request, period)})


@require_GET
@login_required
@replica_reads  # reads only: a replica may serve them (common/replica.py)
def compare(request):
    """Two periods side by side for a unit of the person's scope: completeness, each target's
    rate and every task-group figure, with the change from the first to the second."""
    scope = _dashboard_scope(request)
    latest = _chosen_period(request)
    periods = _plan_periods(request).order_by("year", "kind")
    if latest is not None:
        periods = periods.filter(plan=latest.plan)
    codes = [c for c in (request.GET.get("a", ""), request.GET.get("b", "")) if c]
    chosen = list(periods.filter(code__in=codes)) if len(codes) == 2 else list(periods)[-2:]
    kind = _kind(request)
    rollups = [compliance_for_scope(period=p, scope=scope, kind=kind) for p in chosen]
    rows, sums = [], []
    if len(rollups) == 2:
        first = {r.target.code: r for r in rollups[0].targets}
        for result in rollups[1].targets:
            before = first.get(result.target.code)
            rows.append({"target": result.target, "a": before, "b": result,
                         "change": _change(before.rate_reported if before else None, result.rate_reported)})
        for group in chosen[1].plan.task_groups.order_by("number").prefetch_related("indicators"):
            figures = [{"indicator": i, "a": rollups[0].sums.get(i.pk, 0), "b": rollups[1].sums.get(i.pk, 0)}
                       for i in group.indicators.all() if i.is_numeric]
            for figure in figures:
                figure["change"] = figure["b"] - figure["a"]
            sums.append({"group": group, "figures": figures})
    completeness = [(label, [r.completeness.rates[key] for r in rollups]) for key, label in
                    (("submitted", _("Submitted")), ("on_time", _("On time")))]
    completeness = [{"label": label, "values": values,
                     "change": _change(*values) if len(values) == 2 else None} for label, values in completeness]
    return render(request, "compliance/compare.html", {
        "scope": scope, "rollups": rollups, "rows": rows, "sums": sums, "completeness": completeness,
        "periods": periods, "kind": kind,
        "scopes": _labelled(unions_visible_to(request.user).exclude(level=Level.GRASSROOTS).order_by("path")[:300]),
        **_plan_choice(request, latest),
    })


def _labelled(units) -> list:
    """Each unit with its label among choices: code, name and parent, so namesakes differ."""
    units = list(units)
    labels = union_choice_labels(units=units)
    for unit in units:
        unit.choice_label = labels[unit.pk]
    return units


def _change(before, after):
    """Percentage points from `before` to `after`, or None when either is missing."""
    return None if before is None or after is None else after - before


@require_http_methods(["GET", "POST"])
@login_required
def export(request):
    """A small scope's file is made at once; a large one in the background, with progress.
    The same data asked for again is served from the file already made."""
    scope = _dashboard_scope(request)
    period = _chosen_period(request)
    kind, basis = _kind(request), _basis(request)
    fmt = request.GET.get("format", "xlsx")
    if fmt not in Export.Format.values:
        fmt = "xlsx"
    rollup = compliance_for_scope(period=period, scope=scope, kind=kind, basis=basis)
    fingerprint = export_fingerprint(rollup=rollup, kind=kind, fmt=fmt)
    inline = rollup.completeness.expected <= INLINE_EXPORT_LIMIT
    try:
        job, created = export_claim(rollup=rollup, kind=kind, fmt=fmt, fingerprint=fingerprint, by=request.user, inline=inline)
    except ExportLimitReached as busy:
        return render(request, "compliance/export_busy.html", {"running": busy.running,
                                                               "limit": settings.EXPORTS_PER_PERSON}, status=429)
    if job.status == Export.Status.DONE:
        return _file_response(job.file.open("rb"), job.filename, fmt)
    if created and inline:
        response = HttpResponse(export_make_now(export=job, rollup=rollup), content_type=_content_type(fmt))
        response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
        return response
    if created:
        export_enqueue(job.pk)
    return redirect("reporting:export_status", pk=job.pk)


def _content_type(fmt: str) -> str:
    return "application/pdf" if fmt == "pdf" else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file_response(handle, filename: str, fmt: str):
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=_content_type(fmt))


def _get_export_for_user(request, pk) -> Export:
    """An export of a scope the person may see; 404 otherwise."""
    return get_object_or_404(Export.objects.select_related("period", "scope").filter(
        scope__in=unions_visible_to(request.user).values("pk")), pk=pk)


@require_GET
@login_required
def export_status(request, pk):
    job = _get_export_for_user(request, pk)
    if job.status == Export.Status.DONE and request.GET.get("download"):
        return _file_response(job.file.open("rb"), job.filename, job.format)
    return render(request, "compliance/export_status.html", {"job": job, "now": timezone.now()})
