"""The reminder calendar: the exact days, the policy, an extension, escalation and the digest.
The planner runs day after day as the beat would, and what it claims is compared with the dates."""
import pytest
from django.core import mail

from notifications.models import Reminder, ReminderPolicy
from notifications.planning import reminders_plan
from notifications.schedule import reminder_calendar, step_after, step_before
from notifications.selectors import reminder_policy
from notifications.sending import reminders_send
from reporting.periods import deadline_extend
from reporting.review import report_return

from .conftest import D, dates_of, run_days, submit

UP, LATE, ESC = Reminder.Kind.UPCOMING, Reminder.Kind.OVERDUE, Reminder.Kind.ESCALATION

H1_DATES = [  # deadline 10/06/2023
    (D(2023, 5, 27), UP, 14), (D(2023, 6, 3), UP, 7), (D(2023, 6, 7), UP, 3), (D(2023, 6, 9), UP, 1),
    (D(2023, 6, 10), UP, 0), (D(2023, 6, 11), LATE, 1), (D(2023, 6, 18), LATE, 8), (D(2023, 6, 25), LATE, 15),
    (D(2023, 7, 2), LATE, 22),
]
YEAR_DATES = [  # deadline 25/11/2023
    (D(2023, 11, 11), UP, 14), (D(2023, 11, 18), UP, 7), (D(2023, 11, 22), UP, 3), (D(2023, 11, 24), UP, 1),
    (D(2023, 11, 25), UP, 0), (D(2023, 11, 26), LATE, 1), (D(2023, 12, 3), LATE, 8), (D(2023, 12, 10), LATE, 15),
]


def sent_and_planned(report):
    return [d for d in dates_of(report) if d[1] != ESC]


def test_the_2023_six_month_report_is_reminded_on_exactly_these_days(h1):
    period, reports = h1
    run_days(D(2023, 5, 1), D(2023, 7, 5))
    assert sent_and_planned(reports["grass_a1"]) == H1_DATES
    assert dates_of(reports["grass_a1"], ESC) == [(D(2023, 6, 11), ESC, 1), (D(2023, 6, 18), ESC, 8),
                                                  (D(2023, 6, 25), ESC, 15), (D(2023, 7, 2), ESC, 22)]
    # The pure calendar the Board's page shows says the same.
    calendar = reminder_calendar(due_on=D(2023, 6, 10), policy=reminder_policy(), until=D(2023, 7, 5))
    assert [c for c in calendar if c[1] != ESC] == H1_DATES


def test_the_2023_annual_report_until_the_period_closes(year):
    period, reports = year
    run_days(D(2023, 10, 1), D(2023, 12, 12))
    period.is_open = False
    period.save()
    run_days(D(2023, 12, 13), D(2024, 1, 31))  # closed: no more overdue notices
    assert sent_and_planned(reports["grass_b1"]) == YEAR_DATES
    assert sent_and_planned(reports["upper_a"]) == YEAR_DATES


def test_a_unit_that_submitted_is_never_reminded_again(h1, officers):
    period, reports = h1
    run_days(D(2023, 5, 27), D(2023, 6, 3))
    submit(reports["grass_a1"], officers["grass_a1"])
    run_days(D(2023, 6, 4), D(2023, 7, 5))
    assert sent_and_planned(reports["grass_a1"]) == H1_DATES[:2]
    assert dates_of(reports["grass_a1"], ESC) == []


def test_a_reminder_planned_before_the_unit_submitted_is_dropped_not_sent(h1, officers):
    period, reports = h1
    reminders_plan(today=D(2023, 6, 3))
    submit(reports["grass_a1"], officers["grass_a1"])
    ids = list(Reminder.objects.values_list("pk", flat=True))
    outcome = reminders_send(ids=ids)
    mine = Reminder.objects.get(report=reports["grass_a1"])
    assert mine.status == Reminder.Status.CANCELLED and mine.pk in outcome.cancelled
    assert all("a1@congdoan.vn" not in m.to for m in mail.outbox)


def test_a_day_the_schedule_missed_is_caught_up_once(h1):
    period, reports = h1
    reminders_plan(today=D(2023, 6, 4))  # the 7-day point (03/06) was missed: caught up on 04/06
    reminders_plan(today=D(2023, 6, 5))
    reminders_plan(today=D(2023, 6, 10))  # 07/06 and 09/06 missed: only the day itself is sent
    assert sent_and_planned(reports["grass_a1"]) == [(D(2023, 6, 4), UP, 7), (D(2023, 6, 10), UP, 0)]


def test_an_extension_moves_the_units_dates_and_not_the_others(h1, officers):
    period, reports = h1
    run_days(D(2023, 5, 20), D(2023, 6, 5))
    deadline_extend(period=period, unit=officers["grass_a1"].unit, new_deadline=D(2023, 6, 20),
                    reason="Đơn vị tổ chức Đại hội công đoàn cơ sở.", by=officers["board"])
    run_days(D(2023, 6, 6), D(2023, 6, 29))
    assert sent_and_planned(reports["grass_a1"]) == [
        (D(2023, 5, 27), UP, 14), (D(2023, 6, 3), UP, 7),  # for 10/06, before the extension
        (D(2023, 6, 6), UP, 14), (D(2023, 6, 13), UP, 7), (D(2023, 6, 17), UP, 3), (D(2023, 6, 19), UP, 1),
        (D(2023, 6, 20), UP, 0), (D(2023, 6, 21), LATE, 1), (D(2023, 6, 28), LATE, 8),
    ]
    assert {r.due_on for r in Reminder.objects.filter(report=reports["grass_a1"], planned_on__gte=D(2023, 6, 6))} \
        == {D(2023, 6, 20)}
    assert sent_and_planned(reports["grass_b1"]) == [d for d in H1_DATES if d[0] <= D(2023, 6, 29)]


def test_an_extension_for_every_unit_moves_every_schedule(h1, officers):
    period, reports = h1
    deadline_extend(period=period, unit=None, new_deadline=D(2023, 6, 30), reason="Lùi hạn chung.",
                    by=officers["board"])
    run_days(D(2023, 6, 1), D(2023, 7, 1))
    assert sent_and_planned(reports["grass_b1"]) == [
        (D(2023, 6, 16), UP, 14), (D(2023, 6, 23), UP, 7), (D(2023, 6, 27), UP, 3), (D(2023, 6, 29), UP, 1),
        (D(2023, 6, 30), UP, 0), (D(2023, 7, 1), LATE, 1)]


def test_the_board_edits_the_policy_and_the_dates_follow(h1, officers):
    from notifications.services import reminder_policy_update

    period, reports = h1
    reminder_policy_update(by=officers["board"], days_before="2, 10", on_the_day=False, overdue_after_days=3,
                           overdue_every_days=14, escalate=False)
    run_days(D(2023, 5, 20), D(2023, 7, 5))
    assert dates_of(reports["grass_a1"]) == [(D(2023, 5, 31), UP, 10), (D(2023, 6, 8), UP, 2),
                                            (D(2023, 6, 13), LATE, 3), (D(2023, 6, 27), LATE, 17)]
    # The province's own policy (issue 11: provinces are tenants); the national default is untouched.
    assert reminder_policy(province=officers["board"].unit).days_before == "10,2"
    assert reminder_policy().days_before == "14,7,3,1"


def test_paused_reminders_plan_nothing(h1):
    ReminderPolicy.objects.update_or_create(pk=1, defaults={"is_active": False})
    assert reminders_plan(today=D(2023, 6, 3)).total == 0
    assert not Reminder.objects.exists()


@pytest.mark.parametrize("days_left, step", [(20, None), (14, 14), (13, 14), (8, 14), (7, 7), (4, 7), (3, 3),
                                             (2, 3), (1, 1), (0, 0), (-1, None)])
def test_the_step_reached_before_the_deadline(days_left, step):
    assert step_before(days_left, [14, 7, 3, 1, 0]) == step


@pytest.mark.parametrize("late, step", [(0, None), (1, 1), (7, 1), (8, 8), (14, 8), (15, 15), (30, 29)])
def test_the_repeating_step_after_it(late, step):
    assert step_after(late, first=1, every=7) == step


def test_overdue_units_are_escalated_to_the_union_above_in_one_email(h1, officers, tree):
    period, reports = h1
    submit(reports["grass_b1"], officers["grass_b1"])
    reminders_plan(today=D(2023, 6, 11))
    escalations = Reminder.objects.filter(kind=ESC)
    assert {(r.report.unit_id, r.recipient_unit_id) for r in escalations} == {
        (tree["grass_a1"].pk, tree["upper_a"].pk), (tree["grass_a2"].pk, tree["upper_a"].pk),
        # upper-level units' own reports go up to the province: the Board
        (tree["upper_a"].pk, tree["province"].pk), (tree["upper_b"].pk, tree["province"].pk),
    }
    reminders_send(ids=list(escalations.values_list("pk", flat=True)))
    by_recipient = {tuple(m.to): m for m in mail.outbox}
    assert set(by_recipient) == {("vinhlinh@ldld.vn",), ("bancspl@ldld.vn",)}  # leadership gets none
    to_upper = by_recipient[("vinhlinh@ldld.vn",)]
    assert to_upper.subject == ("[Cổng 1306] Đôn đốc: 2 đơn vị trực thuộc Liên đoàn Lao động huyện Vĩnh Linh "
                                "chưa gửi Báo cáo 6 tháng 2023")
    body = to_upper.body
    assert "Công đoàn Trường THPT Vĩnh Linh — hạn 10/06/2023, quá hạn 1 ngày" in body
    # Nobody at grass_a2 has an address: the union above is told so, by name.
    assert ("2. Công đoàn UBND xã Vĩnh Thạch — hạn 10/06/2023, quá hạn 1 ngày — Chưa thực hiện — KHÔNG LIÊN LẠC "
            "ĐƯỢC (chưa có cán bộ nào có địa chỉ thư điện tử trên Cổng)") in body
    line = next(line for line in body.splitlines() if "Vĩnh Thạch" in line)
    assert "KHÔNG LIÊN LẠC ĐƯỢC" in line and "KHÔNG LIÊN LẠC ĐƯỢC" not in next(
        line for line in body.splitlines() if "THPT Vĩnh Linh" in line)
    assert f"/reports/{reports['grass_a2'].pk}/" in body
    to_board = by_recipient[("bancspl@ldld.vn",)]
    assert "Liên đoàn Lao động huyện Gio Linh" in to_board.body
    assert "Liên đoàn Lao động huyện Vĩnh Linh" in to_board.body
    notice = officers["upper_a"].notifications.get()
    assert notice.kind == ESC and notice.unit_count == 2 and notice.unit == tree["upper_a"]
    assert Reminder.objects.filter(kind=ESC, status=Reminder.Status.SENT).count() == 4


def test_no_escalation_before_the_policy_says_so(h1, officers):
    from notifications.services import reminder_policy_update

    period, reports = h1
    reminder_policy_update(by=officers["board"], escalate_after_days=5)
    run_days(D(2023, 6, 11), D(2023, 6, 19))
    assert dates_of(reports["grass_a1"], ESC) == [(D(2023, 6, 15), ESC, 5)]


def test_the_weekly_digest_tells_the_board_who_is_missing_by_upper_level_union(h1, officers):
    period, reports = h1
    submit(reports["grass_b1"], officers["grass_b1"])
    run_days(D(2023, 5, 1), D(2023, 6, 20))
    digests = Reminder.objects.filter(kind=Reminder.Kind.DIGEST).order_by("planned_on")
    # Mondays (the default) from the first reminder (27/05) on, once a week.
    assert [d.planned_on for d in digests] == [D(2023, 5, 29), D(2023, 6, 5), D(2023, 6, 12), D(2023, 6, 19)]
    assert all(d.report_id is None and d.period_id == period.pk for d in digests)
    reminders_send(ids=[digests[2].pk])
    message = mail.outbox[-1]
    assert message.to == ["bancspl@ldld.vn"]
    assert message.subject == "[Cổng 1306] Tổng hợp tuần 12/06/2023: 4/5 đơn vị chưa gửi Báo cáo 6 tháng 2023"
    body = message.body
    vinh_linh = body.index("■ Liên đoàn Lao động huyện Vĩnh Linh: 3 đơn vị")
    gio_linh = body.index("■ Liên đoàn Lao động huyện Gio Linh: 1 đơn vị")
    assert vinh_linh < body.index("Công đoàn UBND xã Vĩnh Thạch") < gio_linh
    assert "Công đoàn Công ty TNHH Gio Linh" not in body  # it has submitted
    assert "trong đó 1 đơn vị không liên lạc được" in body
    assert "quá hạn 2 ngày" in body
    notice = officers["board"].notifications.get()
    assert notice.kind == Reminder.Kind.DIGEST and notice.unit_count == 4
    assert not officers["leader"].notifications.exists()


def test_digest_day_is_the_boards_choice(h1, officers):
    from notifications.models import Weekday
    from notifications.services import reminder_policy_update

    reminder_policy_update(by=officers["board"], digest_weekday=Weekday.FRIDAY)
    run_days(D(2023, 6, 1), D(2023, 6, 10))
    assert [d.planned_on for d in Reminder.objects.filter(kind=Reminder.Kind.DIGEST).order_by("planned_on")] == [
        D(2023, 6, 2), D(2023, 6, 9)]


def test_a_returned_report_reminds_its_unit_once_per_return(h1, officers):
    period, reports = h1
    report = submit(reports["grass_a1"], officers["grass_a1"])
    report = report_return(report=report, by=officers["upper_a"], reason="Bổ sung số liệu nhóm nhiệm vụ 5.")
    reminders_plan(today=D(2023, 6, 5))
    returned = Reminder.objects.get(kind=Reminder.Kind.RETURNED)
    reminders_send(ids=[returned.pk])
    message = mail.outbox[-1]
    assert message.to == ["a1@congdoan.vn"]
    assert message.subject == ("[Cổng 1306] Báo cáo 6 tháng 2023 của Công đoàn Trường THPT Vĩnh Linh đã được trả lại "
                               "để chỉnh sửa")
    assert "Ý kiến của cấp trên: Bổ sung số liệu nhóm nhiệm vụ 5." in message.body
    assert "Hạn gửi: ngày 10/06/2023 (còn 5 ngày)." in message.body
    reminders_plan(today=D(2023, 6, 5))
    reminders_plan(today=D(2023, 6, 6))
    assert Reminder.objects.filter(kind=Reminder.Kind.RETURNED).count() == 1
    # Sent again and returned again: a second notice.
    report = submit(report, officers["grass_a1"])
    report_return(report=report, by=officers["upper_a"], reason="Thiếu minh chứng.")
    reminders_plan(today=D(2023, 6, 7))
    assert Reminder.objects.filter(kind=Reminder.Kind.RETURNED).count() == 2
    # A returned report is not sent: the regular reminders go on (3 days before, on 07/06).
    assert (D(2023, 6, 7), UP, 3) in dates_of(report)
