"""The one scoping function and the reads of the tree as it stood (unions/selectors.py): what a
person may see, and where a unit stood on a given day, boundary days included."""
import datetime

import pytest
from django.http import Http404

from accounts.models import User
from tests.factories import make_union, make_user
from unions.selectors import (
    NOTHING, get_union_for_user, scope_path_for_user, union_ancestors_for_user, union_ancestors_on, union_path_on,
    union_subtree_on, unions_visible_to,
)
from unions.services import union_close, union_move

D = datetime.date


def test_an_officer_who_left_sees_nothing(tree, users):
    officer = users["upper_a"]
    assert set(unions_visible_to(officer)) == {tree["upper_a"], tree["grass_a1"], tree["grass_a2"]}
    officer.is_active = False
    assert scope_path_for_user(officer) is NOTHING
    assert not unions_visible_to(officer).exists()
    with pytest.raises(Http404):
        get_union_for_user(officer, tree["upper_a"].pk)


def test_a_superuser_without_a_unit_sees_every_unit(tree):
    other = make_union(None, name="Liên đoàn Lao động tỉnh Quảng Bình")
    root = User.objects.create_superuser("root", "root@example.vn", "secret-pass-1306")
    assert root.unit_id is None
    assert scope_path_for_user(root) == ""
    assert set(unions_visible_to(root)) == {*tree.values(), other}
    assert get_union_for_user(root, other.pk) == other


def test_a_superuser_with_a_unit_sees_only_that_units_tree(tree, users):
    other = make_union(None, name="Liên đoàn Lao động tỉnh Quảng Bình")
    assert users["admin"].is_superuser and users["admin"].unit == tree["province"]
    assert set(unions_visible_to(users["admin"])) == set(tree.values())
    with pytest.raises(Http404):
        get_union_for_user(users["admin"], other.pk)


def test_anonymous_visitors_have_no_scope(tree):
    from django.contrib.auth.models import AnonymousUser

    assert scope_path_for_user(AnonymousUser()) is NOTHING
    assert not unions_visible_to(AnonymousUser()).exists()


def test_a_unit_moved_on_a_day_stands_under_its_new_parent_from_that_day(tree):
    union_move(union=tree["grass_a2"], new_parent=tree["upper_b"], on=D(2022, 7, 1))
    tree["upper_a"].refresh_from_db()
    tree["upper_b"].refresh_from_db()
    assert union_path_on(union=tree["grass_a2"], day=D(2022, 6, 30)).startswith(tree["upper_a"].path)
    assert union_path_on(union=tree["grass_a2"], day=D(2022, 7, 1)).startswith(tree["upper_b"].path)
    assert union_path_on(union=tree["grass_a2"], day=D(2014, 12, 31)) is None  # before it was opened
    assert set(union_subtree_on(union=tree["upper_b"], day=D(2022, 7, 1), include_self=False)) == {
        tree["grass_b1"], tree["grass_a2"]}


def test_a_unit_closed_on_a_day_is_no_member_from_that_day(tree):
    union_close(union=tree["grass_b1"], on=D(2022, 1, 1))
    assert tree["grass_b1"] in union_subtree_on(union=tree["upper_b"], day=D(2021, 12, 31))
    assert tree["grass_b1"] not in union_subtree_on(union=tree["upper_b"], day=D(2022, 1, 1))


def test_a_unit_without_a_place_then_has_no_subtree_nor_ancestors(tree):
    newcomer = make_union(tree["upper_a"], opened_on=D(2024, 1, 1))
    day = D(2023, 6, 10)
    assert not union_subtree_on(union=newcomer, day=day).exists()
    assert not union_ancestors_on(union=newcomer, day=day).exists()
    assert list(union_ancestors_on(union=newcomer, day=D(2024, 1, 1))) == [tree["province"], tree["upper_a"]]


def test_names_above_are_shown_but_only_those_in_scope_may_be_opened(tree, users):
    assert union_ancestors_for_user(union=tree["grass_a1"], user=users["upper_a"]) == [
        (tree["province"], False), (tree["upper_a"], True)]
    assert union_ancestors_for_user(union=tree["grass_a1"], user=users["board"]) == [
        (tree["province"], True), (tree["upper_a"], True)]
    users["board"].is_active = False
    assert union_ancestors_for_user(union=tree["grass_a1"], user=users["board"]) == [
        (tree["province"], False), (tree["upper_a"], False)]


def test_a_grassroots_officer_sees_only_their_unit(tree):
    officer = make_user(tree["grass_a2"], username="cdcs_a2")
    assert list(unions_visible_to(officer)) == [tree["grass_a2"]]


def test_the_units_above_on_a_day_are_those_that_stood_there_that_day(tree):
    """Quảng Trị's Gio Linh federation joins Quảng Bình in 2022; a new federation then takes its
    old place in Quảng Trị's tree. On a day of 2021, grass_b1's parent is Gio Linh, not the
    newcomer that holds the same place today."""
    other_province = make_union(None, name="Liên đoàn Lao động tỉnh Quảng Bình")
    old_path = tree["upper_b"].path
    union_move(union=tree["upper_b"], new_parent=other_province, on=D(2022, 1, 1))
    newcomer = make_union(tree["province"], name="Liên đoàn Lao động xã mới", opened_on=D(2022, 2, 1))
    newcomer.refresh_from_db()
    assert newcomer.path == old_path  # the place is reused
    assert list(union_ancestors_on(union=tree["grass_b1"], day=D(2021, 6, 1))) == [tree["province"], tree["upper_b"]]
    assert list(union_ancestors_on(union=tree["grass_b1"], day=D(2022, 6, 1))) == [other_province, tree["upper_b"]]


def test_no_person_at_all_sees_nothing():
    """A task or a command run without a person (user=None) reads nothing through the scope."""
    assert scope_path_for_user(None) is NOTHING
