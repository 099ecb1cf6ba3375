"""The three soft checks, each with a hand-worked example, judged set-based for a period
(the Board's page, the review queue) and for typed figures (the report form)."""
import datetime
from decimal import Decimal

import pytest

from quality.checks import CAPACITY, PEERS, PREVIOUS, Rule, judge, size_band
from quality.models import Threshold
from quality.selectors import findings_for_period, findings_for_values, quality_board
from reporting.models import Report
from tests.factories import make_union
from unions.services import union_move

from .helpers import ids, period, sent


@pytest.fixture
def province(plan):
    """A province, two upper-level unions; under the first, eight agency unions of 40 members
    (one size band: 30–99) and four enterprise unions of 40 members (too few to compare)."""
    root = make_union(name="LĐLĐ tỉnh", opened_on=datetime.date(1990, 1, 1))
    upper_a = make_union(root, name="LĐLĐ huyện A")
    upper_b = make_union(root, name="LĐLĐ huyện B")
    agencies = [make_union(upper_a, name=f"CĐ cơ quan {n}", kind="grassroots_agency", member_count=40)
                for n in range(8)]
    enterprises = [make_union(upper_a, name=f"CĐ doanh nghiệp {n}", kind="grassroots_enterprise", member_count=40)
                   for n in range(4)]
    for code in ("2023-H1", "2023-Y"):
        period(plan, code)
    return dict(root=root, upper_a=upper_a, upper_b=upper_b, agencies=agencies, enterprises=enterprises)


def codes_of(findings, plan):
    names = {pk: code for code, pk in ids(plan, "NV1_PARTICIPANTS", "NV1_SESSIONS", "NV2_DIALOGUES",
                                           "NV5_AMOUNT", "NV3_INITIATIVES", "NV4_TRAINEES").items()}
    return sorted((f.report_id, names.get(f.indicator_id, f.indicator_id), tuple(f.checks)) for f in findings)


def test_size_bands():
    assert [size_band(m) for m in (0, 29, 30, 99, 100, 299, 300, 999, 1000)] == [0, 0, 1, 1, 2, 2, 3, 3, 4]


def test_the_rules_by_hand():
    rule = Rule(1, floor=50, previous_factor=10, peer_factor=10, min_peers=5)
    # previous: 30 then → at most max(50, 10 × 30) = 300
    assert judge(rule=rule, value=300, members=0, previous=30) == []
    assert [(b.check, b.limit) for b in judge(rule=rule, value=301, members=0, previous=30)] == [(PREVIOUS, 300)]
    # a small figure never: 3 then, 50 now; and none then says nothing of the unit's scale
    assert judge(rule=rule, value=50, members=0, previous=3) == []
    assert judge(rule=rule, value=10**9, members=0, previous=0) == []
    # no previous period: not judged by it
    assert judge(rule=rule, value=10**9, members=0, previous=None) == []
    # peers: median 2.5 of 6 → at most max(50, 25) = 50; with 4 peers, not judged
    assert [(b.check, b.limit) for b in judge(rule=rule, value=51, members=0, median=2.5, peers=6)] == [(PEERS, 50)]
    assert judge(rule=rule, value=10**9, members=0, median=2.5, peers=4) == []
    capacity = Rule(2, per_member=1, times_id=3)
    # 40 members × 2 sessions = 80 participants at most
    assert [(b.check, b.limit) for b in judge(rule=capacity, value=3000, members=40, times=2)] == [(CAPACITY, 80)]
    assert judge(rule=capacity, value=80, members=40, times=2) == []
    assert judge(rule=capacity, value=3000, members=40, times=None) == []  # sessions not given
    assert judge(rule=capacity, value=3000, members=0, times=2) == []  # members unknown


def test_far_above_the_previous_period(plan, province):
    unit = province["agencies"][0]
    sent(plan, "2023-H1", unit, NV2_DIALOGUES=30)
    report = sent(plan, "2023-Y", unit, NV2_DIALOGUES=301)
    other = province["agencies"][1]
    sent(plan, "2023-H1", other, NV2_DIALOGUES=30)
    sent(plan, "2023-Y", other, NV2_DIALOGUES=300)  # 10 × 30: the limit itself passes
    findings = findings_for_period(period=report.period)
    assert codes_of(findings, plan) == [(report.pk, "NV2_DIALOGUES", ("previous",))]
    assert (findings[0].value, findings[0].previous, findings[0].limit) == (301, 30, 300)


def test_a_unit_with_no_previous_period_is_judged_by_its_peers_only(plan, province):
    # The first of the agencies has no 2023-H1 report; its peers said 10, 20, 20, 30, 40, 50, 60.
    newcomer, *others = province["agencies"]
    for unit, figure in zip(others, (10, 20, 20, 30, 40, 50, 60)):
        sent(plan, "2023-Y", unit, NV2_DIALOGUES=figure)
    report = sent(plan, "2023-Y", newcomer, NV2_DIALOGUES=301)
    # Median of the 8 sent (10 20 20 30 40 50 60 301) is (30 + 40) / 2 = 35 → at most 350: not flagged.
    assert findings_for_period(period=report.period) == []
    report = sent(plan, "2023-Y", newcomer, NV2_DIALOGUES=351)
    [finding] = findings_for_period(period=report.period)
    assert (finding.checks, finding.previous, finding.median, finding.peers, finding.limit) == (
        ["peers"], None, 35, 7, 350)


def test_typed_figures_are_judged_against_the_other_units(plan, province):
    newcomer, *others = province["agencies"]
    for unit, figure in zip(others, (10, 20, 20, 30, 40, 50, 60)):
        sent(plan, "2023-Y", unit, NV2_DIALOGUES=figure)
    draft = Report.objects.get(period__code="2023-Y", unit=newcomer)
    codes = ids(plan, "NV2_DIALOGUES")
    # The draft is not among the peers: median of the 7 others is 30 → at most 300.
    assert findings_for_values(report=draft, values={codes["NV2_DIALOGUES"]: 300}) == []
    [finding] = findings_for_values(report=draft, values={codes["NV2_DIALOGUES"]: 301})
    assert (finding.checks, finding.median, finding.peers, finding.limit) == (["peers"], 30, 7, 300)


def test_a_unit_of_a_kind_with_too_few_peers_is_not_compared(plan, province):
    # Four enterprise unions: each has three peers, fewer than five.
    reports = [sent(plan, "2023-Y", unit, NV2_DIALOGUES=figure)
               for unit, figure in zip(province["enterprises"], (1, 2, 3, 10_000))]
    assert findings_for_period(period=reports[0].period) == []
    # The Board lowers the bar to three peers: now 10.000 is far above the median 2,5.
    Threshold.objects.create(indicator_id=ids(plan, "NV2_DIALOGUES")["NV2_DIALOGUES"], floor=50,
                             previous_factor=10, peer_factor=10, min_peers=3)
    [finding] = findings_for_period(period=reports[0].period)
    assert (finding.report_id, finding.checks, finding.median, finding.peers) == (reports[3].pk, ["peers"], 2.5, 3)


def test_more_than_the_members_could_give(plan, province):
    unit = province["agencies"][0]  # 40 members
    report = sent(plan, "2023-Y", unit, NV1_SESSIONS=2, NV1_PARTICIPANTS=3000, NV5_AMOUNT=1_500_000_000)
    sent(plan, "2023-Y", province["agencies"][1], NV1_SESSIONS=2, NV1_PARTICIPANTS=80, NV5_AMOUNT=200_000_000)
    findings = findings_for_period(period=report.period)
    assert codes_of(findings, plan) == [(report.pk, "NV1_PARTICIPANTS", ("capacity",)),
                                        (report.pk, "NV5_AMOUNT", ("capacity",))]
    by_code = {f.indicator_id: f for f in findings}
    codes = ids(plan, "NV1_PARTICIPANTS", "NV5_AMOUNT")
    assert by_code[codes["NV1_PARTICIPANTS"]].limit == 80  # 40 members × 2 sessions
    assert by_code[codes["NV5_AMOUNT"]].limit == 200_000_000  # 40 members × 5.000.000 ₫


def test_only_sent_reports_are_judged_and_a_disabled_check_flags_nothing(plan, province):
    unit = province["agencies"][0]
    returned = sent(plan, "2023-Y", unit, status=Report.Status.RETURNED, NV1_SESSIONS=2, NV1_PARTICIPANTS=3000)
    assert findings_for_period(period=returned.period) == []
    sent(plan, "2023-Y", unit, NV1_SESSIONS=2, NV1_PARTICIPANTS=3000)
    assert len(findings_for_period(period=returned.period)) == 1
    Threshold.objects.create(indicator_id=ids(plan, "NV1_PARTICIPANTS")["NV1_PARTICIPANTS"], enabled=False)
    assert findings_for_period(period=returned.period) == []


def test_a_fixed_number_of_queries_for_a_period_whatever_its_size(plan, province, django_assert_num_queries):
    for unit in province["agencies"]:
        sent(plan, "2023-H1", unit, NV2_DIALOGUES=3)
        sent(plan, "2023-Y", unit, NV1_SESSIONS=1, NV1_PARTICIPANTS=900, NV2_DIALOGUES=300)
    the_period = Report.objects.filter(period__code="2023-Y").first().period
    # the plan, its indicators and thresholds; the provinces' path length; the medians (a
    # fingerprint, a histogram); the periods before; the check itself
    with django_assert_num_queries(8):
        findings = findings_for_period(period=the_period)
    assert len(findings) == 16
    with django_assert_num_queries(6):  # the plan loaded, the medians kept in the cache until a report changes
        assert len(findings_for_period(period=the_period)) == 16


def test_the_boards_page_follows_the_tree_as_it_stood(plan, province):
    unit = province["agencies"][0]
    report = sent(plan, "2023-Y", unit, NV1_SESSIONS=2, NV1_PARTICIPANTS=3000)
    sent(plan, "2023-Y", province["agencies"][1], NV1_SESSIONS=2, NV1_PARTICIPANTS=70)
    union_move(union=unit, new_parent=province["upper_b"], on=datetime.date(2025, 7, 1))
    board = quality_board(period=report.period, scope=province["root"])
    [branch] = board["branches"]
    assert branch["name"] == "LĐLĐ huyện A"  # where it stood in 2023, not today
    [group] = branch["indicators"]
    [row] = group["rows"]
    assert (row.report.unit, row.value, row.limit, row.share, row.total) == (unit, 3000, 80, Decimal("97.7"), 3070)
    assert quality_board(period=report.period, scope=province["upper_b"])["count"] == 0
