"""The Board's plan: copy, edit, publish; once a report is sent, what it means cannot change."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from plans.models import Indicator, IndicatorRule, Plan, Target
from plans.services import plan_can_change, plan_copy, plan_edit, plan_publish
from reporting.models import Report, ReportingPeriod
from reporting.services import report_save
from tests.factories import make_user
from tests.reporting.values import complete_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def copy(plan, users):
    return plan_copy(plan=plan, code="KH-2024", title="Kế hoạch 2024 - 2028", first_year=2024, last_year=2028,
                     by=users["board"])


def test_a_copy_carries_every_target_task_group_indicator_and_rule_and_is_a_draft_of_the_boards_province(
        plan, copy, tree):
    assert copy.province == tree["province"] and copy.copied_from == plan
    assert not copy.is_active and copy.published_at is None and not copy.periods.exists()
    for related in ("targets", "task_groups", "indicators", "rules"):
        assert getattr(copy, related).count() == getattr(plan, related).count() > 0
    # the copy's indicators hang on the copy's targets, never on the old plan's
    assert not Indicator.objects.filter(plan=copy, target__plan=plan).exists()
    assert not IndicatorRule.objects.filter(plan=copy, first__plan=plan).exists()


def test_only_a_provinces_board_or_a_superuser_copies_and_the_shared_plan_stays_the_superusers(plan, users, copy):
    with pytest.raises(PermissionDenied):
        plan_copy(plan=plan, code="X", title="X", first_year=2024, last_year=2025, by=users["upper_a"])
    assert not plan_can_change(plan=plan, user=users["board"])  # shared by every province
    assert plan_can_change(plan=copy, user=users["board"]) and plan_can_change(plan=copy, user=users["admin"])
    assert not plan_can_change(plan=copy, user=users["leadership"])


def test_publishing_creates_the_periods_and_every_expected_report_set_based(copy, users, tree):
    target = copy.targets.get(code="CT1")
    plan_edit(plan=copy, by=users["board"], edits=[(target, {"threshold": 90}), (copy, {"h1_deadline_day": 15})])
    result = plan_publish(plan=copy, by=users["board"], open_on=datetime.date(2024, 3, 1))
    copy.refresh_from_db()
    assert copy.is_active and copy.published_at is not None
    assert result["periods"] == 10 and result["reports"] == 10 * 5  # 2 upper + 3 grassroots a period
    h1 = ReportingPeriod.objects.get(plan=copy, code="2024-H1")
    assert h1.deadline == datetime.date(2024, 6, 15) and h1.is_open
    assert set(Report.objects.filter(period=h1).values_list("unit", flat=True)) == {
        u.pk for k, u in tree.items() if k != "province"}
    with pytest.raises(ValidationError):  # once only
        plan_publish(plan=copy, by=users["board"], open_on=datetime.date(2025, 3, 1))
    assert Report.objects.filter(period__plan=copy).count() == 50 and h1.is_open


def test_a_province_plan_expects_only_its_own_provinces_units(plan, provinces):
    copy = plan_copy(plan=plan, code="KH-A", title="Kế hoạch của tỉnh A", first_year=2024, last_year=2024,
                     by=provinces["A"]["board"])
    plan_publish(plan=copy, by=provinces["A"]["board"], open_on=datetime.date(2024, 3, 1))
    units = set(Report.objects.filter(period__plan=copy).values_list("unit__code", flat=True))
    assert units == {"PA-U", "PA-G"}
    with pytest.raises(PermissionDenied):
        plan_edit(plan=copy, by=provinces["B"]["board"], edits=[(copy, {"title": "Tỉnh B sửa"})])


def test_editing_a_published_plan_cannot_change_what_a_sent_report_means(copy, users, tree):
    plan_publish(plan=copy, by=users["board"], open_on=datetime.date(2024, 3, 1))
    period = ReportingPeriod.objects.get(plan=copy, code="2024-H1")
    report = Report.objects.get(period=period, unit=tree["grass_a1"])
    report_save(report=report, by=users["grass_a1"], values=complete_values(report), version=0, submit=True)
    indicator = copy.indicators.get(code="CT1_DONE")
    target = copy.targets.get(code="CT1")
    label, threshold = indicator.label, target.threshold
    for row, fields in ((indicator, {"label": "Một câu hỏi khác"}), (indicator, {"required": False}),
                        (target, {"threshold": 50}), (target, {"for_grassroots": False}),
                        (copy, {"last_year": 2026}), (copy, {"annual_deadline_day": 1})):
        with pytest.raises(ValidationError):
            plan_edit(plan=copy, by=users["board"], edits=[(row, fields)])
    indicator.refresh_from_db()
    target.refresh_from_db()
    assert (indicator.label, target.threshold) == (label, threshold)
    # the sent report still reads the same indicators, with the same words
    assert {v.indicator.label for v in report.values.select_related("indicator")} >= {label}
    # wording that changes no answer stays editable; a new version is a copy the old reports ignore
    assert plan_edit(plan=copy, by=users["board"], edits=[(copy, {"title": "Kế hoạch 2024 - 2028 (sửa)"})]) == 1
    version = plan_copy(plan=copy, code="KH-2024-v2", title="Phiên bản 2", first_year=2024, last_year=2028,
                        by=users["board"])
    plan_edit(plan=version, by=users["board"], edits=[(version.indicators.get(code="CT1_DONE"),
                                                      {"label": "Một câu hỏi khác"})])
    assert report.values.filter(indicator__plan=copy).count() == report.values.count()
    assert Indicator.objects.get(pk=indicator.pk).label == label


def test_before_publishing_everything_is_editable_after_it_the_years_and_deadlines_are_the_periods(copy, users):
    plan_edit(plan=copy, by=users["board"], edits=[(copy, {"last_year": 2026})])
    plan_publish(plan=copy, by=users["board"], open_on=datetime.date(2024, 3, 1))
    with pytest.raises(ValidationError):
        plan_edit(plan=copy, by=users["board"], edits=[(copy, {"h1_deadline_day": 20})])
    target = Target.objects.get(plan=copy, code="CT2")
    assert plan_edit(plan=copy, by=users["board"], edits=[(target, {"threshold": 80})]) == 1  # nothing sent yet


def test_a_plan_code_is_unique_url_safe_and_the_years_ordered(plan, users):
    with pytest.raises(ValidationError) as error:
        plan_copy(plan=plan, code="KH-1306", title="x", first_year=2024, last_year=2023, by=users["board"])
    assert set(error.value.message_dict) == {"code", "last_year"}
    for code in ("KH/2024", "Kế hoạch", "../x"):
        with pytest.raises(ValidationError):
            plan_copy(plan=plan, code=code, title="x", first_year=2024, last_year=2025, by=users["board"])
    assert Plan.objects.count() == 1
