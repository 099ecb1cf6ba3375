"""The Plan 1306 fixture: the document's targets, task groups and indicators as data."""
import json
import unicodedata
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command

from plans.models import Indicator, IndicatorRule, Plan, TaskGroup, Target

FIXTURE = settings.BASE_DIR / "fixtures" / "plan_1306.json"

# Section III headings, exactly as the document writes them.
HEADINGS = {
    1: "Tuyên truyền để nâng cao nhận thức và giới thiệu về quê hương, con người Quảng Trị",
    2: "Nâng cao chất lượng tham gia xây dựng chính sách, pháp luật và kiểm tra, thanh tra, giám sát việc thực hiện; "
       "tham gia xây dựng quan hệ lao động hài hòa, ổn định và tiến bộ tại doanh nghiệp",
    3: "Tổ chức các phong trào thi đua yêu nước thiết thực và rộng khắp",
    4: "Tham gia cùng cấp ủy, chính quyền, doanh nghiệp nâng cao chất lượng nguồn nhân lực",
    5: "Đồng hành cùng doanh nghiệp thực hiện tốt công tác chăm lo phúc lợi, lợi ích cho đoàn viên và người lao động, "
       "tạo động lực làm việc hiệu quả",
    6: "Duy trì và triển khai thực hiện tốt chương trình phối hợp giữa tổ chức công đoàn chuyên môn đồng cấp "
       "và các ngành chức năng",
}
LEVEL_FIELDS = ("for_province", "for_upper", "for_grassroots")


@pytest.fixture
def plan(db):
    call_command("loaddata", str(FIXTURE), verbosity=0)
    return Plan.objects.get(code="KH-1306")


def levels(obj):
    return {field for field in LEVEL_FIELDS if getattr(obj, field)}


def test_fixture_file_is_readable_utf8_nfc():
    raw = FIXTURE.read_text(encoding="utf-8")
    assert "\\u" not in raw, "written with ensure_ascii=False"
    assert unicodedata.is_normalized("NFC", raw)
    assert json.loads(raw)


def test_one_plan_with_its_dates_and_levels(plan):
    assert Plan.objects.count() == 1
    assert plan.document_number == "1306/CTr-TLĐ"
    assert "Chương trình số 1306/CTr-TLĐ" in plan.title
    assert "Công đoàn Việt Nam đồng hành với Chính phủ nâng cao năng lực cạnh tranh quốc gia" in plan.title
    assert "2019 - 2023" in plan.title
    assert plan.summary
    assert (plan.first_year, plan.last_year) == (2019, 2023)
    assert (plan.h1_deadline_day, plan.h1_deadline_month) == (10, 6)
    assert (plan.annual_deadline_day, plan.annual_deadline_month) == (25, 11)
    assert levels(plan) == {"for_upper", "for_grassroots"}


def test_eight_targets_for_the_seven_bullets(plan):
    targets = list(plan.targets.order_by("order"))
    assert [t.code for t in targets] == ["CT1", "CT2", "CT3", "CT4", "CT5a", "CT5b", "CT6", "CT7"]
    assert sorted({t.number for t in targets}) == [1, 2, 3, 4, 5, 6, 7]
    assert [t.number for t in targets if t.number == 5] == [5, 5]
    assert [t.order for t in targets] == list(range(1, 9))
    assert all(t.text and t.short_name for t in targets)
    by_code = {t.code: t for t in targets}
    assert by_code["CT1"].text.startswith("100% công đoàn các cấp tổ chức tuyên truyền, phổ biến")
    assert by_code["CT5a"].text.endswith("chấp hành pháp luật và kỷ luật lao động")
    assert by_code["CT5b"].text.startswith("Đến năm 2023 có ít nhất 70% công đoàn cơ sở")
    assert by_code["CT7"].text.startswith("Hàng năm, 100% công đoàn cấp trên cơ sở")


def test_target_measures_levels_and_thresholds(plan):
    by_code = {t.code: t for t in plan.targets.all()}
    everyone = set(LEVEL_FIELDS)
    expected_levels = {
        "CT1": everyone, "CT2": {"for_upper", "for_grassroots"}, "CT3": everyone, "CT4": everyone,
        "CT5a": everyone, "CT5b": {"for_grassroots"}, "CT6": everyone, "CT7": {"for_upper"},
    }
    for code, expected in expected_levels.items():
        assert levels(by_code[code]) == expected, code
    assert {c for c, t in by_code.items() if t.measure == Target.Measure.RATIO_OF_COUNTS} == {"CT3"}

    ct5b = by_code["CT5b"]
    assert ct5b.threshold == Decimal("70") and ct5b.threshold_year == 2023
    assert ct5b.applies_to("grassroots") and not ct5b.applies_to("upper") and not ct5b.applies_to("province")
    for code, target in by_code.items():
        if code != "CT5b":
            assert target.threshold == Decimal("100") and target.threshold_year is None, code

    ct7 = by_code["CT7"]
    assert ct7.annual_only and ct7.levels == ["upper"]
    assert [c for c, t in by_code.items() if t.annual_only] == ["CT7"]


def test_six_task_groups_with_the_documents_headings(plan):
    groups = list(plan.task_groups.order_by("number"))
    assert [g.number for g in groups] == [1, 2, 3, 4, 5, 6]
    assert {g.number: g.title for g in groups} == HEADINGS
    assert TaskGroup.objects.get(plan=plan, number=5).title == (
        "Đồng hành cùng doanh nghiệp thực hiện tốt công tác chăm lo phúc lợi, lợi ích cho đoàn viên và "
        "người lao động, tạo động lực làm việc hiệu quả"
    )
    for group in groups:
        assert group.text.startswith(("- ", "Phát động")), group.number
        assert "\n\n" not in group.text and "*" not in group.text
    # PDF page breaks inside a sentence are joined back.
    assert "chức trách, nhiệm vụ được giao" in groups[0].text
    assert "nhằm tăng thêm lợi ích tốt hơn" in groups[4].text


def test_each_share_target_has_exactly_one_compliance_yes_no(plan):
    for target in plan.targets.filter(measure=Target.Measure.SHARE_OF_UNITS):
        compliance = list(target.indicators.filter(role=Indicator.Role.COMPLIANCE))
        assert len(compliance) == 1, target.code
        assert compliance[0].kind == Indicator.Kind.YES_NO and compliance[0].required, target.code
        assert not target.indicators.filter(role__in=["numerator", "denominator"]).exists(), target.code


def test_ct3_has_one_numerator_and_one_denominator(plan):
    ct3 = plan.targets.get(code="CT3")
    numerators = list(ct3.indicators.filter(role=Indicator.Role.NUMERATOR))
    denominators = list(ct3.indicators.filter(role=Indicator.Role.DENOMINATOR))
    assert len(numerators) == 1 and len(denominators) == 1
    assert numerators[0].kind == denominators[0].kind == Indicator.Kind.COUNT
    assert not ct3.indicators.filter(role=Indicator.Role.COMPLIANCE).exists()
    assert IndicatorRule.objects.filter(
        plan=plan, kind=IndicatorRule.Kind.NOT_GREATER, first=numerators[0], second=denominators[0]
    ).exists()


def test_target_indicators_never_reach_beyond_their_target(plan):
    for indicator in plan.indicators.filter(target__isnull=False).select_related("target"):
        assert levels(indicator) == levels(indicator.target), indicator.code
        assert indicator.task_group_id is None
        assert indicator.target.plan_id == plan.pk
        assert indicator.annual_only == indicator.target.annual_only, indicator.code


def test_detail_figures_by_target(plan):
    codes = {t.code: set(t.indicators.values_list("code", flat=True)) for t in plan.targets.all()}
    # Figures the task groups already count (sessions, movements, courses, welfare) are asked
    # once, in part B; a target keeps its answer and its own evidence.
    assert codes["CT1"] == {"CT1_DONE"} and codes["CT4"] == {"CT4_DONE"} and codes["CT5b"] == {"CT5B_DONE"}
    assert codes["CT6"] == {"CT6_DONE"} and codes["CT3"] == {"CT3_RECEIVED", "CT3_ANSWERED"}
    assert codes["CT7"] == {"CT7_DONE", "CT7_ACTIVITIES"}
    number = plan.indicators.get(code="CT2_DOC_NUMBER")
    signed = plan.indicators.get(code="CT2_DATE_SIGNED")
    assert (number.kind, number.required) == (Indicator.Kind.REFERENCE, False)
    assert (signed.kind, signed.required) == (Indicator.Kind.DATE, False)
    assert plan.indicators.get(code="NV5_AMOUNT").kind == Indicator.Kind.MONEY
    labels = [i.label for i in plan.indicators.exclude(kind=Indicator.Kind.TEXT)]
    assert len(labels) == len(set(labels)), "a figure is asked twice"


def test_task_group_and_closing_indicators(plan):
    for group in plan.task_groups.all():
        indicators = list(group.indicators.all())
        narratives = [i for i in indicators if i.kind == Indicator.Kind.TEXT]
        assert len(narratives) == 1, group.number
        assert narratives[0].code == f"NV{group.number}_NARRATIVE"
        assert narratives[0].label == "Đánh giá kết quả, nội dung nổi bật"
        assert narratives[0].max_length == 4000 and not narratives[0].required
        figures = [i for i in indicators if i.kind != Indicator.Kind.TEXT]
        assert figures, group.number
        for figure in figures:
            assert figure.kind in (Indicator.Kind.COUNT, Indicator.Kind.MONEY), figure.code
            assert figure.required and figure.min_value == 0 and figure.role == Indicator.Role.DETAIL
    assert plan.indicators.get(code="NV2_CBA").task_group.number == 2
    closing = {i.code: i for i in plan.indicators.filter(target__isnull=True, task_group__isnull=True)}
    assert set(closing) == {"PROPOSALS", "DIFFICULTIES"}
    assert closing["PROPOSALS"].label == "Đề xuất, kiến nghị"
    assert closing["DIFFICULTIES"].label == "Khó khăn, vướng mắc"
    for indicator in plan.indicators.filter(target__isnull=True):
        assert levels(indicator) == {"for_upper", "for_grassroots"}, indicator.code


def test_indicator_bounds_and_order(plan):
    indicators = list(plan.indicators.order_by("order"))
    orders = [i.order for i in indicators]
    assert orders == sorted(orders) and len(set(orders)) == len(orders)
    # Reading order: targets, then task groups, then the closing questions.
    rank = [0 if i.target_id else 1 if i.task_group_id else 2 for i in indicators]
    assert rank == sorted(rank)
    for indicator in indicators:
        if indicator.is_numeric:
            assert indicator.min_value == 0, indicator.code
        else:
            assert indicator.min_value is None and indicator.max_value is None, indicator.code
        if indicator.kind == Indicator.Kind.PERCENT:
            assert indicator.max_value == 100, indicator.code
        assert indicator.code.isascii()


def test_rules_link_indicators_of_the_same_plan(plan):
    rules = list(IndicatorRule.objects.select_related("first", "second"))
    assert rules
    for rule in rules:
        assert rule.plan_id == rule.first.plan_id == rule.second.plan_id == plan.pk
        assert rule.first_id != rule.second_id
        assert rule.message
        if rule.kind == IndicatorRule.Kind.REQUIRED_IF_YES:
            assert rule.first.kind == Indicator.Kind.YES_NO, rule
            # Wherever a reporting unit is asked the "yes", it is asked the figure behind it.
            reporting = set(plan.levels)
            assert set(rule.first.levels) & reporting <= set(rule.second.levels), rule
    ct2_yes = plan.indicators.get(target__code="CT2", role=Indicator.Role.COMPLIANCE)
    required = set(IndicatorRule.objects.filter(kind="requires", first=ct2_yes).values_list("second__code", flat=True))
    assert required == {"CT2_DOC_NUMBER", "CT2_DATE_SIGNED"}


def test_applies_to_period(plan):
    ct7_yes = plan.indicators.get(code="CT7_DONE")
    assert ct7_yes.applies_to_period(level="upper", annual=True)
    assert not ct7_yes.applies_to_period(level="upper", annual=False)
    assert not ct7_yes.applies_to_period(level="grassroots", annual=True)
    ct5b_yes = plan.indicators.get(code="CT5B_DONE")
    assert ct5b_yes.applies_to_period(level="grassroots", annual=False)
    assert not ct5b_yes.applies_to_period(level="upper", annual=True)
