from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import render

from .models import Kind, Level
from .search import text_search
from .selectors import get_union_for_user, union_ancestors_for_user, union_history, union_subtree, unions_visible_to

# What the apps above the tree show on a unit's page (reporting: the unit's reports), each a
# function of the unit giving more of the page's context. They register when they are loaded
# (reporting/apps.py), so that unions never imports them.
_unit_page_parts: list = []


def unit_page_part_register(part) -> None:
    """Add `part(*, unit) -> dict` to every unit's page. Registering it again changes nothing."""
    if part not in _unit_page_parts:
        _unit_page_parts.append(part)


@require_GET
@login_required
def union_list(request):
    """The units the person may see, searchable by name or code, filtered by level and kind."""
    units = unions_visible_to(request.user).order_by("path")
    query = request.GET.get("q", "").strip()
    if query:
        units = text_search(units, query, "name", "code")
    level = request.GET.get("level", "")
    if level in Level.values:
        units = units.filter(level=level)
    kind = request.GET.get("kind", "")
    if kind in Kind.values:
        units = units.filter(kind=kind)
    if request.GET.get("open") == "1":
        units = units.filter(closed_on__isnull=True)
    page = Paginator(units, 50).get_page(request.GET.get("page"))
    return render(request, "unions/union_list.html", {
        "page": page, "query": query, "level": level, "kind": kind,
        "levels": Level.choices, "kinds": Kind.choices,
    })


@require_GET
@login_required
def union_detail(request, pk):
    """One unit: its place in the tree, the units directly below it and its reports."""
    unit = get_union_for_user(request.user, pk)
    children = Paginator(union_subtree(union=unit, include_self=False).filter(depth=unit.depth + 1)
                         .order_by("name"), 50).get_page(request.GET.get("page"))
    below = dict(union_subtree(union=unit, include_self=False).values_list("level").annotate(n=Count("pk")))
    context = {
        "unit": unit,
        "ancestors": union_ancestors_for_user(union=unit, user=request.user),
        "children": children,
        "below": [(Level(level).label, n) for level, n in below.items()],
        "history": union_history(union=unit),
    }
    for part in _unit_page_parts:
        context.update(part(unit=unit))
    return render(request, "unions/union_detail.html", context)
