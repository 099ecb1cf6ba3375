"""Whom to chase, who receives, who sees what (notifications/selectors.py), boundary days included."""
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from notifications.models import Reminder
from notifications.planning import reminders_plan
from notifications.selectors import (
    missing_by_upper_union, notifications_for_user, reachable_officers, recipients_by_unit, reminders_for_log,
    reports_to_chase, require_board, unread_count,
)
from notifications.sending import reminders_send
from reporting.models import Report
from reporting.review import report_accept
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
    from reporting.periods import period_generate_reports
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
                               reviewer_units={tree["upper_a"].pk}, board_units={tree["province"].pk})
    usernames = {key: sorted(u.username for u in users) for key, users in found.items()}
    assert usernames == {
        ("fill", tree["grass_a1"].pk): ["cdcs_a1"],  # not the one who left
        ("fill", tree["upper_a"].pk): ["upper_a"],
        ("review", tree["upper_a"].pk): ["upper_a"],
        ("board", tree["province"].pk): ["board"],  # leadership reads, it is not chased
    }
    assert recipients_by_unit(filler_units=set(), reviewer_units=set(), board_units=set()) == {}


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


def test_the_log_names_the_digest_in_its_provinces_scope_and_lists_newest_first(h1, tree):
    reminders_plan(today=D(2023, 6, 3))
    reminders_plan(today=D(2023, 6, 5))  # a Monday: the digest, which concerns no one report
    province = list(reminders_for_log(scope=tree["province"].path))
    assert [r.kind for r in province if r.report_id is None] == [Reminder.Kind.DIGEST]
    log = list(reminders_for_log(scope=tree["upper_b"].path))
    assert [r.kind for r in log if r.report_id is None] == []  # the province Board's, not a branch's
    assert [r.planned_on for r in log] == sorted((r.planned_on for r in log), reverse=True)
    same_day = [r.pk for r in log if r.planned_on == D(2023, 6, 3)]
    assert same_day == sorted(same_day, reverse=True) and len(same_day) == 2
    assert reminders_for_log(scope="", period="2023-H1").count() == Reminder.objects.count()
    assert reminders_for_log(scope="", kind=Reminder.Kind.UPCOMING).count() == 5
    assert reminders_for_log(scope="", kind=Reminder.Kind.DIGEST).count() == 1


def test_open_periods_are_those_open_in_active_plans_newest_first(plan, h1):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notifications.selectors import open_periods
    from plans.models import Plan
    from reporting.models import ReportingPeriod

    ReportingPeriod.objects.filter(plan=plan, code__in=["2023-Y", "2022-Y"]).update(is_open=True)
    other = Plan.objects.create(code="KH-CU", title="Kế hoạch đã kết thúc", first_year=2018, last_year=2018,
                                is_active=False)
    ReportingPeriod.objects.create(plan=other, code="2018-Y", kind="Y", year=2018, starts_on=D(2018, 1, 1),
                                   ends_on=D(2018, 12, 31), deadline=D(2018, 11, 25), is_open=True)
    with CaptureQueriesContext(connection) as queries:
        periods = [(p.code, p.plan.code) for p in open_periods()]
    assert periods == [("2023-Y", plan.code), ("2023-H1", plan.code), ("2022-Y", plan.code)]
    assert len(queries) == 1  # the plan comes with its period


def test_recent_runs_are_the_last_ten_newest_first(db):
    import datetime

    from django.utils import timezone

    from notifications.models import ReminderRun
    from notifications.selectors import recent_runs

    start = timezone.now()
    runs = [ReminderRun.objects.create(day=D(2023, 6, 1), source="schedule",
                                       started_at=start + datetime.timedelta(minutes=n)) for n in range(12)]
    tie = ReminderRun.objects.create(day=D(2023, 6, 1), source="returns", started_at=runs[5].started_at)
    # Newest first; of two started at the same moment, the later one (higher id) first.
    assert recent_runs() == [runs[11], runs[10], runs[9], runs[8], runs[7], runs[6], tie, runs[5], runs[4], runs[3]]
    assert recent_runs(limit=3) == [runs[11], runs[10], runs[9]]


def test_the_missing_list_is_of_its_own_period_only(h1, plan, tree):
    from reporting.models import ReportingPeriod
    from reporting.periods import period_generate_reports

    period, _ = h1
    period_generate_reports(period=ReportingPeriod.objects.get(plan=plan, code="2022-Y"))
    Report.objects.filter(period__code="2022-Y").update(reopened_for_submission=True)  # chased too
    missing = missing_by_upper_union(period=period, today=D(2023, 6, 13))
    assert missing.expected == 5 and missing.count == 5
    assert {r.period_id for g in missing.groups for r in g.reports} == {period.pk}
    assert [g.upper for g in missing.groups] == [tree["upper_a"], tree["upper_b"]]


def test_only_those_who_fill_in_the_report_make_a_unit_reachable(h1, officers, tree):
    from accounts.models import Role
    from tests.factories import make_user

    make_user(tree["grass_a2"], role=Role.LEADERSHIP, username="reader_a2", email="doc@congdoan.vn")
    reachable = dict(Union.objects.annotate(r=reachable_officers()).values_list("name", "r"))
    assert reachable[tree["grass_a2"].name] is False


def test_the_missing_list_names_the_upper_union_even_when_it_has_sent_its_own(h1, officers, tree):
    period, reports = h1
    submit(reports["upper_a"], officers["upper_a"])
    missing = missing_by_upper_union(period=period, today=D(2023, 6, 13))
    assert missing.period == period
    assert [(g.upper, sorted(r.unit.name for r in g.reports)) for g in missing.groups] == [
        (tree["upper_a"], sorted([tree["grass_a1"].name, tree["grass_a2"].name])),
        (tree["upper_b"], sorted([tree["upper_b"].name, tree["grass_b1"].name])),
    ]


def test_the_log_is_newest_day_first_whatever_order_the_days_were_planned_in(h1):
    reminders_plan(today=D(2023, 6, 7))  # 3 days before, planned first: its rows have the lower ids
    reminders_plan(today=D(2023, 6, 3))  # 7 days before
    days = [r.planned_on for r in reminders_for_log(scope="")]
    assert days[0] == D(2023, 6, 7) and days[-1] == D(2023, 6, 3)
    assert days == sorted(days, reverse=True)


def test_a_reviewer_is_not_taken_for_a_filler_of_their_own_unit(h1, officers, tree):
    """In one batch: grass_a1's reminder and an escalation to upper_a. upper_a's officer fills in
    reports too, but here receives for the escalation only."""
    found = recipients_by_unit(filler_units={tree["grass_a1"].pk}, reviewer_units={tree["upper_a"].pk},
                               board_units=set())
    assert set(found) == {("fill", tree["grass_a1"].pk), ("review", tree["upper_a"].pk)}
