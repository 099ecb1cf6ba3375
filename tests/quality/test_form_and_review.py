"""The soft checks on the pages: a warning at the field when a draft is saved (never an
error), a confirmation step when sending, the confirmed figure kept as typed and marked, and
the reviewer's page and queue showing it first."""
import re
import pytest
from django.urls import reverse

from quality.models import ConfirmedFigure
from quality.selectors import findings_for_report
from quality.services import FiguresToConfirm, report_send_checked
from reporting.models import Report, ReportValue
from tests.reporting.test_views import form_data
from tests.reporting.values import complete_values
from unions.services import union_update

from .helpers import ids


@pytest.fixture
def forty_members(open_reports, tree):
    union_update(union=tree["grass_a1"], member_count=40)
    report = open_reports["grass_a1"]
    report.unit.refresh_from_db()
    return report


def typed(report, **changes):
    return form_data(report, complete_values(report, NV1_SESSIONS=2), **changes)


def test_a_draft_with_a_figure_out_of_line_is_saved_and_warned_at_the_field(client, users, forty_members):
    report = forty_members
    client.force_login(users["grass_a1"])
    url = reverse("reporting:report_edit", args=[report.pk])
    response = client.post(url, typed(report, NV1_PARTICIPANTS="3.000", action="save"), follow=True)
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT
    page = response.content.decode()
    assert 'data-testid="quality-warnings"' in page and 'data-testid="quality-confirm"' not in page
    # At the field itself: the warning and the limit it broke (40 members × 2 sessions).
    field = page[page.index('id="div_id_NV1_PARTICIPANTS"'):]
    field = field[:field.index("</div>\n", field.index("quality-warning"))]
    assert "Kiểm tra lại số liệu này" in field and "80" in field


def test_sending_asks_to_confirm_and_keeps_the_figure_as_typed(client, users, forty_members):
    report = forty_members
    client.force_login(users["grass_a1"])
    url = reverse("reporting:report_edit", args=[report.pk])
    response = client.post(url, typed(report, NV1_PARTICIPANTS="3.000", action="submit"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="quality-confirm"' in page and 'name="confirm-NV1_PARTICIPANTS" value="3000"' in page
    report.refresh_from_db()
    assert report.status == Report.Status.NOT_STARTED and report.version == 0  # nothing saved yet
    response = client.post(url, typed(report, NV1_PARTICIPANTS="3.000", action="submit", **{
        "confirm-NV1_PARTICIPANTS": "3000", "explain-NV1_PARTICIPANTS": "Hội nghị toàn huyện, mời cả NLĐ ngoài."}))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED
    value = ReportValue.objects.get(report=report, indicator__code="NV1_PARTICIPANTS")
    assert value.value == 3000  # exactly as typed: nothing corrected
    mark = ConfirmedFigure.objects.get(report=report)
    assert (mark.indicator.code, mark.canonical, mark.checks, mark.explanation, mark.confirmed_by) == (
        "NV1_PARTICIPANTS", "3000", "capacity", "Hội nghị toàn huyện, mời cả NLĐ ngoài.", users["grass_a1"])
    [finding] = findings_for_report(report=report)
    assert finding.confirmation == mark and finding.value_display == "3.000"


def test_a_confirmation_of_another_value_does_not_count(forty_members, users):
    report = forty_members
    codes = ids(report.period.plan, "NV1_PARTICIPANTS")
    values = complete_values(report, NV1_SESSIONS=2, NV1_PARTICIPANTS=30_000)
    with pytest.raises(FiguresToConfirm) as held:
        report_send_checked(report=report, by=users["grass_a1"], values=values, version=0,
                            confirmations={"NV1_PARTICIPANTS": ("3000", "")})
    assert [f.indicator_id for f in held.value.findings] == [codes["NV1_PARTICIPANTS"]]
    report.refresh_from_db()
    assert report.status == Report.Status.NOT_STARTED and not ReportValue.objects.filter(report=report).exists()


def test_the_rules_of_the_plan_come_before_the_confirmation(forty_members, users):
    from django.core.exceptions import ValidationError

    report = forty_members
    values = complete_values(report, NV1_SESSIONS=2, NV1_PARTICIPANTS=3000, NV2_CBA=None)
    with pytest.raises(ValidationError):
        report_send_checked(report=report, by=users["grass_a1"], values=values, version=0, confirmations={})


def test_a_report_without_flagged_figures_is_sent_at_once(client, users, forty_members):
    report = forty_members
    client.force_login(users["grass_a1"])
    response = client.post(reverse("reporting:report_edit", args=[report.pk]),
                           typed(report, NV1_PARTICIPANTS="80", action="submit"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED and not ConfirmedFigure.objects.exists()


def test_the_reviewer_sees_the_marked_figure_first_and_the_queue_counts_it(client, users, forty_members):
    report = forty_members
    report_send_checked(report=report, by=users["grass_a1"],
                        values=complete_values(report, NV1_SESSIONS=2, NV1_PARTICIPANTS=3000), version=0,
                        confirmations={"NV1_PARTICIPANTS": ("3000", "Có cả người lao động ngoài công đoàn.")})
    client.force_login(users["upper_a"])
    page = client.get(reverse("reporting:report_review", args=[report.pk])).content.decode()
    flagged = page.index('data-testid="flagged-figures"')
    assert flagged < page.index('data-testid="side-by-side"')  # before every other figure
    section = page[flagged:page.index("</section>", flagged)]
    assert "3.000" in section and "Có cả người lao động ngoài công đoàn." in section and "80" in section
    queue = client.get(reverse("reporting:review_queue")).content.decode()
    row = queue[queue.index(report.unit.name):]
    assert re.search(r'<td class="num"[^>]*data-testid="flagged-count"><span class="badge text-bg-warning">1</span>', row[:800])


def test_the_boards_page_and_its_workbook(client, users, forty_members):
    import io

    import openpyxl

    report = forty_members
    report_send_checked(report=report, by=users["grass_a1"],
                        values=complete_values(report, NV1_SESSIONS=2, NV1_PARTICIPANTS=3000), version=0,
                        confirmations={"NV1_PARTICIPANTS": ("3000", "Hội nghị toàn huyện.")})
    client.force_login(users["board"])
    page = client.get(reverse("quality:board"), {"period": "2023-Y"}).content.decode()
    assert 'data-unit="%s" data-code="NV1_PARTICIPANTS"' % report.unit.code in page
    assert "Hội nghị toàn huyện." in page and "0 – 80" in page and "100,0%" in page
    response = client.get(reverse("quality:board_workbook"), {"period": "2023-Y"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][2:6] == (report.unit.name, report.unit.code, 3000, 80)
    assert rows[2][-1] == "Hội nghị toàn huyện." and rows[2][-3] == 100.0
    client.force_login(users["upper_a"])
    assert client.get(reverse("quality:board")).status_code == 403


def test_the_board_tunes_a_threshold(client, users, plan):
    from quality.models import Threshold

    codes = ids(plan, "NV1_PARTICIPANTS", "NV1_SESSIONS")
    client.force_login(users["board"])
    assert client.get(reverse("quality:thresholds")).status_code == 200
    pk = codes["NV1_PARTICIPANTS"]
    response = client.post(reverse("quality:threshold_edit", args=[pk]), {
        f"t{pk}-enabled": "on", f"t{pk}-floor": "100", f"t{pk}-previous_factor": "20", f"t{pk}-peer_factor": "",
        f"t{pk}-min_peers": "8", f"t{pk}-per_member": "1,5", f"t{pk}-per_member_times": codes["NV1_SESSIONS"]})
    assert response.status_code == 302
    row = Threshold.objects.get(indicator_id=pk)
    assert (row.floor, row.previous_factor, row.peer_factor, row.min_peers, row.per_member) == (100, 20, None, 8, 1.5)
    client.post(reverse("quality:threshold_edit", args=[pk]), {"action": "reset"})
    assert not Threshold.objects.exists()
    client.force_login(users["upper_a"])
    assert client.post(reverse("quality:threshold_edit", args=[pk]), {"action": "reset"}).status_code == 403
