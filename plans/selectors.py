"""Reads of plans."""
from django.db.models import Prefetch

from .models import Plan, Target


def active_plan() -> Plan | None:
    """The plan officers report on now (the newest active one)."""
    return Plan.objects.filter(is_active=True).order_by("-first_year").first()


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
