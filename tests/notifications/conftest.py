"""A province with officers who can (or cannot) be reached, and Plan 1306's periods with reports."""
import datetime

import pytest

from tests.factories import make_user

D = datetime.date


@pytest.fixture
def officers(tree):
    """One officer per unit with an address, except grass_a2 (nobody there has one); the Board,
    leadership, and an officer who left (inactive)."""
    from accounts.models import Role

    return dict(
        grass_a1=make_user(tree["grass_a1"], username="cdcs_a1", email="a1@congdoan.vn", last_name="Nguyễn Thị",
                           first_name="Lan"),
        grass_a1_left=make_user(tree["grass_a1"], username="cdcs_a1_old", email="old@congdoan.vn", is_active=False),
        grass_a2=make_user(tree["grass_a2"], username="cdcs_a2", email=""),
        grass_b1=make_user(tree["grass_b1"], username="cdcs_b1", email="b1@congdoan.vn"),
        upper_a=make_user(tree["upper_a"], username="upper_a", email="vinhlinh@ldld.vn"),
        upper_b=make_user(tree["upper_b"], username="upper_b", email="giolinh@ldld.vn"),
        board=make_user(tree["province"], username="board", email="bancspl@ldld.vn"),
        leader=make_user(tree["province"], role=Role.LEADERSHIP, username="leader", email="btv@ldld.vn"),
    )


def open_period(plan, code):
    from reporting.models import Report, ReportingPeriod
    from reporting.periods import period_generate_reports

    ReportingPeriod.objects.filter(plan=plan).update(is_open=False)
    ReportingPeriod.objects.filter(plan=plan, code=code).update(is_open=True)
    period = ReportingPeriod.objects.get(plan=plan, code=code)
    period_generate_reports(period=period)
    return period, {r.unit.name: r for r in Report.objects.filter(period=period).select_related("unit")}


@pytest.fixture
def h1(plan, tree, officers):
    """2023-H1 open (deadline 10/06/2023), every unit's report generated, by tree key."""
    period, _ = open_period(plan, "2023-H1")
    return period, reports_by_key(period, tree)


@pytest.fixture
def year(plan, tree, officers):
    """2023-Y open (deadline 25/11/2023), every unit's report generated, by tree key."""
    period, _ = open_period(plan, "2023-Y")
    return period, reports_by_key(period, tree)


def reports_by_key(period, tree):
    from reporting.models import Report

    return {key: Report.objects.get(period=period, unit=unit) for key, unit in tree.items() if key != "province"}


def submit(report, user):
    """Send a report the way its officer does."""
    from reporting.services import report_save
    from tests.reporting.values import complete_values

    return report_save(report=report, by=user, values=complete_values(report), version=report.version, submit=True)


def run_days(first, last, **kwargs):
    """Plan (claim) reminders for every day from `first` to `last`, as the beat would."""
    from notifications.planning import reminders_plan

    day = first
    while day <= last:
        reminders_plan(today=day, **kwargs)
        day += datetime.timedelta(days=1)


def dates_of(report, kind=None):
    from notifications.models import Reminder

    reminders = Reminder.objects.filter(report=report).order_by("planned_on", "pk")
    if kind:
        reminders = reminders.filter(kind=kind)
    return [(r.planned_on, r.kind, r.step) for r in reminders]
