"""Whom to chase, who receives, who sees what (notifications/selectors.py), boundary days included."""
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from notifications.models import Reminder
from notifications.selectors import (
    missing_by_upper_union, notifications_for_user, reachable_officers, recipients_by_unit, reminders_for_log,
    reports_to_chase, require_board, unread_count,
)
from notifications.services import reminders_plan, reminders_send
from reporting.models import Report
from reporting.services import report_accept
from unions.models import Union
from unions.services import union_close

from .conftest import D, submit


def _chased(today):
    return {r.unit.name for r in reports_to_chase(today=today).select_related("unit")}


def test_a_unit_is_chased_until_the_day_it_closes(h1, tree):
    union_close(union=tree["grass_b1"], on=D(2023, 6, 12))
    assert tree["grass_b1"].name in _chased(D(2023, 6, 11))
    assert tree["grass_b1"].name not in _chased(D(2023, 6, 12))


def test_a_unit_is_chased_from_the_day_it_opens(h1, plan, tree):
    from reporting.services import period_generate_reports
    from tests.factories import make_union

    period, _ = h1
    newcomer = make_union(tree["upper_a"], name="Công đoàn mới", opened_on=D(2023, 6, 5))
    period_generate_reports(period=period)
    assert newcomer.name not in _chased(D(2023, 6, 4))
    assert newcomer.name in _chased(D(2023, 6, 5))


def test_a_report_sent_or_accepted_is_not_chased(h1, officers):
    period, reports = h1
    submit(reports["grass_a1"], officers["grass_a1"])
    report_accept(report=submit(reports["grass_a2"], officers["grass_a2"]), by=officers["upper_a"])
    chased = _chased(D(2023, 6, 3))
    assert reports["grass_a1"].unit.name not in chased and reports["grass_a2"].unit.name not in chased
    assert reports["grass_b1"].unit.name in chased


def test_a_closed_period_is_chased_only_for_the_reports_reopened_in_it(h1, officers):
    period, reports = h1
    period.is_open = False
    period.save()
    assert _chased(D(2023, 6, 3)) == set()
    Report.objects.filter(pk=reports["grass_b1"].pk).update(reopened_for_submission=True)
    assert _chased(D(2023, 6, 3)) == {reports["grass_b1"].unit.name}


def test_an_inactive_plan_is_not_chased(h1, plan):
    plan.is_active = False
    plan.save()
    assert _chased(D(2023, 6, 3)) == set()


def test_only_active_officers_with_an_address_make_a_unit_reachable(h1, officers, tree):
    reachable = dict(Union.objects.annotate(r=reachable_officers()).values_list("name", "r"))
    assert reachable[tree["grass_a1"].name] is True
    assert reachable[tree["grass_a2"].name] is False  # an officer, no address
    officers["grass_a1"].is_active = False  # the one left with an address is inactive too
    officers["grass_a1"].save()
    reachable = dict(Union.objects.annotate(r=reachable_officers()).values_list("name", "r"))
    assert reachable[tree["grass_a1"].name] is False


def test_recipients_are_the_active_officers_by_what_they_receive_for(h1, officers, tree):
    found = recipients_by_unit(filler_units={tree["grass_a1"].pk, tree["upper_a"].pk},
                               reviewer_units={tree["upper_a"].pk}, board=True)
    usernames = {key: sorted(u.username for u in users) for key, users in found.items()}
    assert usernames == {
        ("fill", tree["grass_a1"].pk): ["cdcs_a1"],  # not the one who left
        ("fill", tree["upper_a"].pk): ["upper_a"],
        ("review", tree["upper_a"].pk): ["upper_a"],
        ("board",): ["board"],  # leadership reads, it is not chased
    }
    assert recipients_by_unit(filler_units=set(), reviewer_units=set(), board=False) == {}


def test_the_missing_list_counts_days_late_from_each_reports_own_deadline(h1, officers, tree):
    period, reports = h1
    submit(reports["upper_b"], officers["upper_b"])
    missing = missing_by_upper_union(period=period, today=D(2023, 6, 13))
    assert missing.expected == 5 and missing.count == 4 and missing.unreachable == 1  # grass_a2
    rows = {r.unit.name: r.days_late for group in missing.groups for r in group.reports}
    assert rows[tree["grass_a1"].name] == 3
    before = missing_by_upper_union(period=period, today=D(2023, 6, 9))
    assert {r.days_late for group in before.groups for r in group.reports} == {0}
    in_branch = missing_by_upper_union(period=period, today=D(2023, 6, 13), scope=tree["upper_b"].path)
    assert in_branch.expected == 2 and {r.unit.name for g in in_branch.groups for r in g.reports} == {
        tree["grass_b1"].name}


def test_each_person_sees_only_their_own_notifications(h1, officers):
    plan = reminders_plan(today=D(2023, 6, 3))
    reminders_send(ids=plan.chunks[0])
    mine = officers["grass_a1"]
    assert [n.user_id for n in notifications_for_user(user=mine)] == [mine.pk]
    assert unread_count(user=mine) == 1
    assert unread_count(user=officers["board"]) == 0
    assert not notifications_for_user(user=AnonymousUser()).exists() and unread_count(user=AnonymousUser()) == 0


def test_the_reminder_log_is_for_the_board_of_the_province_only(h1, officers):
    assert require_board(officers["board"]) == officers["board"].unit.path
    for who in ("upper_a", "leader", "grass_a1"):
        with pytest.raises(PermissionDenied):
            require_board(officers[who])
    officers["board"].is_active = False
    with pytest.raises(PermissionDenied):
        require_board(officers["board"])


def test_the_log_shows_the_scopes_reminders_and_filters_them(h1, tree):
    reminders_plan(today=D(2023, 6, 3))
    assert reminders_for_log(scope="").count() == 5
    branch = reminders_for_log(scope=tree["upper_b"].path)
    assert {r.report.unit.name for r in branch} == {tree["upper_b"].name, tree["grass_b1"].name}
    assert reminders_for_log(scope="", kind=Reminder.Kind.OVERDUE).count() == 0
    assert reminders_for_log(scope="", status=Reminder.Status.PENDING).count() == 5
    assert reminders_for_log(scope="", period="2023-Y").count() == 0
