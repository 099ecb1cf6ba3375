"""Search ignores diacritics and case, for units and users, on SQLite and PostgreSQL alike
(the suite runs on both): "Cua Tung" finds "Công đoàn Trường THPT Cửa Tùng"."""
import pytest
from django.urls import reverse

from accounts.models import User
from tests.factories import make_union, make_user
from unions.models import Union
from unions.search import fold, text_search


def test_fold_drops_every_vietnamese_mark_and_reads_d_for_dj():
    assert fold("Công đoàn Trường THPT Cửa Tùng") == "cong doan truong thpt cua tung"
    assert fold("ĐÔNG HÀ  Quảng   Trị") == "dong ha quang tri"
    assert fold("Ặ ẫ Ỹ ự ơ ư") == "a a y u o u"


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["Cua Tung", "cửa tùng", "CỬA TÙNG", "cua  TÙNG", "tung cua", "THPT Cua"])
def test_units_are_found_whatever_the_marks_and_case(tree, typed):
    school = make_union(tree["upper_a"], name="Công đoàn Trường THPT Cửa Tùng")
    make_union(tree["upper_a"], name="Công đoàn Trường THPT Vĩnh Linh 2")
    found = text_search(Union.objects.all(), typed, "name", "code")
    assert list(found) == [school]


@pytest.mark.django_db
def test_dj_and_d_are_one_letter_both_ways(tree):
    assert set(text_search(Union.objects.all(), "Dong Ha", "name")) == set()
    dong_ha = make_union(tree["province"], name="Liên đoàn Lao động thành phố Đông Hà")
    assert list(text_search(Union.objects.all(), "dong ha", "name")) == [dong_ha]
    assert list(text_search(Union.objects.all(), "ĐÔNG HÀ", "name")) == [dong_ha]


@pytest.mark.django_db
def test_users_are_found_by_name_without_marks(tree):
    lan = make_user(tree["grass_a1"], username="cdcs.lan", first_name="Lan", last_name="Nguyễn Thị")
    make_user(tree["grass_a1"], username="cdcs.hoa", first_name="Hoa", last_name="Trần Thị")
    found = text_search(User.objects.all(), "nguyen thi lan", "first_name", "last_name", "username")
    assert list(found) == [lan]


@pytest.mark.django_db
def test_the_unit_list_search_ignores_marks_and_stays_in_scope(client, tree, users):
    make_union(tree["upper_a"], name="Công đoàn Trường THPT Cửa Tùng", code="CT-01")
    make_union(tree["upper_b"], name="Công đoàn Trường THPT Cửa Tùng", code="CT-02")
    client.force_login(users["upper_a"])
    page = client.get(reverse("unions:list"), {"q": "cua tung"}).content.decode()
    assert "CT-01" in page and "CT-02" not in page  # the other branch's namesake stays hidden


@pytest.mark.django_db
def test_extension_choices_show_code_name_and_parent(client, users, tree, open_reports):
    school = make_union(tree["upper_a"], name="Công đoàn Trường THPT Cửa Tùng", code="CT-A")
    twin = make_union(tree["upper_b"], name="Công đoàn Trường THPT Cửa Tùng", code="CT-B")
    from reporting.periods import period_generate_reports

    period = open_reports["grass_a1"].period
    period_generate_reports(period=period)
    client.force_login(users["board"])
    page = client.get(reverse("reporting:period_extend", args=[period.pk]), {"q": "Cua Tung"}).content.decode()
    assert f"CT-A — {school.name} (thuộc Liên đoàn Lao động huyện Vĩnh Linh)" in page
    assert f"CT-B — {twin.name} (thuộc Liên đoàn Lao động huyện Gio Linh)" in page
