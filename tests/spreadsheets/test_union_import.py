"""The hierarchy from and to Excel: export → import changes nothing; an import previews its
changes (new, changed, moved, closed), applies them through the services in one transaction,
and with any error applies nothing and names every wrong cell."""
import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tests.factories import make_union, make_user
from tests.spreadsheets.helpers import edit, find_row, rows_of, upload, workbook_bytes
from unions.models import Level, Union, UnionPlacement
from unions.services import union_close, union_move
from unions.spreadsheets import union_import, unions_export

D = datetime.date
ON = D(2025, 7, 1)


def snapshot():
    return (list(Union.objects.order_by("pk").values()), list(UnionPlacement.objects.order_by("pk").values()))


@pytest.fixture
def history(tree):
    """The tree with some life in it: contacts, members, a move and a closure."""
    Union.objects.filter(pk=tree["province"].pk).update(email="ldld.quangtri@example.vn", phone="0233 3852 296",
                                                        member_count=52_000)
    Union.objects.filter(pk=tree["grass_a1"].pk).update(phone="0912 345 678", member_count=48)
    closing = make_union(tree["upper_b"], name="Công đoàn Hợp tác xã Gio Hải", code="007")
    union_close(union=closing, on=D(2021, 3, 1))
    union_move(union=tree["grass_b1"], new_parent=tree["upper_a"], on=D(2020, 1, 1))
    return tree


def test_export_then_import_changes_nothing(history):
    content = unions_export(units=Union.objects.all())
    before = snapshot()
    plan = union_import(upload=upload(content), on=ON, dry_run=False)
    assert plan.errors == [] and plan.changes == [] and plan.unchanged == 7 and plan.applied
    assert snapshot() == before
    # The code "007" stays text, the phone keeps its leading zero, dates are real dates.
    rows = rows_of(content)
    closed = rows[find_row(content, "007") - 1]
    assert closed[6] == datetime.datetime(2021, 3, 1) and closed[4] == history["upper_b"].code
    assert rows[find_row(content, history["grass_a1"].code) - 1][8:] == ["0912 345 678", 48]


def test_the_export_reads_in_vietnamese_with_drop_down_lists(history):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(unions_export(units=Union.objects.all())))
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]][:4] == ["Mã", "Tên", "Cấp", "Loại"]
    assert sheet.cell(find_row(unions_export(units=Union.objects.all()), history["grass_a1"].code), 3).value \
        == "Công đoàn cơ sở"
    lists = {str(dv.sqref): dv.formula1 for dv in sheet.data_validations.dataValidation if dv.type == "list"}
    assert lists["C2:C508"] == f"'Danh mục'!$A$1:$A${len(Level.choices)}"
    assert book["Danh mục"].sheet_state == "hidden"


def test_a_preview_lists_new_changed_moved_and_closed_then_applies_through_the_services(history):
    tree = history
    content = unions_export(units=Union.objects.all())
    a1, a2, b1 = (find_row(content, tree[k].code) for k in ("grass_a1", "grass_a2", "grass_b1"))
    changed = edit(content, {
        f"B{a1}": "Công đoàn Trường THPT Vĩnh Linh (mới)", f"J{a1}": 60,
        f"E{a2}": tree["upper_b"].code,  # moved
        f"G{b1}": D(2025, 6, 30),  # closed
    }, append=[
        ["XP-VT", "Công đoàn xã Vĩnh Thạch", "Công đoàn cấp trên trực tiếp cơ sở", "Công đoàn xã, phường",
         tree["province"].code, D(2025, 7, 1), None, "vinhthach@example.vn", "0233 1", 0],
        ["XP-VT-01", "Công đoàn Trường Mầm non Vĩnh Thạch", "grassroots", "grassroots_agency", "XP-VT",
         "01/07/2025", None, None, None, 15],
    ])
    before = snapshot()
    preview = union_import(upload=upload(changed), on=ON, dry_run=True)
    assert preview.errors == [] and not preview.applied
    assert preview.counts == {"new": 2, "changed": 1, "moved": 1, "closed": 1} and preview.unchanged == 4
    assert [c.code for c in preview.of("new")] == ["XP-VT", "XP-VT-01"]
    with translation.override("en"):
        detail = union_import(upload=upload(changed), on=ON).of("changed")[0].details
    assert ("Members", "48", "60") in detail and ("Name", tree["grass_a1"].name,
                                                  "Công đoàn Trường THPT Vĩnh Linh (mới)") in detail
    assert snapshot() == before  # a preview changes nothing

    plan = union_import(upload=upload(changed), on=ON, dry_run=False)
    assert plan.applied and plan.counts == preview.counts and plan.digest == preview.digest
    new_upper = Union.objects.get(code="XP-VT")
    assert new_upper.parent == tree["province"] and new_upper.kind == "commune_ward"
    assert Union.objects.get(code="XP-VT-01").parent == new_upper
    moved = Union.objects.get(pk=tree["grass_a2"].pk)
    assert moved.parent == tree["upper_b"]
    assert [(p.valid_from, p.valid_until) for p in moved.placements.order_by("valid_from")] == \
        [(D(2015, 1, 1), ON), (ON, None)]
    assert Union.objects.get(pk=tree["grass_b1"].pk).closed_on == D(2025, 6, 30)
    assert Union.objects.get(pk=tree["grass_a1"].pk).member_count == 60
    # And the new state exports and imports back unchanged.
    again = union_import(upload=upload(unions_export(units=Union.objects.all())), on=ON, dry_run=True)
    assert again.changes == [] and again.errors == []


def test_every_wrong_cell_is_listed_and_nothing_is_applied(history):
    tree = history
    content = unions_export(units=Union.objects.all())
    a1, a2, b1 = (find_row(content, tree[k].code) for k in ("grass_a1", "grass_a2", "grass_b1"))
    broken = edit(content, {
        f"B{a1}": "Tên mới",  # a good change, which must not be applied either
        f"C{a2}": "Cấp xã",  # no such level
        f"E{b1}": "KHONG-CO",  # no such parent
        f"F{b1}": "31/02/2020",  # no such date
    }, append=[
        [tree["grass_a1"].code, "Trùng mã", "grassroots", "grassroots_agency", tree["upper_a"].code, D(2020, 1, 1)],
        ["N-1", "Đơn vị mới", "grassroots", "grassroots_agency", tree["upper_a"].code, D(2020, 1, 1), None,
         "không-phải-email", "", -5],
        ["N-2", None, "grassroots", "grassroots_agency", tree["upper_a"].code, "=TODAY()"],
    ])
    last = len(rows_of(broken))
    before = snapshot()
    with translation.override("en"):
        plan = union_import(upload=upload(broken), on=ON, dry_run=False)
        LEVELS = "; ".join(str(label) for _value, label in Level.choices)
    assert "Provincial federation; Upper-level union; Grassroots union" in LEVELS
    found = [(e.row, e.cell, e.field, e.message) for e in plan.errors]
    assert found == [
        (a2, f"C{a2}", "level", f"“Cấp xã” is not one of: {LEVELS}."),
        (b1, f"F{b1}", "opened_on", "Enter a valid date, written dd/mm/yyyy."),
        (last - 1, f"H{last - 1}", "email", "Enter a valid email address."),
        (last - 1, f"J{last - 1}", "member_count", "Ensure this value is greater than or equal to 0."),
        (last, f"B{last}", "name", "This field is required."),
        (last, f"F{last}", "opened_on", "A formula is not accepted here: type the value itself."),
        (last - 2, f"A{last - 2}", "code", f"This code is already used on row {a1}."),
        (b1, f"E{b1}", "parent_code", "No union with this code in the file or in your part of the hierarchy."),
    ]
    with translation.override("en"):
        assert str(plan.errors[0]).startswith(f"Cell C{a2}: ")
    with translation.override("vi"):
        assert str(plan.errors[0]).startswith(f"Ô C{a2}: ")
    assert not plan.applied and snapshot() == before


def test_the_services_refusals_come_back_at_their_cells(history):
    """Rules only the services know (level under level, open units below a closure, a kind of
    another level, a move dated before the last change) are found by the preview too."""
    tree = history
    content = unions_export(units=Union.objects.all())
    a1, a2, upper_a = (find_row(content, tree[k].code) for k in ("grass_a1", "grass_a2", "upper_a"))
    broken = edit(content, {
        f"E{a1}": tree["province"].code,  # a grassroots union under the province
        f"D{a2}": "Công đoàn ngành",  # a kind of the upper level
        f"G{upper_a}": D(2025, 6, 30),  # closing a union with open units below
    })
    before = snapshot()
    with translation.override("en"):
        plan = union_import(upload=upload(broken), on=ON, dry_run=True)
        early = union_import(upload=upload(edit(content, {f"E{a2}": tree["upper_b"].code})), on=D(2015, 1, 1))
    assert {(e.cell, e.message) for e in plan.errors} == {
        (f"E{a1}", "A Grassroots union cannot be placed under a Provincial federation."),
        (f"D{a2}", "This kind of union does not belong to the chosen level."),
        (f"G{upper_a}", "Move or close the 3 units under this union first."),
    }
    assert [(e.cell, e.message) for e in early.errors] == [
        (f"E{a2}", "A change must be dated after the last recorded change (01/01/2015).")]
    assert snapshot() == before


def test_headings_and_values_in_english_or_as_codes_are_read(tree):
    content = workbook_bytes([
        ["Code", "Name", "Level", "Kind", "Parent union code", "Opened on", "Members"],
        ["CT-01", "Công đoàn Công ty Cổ phần Cao su", "Grassroots union", "grassroots_enterprise", tree["upper_b"].code,
         D(2024, 5, 2), "1.250"],
        [], ["CT-02", "Công đoàn Chi nhánh Điện lực", "grassroots", "Grassroots union in an enterprise",
             tree["upper_b"].code, "02/05/2024", 30.0],
    ])
    plan = union_import(upload=upload(content), on=ON, dry_run=False)
    assert plan.errors == [] and plan.counts["new"] == 2
    assert Union.objects.get(code="CT-01").member_count == 1250
    assert Union.objects.get(code="CT-02").opened_on == D(2024, 5, 2)


def test_a_file_with_wrong_headings_is_refused_at_row_one(tree):
    content = workbook_bytes([["Mã", "Tên", "Cấp", "Loại", "Ngày thành lập", "Ghi chú"], ["X", "Y"]])
    with translation.override("en"):
        plan = union_import(upload=upload(content), on=ON)
    assert [(e.row, e.cell, e.field) for e in plan.errors] == [(1, "F1", ""), (1, "", "parent_code")]
    assert plan.errors[1].message == "The column “Parent union code” is missing."


def test_an_officer_imports_only_within_their_branch(history):
    tree = history
    admin_a = make_user(tree["upper_a"], role="administrator", username="admin_a", is_staff=True)
    content = unions_export(units=Union.objects.all())
    b1 = find_row(content, tree["upper_b"].code)
    plan = union_import(upload=upload(edit(content, {f"B{b1}": "Đổi tên"})), on=ON, user=admin_a)
    outside = {find_row(content, code) for code in (tree["province"].code, tree["upper_b"].code, "007")}
    assert {(e.row, e.field) for e in plan.errors} == {(row, "code") for row in outside}
    assert b1 in outside and Union.objects.get(pk=tree["upper_b"].pk).name != "Đổi tên"
    own = unions_export(units=Union.objects.filter(path__startswith=tree["upper_a"].path))
    assert {r[0] for r in rows_of(own)[1:]} == {tree[k].code for k in ("upper_a", "grass_a1", "grass_a2", "grass_b1")}
    plan = union_import(upload=upload(own), on=ON, user=admin_a)
    assert plan.errors == [] and plan.changes == []  # the parent code of upper_a is the province's: allowed to stay


def test_the_commands_export_preview_and_apply(history, tmp_path):
    target = tmp_path / "he-thong.xlsx"
    out = io.StringIO()
    call_command("export_unions", str(target), stdout=out)
    content = target.read_bytes()
    row = find_row(content, history["grass_a1"].code)
    target.write_bytes(edit(content, {f"B{row}": "Công đoàn THPT Vĩnh Linh"}))
    before = snapshot()
    out = io.StringIO()
    with translation.override("en"):
        call_command("import_unions", str(target), "--dry-run", stdout=out)
    assert "Thêm mới: 0, thay đổi thông tin: 1, chuyển trực thuộc: 0, giải thể: 0, giữ nguyên: 6." in out.getvalue()
    assert f"~ [{row}] {history['grass_a1'].code}" in out.getvalue() and snapshot() == before
    call_command("import_unions", str(target), "--on", "01/07/2025", stdout=io.StringIO())
    assert Union.objects.get(pk=history["grass_a1"].pk).name == "Công đoàn THPT Vĩnh Linh"
    target.write_bytes(edit(content, {f"C{row}": "???"}))
    before = snapshot()
    err = io.StringIO()
    with pytest.raises(CommandError), translation.override("en"):
        call_command("import_unions", str(target), stdout=io.StringIO(), stderr=err)
    assert f"Ô C{row}: “???” không thuộc danh sách" in err.getvalue() and snapshot() == before
