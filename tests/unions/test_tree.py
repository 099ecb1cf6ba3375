import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_union
from unions.models import Level, UnionPlacement
from unions.selectors import (
    union_ancestors,
    union_ancestors_on,
    union_path_on,
    union_subtree,
    union_subtree_on,
)
from unions.services import union_close, union_move

D = datetime.date


def names(qs):
    return sorted(u.name for u in qs)


def test_subtree_holds_the_unit_and_everything_below(tree):
    assert set(union_subtree(union=tree["upper_a"])) == {tree["upper_a"], tree["grass_a1"], tree["grass_a2"]}
    assert set(union_subtree(union=tree["upper_a"], include_self=False)) == {tree["grass_a1"], tree["grass_a2"]}
    assert union_subtree(union=tree["province"]).count() == 6
    assert list(union_subtree(union=tree["grass_b1"])) == [tree["grass_b1"]]


def test_subtree_is_one_query_whatever_its_size(tree):
    for _ in range(30):
        make_union(tree["upper_a"])
    with CaptureQueriesContext(connection) as queries:
        assert len(list(union_subtree(union=tree["upper_a"]))) == 33
    assert len(queries) == 1


def test_ancestors_top_first(tree):
    assert list(union_ancestors(union=tree["grass_a1"])) == [tree["province"], tree["upper_a"]]
    assert list(union_ancestors(union=tree["province"])) == []


def test_membership_as_of_a_date_follows_a_move(tree):
    union_move(union=tree["grass_a2"], new_parent=tree["upper_b"], on=D(2022, 7, 1))

    assert set(union_subtree(union=tree["upper_b"])) == {tree["upper_b"], tree["grass_b1"], tree["grass_a2"]}
    before, after = D(2022, 6, 30), D(2022, 7, 1)
    assert set(union_subtree_on(union=tree["upper_a"], day=before)) == {tree["upper_a"], tree["grass_a1"], tree["grass_a2"]}
    assert set(union_subtree_on(union=tree["upper_a"], day=after)) == {tree["upper_a"], tree["grass_a1"]}
    assert set(union_subtree_on(union=tree["upper_b"], day=before)) == {tree["upper_b"], tree["grass_b1"]}
    assert list(union_ancestors_on(union=tree["grass_a2"], day=before)) == [tree["province"], tree["upper_a"]]
    assert list(union_ancestors_on(union=tree["grass_a2"], day=after)) == [tree["province"], tree["upper_b"]]
    assert UnionPlacement.objects.filter(union=tree["grass_a2"]).count() == 2


def test_moving_a_branch_moves_its_units_with_it(tree):
    province = tree["province"]
    upper_c = make_union(province, name="Liên đoàn Lao động thị xã Quảng Trị")
    union_move(union=tree["grass_a1"], new_parent=upper_c, on=D(2021, 1, 1))
    # A whole upper-level union moves under another one? Not allowed: levels must fit.
    with pytest.raises(ValidationError):
        union_move(union=tree["upper_a"], new_parent=tree["upper_b"], on=D(2023, 1, 1))
    assert union_path_on(union=tree["grass_a1"], day=D(2020, 12, 31)).startswith(tree["upper_a"].path)
    assert set(union_subtree_on(union=upper_c, day=D(2021, 1, 1))) == {upper_c, tree["grass_a1"]}


def test_units_not_yet_open_or_already_closed_are_not_members(tree):
    late = make_union(tree["upper_a"], opened_on=D(2021, 3, 1))
    union_close(union=tree["grass_a2"], on=D(2022, 1, 1))
    assert late not in union_subtree_on(union=tree["upper_a"], day=D(2020, 12, 31))
    assert late in union_subtree_on(union=tree["upper_a"], day=D(2021, 3, 1))
    assert tree["grass_a2"] in union_subtree_on(union=tree["upper_a"], day=D(2021, 12, 31))
    assert tree["grass_a2"] not in union_subtree_on(union=tree["upper_a"], day=D(2022, 1, 1))


def test_a_unit_with_open_units_below_cannot_close(tree):
    with pytest.raises(ValidationError) as error:
        union_close(union=tree["upper_a"], on=D(2025, 7, 1))
    assert "2" in error.value.messages[0]
    union_close(union=tree["grass_a1"], on=D(2025, 7, 1))
    union_close(union=tree["grass_a2"], on=D(2025, 7, 1))
    union_close(union=tree["upper_a"], on=D(2025, 7, 1))
    tree["upper_a"].refresh_from_db()
    assert tree["upper_a"].closed_on == D(2025, 7, 1)


def test_levels_must_fit_the_tree(tree):
    with pytest.raises(ValidationError):
        make_union(tree["grass_a1"], level=Level.GRASSROOTS)
    with pytest.raises(ValidationError):
        make_union(tree["province"], level=Level.GRASSROOTS)
    with pytest.raises(ValidationError):
        make_union(None, level=Level.UPPER)


def test_a_change_cannot_be_dated_before_the_last_one(tree):
    union_move(union=tree["grass_a2"], new_parent=tree["upper_b"], on=D(2022, 7, 1))
    with pytest.raises(ValidationError):
        union_move(union=tree["grass_a2"], new_parent=tree["upper_a"], on=D(2022, 1, 1))


def test_move_is_a_fixed_number_of_queries_whatever_the_branch_size(tree):
    def queries_for_move(branch_size, on):
        upper_x = make_union(tree["province"])
        grass = make_union(upper_x)
        for _ in range(branch_size):
            make_union(upper_x)
        target = make_union(tree["province"])
        with CaptureQueriesContext(connection) as queries:
            union_move(union=grass, new_parent=target, on=on)
        return len(queries)

    assert queries_for_move(2, D(2024, 1, 1)) == queries_for_move(40, D(2024, 1, 2))


def test_closing_date_after_opening_is_a_database_rule(tree):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        type(tree["grass_a1"]).objects.filter(pk=tree["grass_a1"].pk).update(closed_on=D(2000, 1, 1))
