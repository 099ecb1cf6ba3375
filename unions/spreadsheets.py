"""The union hierarchy in Excel: export it, read it back, show what an import would change,
apply it.

One row per unit: code, name, level, kind, parent code, opened, closed, e-mail, phone,
members; export → import changes nothing. An import is read (every cell checked, each error
at its cell), planned (new, changed, moved, closed), then applied in one transaction through
unions.services, so the tree and the history of placements stay right. The preview is the
same application rolled back: it finds every error the real one would, and if anything is
wrong nothing is applied. A unit missing from the file is left as it is."""
import datetime
import hashlib
import json
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy as _

from workbooks import reading, writing
from workbooks.printing import print_setup, row_height_for
from workbooks.reading import BadValue, CellError, WorkbookRefused, cell_ref

from . import services
from .models import Kind, Level, Union
from .selectors import scope_path_for_user, union_namesakes, union_parent_names, unions_writable_by

LEVEL_RANK = {level: rank for rank, level in enumerate(Level)}  # Level lists the top of the tree first
SHEET_TITLE = "Công đoàn"
LISTS_SHEET = "Danh mục"


@dataclass(frozen=True)
class Column:
    key: str
    header: object  # a lazy string: the heading in the reader's language
    required: bool
    width: int


def _field_label(name):
    return capfirst(Union._meta.get_field(name).verbose_name)


COLUMNS = [
    Column("code", _field_label("code"), True, 14),
    Column("name", _field_label("name"), True, 50),
    Column("level", _field_label("level"), True, 28),
    Column("kind", _field_label("kind"), True, 36),
    Column("parent_code", _("Parent union code"), True, 16),
    Column("opened_on", _field_label("opened_on"), True, 14),
    Column("closed_on", _field_label("closed_on"), False, 14),
    Column("email", _field_label("email"), False, 30),
    Column("phone", _field_label("phone"), False, 16),
    Column("member_count", _field_label("member_count"), False, 12),
]
COLUMN = {c.key: c for c in COLUMNS}
DETAIL_FIELDS = ("name", "kind", "opened_on", "email", "phone", "member_count")


def _norm(text) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().casefold()


def _in_both_languages(label) -> set[str]:
    names = set()
    for language in ("vi", "en"):
        with translation.override(language):
            names.add(_norm(label))
    return names


def _headings() -> dict[str, str]:
    """Every accepted heading → column key: the key itself, the heading in Vietnamese and in English."""
    lookup = {}
    for column in COLUMNS:
        for name in {_norm(column.key), *_in_both_languages(column.header)}:
            lookup[name] = column.key
    return lookup


def _choices(choices) -> dict[str, str]:
    """Every accepted spelling of a level or kind → its value."""
    lookup = {}
    for value, label in choices.choices:
        for name in {_norm(value), *_in_both_languages(label)}:
            lookup[name] = value
    return lookup


# Export -----------------------------------------------------------------------------------

def unions_export(*, units) -> bytes:
    """`units` (a queryset) as an .xlsx that the import reads back unchanged, in tree order,
    in Vietnamese whatever the reader's language."""
    units = list(units.order_by("path"))
    code_of_path = {u.path: u.code for u in units}
    parent_paths = {u.path[:-Union.steplen] for u in units if u.depth > 1} - code_of_path.keys()
    code_of_path.update(Union.objects.filter(path__in=parent_paths).values_list("path", "code"))
    with translation.override("vi"):
        book = writing.new_workbook()
        sheet = book.create_sheet(SHEET_TITLE)
        lists = book.create_sheet(LISTS_SHEET)
        for index, column in enumerate(COLUMNS, start=1):
            sheet.column_dimensions[cell_ref(1, index)[:-1]].width = column.width
        sheet.freeze_panes = "B2"
        print_setup(sheet, landscape=True, title_rows="1:1")  # one page wide, the headings on every page
        sheet.row_dimensions[1].height = row_height_for([str(c.header) for c in COLUMNS], [c.width for c in COLUMNS],
                                                        bold=True)
        last = max(len(units) + 1, 2)
        level_labels = [str(label) for _value, label in Level.choices]
        kind_labels = [str(label) for _value, label in Kind.choices]
        writing.list_validation(sheet, source=f"'{LISTS_SHEET}'!$A$1:$A${len(level_labels)}").add(f"C2:C{last + 500}")
        writing.list_validation(sheet, source=f"'{LISTS_SHEET}'!$B$1:$B${len(kind_labels)}").add(f"D2:D{last + 500}")
        writing.date_validation(sheet).add(f"F2:G{last + 500}")
        writing.whole_number_validation(sheet).add(f"J2:J{last + 500}")
        sheet.append([writing.cell(sheet, str(c.header), font=writing.BOLD_FONT, fill=writing.LOCKED_FILL, wrap=True)
                      for c in COLUMNS])
        for unit in units:
            sheet.append([
                writing.cell(sheet, unit.code, number_format=writing.TEXT_FORMAT),
                writing.cell(sheet, unit.name),
                writing.cell(sheet, str(Level(unit.level).label)),
                writing.cell(sheet, str(Kind(unit.kind).label)),
                writing.cell(sheet, code_of_path.get(unit.path[:-Union.steplen]) if unit.depth > 1 else None,
                             number_format=writing.TEXT_FORMAT),
                writing.cell(sheet, unit.opened_on, number_format=writing.DATE_FORMAT),
                writing.cell(sheet, unit.closed_on, number_format=writing.DATE_FORMAT),
                writing.cell(sheet, unit.email or None),
                writing.cell(sheet, unit.phone or None, number_format=writing.TEXT_FORMAT),
                writing.cell(sheet, unit.member_count),
            ])
        lists.sheet_state = "hidden"
        for row in range(max(len(level_labels), len(kind_labels))):
            lists.append([writing.plain(lists, level_labels[row]) if row < len(level_labels) else None,
                          writing.plain(lists, kind_labels[row]) if row < len(kind_labels) else None])
        return writing.to_bytes(book)


# Reading ----------------------------------------------------------------------------------

@dataclass
class UnionRow:
    """One row of the file: its values by column key (present columns only) and the cell of each."""

    row: int
    values: dict[str, object]
    cells: dict[str, str]

    def cell(self, key: str) -> str:
        return self.cells.get(key) or self.cells["code"]


@dataclass
class UnionSheet:
    rows: list[UnionRow]
    errors: list[CellError]
    columns: set[str]


def union_rows_read(upload) -> UnionSheet:
    """Read an uploaded hierarchy file: headings on row 1 (in Vietnamese or English), one unit
    a row below. WorkbookRefused for a file that cannot be read at all; a cell's error is kept
    in the result, with the others."""
    headings, levels, kinds = _headings(), _choices(Level), _choices(Kind)
    with reading.open_upload(upload) as workbook:
        sheet = next((s for s in workbook.book.worksheets if s.sheet_state == "visible"), None)
        if sheet is None:
            raise reading.refuse(gettext("The workbook has no visible sheet."))
        errors = [CellError(gettext("Merged cells are not accepted: unmerge %(range)s.") % {"range": merged},
                            cell=merged.split(":")[0], sheet=sheet.title)
                  for merged in workbook.merged_ranges(sheet)]
        keys: dict[int, str] = {}
        rows: list[UnionRow] = []
        for number, cells in reading.sheet_rows(sheet, max_rows=reading.MAX_ROWS + 1, max_columns=40):
            if number == 1:
                keys, header_errors = _read_headings(cells, headings)
                errors += header_errors
                if header_errors:
                    break
                continue
            row = _read_row(number, cells, keys, levels, kinds, errors)
            if row is not None:
                rows.append(row)
        if not keys and not errors:
            errors.append(CellError(gettext("The first row must hold the column headings."), cell="A1", row=1))
    return UnionSheet(rows=rows, errors=errors, columns=set(keys.values()))


def _read_headings(cells, headings) -> tuple[dict[int, str], list[CellError]]:
    keys, errors = {}, []
    for index, cell in enumerate(cells, start=1):
        if cell.value is None or str(cell.value).strip() == "":
            continue
        key = headings.get(_norm(cell.value))
        where = dict(cell=cell_ref(1, index), row=1)
        if key is None:
            errors.append(CellError(gettext("Unknown column heading “%(heading)s”. The headings are: %(headings)s.")
                                    % {"heading": cell.value, "headings": ", ".join(str(c.header) for c in COLUMNS)},
                                    **where))
        elif key in keys.values():
            errors.append(CellError(gettext("The column “%(heading)s” appears twice.") % {"heading": cell.value},
                                    field=key, **where))
        else:
            keys[index] = key
    for column in COLUMNS:
        if column.required and column.key not in keys.values():
            errors.append(CellError(gettext("The column “%(heading)s” is missing.") % {"heading": column.header},
                                    row=1, field=column.key))
    return keys, errors


def _read_row(number, cells, keys, levels, kinds, errors) -> UnionRow | None:
    raw, where = {}, {}
    for index, key in keys.items():
        where[key] = cell_ref(number, index)
        raw[key] = cells[index - 1] if index <= len(cells) else None
    if all(c is None or c.value is None or str(c.value).strip() == "" for c in raw.values()):
        return None  # a blank line between blocks
    values = {}
    for key, cell in raw.items():
        try:
            value = reading.content(cell) if cell is not None else None
            values[key] = _parse(key, value, levels, kinds)
        except (BadValue, ValidationError) as error:
            message = error.messages[0] if isinstance(error, ValidationError) else str(error)
            errors.append(CellError(message, cell=where[key], row=number, field=key))
            values[key] = None
    return UnionRow(row=number, values=values, cells=where)


def _parse(key: str, value, levels, kinds):
    column = COLUMN[key]
    if value is None:
        if column.required and key != "parent_code":
            raise BadValue(gettext("This field is required."))
        return 0 if key == "member_count" else (None if key in ("closed_on", "parent_code") else "")
    if key in ("code", "parent_code"):
        return reading.text_value(value, max_length=32)
    if key == "name":
        return reading.text_value(value, max_length=255)
    if key in ("level", "kind"):
        lookup, choices = (levels, Level) if key == "level" else (kinds, Kind)
        found = lookup.get(_norm(value))
        if found is None:
            raise BadValue(gettext("“%(value)s” is not one of: %(choices)s.")
                           % {"value": value, "choices": "; ".join(str(label) for _v, label in choices.choices)})
        return found
    if key in ("opened_on", "closed_on"):
        return reading.date_value(value)
    if key == "email":
        email = reading.text_value(value, max_length=254)
        validate_email(email)
        return email
    if key == "phone":
        return reading.text_value(value, max_length=32)
    return reading.whole_number(value, minimum=0, maximum=2_147_483_647)


# Planning ---------------------------------------------------------------------------------

NEW, CHANGED, MOVED, CLOSED = "new", "changed", "moved", "closed"


@dataclass
class UnionChange:
    action: str
    row: UnionRow
    code: str
    name: str
    details: list[tuple[str, str, str]] = field(default_factory=list)  # (what, before, after)


@dataclass
class ImportPlan:
    """What an import changes, or the errors that stop it."""

    on: datetime.date
    changes: list[UnionChange] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    warnings: list[CellError] = field(default_factory=list)  # what is allowed but likely a mistake
    rows: int = 0
    unchanged: int = 0
    applied: bool = False
    stale: bool = False  # the changes differ from the preview the person confirmed

    def of(self, action: str) -> list[UnionChange]:
        return [c for c in self.changes if c.action == action]

    @property
    def counts(self) -> dict[str, int]:
        return {action: len(self.of(action)) for action in (NEW, CHANGED, MOVED, CLOSED)}

    @property
    def digest(self) -> str:
        """A fingerprint of the changes: the apply step refuses if they differ from the preview's."""
        data = [self.on.isoformat()] + [[c.action, c.code, c.details] for c in self.changes]
        return hashlib.sha256(json.dumps(data, default=str, ensure_ascii=False).encode()).hexdigest()[:16]


def _shown(key: str, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if key == "kind":
        return str(Kind(value).label)
    if key == "level":
        return str(Level(value).label)
    return str(value)


def union_import_plan(*, sheet: UnionSheet, on: datetime.date, user=None) -> ImportPlan:
    """Compare the file with the tree: which units are new, changed, moved or closed. `user`
    limits the import to their part of the hierarchy (None: the whole tree, for the command)."""
    plan = ImportPlan(on=on, errors=list(sheet.errors), rows=len(sheet.rows))
    rows = [r for r in sheet.rows if r.values.get("code")]
    seen: dict[str, int] = {}
    for row in rows:
        code = row.values["code"]
        if code in seen:
            plan.errors.append(CellError(gettext("This code is already used on row %(row)d.") % {"row": seen[code]},
                                         cell=row.cell("code"), row=row.row, field="code"))
        seen.setdefault(code, row.row)
    codes = set(seen) | {r.values.get("parent_code") for r in rows if r.values.get("parent_code")}
    existing = {u.code: u for u in _in_batches(Union.objects.all(), "code", codes)}
    if user is None:
        visible, may_add_roots = set(existing), True
    else:
        visible = set(_in_batches(unions_writable_by(user), "code", set(existing), values="code"))
        may_add_roots = scope_path_for_user(user) == ""
    parent_paths = {u.path[:-Union.steplen] for u in existing.values() if u.depth > 1}
    code_of_path = dict(_in_batches(Union.objects.all(), "path", parent_paths, values=("path", "code")))
    new_codes = {code for code in seen if code not in existing}

    for row in rows:
        values, code = row.values, row.values["code"]
        unit = existing.get(code)
        where = dict(row=row.row)
        if unit is not None and code not in visible:
            plan.errors.append(CellError(gettext("This code belongs to a union outside your part of the hierarchy."),
                                         cell=row.cell("code"), field="code", **where))
            continue
        parent_code = values.get("parent_code")
        current_parent = code_of_path.get(unit.path[:-Union.steplen]) if unit is not None and unit.depth > 1 else None
        moves = unit is None or (parent_code or None) != current_parent
        if moves and parent_code and parent_code not in new_codes and parent_code not in visible:
            plan.errors.append(CellError(gettext("No union with this code in the file or in your part of the "
                                                 "hierarchy."),
                                         cell=row.cell("parent_code"), field="parent_code", **where))
            continue
        if not parent_code and not may_add_roots and (unit is None or unit.depth > 1):
            plan.errors.append(CellError(gettext("Give the code of the union above."),
                                         cell=row.cell("parent_code"), field="parent_code", **where))
            continue
        if unit is None:
            plan.changes.append(UnionChange(NEW, row, code, values.get("name") or "", [
                (str(COLUMN[k].header), "", _shown(k, values.get(k)))
                for k in ("level", "kind", "parent_code", "opened_on") if k in values]))
            if values.get("closed_on"):
                closed = _shown("closed_on", values["closed_on"])
                plan.changes.append(UnionChange(CLOSED, row, code, values.get("name") or "",
                                                [(str(COLUMN["closed_on"].header), "", closed)]))
            continue
        before = len(plan.errors) + len(plan.changes)
        _plan_existing(plan, row, unit, current_parent)
        if len(plan.errors) + len(plan.changes) == before:
            plan.unchanged += 1
    return plan


def _plan_existing(plan: ImportPlan, row: UnionRow, unit: Union, parent_code: str | None) -> None:
    values, where = row.values, dict(row=row.row)
    if values.get("level") and values["level"] != unit.level:
        plan.errors.append(CellError(gettext("The level of an existing union cannot change: add a new union and "
                                             "close this one."), cell=row.cell("level"), field="level", **where))
        return
    if "closed_on" in values and values["closed_on"] != unit.closed_on and unit.closed_on is not None:
        plan.errors.append(CellError(gettext("This union was closed on %(date)s; a closed union cannot be reopened "
                                             "or closed on another date here.")
                                     % {"date": unit.closed_on.strftime("%d/%m/%Y")},
                                     cell=row.cell("closed_on"), field="closed_on", **where))
        return
    details = [(str(COLUMN[k].header), _shown(k, getattr(unit, k)), _shown(k, values[k]))
               for k in DETAIL_FIELDS if k in values and values[k] != getattr(unit, k)]
    if details:
        plan.changes.append(UnionChange(CHANGED, row, unit.code, unit.name, details))
    new_parent = values.get("parent_code") or None
    if new_parent != parent_code:
        plan.changes.append(UnionChange(MOVED, row, unit.code, unit.name,
                                        [(str(COLUMN["parent_code"].header), parent_code or "—", new_parent or "—")]))
    if values.get("closed_on") and unit.closed_on is None:
        closed = _shown("closed_on", values["closed_on"])
        plan.changes.append(UnionChange(CLOSED, row, unit.code, unit.name,
                                        [(str(COLUMN["closed_on"].header), "—", closed)]))


def _in_batches(queryset, field_name: str, keys: set, *, values=None, size: int = 900):
    """Rows of `queryset` whose `field_name` is in `keys`, a few hundred keys a query."""
    keys = sorted(k for k in keys if k)
    for start in range(0, len(keys), size):
        chunk = queryset.filter(**{f"{field_name}__in": keys[start:start + size]})
        if values is None:
            yield from chunk
        elif isinstance(values, str):
            yield from chunk.values_list(values, flat=True)
        else:
            yield from chunk.values_list(*values)


# Applying ---------------------------------------------------------------------------------

# Which column a service's error belongs to.
FIELD_COLUMN = {"parent": "parent_code", "on": "parent_code", "code": "code", "kind": "kind", "level": "level",
                "closed_on": "closed_on", "opened_on": "opened_on", "name": "name", "email": "email",
                "phone": "phone", "member_count": "member_count"}


def union_import(*, upload, on: datetime.date, user=None, dry_run: bool = True,
                 expect: str | None = None) -> ImportPlan:
    """Read, plan and apply a hierarchy file in one transaction; with `dry_run`, or if anything
    is wrong, roll it all back. The result lists the changes, or every error by row and cell.
    `expect`: the digest of the preview the person confirmed; other changes are not applied."""
    try:
        sheet = union_rows_read(upload)
    except WorkbookRefused as refused:
        return ImportPlan(on=on, errors=refused.errors)
    plan = union_import_plan(sheet=sheet, on=on, user=user)
    if plan.errors:
        return plan
    if expect is not None and plan.digest != expect:
        plan.stale = True
        return plan
    with transaction.atomic():
        plan.errors = _apply(plan, by=user)
        if not plan.errors:
            plan.warnings = _namesakes_warnings(plan)
        if plan.errors or dry_run:
            transaction.set_rollback(True)
        else:
            plan.applied = True
    return plan


def _namesakes_warnings(plan: ImportPlan) -> list[CellError]:
    """A warning for each new, renamed or moved union that has, once the file is applied, an open
    namesake under the same parent: allowed (two schools may share a name), but often one union
    entered twice."""
    rows = {c.code: c.row for c in plan.changes if c.action in (NEW, CHANGED, MOVED)}
    units = sorted(_in_batches(Union.objects.all(), "code", set(rows)), key=lambda u: rows[u.code].row)
    namesakes = union_namesakes(units=units)
    parents = union_parent_names(units=units)
    warnings = []
    for unit in units:
        if namesakes[unit.pk]:
            others = ", ".join(sorted(other.code for other in namesakes[unit.pk]))
            warnings.append(CellError(
                gettext("“%(name)s” has the same name as %(codes)s under %(parent)s: check that it is not one union "
                        "entered twice.") % {"name": unit.name, "codes": others,
                                            "parent": parents.get(unit.pk) or "—"},
                cell=rows[unit.code].cell("name"), row=rows[unit.code].row, field="name"))
    return warnings


def _apply(plan: ImportPlan, *, by=None) -> list[CellError]:
    """Run the plan through the services: new units top down, then changed details, moves
    and closures (bottom up); collect each refusal at its cell and go on, so that one
    preview shows every error. `by`: the person, whom the services keep inside their tree."""
    errors: list[CellError] = []
    failed: set[str] = set()

    def attempt(change: UnionChange, action) -> None:
        try:
            with transaction.atomic():
                action()
        except ValidationError as error:
            failed.add(change.code)
            for found in reading.cell_errors(error, fallback="code",
                                             cell_of=lambda name: change.row.cell(FIELD_COLUMN.get(name, "code"))):
                errors.append(CellError(found.message, cell=found.cell, row=change.row.row,
                                        field=FIELD_COLUMN.get(found.field, "code")))

    def unit(code: str) -> Union | None:
        return Union.objects.filter(code=code).first()

    def by_rank(change: UnionChange) -> int:
        """Top of the tree first: a parent is added (or moved) before the units under it."""
        return LEVEL_RANK[Level(change.row.values.get("level") or unit(change.code).level)]

    for change in sorted(plan.of(NEW), key=by_rank):
        values = change.row.values
        parent_code = values.get("parent_code")
        parent = unit(parent_code) if parent_code else None
        if parent_code and parent is None:
            errors.append(CellError(gettext("The union above could not be added: see its row."),
                                    cell=change.row.cell("parent_code"), row=change.row.row, field="parent_code"))
            failed.add(change.code)
            continue
        extra = {k: values[k] for k in ("email", "phone", "member_count") if k in values}
        attempt(change, lambda v=values, p=parent, e=extra: services.union_create(
            parent=p, code=v["code"], name=v["name"], level=v["level"], kind=v["kind"], opened_on=v["opened_on"],
            by=by, **e))
    for change in plan.of(CHANGED):
        fields = {k: change.row.values[k] for k in services.UPDATABLE_FIELDS if k in change.row.values}
        attempt(change, lambda c=change, f=fields: services.union_update(union=unit(c.code), by=by, **f))
    for change in sorted(plan.of(MOVED), key=by_rank):
        new_parent = unit(change.row.values.get("parent_code") or "")
        if new_parent is None:
            errors.append(CellError(gettext("Give the code of the union above."), cell=change.row.cell("parent_code"),
                                    row=change.row.row, field="parent_code"))
            continue
        attempt(change, lambda c=change, p=new_parent: services.union_move(union=unit(c.code), new_parent=p,
                                                                             on=plan.on, by=by))
    for change in sorted(plan.of(CLOSED), key=by_rank, reverse=True):
        if change.code in failed:
            continue
        attempt(change, lambda c=change: services.union_close(union=unit(c.code), on=c.row.values["closed_on"],
                                                                 by=by))
    return sorted(errors, key=lambda e: (e.row or 0, e.cell))
