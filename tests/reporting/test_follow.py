"""The tree and the reports in step (issue 16): a unit opened or moved while a period is open gets
its report at once; a unit closed before the deadline is not expected, never missing; a period
before the July 2025 reorganisation rolls up along the old tree, one after along the new."""
import datetime

import pytest

from plans.services import plan_copy, plan_publish
from reporting.kept_totals import rollups_rebuild
from reporting.models import Report, ReportEvent, ReportingPeriod, RollupCell
from compliance.rollups import compliance_for_scope
from reporting.selectors import report_history
from reporting.services import report_save
from tests.factories import make_union, make_user
from tests.reporting.values import complete_values
from unions.services import union_close, union_create, union_move

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2025, 8, 1)


def cells(period):
    return {(c.path, c.unit_level, c.unit_kind, c.key): c.value
            for c in RollupCell.objects.filter(period=period) if c.value}


def draft_of(unit, period):
    """The unit's report of the period, saved as a draft by its officer: it has a history."""
    report = Report.objects.get(period=period, unit=unit)
    officer = make_user(unit, username=f"cdcs_{unit.code.lower()}")
    values = complete_values(report)
    return report_save(report=report, by=officer, values=dict(list(values.items())[:3]), version=0)


def assert_kept_is_a_fresh_count(period):
    kept = cells(period)
    rollups_rebuild(period=period)
    assert kept == cells(period)


@pytest.fixture
def plan_2025(plan, users):
    copy = plan_copy(plan=plan, code="KH-2025", title="Kế hoạch 2025", first_year=2025, last_year=2025,
                     by=users["board"])
    plan_publish(plan=copy, by=users["board"], open_on=D(2025, 3, 1))
    return copy


def test_a_unit_opened_mid_period_gets_its_report_at_once(plan_2025, tree, users):
    period = ReportingPeriod.objects.get(plan=plan_2025, code="2025-H1")
    assert period.is_open
    unit = union_create(parent=tree["upper_a"], code="NEW-1", name="Công đoàn Công ty TNHH Mới", level="grassroots",
                        kind="grassroots_enterprise", opened_on=D(2025, 4, 2), by=users["board"])
    report = Report.objects.get(period=period, unit=unit)
    assert report.status == Report.Status.NOT_STARTED and report.due_on == period.deadline
    assert report.unit_path == unit.path
    assert compliance_for_scope(period=period, scope=tree["upper_a"], today=TODAY).completeness.expected == 4
    assert_kept_is_a_fresh_count(period)
    # opened after the deadline: not expected in that period
    late = union_create(parent=tree["upper_a"], code="NEW-2", name="Công đoàn mở muộn", level="grassroots",
                        kind="grassroots_agency", opened_on=D(2025, 6, 20), by=users["board"])
    assert not Report.objects.filter(period=period, unit=late).exists()


def test_a_unit_closed_before_the_deadline_is_not_missing_and_its_history_says_so(plan_2025, tree, users):
    period = ReportingPeriod.objects.get(plan=plan_2025, code="2025-H1")
    report = draft_of(tree["grass_a2"], period)
    untouched = Report.objects.get(period=period, unit=tree["grass_b1"])
    before = compliance_for_scope(period=period, scope=tree["province"], today=TODAY).completeness
    union_close(union=tree["grass_a2"], on=D(2025, 5, 1), by=users["board"])
    union_close(union=tree["grass_b1"], on=D(2025, 5, 2), by=users["board"])
    report.refresh_from_db()
    assert report.status == Report.Status.WITHDRAWN  # a draft has a history: kept, withdrawn
    assert not Report.objects.filter(pk=untouched.pk).exists()  # untouched: removed, as when regenerating
    after = compliance_for_scope(period=period, scope=tree["province"], today=TODAY).completeness
    assert (after.expected, after.missing) == (before.expected - 2, before.missing - 2)
    assert compliance_for_scope(period=period, scope=tree["province"], today=TODAY,
                                source="reports").completeness.missing == after.missing
    event = report.events.get(action=ReportEvent.Action.WITHDRAWN)
    assert "01/05/2025" in event.comment and event.by == users["board"]
    assert any(step.get("event") == event for step in report_history(report=report))
    assert_kept_is_a_fresh_count(period)


def test_a_sent_report_of_a_unit_closed_later_still_counts(plan_2025, tree, users):
    period = ReportingPeriod.objects.get(plan=plan_2025, code="2025-H1")
    report = Report.objects.get(period=period, unit=tree["grass_a1"])
    report_save(report=report, by=users["grass_a1"], values=complete_values(report), version=0, submit=True)
    union_close(union=tree["grass_a1"], on=D(2025, 5, 1), by=users["board"])
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED
    assert_kept_is_a_fresh_count(period)


def test_a_period_before_the_reorganisation_rolls_up_along_the_old_tree_and_one_after_along_the_new(
        plan_2025, tree, users):
    """The district federation Vĩnh Linh closes on 01/07/2025; its grassroots unions move to a commune
    union opened that day. 2025-H1 (due 10/06) follows the old tree, 2025-Y (due 25/11) the new."""
    h1 = ReportingPeriod.objects.get(plan=plan_2025, code="2025-H1")
    year = ReportingPeriod.objects.get(plan=plan_2025, code="2025-Y")
    assert h1.is_open and year.is_open
    reorg = D(2025, 7, 1)
    commune = union_create(parent=tree["province"], code="CD-XVL", name="Công đoàn xã Vĩnh Linh", level="upper",
                           kind="commune_ward", opened_on=reorg, by=users["board"])
    for key in ("grass_a1", "grass_a2"):
        union_move(union=tree[key], new_parent=commune, on=reorg, by=users["board"])
    union_close(union=tree["upper_a"], on=reorg, by=users["board"])

    old = compliance_for_scope(period=h1, scope=tree["upper_a"], today=TODAY).completeness
    assert old.expected == 3  # the district federation and its two grassroots unions
    assert not Report.objects.filter(period=h1, unit=commune).exists()
    assert compliance_for_scope(period=year, scope=commune, today=TODAY).completeness.expected == 3
    assert not Report.objects.filter(period=year, unit=tree["upper_a"]).exists()  # untouched: removed
    assert Report.objects.get(period=h1, unit=tree["upper_a"]).status == Report.Status.NOT_STARTED
    for key in ("grass_a1", "grass_a2"):
        assert Report.objects.get(period=year, unit=tree[key]).unit_path.startswith(commune.path)
        assert Report.objects.get(period=h1, unit=tree[key]).unit_path.startswith(tree["upper_a"].path)
    assert compliance_for_scope(period=year, scope=tree["province"], today=TODAY).completeness.expected == 5
    for period in (h1, year):
        assert_kept_is_a_fresh_count(period)


def test_the_unit_page_shows_where_it_stood_and_that_its_report_is_no_longer_expected(client, plan_2025, tree, users):
    from django.urls import reverse

    reorg = D(2025, 7, 1)
    commune = union_create(parent=tree["province"], code="CD-XVL", name="Công đoàn xã Vĩnh Linh", level="upper",
                           kind="commune_ward", opened_on=reorg, by=users["board"])
    union_move(union=tree["grass_a1"], new_parent=commune, on=reorg, by=users["board"])
    draft_of(tree["grass_a2"], ReportingPeriod.objects.get(plan=plan_2025, code="2025-H1"))
    union_close(union=tree["grass_a2"], on=D(2025, 5, 1), by=users["board"])
    client.force_login(users["board"])
    moved = client.get(reverse("unions:detail", args=[tree["grass_a1"].pk])).content.decode()
    assert "Liên đoàn Lao động huyện Vĩnh Linh" in moved and "Công đoàn xã Vĩnh Linh" in moved
    assert "01/07/2025" in moved
    closed = client.get(reverse("unions:detail", args=[tree["grass_a2"].pk])).content.decode()
    assert 'data-testid="unit-history"' in closed and "01/05/2025" in closed
    assert "Không phải gửi: đơn vị đã giải thể" in closed


def test_an_extension_never_reaches_a_withdrawn_report(plan_2025, tree, users):
    from reporting.periods import deadlines_extend

    period = ReportingPeriod.objects.get(plan=plan_2025, code="2025-H1")
    draft_of(tree["grass_a2"], period)
    union_close(union=tree["grass_a2"], on=D(2025, 5, 1), by=users["board"])
    outcome = deadlines_extend(period=period, units=None, new_deadline=D(2025, 6, 30), reason="Bão lũ", by=users["board"])
    assert outcome.moved == 4  # the two upper-level and two grassroots unions still expected
    assert Report.objects.get(period=period, unit=tree["grass_a2"]).due_on == period.deadline
    one = deadlines_extend(period=period, units=[tree["grass_a2"]], new_deadline=D(2025, 7, 30), reason="x",
                           by=users["board"])
    assert one.results[0].outcome == "no_report"
    assert_kept_is_a_fresh_count(period)


def test_a_unit_opened_after_an_extension_for_every_unit_gets_the_extended_deadline(plan_2025, tree, users):
    from reporting.periods import deadlines_extend

    period = ReportingPeriod.objects.get(plan=plan_2025, code="2025-H1")
    deadlines_extend(period=period, units=None, new_deadline=D(2025, 6, 30), reason="Bão lũ", by=users["board"])
    unit = union_create(parent=tree["upper_b"], code="NEW-3", name="Công đoàn Công ty TNHH Sau gia hạn",
                        level="grassroots", kind="grassroots_enterprise", opened_on=D(2025, 6, 1), by=users["board"])
    assert Report.objects.get(period=period, unit=unit).due_on == D(2025, 6, 30)
    assert_kept_is_a_fresh_count(period)
