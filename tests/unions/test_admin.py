"""The hierarchy in the admin: a wrong change is refused at the field, in Vietnamese, and
changes nothing; a right one goes through the services and keeps the history."""
import pytest
from django.urls import reverse

from unions.models import Union, UnionPlacement


@pytest.fixture
def admin_client(client, users):
    client.force_login(users["admin"])
    client.cookies["django_language"] = "vi"
    return client


def form_data(unit, **changes):
    data = {
        "parent": unit.parent.pk if unit.parent else "",
        "changed_on": "", "code": unit.code, "name": unit.name, "level": unit.level, "kind": unit.kind,
        "opened_on": unit.opened_on.strftime("%d/%m/%Y"), "closed_on": "", "email": unit.email,
        "phone": unit.phone, "member_count": unit.member_count,
    }
    data.update(changes)
    return data


def test_tree_list_search_and_filters(admin_client, tree):
    url = reverse("admin:unions_union_changelist")
    page = admin_client.get(url).content.decode()
    assert page.index("Liên đoàn Lao động tỉnh Quảng Trị") < page.index("Liên đoàn Lao động huyện Vĩnh Linh") \
        < page.index("Công đoàn Trường THPT Vĩnh Linh") < page.index("Liên đoàn Lao động huyện Gio Linh")
    found = admin_client.get(url, {"q": "Gio Linh"}).context["cl"].result_list
    assert {u.name for u in found} == {"Liên đoàn Lao động huyện Gio Linh", "Công đoàn Công ty TNHH Gio Linh"}
    branch = admin_client.get(url, {"under": tree["upper_a"].code}).context["cl"].result_list
    assert set(branch) == {tree["upper_a"], tree["grass_a1"], tree["grass_a2"]}
    grassroots = admin_client.get(url, {"level__exact": "grassroots"}).context["cl"].result_list
    assert len(grassroots) == 3


def test_adding_a_unit_places_it_in_the_tree(admin_client, tree):
    response = admin_client.post(reverse("admin:unions_union_add"), {
        "parent": tree["upper_b"].pk, "changed_on": "", "code": "GL-099", "name": "Công đoàn Trường Tiểu học Gio Mai",
        "level": "grassroots", "kind": "grassroots_agency", "opened_on": "05/03/2020", "closed_on": "",
        "email": "", "phone": "", "member_count": 25,
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    unit = Union.objects.get(code="GL-099")
    assert unit.parent == tree["upper_b"]
    assert unit.opened_on.isoformat() == "2020-03-05"
    assert UnionPlacement.objects.get(union=unit).valid_from.isoformat() == "2020-03-05"


def test_moving_a_unit_keeps_its_history(admin_client, tree):
    unit = tree["grass_a2"]
    response = admin_client.post(reverse("admin:unions_union_change", args=[unit.pk]),
                                 form_data(unit, parent=tree["upper_b"].pk, changed_on="01/07/2025"))
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.parent == tree["upper_b"]
    assert [p.valid_from.isoformat() for p in UnionPlacement.objects.filter(union=unit).order_by("valid_from")] == \
        ["2015-01-01", "2025-07-01"]


@pytest.mark.parametrize("change, field, message", [
    ({"parent": "placeholder-province"}, "parent", "Không thể đặt Công đoàn cơ sở trực thuộc LĐLĐ tỉnh."),
    ({"kind": "sectoral"}, "kind", "Loại hình này không thuộc cấp đã chọn."),
    ({"closed_on": "01/01/2010"}, "closed_on", "Ngày giải thể phải sau ngày thành lập."),
    ({"opened_on": "31/02/2020"}, "opened_on", "Nhập một ngày hợp lệ."),
    ({"parent": "placeholder-upper_b", "changed_on": "01/01/2015"}, "changed_on",
     "Ngày thay đổi phải sau lần thay đổi gần nhất (01/01/2015)."),
])
def test_a_wrong_change_is_refused_at_the_field_and_changes_nothing(admin_client, tree, change, field, message):
    unit = tree["grass_a2"]
    change = {k: (tree[v.split("-", 1)[1]].pk if str(v).startswith("placeholder-") else v) for k, v in change.items()}
    before = list(Union.objects.order_by("pk").values())
    placements = list(UnionPlacement.objects.order_by("pk").values())
    response = admin_client.post(reverse("admin:unions_union_change", args=[unit.pk]), form_data(unit, **change))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field] == [message]
    assert list(Union.objects.order_by("pk").values()) == before
    assert list(UnionPlacement.objects.order_by("pk").values()) == placements


def test_closing_a_unit_with_open_units_below_is_refused(admin_client, tree):
    unit = tree["upper_a"]
    response = admin_client.post(reverse("admin:unions_union_change", args=[unit.pk]),
                                 form_data(unit, closed_on="01/07/2025"))
    assert response.context["adminform"].form.errors["closed_on"] == [
        "Cần chuyển hoặc giải thể 2 đơn vị trực thuộc trước."]
    unit.refresh_from_db()
    assert unit.closed_on is None
