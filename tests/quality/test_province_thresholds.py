"""Each province's Board tunes the checks of its own province only: its thresholds judge its
units; the other provinces keep theirs (or the national ones); a national Board tunes the
national thresholds, which every province without its own follows."""
import pytest
from django.urls import reverse

from quality.models import Threshold
from quality.selectors import findings_for_period, findings_for_values, quality_board, threshold_rows
from quality.services import threshold_reset, threshold_save
from unions.models import Union

from .helpers import ids, sent

OVER_CAPACITY = dict(NV1_SESSIONS=2, NV1_PARTICIPANTS=3000)  # 40 members × 2 sessions: at most 80


@pytest.fixture
def both(provinces, plan):
    """A's and B's grassroots unions (40 members each) have sent 3000 participants of 2 sessions."""
    Union.objects.filter(pk__in=[provinces[k]["grass"].pk for k in "AB"]).update(member_count=40)
    for key in "AB":
        provinces[key]["sent"] = sent(plan, "2023-Y", provinces[key]["grass"], **OVER_CAPACITY)
    provinces["participants"] = plan.indicators.get(code="NV1_PARTICIPANTS")
    return provinces


def flagged(period) -> set[int]:
    return {f.report_id for f in findings_for_period(period=period)}


def switched_off(_indicator):
    return dict(enabled=False, floor=0, previous_factor=None, peer_factor=None, min_peers=5, per_member=None,
                per_member_times=None)


def test_a_provinces_board_switching_a_check_off_changes_its_own_province_only(both, plan):
    a, b, period = both["A"], both["B"], both["period"]
    assert flagged(period) == {a["sent"].pk, b["sent"].pk}
    threshold_save(indicator=both["participants"], by=a["board"], **switched_off(both["participants"]))
    assert Threshold.objects.get().province == a["province"]
    assert flagged(period) == {b["sent"].pk}  # the whole country's view: B is still judged
    assert quality_board(period=period, scope=b["province"])["count"] == 1
    assert quality_board(period=period, scope=a["province"])["count"] == 0
    # The form judges a draft by its own province's thresholds too.
    values = {both["participants"].pk: 3000, ids(plan, "NV1_SESSIONS")["NV1_SESSIONS"]: 2}
    assert findings_for_values(report=a["sent"], values=values) == []
    assert [f.checks for f in findings_for_values(report=b["sent"], values=values)] == [["capacity"]]


def test_the_national_thresholds_hold_where_a_province_has_none_of_its_own(both):
    a, b, period = both["A"], both["B"], both["period"]
    threshold_save(indicator=both["participants"], by=both["national_board"], **switched_off(both["participants"]))
    assert Threshold.objects.get().province is None
    assert flagged(period) == set()
    # A's Board tunes its own: a capacity of 100 per member (8.000 for 40 × 2) lets 3000 pass,
    # and 30 per member (2.400) flags it again in A only.
    fields = dict(enabled=True, floor=0, previous_factor=None, peer_factor=None, min_peers=5, per_member=30,
                  per_member_times=both["period"].plan.indicators.get(code="NV1_SESSIONS"))
    threshold_save(indicator=both["participants"], by=a["board"], **fields)
    assert flagged(period) == {a["sent"].pk}
    rows = {r["indicator"].code: r for r in threshold_rows(plan=period.plan, province=a["province"])}
    assert (rows["NV1_PARTICIPANTS"]["source"], rows["NV1_PARTICIPANTS"]["rule"].per_member) == ("province", 30)
    rows = {r["indicator"].code: r for r in threshold_rows(plan=period.plan, province=b["province"])}
    assert (rows["NV1_PARTICIPANTS"]["source"], rows["NV1_PARTICIPANTS"]["rule"]) == ("national", None)
    assert rows["NV1_SESSIONS"]["source"] == "default"
    # A's Board going back removes A's own row only: A follows the national thresholds again.
    threshold_reset(indicator=both["participants"], by=a["board"])
    assert list(Threshold.objects.values_list("province", flat=True)) == [None]
    assert flagged(period) == set()


def test_a_provinces_board_never_changes_the_national_or_another_provinces(both, client):
    a, b = both["A"], both["B"]
    threshold_save(indicator=both["participants"], by=both["national_board"], **switched_off(both["participants"]))
    threshold_save(indicator=both["participants"], by=b["board"], **switched_off(both["participants"]))
    before = sorted(Threshold.objects.values_list("province", "enabled", "floor"), key=str)
    threshold_reset(indicator=both["participants"], by=a["board"])  # A has none: nothing to remove
    assert sorted(Threshold.objects.values_list("province", "enabled", "floor"), key=str) == before
    # Through the page: a province field in the post is not listened to.
    client.force_login(a["board"])
    response = client.post(reverse("quality:threshold_edit", args=[both["participants"].pk]), {
        f"t{both['participants'].pk}-floor": "7", f"t{both['participants'].pk}-min_peers": "5",
        "province": b["province"].pk, "action": "save"})
    assert response.status_code == 302
    assert Threshold.objects.get(province=a["province"]).floor == 7
    assert sorted(Threshold.objects.exclude(province=a["province"]).values_list("province", "enabled", "floor"),
                  key=str) == before
    page = client.get(reverse("quality:thresholds"))
    assert a["province"].name in page.content.decode()


def test_peers_are_the_units_of_the_same_province(provinces, plan):
    """The peers' median a figure is judged against is its own province's: A's agencies hold
    meetings by the hundred, B's by the unit, and neither province is told the other's median
    (nor flagged by it)."""
    from reporting.periods import period_generate_reports
    from tests.factories import make_union

    units = {key: [make_union(provinces[key]["upper"], name=f"CĐ cơ quan {key}{n}", kind="grassroots_agency",
                              member_count=40) for n in range(7)] for key in "AB"}
    period = provinces["period"]
    period_generate_reports(period=period)
    for unit in units["A"][:6]:
        sent(plan, "2023-Y", unit, NV2_DIALOGUES=500)
    for unit in units["B"][:6]:
        sent(plan, "2023-Y", unit, NV2_DIALOGUES=1)
    a_unit = sent(plan, "2023-Y", units["A"][6], NV2_DIALOGUES=600)
    b_unit = sent(plan, "2023-Y", units["B"][6], NV2_DIALOGUES=600)
    findings = {f.report_id: f for f in findings_for_period(period=period)}
    assert set(findings) == {b_unit.pk}  # 600 is far above B's 1, not above A's 500
    assert (findings[b_unit.pk].median, findings[b_unit.pk].peers) == (1, 6)
    dialogues = ids(plan, "NV2_DIALOGUES")["NV2_DIALOGUES"]
    # The form: A's draft of 6.000 is judged against A's 500 (limit 5.000), B's against B's 1.
    [a_finding] = findings_for_values(report=a_unit, values={dialogues: 6000})
    [b_finding] = findings_for_values(report=b_unit, values={dialogues: 6000})
    assert (a_finding.median, a_finding.limit) == (500, 5000)
    assert (b_finding.median, b_finding.limit) == (1, 100)
