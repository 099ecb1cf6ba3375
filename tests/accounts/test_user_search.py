"""Administrators look people up outside the admin (issue 14): name, user name or e-mail,
marks and case ignored, inside their own part of the hierarchy only."""
import pytest
from django.urls import reverse

from accounts.models import Role, User
from tests.factories import make_user


def found(client, query):
    response = client.get(reverse("user_list"), {"q": query})
    assert response.status_code == 200
    return [person.username for person in response.context["page"]]


@pytest.mark.django_db
def test_people_are_found_by_name_without_marks_and_by_email(client, provinces):
    a = provinces["A"]
    make_user(a["grass"], username="cdcs.lan", first_name="Lan", last_name="Nguyễn Thị", email="lan.nt@cuatung.vn")
    make_user(a["grass"], username="cdcs.hoa", first_name="Hoa", last_name="Trần Thị")
    client.force_login(a["admin"])
    assert found(client, "NGUYEN thi lan") == ["cdcs.lan"]
    assert found(client, "lan.nt@cuatung") == ["cdcs.lan"]
    assert found(client, "tran hoa") == ["cdcs.hoa"]
    page = client.get(reverse("user_list"), {"q": "nguyen"}).content.decode()
    assert "Nguyễn Thị Lan" in page and a["grass"].code in page


@pytest.mark.django_db
def test_an_administrator_finds_nobody_of_the_other_province_nor_a_superuser(client, provinces):
    a, b = provinces["A"], provinces["B"]
    make_user(b["grass"], username="cdcs.lan.b", first_name="Lan", last_name="Nguyễn Thị")
    User.objects.create_superuser(username="sieu.lan", password="x", first_name="Lan", unit=a["province"])
    make_user(a["grass"], username="cdcs.lan.a", first_name="Lan", last_name="Nguyễn Thị")
    client.force_login(a["admin"])
    assert found(client, "lan") == ["cdcs.lan.a"]
    assert not set(found(client, "")) & {u.username for u in User.objects.filter(unit__path__startswith=b["province"].path)}


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.POLICY_LAW_BOARD, Role.UPPER_OFFICER, Role.LEADERSHIP])
def test_only_administrators_look_people_up(client, provinces, role):
    client.force_login(make_user(provinces["A"]["province"], role=role))
    assert client.get(reverse("user_list")).status_code == 403


@pytest.mark.django_db
def test_the_people_page_costs_the_same_whatever_the_number_of_people(client, provinces, django_assert_max_num_queries):
    a = provinces["A"]
    client.force_login(a["admin"])
    client.get(reverse("user_list"))
    for n in range(30):
        make_user(a["grass"], username=f"cdcs.{n}", first_name="Lan", last_name="Lê")
    with django_assert_max_num_queries(8):
        client.get(reverse("user_list"), {"q": "le lan"})
