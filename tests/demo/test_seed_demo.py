"""`manage.py seed_demo`: idempotent, and the demo it leaves behind is consistent with the
hierarchy, the periods and the plan's own rules."""
from collections import Counter, defaultdict

import pytest
from django.db.models import Count
from django.utils import timezone

from accounts.models import Role, User
from plans.models import Indicator, IndicatorRule, Plan
from reporting.models import Report, ReportEvent, ReportingPeriod, ReportValue
from demo import hierarchy as data
from unions.models import Level, Union, UnionPlacement

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(demo_seeded):
    return demo_seeded


def test_running_it_twice_changes_nothing(seeded):
    assert seeded["first"] == seeded["second"]
    assert seeded["statuses"] == Counter(Report.objects.values_list("status", flat=True))
    for username, *_ in data.DEMO_USERS:
        assert username in seeded["output"]


def test_the_hierarchy_has_a_province_upper_and_grassroots_levels(seeded):
    root = Union.objects.get(code="LDLD-QT")
    assert root.level == Level.PROVINCE and root.is_root()
    assert Union.objects.filter(level=Level.UPPER).count() >= 15
    assert Union.objects.filter(level=Level.GRASSROOTS).count() >= 300
    assert set(Union.objects.filter(level=Level.UPPER).values_list("depth", flat=True)) == {2}
    assert set(Union.objects.filter(level=Level.GRASSROOTS).values_list("depth", flat=True)) == {3}
    assert Union.objects.filter(level=Level.GRASSROOTS, email="").exists()  # some cannot be reached
    assert not Union.objects.exclude(email="").exclude(email__endswith="@example.vn").exists()


def test_the_hierarchy_has_a_history(seeded):
    assert Union.objects.filter(opened_on__year=2021).count() == len(data.OPENED_IN_2021)
    assert sorted(Union.objects.exclude(closed_on=None).values_list("closed_on", flat=True)) == sorted(
        row[4] for row in data.CLOSED_IN_2022)
    uppers = {row[0]: row[1] for row in data.UPPER_UNIONS}
    for old, new, name, _kind, _opened, moved_on in data.MOVED_IN_2022:
        unit = Union.objects.get(name=name)
        placements = list(unit.placements.order_by("valid_from"))
        assert len(placements) == 2
        assert placements[0].valid_until == placements[1].valid_from == moved_on
        assert unit.parent.code == uppers[new]
        assert Union.objects.get(path=placements[0].path[:-Union.steplen]).code == uppers[old]
    moved = UnionPlacement.objects.values("union").annotate(n=Count("id")).filter(n__gt=1)
    assert moved.count() == len(data.MOVED_IN_2022)


def test_ten_periods_with_their_deadlines_and_only_the_last_open(seeded):
    periods = list(ReportingPeriod.objects.filter(plan__code="KH-1306").order_by("year", "kind"))
    assert [p.code for p in periods] == [f"{year}-{kind}" for year in range(2019, 2024) for kind in ("H1", "Y")]
    assert {(p.deadline.day, p.deadline.month) for p in periods if p.kind == "H1"} == {(10, 6)}
    assert {(p.deadline.day, p.deadline.month) for p in periods if p.kind == "Y"} == {(25, 11)}
    assert [p.code for p in periods if p.is_open] == ["2023-Y"]


def test_every_report_belongs_to_a_unit_open_then_and_placed_as_it_was(seeded):
    """Recounted from the rows, not through the selectors the seed itself uses: a report's unit
    was open on the period's deadline and stood, that day, where the report says."""
    placements = defaultdict(list)
    for placement in UnionPlacement.objects.all():
        placements[placement.union_id].append(placement)
    for report in Report.objects.select_related("unit", "period"):
        day, unit = report.period.deadline, report.unit
        assert unit.opened_on <= day and (unit.closed_on is None or unit.closed_on > day), report
        then = [p.path for p in placements[unit.pk] if p.valid_from <= day and (p.valid_until is None or p.valid_until > day)]
        assert then == [report.unit_path], report
        assert report.unit_level == report.unit.level != Level.PROVINCE
    assert not Report.objects.filter(period__code__in=["2019-H1", "2020-Y"], unit__opened_on__year=2021).exists()


def test_statuses_and_times_are_realistic(seeded):
    past = Report.objects.exclude(period__code="2023-Y")
    statuses = set(past.values_list("status", flat=True))
    assert {"submitted", "accepted", "returned", "draft", "not_started"} <= statuses
    assert past.filter(submitted_late=True).exists()
    share_sent = past.filter(status__in=["submitted", "accepted"]).count() / past.count()
    assert 0.7 < share_sent < 0.9
    last = Report.objects.filter(period__code="2023-Y")
    assert {"not_started", "draft", "submitted"} <= set(last.values_list("status", flat=True))
    demo = User.objects.get(username="cdcs.demo")
    assert last.get(unit=demo.unit).status == Report.Status.NOT_STARTED

    now = timezone.now()
    for report in Report.objects.exclude(status__in=["not_started", "draft"]):
        local_day = timezone.localtime(report.submitted_at).date()
        assert report.submitted_late == (local_day > report.due_on), report
        assert report.submitted_at < now
        if report.status == Report.Status.ACCEPTED:
            assert report.submitted_at < report.accepted_at < now
    events = defaultdict(list)
    for event in ReportEvent.objects.order_by("at", "pk"):
        events[event.report_id].append(event)
    for report in Report.objects.exclude(status="not_started"):
        history = events[report.pk]
        assert history and history[-1].at == report.updated_at and report.version == len(history)
        if report.submitted_at:  # the first submission counts, as in report_save
            assert report.submitted_at == next(e.at for e in history if e.action == "submitted")
        assert all(event.by_id for event in history)
        assert history[-1].action == {"draft": "saved", "submitted": "submitted", "returned": "returned",
                                      "accepted": "accepted"}[report.status]
    returned = ReportEvent.objects.filter(action="returned").select_related("by")
    assert returned.exists() and all(event.comment and event.by.is_reviewer for event in returned)


def _asked(code: str, *, level: str, annual: bool) -> bool:
    """The plan's table (section II), written out: CT5b concerns grassroots unions only, CT7
    upper-level unions in annual reports only; every other figure is asked of every level."""
    if code.startswith("CT5B_"):
        return level == Level.GRASSROOTS
    if code.startswith("CT7_"):
        return level == Level.UPPER and annual
    return True


def test_values_fill_every_indicator_that_applies_and_keep_the_plans_rules(seeded):
    plan = Plan.objects.get(code="KH-1306")
    indicators = {i.pk: i for i in Indicator.objects.filter(plan=plan).select_related("target")}
    rules = list(IndicatorRule.objects.filter(plan=plan))
    assert rules
    values = defaultdict(dict)
    for value in ReportValue.objects.all():
        indicator = indicators[value.indicator_id]
        value.indicator = indicator  # so that .value needs no query
        values[value.report_id][indicator.pk] = value.value
        if indicator.is_numeric and value.number is not None:
            assert value.number == int(value.number)
            assert indicator.min_value is None or value.number >= indicator.min_value
            assert indicator.max_value is None or value.number <= indicator.max_value
        assert value.value not in (None, ""), value
    filled = Report.objects.exclude(status="not_started").select_related("period")
    assert not ReportValue.objects.filter(report__status="not_started").exists()
    for report in filled:
        expected = {pk for pk, i in indicators.items()
                    if _asked(i.code, level=report.unit_level, annual=report.period.kind == "Y")}
        required = {pk for pk in expected if indicators[pk].required}
        assert required <= set(values[report.pk]) <= expected, report  # an empty answer has no row
        mine = values[report.pk]
        for rule in rules:
            if rule.first_id not in expected or rule.second_id not in expected:
                continue  # the rule concerns an indicator this report does not ask
            first, second = mine.get(rule.first_id), mine.get(rule.second_id)
            if rule.kind == IndicatorRule.Kind.NOT_GREATER and first is not None and second is not None:
                assert first <= second, (report, rule)
            if rule.kind == IndicatorRule.Kind.REQUIRED_IF_YES and first is True:
                assert mine.get(rule.second_id) not in (None, "", 0), (report, rule)


def test_grassroots_training_coordination_rises_towards_the_target(seeded):
    share = {}
    for code in ("2019-Y", "2023-Y"):
        flags = list(ReportValue.objects.filter(
            indicator__code="CT5B_DONE", report__period__code=code).values_list("flag", flat=True))
        share[code] = sum(flags) / len(flags)
    assert share["2019-Y"] < 0.55 and share["2023-Y"] > 0.65


@pytest.mark.parametrize("username, role, level", [
    ("admin", Role.ADMINISTRATOR, Level.PROVINCE),
    ("bancspl", Role.POLICY_LAW_BOARD, Level.PROVINCE),
    ("thuongvu", Role.LEADERSHIP, Level.PROVINCE),
    ("ldld.vinhlinh", Role.UPPER_OFFICER, Level.UPPER),
    ("cdcs.demo", Role.GRASSROOTS_OFFICER, Level.GRASSROOTS),
])
def test_demo_accounts_sign_in(seeded, client, username, role, level):
    user = User.objects.select_related("unit").get(username=username)
    assert (user.role, user.unit.level) == (role, level)
    assert user.email.endswith("@example.vn") and user.first_name and user.last_name
    assert user.is_superuser == user.is_staff == (username == "admin")
    assert client.login(username=username, password=data.DEMO_PASSWORD)


def test_demo_grassroots_unit_is_under_vinh_linh(seeded):
    unit = User.objects.get(username="cdcs.demo").unit
    assert unit.parent == User.objects.get(username="ldld.vinhlinh").unit
    assert unit.parent.name == "Liên đoàn Lao động huyện Vĩnh Linh"


def test_only_demo_accounts_can_sign_in(seeded):
    demo = {row[0] for row in data.DEMO_USERS}
    others = User.objects.exclude(username__in=demo)
    assert others.exists() and not any(user.has_usable_password() for user in others)
