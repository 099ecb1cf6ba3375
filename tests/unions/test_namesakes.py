"""Namesakes told apart and searched without marks (issue 14, item 5): two "Công đoàn Trường
THPT Cửa Tùng" under different parents read differently wherever a unit is chosen; the admin's
searches ignore marks and case; the hierarchy import warns, without refusing, about two units of
one name under one parent."""
import datetime
import json

import pytest
from django.urls import reverse

from tests.factories import make_union, make_user
from tests.spreadsheets.helpers import upload, workbook_bytes
from unions.models import Union
from unions.selectors import union_choice_labels, union_namesakes

SCHOOL = "Công đoàn Trường THPT Cửa Tùng"
HEADINGS = ["Mã", "Tên", "Cấp", "Loại", "Mã công đoàn cấp trên", "Ngày thành lập"]


@pytest.fixture
def twins(tree):
    return (make_union(tree["upper_a"], name=SCHOOL, code="CT-A"),
            make_union(tree["upper_b"], name=SCHOOL, code="CT-B"))


@pytest.fixture
def admin_client(client, users):
    client.force_login(users["admin"])
    return client


@pytest.mark.django_db
def test_a_units_label_among_choices_is_its_code_name_and_parent(twins, django_assert_num_queries):
    with django_assert_num_queries(1):  # the parents, at once
        labels = union_choice_labels(units=twins)
    assert labels[twins[0].pk] == f"CT-A — {SCHOOL} (thuộc Liên đoàn Lao động huyện Vĩnh Linh)"
    assert labels[twins[1].pk] == f"CT-B — {SCHOOL} (thuộc Liên đoàn Lao động huyện Gio Linh)"


@pytest.mark.django_db
def test_the_admins_unit_autocomplete_ignores_marks_and_shows_code_and_parent(admin_client, twins):
    response = admin_client.get(reverse("admin:autocomplete"), {
        "app_label": "accounts", "model_name": "user", "field_name": "unit", "term": "cua TUNG"})
    assert response.status_code == 200
    texts = [result["text"] for result in json.loads(response.content)["results"]]
    assert texts == [f"CT-A — {SCHOOL} (thuộc Liên đoàn Lao động huyện Vĩnh Linh)",
                     f"CT-B — {SCHOOL} (thuộc Liên đoàn Lao động huyện Gio Linh)"]


@pytest.mark.django_db
def test_the_admins_union_search_ignores_marks_and_case(admin_client, twins, tree):
    response = admin_client.get(reverse("admin:unions_union_changelist"), {"q": "thpt cua tung"})
    assert set(response.context["cl"].result_list) == set(twins)


@pytest.mark.django_db
def test_the_admins_user_search_ignores_marks_and_case(admin_client, tree):
    lan = make_user(tree["grass_a1"], username="cdcs.lan", first_name="Lan", last_name="Nguyễn Thị")
    make_user(tree["grass_a1"], username="cdcs.hoa", first_name="Hoa", last_name="Trần Thị")
    response = admin_client.get(reverse("admin:accounts_user_changelist"), {"q": "NGUYEN thi lan"})
    assert list(response.context["cl"].result_list) == [lan]
    response = admin_client.get(reverse("admin:accounts_user_changelist"), {"q": "vinh linh"})  # by unit
    assert lan in response.context["cl"].result_list


@pytest.mark.django_db
def test_the_parent_choice_of_a_unit_shows_code_and_parent(admin_client, tree):
    form = admin_client.get(reverse("admin:unions_union_add")).context["adminform"].form
    labels = [label for _value, label in form.fields["parent"].choices]
    assert f"{tree['upper_a'].code} — Liên đoàn Lao động huyện Vĩnh Linh (thuộc Liên đoàn Lao động tỉnh Quảng Trị)" \
        in labels


@pytest.mark.django_db
def test_the_comparisons_unit_choice_shows_code_and_parent(client, users, tree, plan):
    twin_a = make_union(tree["upper_a"], level="grassroots", name="Công đoàn ngành Giáo dục")
    client.force_login(users["board"])
    page = client.get(reverse("reporting:compare")).content.decode()
    assert f"{tree['upper_b'].code} — Liên đoàn Lao động huyện Gio Linh (thuộc Liên đoàn Lao động tỉnh Quảng Trị)" in page
    assert twin_a.name not in page  # grassroots units are no scope of a comparison


@pytest.mark.django_db
def test_namesakes_are_open_units_of_one_name_under_one_parent(twins, tree):
    third = make_union(tree["upper_a"], name="CÔNG ĐOÀN TRƯỜNG THPT CUA TUNG", code="CT-A2")
    closed = make_union(tree["upper_a"], name=SCHOOL, code="CT-OLD", opened_on=datetime.date(2016, 1, 1))
    Union.objects.filter(pk=closed.pk).update(closed_on=datetime.date(2020, 1, 1))
    found = union_namesakes(units=[twins[0], twins[1]])
    assert found[twins[0].pk] == [third] and found[twins[1].pk] == []


@pytest.mark.django_db
def test_the_import_warns_about_a_second_union_of_one_name_under_one_parent(admin_client, twins, tree):
    content = workbook_bytes([HEADINGS, ["CT-A3", "Công đoàn Trường THPT Cửa  Tùng", "grassroots", "grassroots_agency",
                                         tree["upper_a"].code, "01/09/2024"],
                              ["CT-C", "Công đoàn Trường THPT Cồn Tiên", "grassroots", "grassroots_agency",
                               tree["upper_a"].code, "01/09/2024"]])
    response = admin_client.post(reverse("admin:unions_union_import"),
                                 {"step": "preview", "file": upload(content), "on": "01/09/2024"})
    assert response.status_code == 200 and response.context["token"]  # warned, not refused
    warnings = response.context["plan"].warnings
    assert [(w.row, w.cell) for w in warnings] == [(2, "B2")]
    page = response.content.decode()
    assert ("Dòng 2 (B2): “Công đoàn Trường THPT Cửa  Tùng” trùng tên với CT-A cùng thuộc Liên đoàn Lao động huyện "
            "Vĩnh Linh: hãy kiểm tra xem có phải một công đoàn bị nhập hai lần không.") in page
    response = admin_client.post(reverse("admin:unions_union_import"),
                                 {"step": "apply", "token": response.context["token"]}, follow=True)
    assert Union.objects.filter(code__in=["CT-A3", "CT-C"]).count() == 2
    assert "trùng tên với CT-A" in response.content.decode()  # said again once applied


@pytest.mark.django_db
def test_the_import_says_nothing_of_namesakes_under_different_parents(admin_client, twins, tree):
    content = workbook_bytes([HEADINGS, ["CT-B2", "Công đoàn Trường THPT Vĩnh Linh", "grassroots", "grassroots_agency",
                                         tree["upper_b"].code, "01/09/2024"]])
    response = admin_client.post(reverse("admin:unions_union_import"),
                                 {"step": "preview", "file": upload(content), "on": "01/09/2024"})
    assert response.status_code == 200 and response.context["plan"].warnings == []
