"""Changes to the hierarchy. Every change keeps UnionPlacement in step with the tree, so a
past period can still be rolled up along the tree as it stood then."""
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from .models import KINDS_BY_LEVEL, Level, Union, UnionPlacement
from .selectors import union_writable_by

# What the apps above the tree keep per unit follows every change of the tree in the same
# transaction: reporting moves the open periods' reports and recounts its kept totals. It
# registers here when it is loaded (reporting/apps.py), so that unions never imports it.
_tree_followers: list = []  # f(*, under, on, by): the units under path `under` changed place on `on`
_kind_followers: list = []  # f(*, union): `union` changed kind


def tree_followers_register(*, tree_changed, kind_changed) -> None:
    """Call `tree_changed` after every creation, move and closure of a unit, and `kind_changed`
    after every change of a unit's kind. Registering the same pair again changes nothing."""
    if tree_changed not in _tree_followers:
        _tree_followers.append(tree_changed)
    if kind_changed not in _kind_followers:
        _kind_followers.append(kind_changed)

CHILD_LEVEL = {Level.NATIONAL: {Level.PROVINCE}, Level.PROVINCE: {Level.UPPER}, Level.UPPER: {Level.GRASSROOTS},
               Level.GRASSROOTS: set()}


def _validate_parent(*, parent: Union | None, level: str) -> None:
    if parent is None:
        if level not in (Level.NATIONAL, Level.PROVINCE):
            raise ValidationError({"parent": _("Only the confederation or a provincial federation can stand at the top of the tree.")})
        return
    if level not in CHILD_LEVEL[Level(parent.level)]:
        raise ValidationError(
            {"parent": _("A %(child)s cannot be placed under a %(parent)s.")
             % {"child": Level(level).label, "parent": Level(parent.level).label}}
        )


def _check_writable(*, by, union: Union | None, field: str) -> None:
    """`by` (None: the system itself, e.g. a command or a seed) may act on `union` only inside
    their own tree; a national role not inside a province. A new root needs the whole tree."""
    if by is None or by.is_superuser and by.unit_id is None:
        return
    if union is None or not union_writable_by(user=by, union=union):
        message = (_("Choose a union inside your own part of the hierarchy.") if field == "parent"
                   else _("This union is outside your part of the hierarchy."))
        raise ValidationError({field: message})


def union_validate_create(*, parent: Union | None, code: str, level: str, kind: str,
                          opened_on: datetime.date, by=None) -> None:
    """Raise ValidationError, keyed by field, if such a unit cannot be added (by `by`)."""
    _check_writable(by=by, union=parent, field="parent")
    _validate_parent(parent=parent, level=level)
    if kind not in KINDS_BY_LEVEL[Level(level)]:
        raise ValidationError({"kind": _("This kind of union does not belong to the chosen level.")})
    if Union.objects.filter(code=code).exists():
        raise ValidationError({"code": _("A union with this code already exists.")})
    if parent is not None and not parent.is_open_on(opened_on):
        raise ValidationError({"parent": _("The parent union is not open on the opening date.")})


@transaction.atomic
def union_create(*, parent: Union | None, code: str, name: str, level: str, kind: str,
                 opened_on: datetime.date, by=None, **fields) -> Union:
    """Add a unit under `parent` (or as a root) and record where it stands from `opened_on`;
    `by`, when given, may add it only inside their own part of the tree."""
    union_validate_create(parent=parent, code=code, level=level, kind=kind, opened_on=opened_on, by=by)
    values = dict(code=code, name=name, level=level, kind=kind, opened_on=opened_on, **fields)
    Union(**values).full_clean(exclude=["path", "depth", "numchild"], validate_unique=False)
    if parent is None:
        union = Union.objects.add_root(create_kwargs=values)
    else:
        union = Union.objects.add_child(parent, create_kwargs=values)
    placements_sync(on=opened_on, under=union.path)
    _reports_follow(under=union.path, on=opened_on, by=by)
    return union


def union_validate_move(*, union: Union, new_parent: Union, on: datetime.date, by=None) -> None:
    """Raise ValidationError, keyed by field, if `union` cannot move under `new_parent` on `on`
    (by `by`: both inside their own part of the tree)."""
    _check_writable(by=by, union=union, field="code")
    _check_writable(by=by, union=new_parent, field="parent")
    _validate_parent(parent=new_parent, level=union.level)
    if new_parent.path.startswith(union.path):
        raise ValidationError({"parent": _("A union cannot be moved under itself or its own units.")})
    if not new_parent.is_open_on(on):
        raise ValidationError({"parent": _("The new parent union is not open on that date.")})
    latest = (
        UnionPlacement.objects.filter(union__path__startswith=union.path)
        .order_by("-valid_from")
        .values_list("valid_from", flat=True)
        .first()
    )
    if latest is not None and on <= latest:
        raise ValidationError(
            {"on": _("A change must be dated after the last recorded change (%(date)s).")
             % {"date": latest.strftime("%d/%m/%Y")}}
        )


@transaction.atomic
def union_move(*, union: Union, new_parent: Union, on: datetime.date, by=None) -> Union:
    """Move a unit, with everything under it, to another parent from `on`; earlier periods
    keep the old place."""
    union = Union.objects.select_for_update().get(pk=union.pk)
    new_parent = Union.objects.get(pk=new_parent.pk)
    union_validate_move(union=union, new_parent=new_parent, on=on, by=by)
    Union.objects.move(union, new_parent, pos="last-child")
    union.refresh_from_db()
    placements_sync(on=on, under=union.path)
    _reports_follow(under=union.path, on=on, by=by)
    return union


UPDATABLE_FIELDS = ("name", "kind", "opened_on", "email", "phone", "member_count")


def union_validate_update(*, union: Union, kind: str, opened_on: datetime.date) -> None:
    """Raise ValidationError, keyed by field, if `union` cannot take this kind or opening date."""
    if kind not in KINDS_BY_LEVEL[Level(union.level)]:
        raise ValidationError({"kind": _("This kind of union does not belong to the chosen level.")})
    if union.closed_on is not None and union.closed_on <= opened_on:
        raise ValidationError({"opened_on": _("The closing date must be after the opening date.")})


@transaction.atomic
def union_update(*, union: Union, by=None, **fields) -> Union:
    """Change a unit's own details (UPDATABLE_FIELDS); its place and its closure change only
    through union_move and union_close."""
    if set(fields) - set(UPDATABLE_FIELDS):
        raise TypeError(f"union_update cannot change {sorted(set(fields) - set(UPDATABLE_FIELDS))}")
    union = Union.objects.select_for_update().get(pk=union.pk)
    _check_writable(by=by, union=union, field="code")
    old_kind = union.kind
    for field, value in fields.items():
        setattr(union, field, value)
    union_validate_update(union=union, kind=union.kind, opened_on=union.opened_on)
    union.full_clean(exclude=["path", "depth", "numchild"], validate_unique=False)
    Union.objects.filter(pk=union.pk).update(**fields)
    if union.kind != old_kind:
        for follow in _kind_followers:  # reporting recounts the kept totals, counted by kind
            follow(union=union)
    return union


def union_validate_close(*, union: Union, on: datetime.date, by=None) -> None:
    """Raise ValidationError, keyed by field, if `union` cannot be dissolved on `on`."""
    _check_writable(by=by, union=union, field="code")
    if union.closed_on is not None:
        raise ValidationError({"closed_on": _("This union is already closed.")})
    if on <= union.opened_on:
        raise ValidationError({"closed_on": _("The closing date must be after the opening date.")})
    still_open = Union.objects.filter(path__startswith=union.path, depth__gt=union.depth).exclude(
        closed_on__lte=on
    )
    count = still_open.count()
    if count:
        raise ValidationError(
            {"closed_on": _("Move or close the %(count)d units under this union first.") % {"count": count}}
        )


@transaction.atomic
def union_close(*, union: Union, on: datetime.date, by=None) -> Union:
    """Dissolve a unit from `on`. Its units must be moved or closed first."""
    union = Union.objects.select_for_update().get(pk=union.pk)
    union_validate_close(union=union, on=on, by=by)
    union.closed_on = on
    union.save(update_fields=["closed_on"])
    _reports_follow(under=union.path, on=on, by=by)
    return union


def _reports_follow(*, under: str, on: datetime.date, by) -> None:
    """The reports of the open periods follow the tree at once (reporting/follow.py)."""
    for follow in _tree_followers:
        follow(under=under, on=on, by=by)


def placements_sync(*, on: datetime.date, under: str = "") -> None:
    """Close the placement of every unit whose path changed and open a new one from `on`;
    `under` limits the work to one branch (a path prefix) when only that branch changed.

    Set-based: a fixed number of queries however many units moved (a move of a district
    with a thousand units under it is still a handful of queries)."""
    units = Union.objects.filter(path__startswith=under) if under else Union.objects.all()
    stale = UnionPlacement.objects.filter(valid_until__isnull=True, union__in=units.values("pk")).exclude(
        Exists(Union.objects.filter(pk=OuterRef("union_id"), path=OuterRef("path")))
    )
    stale.filter(valid_from__gte=on).delete()  # a same-day correction replaces the row
    stale.update(valid_until=on)
    missing = (
        units.filter(~Exists(UnionPlacement.objects.filter(union=OuterRef("pk"), valid_until__isnull=True)))
        .annotate(has_history=Exists(UnionPlacement.objects.filter(union=OuterRef("pk"))))
        .values_list("pk", "path", "depth", "opened_on", "has_history")
    )
    UnionPlacement.objects.bulk_create(
        [
            UnionPlacement(union_id=pk, path=path, depth=depth, valid_from=on if has_history else opened_on)
            for pk, path, depth, opened_on, has_history in missing.iterator(chunk_size=5000)
        ],
        batch_size=5000,
    )


@transaction.atomic
def unions_load_bulk(*, parent: Union | None, tree: list[dict], on: datetime.date | None = None) -> None:
    """Load a whole branch at once — `tree` is treebeard's load_bulk structure ({"data": {...},
    "children": [...]}) — with bulk inserts, then record the placements in one pass. For
    seeding and benchmarks at national scale; everyday changes go through union_create."""
    Union.objects.load_bulk(tree, parent=parent, bulk_create=True, batch_size=5000)
    if parent is not None:
        Union.objects.filter(pk=parent.pk).update(numchild=Union.objects.filter(
            path__startswith=parent.path, depth=parent.depth + 1).count())
    placements_sync(on=on or datetime.date(1990, 1, 1), under=parent.path if parent else "")
