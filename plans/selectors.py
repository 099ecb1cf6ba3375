"""Reads of plans."""
from django.db.models import Prefetch, Q
from django.http import Http404

from unions.models import Level
from unions.selectors import NOTHING, scope_path_for_user

from .models import Plan, Target
from .services import _user_province, plan_can_change


def active_plan(*, user) -> Plan | None:
    """The plan `user` reports on now: the newest active one they may read (shared by all, or
    their province's own), never another province's."""
    return plans_for_user(user=user).first()


def newest_active_plan() -> Plan | None:
    """For the operator's commands, which act for no person: the newest active plan."""
    return Plan.objects.filter(is_active=True).order_by("-first_year", "code").first()


def plan_outline(*, plan: Plan) -> dict:
    """Targets grouped by the bullet of section II they come from, task groups, periods:
    what the plan page shows, in four queries."""
    targets = list(plan.targets.order_by("order"))
    bullets: dict[int, list[Target]] = {}
    for target in targets:
        bullets.setdefault(target.number, []).append(target)
    return {
        "bullets": sorted(bullets.items()),
        "task_groups": list(plan.task_groups.order_by("number").prefetch_related(
            Prefetch("indicators", queryset=plan.indicators.order_by("order")))),
        "periods": list(plan.periods.order_by("year", "kind")),
    }


def plans_for_board(*, user):
    """The plans the person may copy from (those shared by all and their province's), newest first."""
    if user.is_superuser:
        return Plan.objects.order_by("-first_year", "code")
    province = _user_province(user)
    return Plan.objects.filter(Q(province=None) | Q(province=province)).order_by("-first_year", "code")


def get_plan_for_board(*, user, pk, change: bool = True) -> Plan:
    """Plan `pk` if `user` may change it (or, with change=False, copy it); 404 otherwise."""
    plan = plans_for_board(user=user).filter(pk=pk).first()
    if plan is None or (change and not plan_can_change(plan=plan, user=user)):
        raise Http404
    return plan


def plans_for_user(*, user):
    """The active plans whose reports `user` may read: shared by all, or of a province inside (or
    above) the person's scope."""
    plans = Plan.objects.filter(is_active=True)
    scope = scope_path_for_user(user)
    if scope is NOTHING:
        return plans.none()
    ids = [p.pk for p in plans.select_related("province")
           if p.province is None or p.province.path.startswith(scope) or scope.startswith(p.province.path)]
    return Plan.objects.filter(pk__in=ids).order_by("-first_year", "code")


def plan_preview_sections(*, plan: Plan, level: str, kind: str) -> dict:
    """The sections of the form a unit at `level` gets in a six-month (H1) or annual (Y) report of
    the plan, from an unsaved report: exactly what reporting.selectors.report_sections builds."""
    # reporting builds on plans (its models point at the plan's): imported when asked
    from reporting.models import Report, ReportingPeriod
    from reporting.selectors import report_sections

    level = level if level in (Level.PROVINCE, Level.UPPER, Level.GRASSROOTS) else Level.GRASSROOTS
    kind = kind if kind in ReportingPeriod.Kind.values else ReportingPeriod.Kind.HALF_YEAR
    period = ReportingPeriod(plan=plan, kind=kind, year=plan.first_year, code=f"{plan.first_year}-{kind}")
    report = Report(period=period, unit_level=level)
    return {"sections": report_sections(report=report, values={}), "level": level, "kind": kind,
            "levels": [(value, label) for value, label in Level.choices if value != Level.NATIONAL],
            "kinds": ReportingPeriod.Kind.choices}
