"""`manage.py seed_demo --next-programme` (issue 16, what `make run` loads): past 2023, the July
2025 reorganisation and a second plan copied from Plan 1306 for 2024–2028, marked as
demonstration data, with reports in every state for its first periods."""
import datetime
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction

from accounts.models import User
from plans.models import Plan
from reporting.kept_totals import rollups_rebuild
from reporting.models import Report, ReportingPeriod, RollupCell
from compliance.rollups import compliance_for_scope
from demo import hierarchy as data
from demo import reorganisation as next_data
from unions.models import Level, Union, UnionPlacement
from unions.selectors import union_path_on

pytestmark = pytest.mark.django_db
ON = next_data.REORGANISED_ON


def _counts():
    return {model.__name__: model.objects.count()
            for model in (Union, UnionPlacement, Plan, ReportingPeriod, Report, User, RollupCell)}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", "--next-programme", stdout=io.StringIO())
        first = _counts()
        statuses = Counter(Report.objects.values_list("status", flat=True))
        output = io.StringIO()
        call_command("seed_demo", "--next-programme", stdout=output)
        yield dict(first=first, second=_counts(), statuses=statuses, output=output.getvalue())
        transaction.set_rollback(True)


def test_running_it_twice_changes_nothing(seeded):
    assert seeded["first"] == seeded["second"]
    assert seeded["statuses"] == Counter(Report.objects.values_list("status", flat=True))
    assert "cd.xavinhlinh" in seeded["output"]


def test_the_district_federations_close_on_1_july_2025_and_communes_take_their_units(seeded):
    districts = Union.objects.filter(kind="district_federation")
    assert districts.count() == 11 and set(districts.values_list("closed_on", flat=True)) == {ON}
    communes = Union.objects.filter(kind="commune_ward")
    assert communes.count() == sum(len(c) for c in next_data.COMMUNES.values())
    assert set(communes.values_list("opened_on", flat=True)) == {ON}
    for district in districts:  # nothing left open under a dissolved federation
        assert not Union.objects.filter(path__startswith=district.path, depth__gt=district.depth,
                                        closed_on__isnull=True).exists()
    demo = User.objects.get(username="cdcs.demo").unit
    assert demo.parent.code == next_data.DEMO_COMMUNE
    before, after = demo.placements.order_by("valid_from")
    assert before.valid_until == after.valid_from == ON
    assert union_path_on(union=demo, day=ON - datetime.timedelta(days=1)).startswith(
        Union.objects.get(code="LDLD-VL").path)


def test_quang_binhs_federation_is_merged_into_quang_tri(seeded):
    quang_binh = Union.objects.get(code=next_data.QUANG_BINH["code"])
    quang_tri = Union.objects.get(code=data.ROOT["code"])
    assert quang_binh.closed_on == ON and quang_binh.level == Level.PROVINCE
    assert not Union.objects.filter(path__startswith=quang_binh.path, closed_on__isnull=True).exists()
    for code, *_rest, units in next_data.QUANG_BINH_UPPER:
        for unit_code, *_ in units:
            unit = Union.objects.get(code=unit_code)
            assert unit.path.startswith(quang_tri.path) and unit.closed_on is None
            assert union_path_on(union=unit, day=ON - datetime.timedelta(days=1)).startswith(quang_binh.path)


def test_the_second_plan_is_a_copy_for_2024_2028_marked_as_demonstration_data(seeded):
    plan = Plan.objects.get(code=next_data.NEXT_PLAN["code"])
    assert plan.is_demo and plan.is_active and plan.copied_from.code == "KH-1306"
    assert plan.province.code == data.ROOT["code"] and (plan.first_year, plan.last_year) == (2024, 2028)
    assert plan.indicators.count() == Plan.objects.get(code="KH-1306").indicators.count()
    periods = ReportingPeriod.objects.filter(plan=plan)
    assert periods.count() == 10 and [p.code for p in periods if p.is_open] == ["2025-Y"]
    first = Report.objects.filter(period__plan=plan, period__code__in=next_data.NEXT_PLAN_FILLED)
    assert {"not_started", "draft", "submitted", "returned", "accepted"} <= set(first.values_list("status", flat=True))
    assert Report.objects.get(period__plan=plan, period__code="2025-Y",
                              unit__code=next_data.DEMO_COMMUNE).status == Report.Status.NOT_STARTED


def test_before_the_reorganisation_the_old_tree_after_it_the_new(seeded):
    plan = Plan.objects.get(code=next_data.NEXT_PLAN["code"])
    h1, year = (ReportingPeriod.objects.get(plan=plan, code=code) for code in ("2025-H1", "2025-Y"))
    vinh_linh, commune = Union.objects.get(code="LDLD-VL"), Union.objects.get(code=next_data.DEMO_COMMUNE)
    assert compliance_for_scope(period=h1, scope=vinh_linh).completeness.expected > 1
    assert not Report.objects.filter(period=year, unit=vinh_linh).exists()
    assert not Report.objects.filter(period=h1, unit=commune).exists()
    assert compliance_for_scope(period=year, scope=commune).completeness.expected > 1
    quang_binh_units = Union.objects.filter(code__startswith="DHO-")
    assert not Report.objects.filter(period=h1, unit__in=quang_binh_units).exists()  # another province then
    assert Report.objects.filter(period=year, unit__in=quang_binh_units).count() == quang_binh_units.count()
    assert not Report.objects.filter(period__plan__code="KH-1306", unit__in=quang_binh_units).exists()


def test_every_report_is_of_a_unit_open_then_placed_as_it_was_and_the_kept_figures_are_exact(seeded):
    plan = Plan.objects.get(code=next_data.NEXT_PLAN["code"])
    for report in Report.objects.filter(period__plan=plan).select_related("unit", "period"):
        day = report.period.structure_date
        assert report.unit.is_open_on(day), report
        assert report.unit_path == union_path_on(union=report.unit, day=day), report
    for period in ReportingPeriod.objects.filter(plan=plan, code__in=next_data.NEXT_PLAN_FILLED):
        kept = {(c.path, c.unit_level, c.unit_kind, c.key): c.value for c in RollupCell.objects.filter(period=period)}
        rollups_rebuild(period=period)
        assert kept == {(c.path, c.unit_level, c.unit_kind, c.key): c.value
                        for c in RollupCell.objects.filter(period=period)}


def test_the_commune_officer_signs_in(seeded, client):
    user = User.objects.get(username="cd.xavinhlinh")
    assert user.unit.code == next_data.DEMO_COMMUNE and user.unit.kind == "commune_ward"
    assert client.login(username="cd.xavinhlinh", password=data.DEMO_PASSWORD)
