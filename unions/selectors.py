"""Reads of the hierarchy. Every read that returns units for a person goes through
`scope_path_for_user`: the one place that decides what a person may see."""
import datetime

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from .models import Level, Union, UnionPlacement
from .search import Folded, fold

NOTHING = None


def scope_path_for_user(user) -> str | None:
    """The materialised-path prefix of everything `user` may see: their unit and, for upper
    levels, the units below it. None means nothing at all."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    if user.unit_id is None:
        return "" if user.is_superuser else NOTHING
    return user.unit.path


def unions_visible_to(user) -> QuerySet[Union]:
    """The units `user` may see, today's tree."""
    prefix = scope_path_for_user(user)
    if prefix is NOTHING:
        return Union.objects.none()
    return Union.objects.filter(path__startswith=prefix)


def _acts_nationally(user) -> bool:
    """A person of the confederation itself (not a superuser): reads every province,
    changes nothing that belongs to one."""
    return not user.is_superuser and user.unit is not None and user.unit.level == Level.NATIONAL


def unions_writable_by(user) -> QuerySet[Union]:
    """The units `user` may change, place things under or act on: their own part of the tree,
    except that a national role changes nothing inside a province (provinces are tenants)."""
    units = unions_visible_to(user)
    if scope_path_for_user(user) is not NOTHING and _acts_nationally(user):
        units = units.filter(level=Level.NATIONAL)
    return units


def union_writable_by(*, user, union: Union) -> bool:
    """Whether `user` may change `union` (see unions_writable_by), without a query."""
    scope = scope_path_for_user(user)
    if scope is NOTHING or not union.path.startswith(scope):
        return False
    return not _acts_nationally(user) or union.level == Level.NATIONAL


def write_scope_for_user(user) -> str | None:
    """The path prefix of what `user` may change in bulk (an extension for all, the reminder
    policy): their own scope, or None for a national role and for nobody."""
    scope = scope_path_for_user(user)
    if scope is NOTHING or _acts_nationally(user):
        return NOTHING
    return scope


def province_of(*, union: Union) -> Union | None:
    """The provincial federation `union` belongs to (itself, for a province); None above them."""
    if union.level == Level.PROVINCE:
        return union
    return union_ancestors(union=union).filter(level=Level.PROVINCE).first()


def federation_names() -> dict[str, str]:
    """The name of every provincial federation and of the confederation, by path (one query:
    64 rows for the whole country), for naming the sender of what is sent to many units."""
    return dict(Union.objects.filter(level__in=[Level.PROVINCE, Level.NATIONAL]).values_list("path", "name"))


def federation_of(path: str, names: dict[str, str]) -> str:
    """The name of the federation a unit at `path` belongs to (its province's; the confederation's
    above the provinces), from `names` (federation_names); "" if none."""
    found = ""
    for end in range(Union.steplen, len(path) + 1, Union.steplen):
        found = names.get(path[:end], found)
    return found


def user_province(user) -> Union | None:
    """The province a person acts for (their unit's); None for a national officer or a person
    without a unit."""
    return province_of(union=user.unit) if getattr(user, "unit", None) is not None else None


def get_union_for_user(user, pk) -> Union:
    """The unit `pk` if `user` may see it; 404 otherwise, so that nothing tells it exists."""
    return get_object_or_404(unions_visible_to(user), pk=pk)


def union_subtree(*, union: Union, include_self: bool = True) -> QuerySet[Union]:
    """Every unit under `union` in today's tree: one query on the indexed path."""
    qs = Union.objects.filter(path__startswith=union.path)
    return qs if include_self else qs.exclude(pk=union.pk)


def union_ancestors(*, union: Union) -> QuerySet[Union]:
    """The units above `union` in today's tree, top first."""
    prefixes = [union.path[:end] for end in range(Union.steplen, len(union.path), Union.steplen)]
    return Union.objects.filter(path__in=prefixes).order_by("depth")


def placed_on(day: datetime.date, prefix: str = "") -> Q:
    """A filter for placements in force on `day`."""
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gt": day})
    )


def union_path_on(*, union: Union, day: datetime.date) -> str | None:
    """Where `union` stood on `day`, or None if it had no place then."""
    return (
        UnionPlacement.objects.filter(placed_on(day), union=union).values_list("path", flat=True).first()
    )


def union_subtree_on(*, union: Union, day: datetime.date, include_self: bool = True) -> QuerySet[Union]:
    """The units open on `day` that stood under `union` on that day: the tree as it was."""
    root_path = union_path_on(union=union, day=day)
    if root_path is None:
        return Union.objects.none()
    placed = UnionPlacement.objects.filter(placed_on(day), path__startswith=root_path)
    qs = Union.objects.filter(unions_open_on(day), pk__in=placed.values("union_id"))
    return qs if include_self else qs.exclude(pk=union.pk)


def union_ancestors_on(*, union: Union, day: datetime.date) -> QuerySet[Union]:
    """The units above `union` on `day`, top first."""
    path = union_path_on(union=union, day=day)
    if path is None:
        return Union.objects.none()
    prefixes = [path[:end] for end in range(Union.steplen, len(path), Union.steplen)]
    return Union.objects.filter(
        placed_on(day, prefix="placements__"), placements__path__in=prefixes
    ).order_by("placements__depth")


def unions_open_on(day: datetime.date) -> Q:
    """A filter for units open on `day`."""
    return Q(opened_on__lte=day) & (Q(closed_on__isnull=True) | Q(closed_on__gt=day))


def union_ancestors_for_user(*, union: Union, user) -> list[tuple[Union, bool]]:
    """The units above `union`, each with whether `user` may open it (names of the units
    above one's own are shown, their pages are not)."""
    scope = scope_path_for_user(user)
    return [(a, scope is not NOTHING and a.path.startswith(scope)) for a in union_ancestors(union=union)]


def union_history(*, union: Union) -> list[dict]:
    """Where the unit stood, from day to day of its life, and the unit above it then (two queries):
    the history the unit page shows, beside its reports (one withdrawn on closing says so)."""
    placements = list(union.placements.order_by("valid_from"))
    above = list(UnionPlacement.objects.filter(
        path__in={p.path[:-Union.steplen] for p in placements if len(p.path) > Union.steplen}).select_related("union"))

    def parent_on(path: str, day: datetime.date):
        return next((c.union for c in above if c.path == path and c.valid_from <= day
                     and (c.valid_until is None or c.valid_until > day)), None)

    return [{"from": p.valid_from, "until": p.valid_until, "parent": parent_on(p.path[:-Union.steplen], p.valid_from)}
            for p in placements]


def union_parent_names(*, units) -> dict[int, str]:
    """Each unit's parent's name by the unit's id, in one query: two units of one name are told
    apart by where they stand."""
    steplen = Union.steplen
    parent_paths = {unit.pk: unit.path[:-steplen] for unit in units if len(unit.path) > steplen}
    names = dict(Union.objects.filter(path__in=set(parent_paths.values())).values_list("path", "name"))
    return {pk: names.get(path, "") for pk, path in parent_paths.items()}


def union_choice_labels(*, units) -> dict[int, str]:
    """How each unit reads in a list of choices, by its id: code, name and the parent's name
    ("CT-01 — Công đoàn Trường THPT Cửa Tùng (thuộc LĐLĐ huyện Vĩnh Linh)"), in one query."""
    units = list(units)
    parents = union_parent_names(units=units)
    labels = {}
    for unit in units:
        values = {"code": unit.code, "name": unit.name, "parent": parents.get(unit.pk, "")}
        labels[unit.pk] = (_("%(code)s — %(name)s (under %(parent)s)") if values["parent"]
                           else _("%(code)s — %(name)s")) % values
    return labels


def union_namesakes(*, units) -> dict[int, list[Union]]:
    """For each of `units`, the other open units of the same name (marks and case ignored) under
    the same parent, by the unit's id; a few queries whatever the number of units."""
    units = list(units)
    names = sorted({fold(unit.name) for unit in units})
    found = []
    for start in range(0, len(names), 900):
        found += Union.objects.filter(closed_on__isnull=True).annotate(folded_name=Folded("name")).filter(
            folded_name__in=names[start:start + 900])
    siblings: dict[tuple[str, str], list[Union]] = {}
    for unit in found:
        siblings.setdefault((unit.path[:-Union.steplen], fold(unit.name)), []).append(unit)
    return {unit.pk: [other for other in siblings.get((unit.path[:-Union.steplen], fold(unit.name)), [])
                      if other.pk != unit.pk] for unit in units}
