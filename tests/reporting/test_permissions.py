"""Who may do what with a report (reporting/permissions.py), one rule per test. Accounts can be set up
oddly by an administrator (a role at an unexpected level): each rule must hold on its own, not
only because another check happens to refuse the same case."""
import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import Role
from reporting.permissions import (
    report_can_edit, report_can_fill_for, report_can_reopen_closed_period, report_can_review, report_in_scope,
)
from reporting.review import report_reopen_for_submission
from tests.factories import make_union, make_user


@pytest.fixture
def other_province(db):
    """Quảng Bình: a second province with its own Board, outside Quảng Trị's tree."""
    province = make_union(None, name="Liên đoàn Lao động tỉnh Quảng Bình")
    return dict(province=province, board=make_user(province, username="board_qb"))


def _close(report):
    report.period.is_open = False
    report.period.save()
    report.refresh_from_db()
    return report


def test_a_board_reopens_a_closed_period_only_inside_its_own_province(open_reports, users, other_province):
    report = _close(open_reports["grass_a1"])
    assert report_can_reopen_closed_period(report=report, user=users["board"]) is True
    assert report_can_reopen_closed_period(report=report, user=other_province["board"]) is False
    with pytest.raises(PermissionDenied):
        report_reopen_for_submission(report=report, by=other_province["board"], reason="Cho gửi bổ sung.")
    report.refresh_from_db()
    assert report.reopened_for_submission is False


def test_only_the_board_reopens_a_closed_period(open_reports, users):
    report = _close(open_reports["grass_a1"])
    for who in ("upper_a", "grass_a1", "leadership", "admin"):
        assert report_can_reopen_closed_period(report=report, user=users[who]) is False, who


def test_an_upper_officer_fills_in_for_a_grassroots_union_of_their_subtree(open_reports, users):
    assert report_can_fill_for(report=open_reports["grass_a1"], user=users["upper_a"]) is True
    assert report_can_fill_for(report=open_reports["grass_b1"], user=users["upper_a"]) is False  # another branch
    assert report_can_fill_for(report=open_reports["grass_a1"], user=users["board"]) is False  # the Board reviews


def test_nobody_fills_in_for_their_own_unit_from_the_bulk_workbook(open_reports, tree):
    """An upper-level officer's account placed at a grassroots union: the report is grassroots
    and in scope, and still not theirs to fill in for — it is their own (the form is for that)."""
    odd = make_user(tree["grass_a1"], role=Role.UPPER_OFFICER, username="upper_at_grassroots")
    assert report_can_fill_for(report=open_reports["grass_a1"], user=odd) is False


def test_an_upper_officer_fills_in_for_no_upper_level_union(open_reports, tree):
    """An upper-level officer's account at the province: upper_a's report is in scope and not
    their own, and still refused — only grassroots unions are filled in for."""
    odd = make_user(tree["province"], role=Role.UPPER_OFFICER, username="upper_at_province")
    assert report_can_fill_for(report=open_reports["upper_a"], user=odd) is False
    assert report_can_fill_for(report=open_reports["grass_a1"], user=odd) is True


def test_filling_in_stops_once_the_report_is_sent_or_the_period_closed(open_reports, users):
    report = open_reports["grass_a1"]
    report.status = report.Status.SUBMITTED
    assert report_can_fill_for(report=report, user=users["upper_a"]) is False
    report.status = report.Status.RETURNED
    assert report_can_fill_for(report=report, user=users["upper_a"]) is True
    report = _close(open_reports["grass_a2"])
    assert report_can_fill_for(report=report, user=users["upper_a"]) is False
    report.reopened_for_submission = True
    assert report_can_fill_for(report=report, user=users["upper_a"]) is True


def test_nobody_reviews_their_own_units_report_whatever_their_role(open_reports, tree):
    """A Board account placed at an upper-level union: the Board reviews upper-level reports,
    but not this one — it is their own unit's."""
    odd_board = make_user(tree["upper_a"], role=Role.POLICY_LAW_BOARD, username="board_at_upper")
    report = open_reports["upper_a"]
    assert report_can_review(report=report, user=odd_board) is False
    odd_upper = make_user(tree["grass_a1"], role=Role.UPPER_OFFICER, username="upper_at_grass")
    assert report_can_review(report=open_reports["grass_a1"], user=odd_upper) is False


def test_an_upper_officer_reviews_grassroots_reports_only(open_reports, tree, users):
    """An upper-level officer's account at the province sees upper_a's report but does not
    review it: upper-level reports are the Board's."""
    odd = make_user(tree["province"], role=Role.UPPER_OFFICER, username="upper_at_province")
    assert report_can_review(report=open_reports["upper_a"], user=odd) is False
    assert report_can_review(report=open_reports["grass_a1"], user=odd) is True
    assert report_can_review(report=open_reports["upper_a"], user=users["board"]) is True


def test_an_officer_who_left_keeps_no_right(open_reports, users):
    officer = users["grass_a1"]
    report = open_reports["grass_a1"]
    assert report_in_scope(report=report, user=officer) and report_can_edit(report=report, user=officer)
    officer.is_active = False
    assert report_in_scope(report=report, user=officer) is False
    reviewer = users["upper_a"]
    reviewer.is_active = False
    assert report_can_review(report=report, user=reviewer) is False
    assert report_can_fill_for(report=report, user=reviewer) is False


def test_the_units_own_officers_edit_while_the_period_accepts_it(open_reports, users):
    report = open_reports["grass_a1"]
    officer = users["grass_a1"]
    assert report_can_edit(report=report, user=officer) is True
    assert report_can_edit(report=report, user=users["leadership"]) is False  # reads only, at the province
    report = _close(report)
    assert report_can_edit(report=report, user=officer) is False
    report.reopened_for_submission = True
    assert report_can_edit(report=report, user=officer) is True
    report.status = report.Status.ACCEPTED
    assert report_can_edit(report=report, user=officer) is False
