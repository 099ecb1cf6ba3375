"""Issue 16 in a real browser: the Board copies Plan 1306, changes a threshold and a deadline,
previews the form, publishes; an officer of a commune union created in the July 2025
reorganisation fills and sends its report; the Board's dashboard of the new plan shows it."""
import datetime

import pytest
from django.utils import timezone

from plans.models import Plan
from reporting.models import Report
from tests.e2e.test_report_workflow import fill_everything, sign_in
from tests.factories import make_user
from unions.services import union_close, union_create, union_move

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_board_sets_up_the_next_plan_and_a_new_commune_union_reports_on_it(browser, live_server, plan, tree):
    reorganisation = datetime.date(2025, 7, 1)
    commune = union_create(parent=tree["province"], code="CD-XVL", name="Công đoàn xã Vĩnh Linh", level="upper",
                           kind="commune_ward", opened_on=reorganisation)
    for key in ("grass_a1", "grass_a2"):
        union_move(union=tree[key], new_parent=commune, on=reorganisation)
    union_close(union=tree["upper_a"], on=reorganisation)
    make_user(tree["province"], username="bancspl.qt", first_name="Lan", last_name="Nguyễn Thị")
    make_user(commune, username="cd.xavinhlinh", first_name="Nam", last_name="Hồ Văn")
    year = timezone.localdate().year
    base = live_server.url

    board = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900}).new_page()
    board.set_default_timeout(15000)
    sign_in(board, base, "bancspl.qt")
    board.goto(base + "/plans/")
    board.get_by_test_id("manage-plans").click()
    board.locator('tr[data-plan="KH-1306"]').get_by_role("link", name="Sao chép").click()
    board.fill('[name="code"]', "KH-TIEP")
    board.fill('[name="title"]', "Kế hoạch tiếp tục thực hiện Chương trình 1306")
    board.fill('[name="first_year"]', str(year))
    board.fill('[name="last_year"]', str(year + 4))
    board.get_by_test_id("copy-plan").click()
    copy = Plan.objects.get(code="KH-TIEP")
    assert not copy.is_active

    ct1 = board.locator('[data-target="CT1"]')
    ct1.locator('[name$="-threshold"]').fill("90")
    board.fill('[name="plan-annual_deadline_day"]', "31")
    board.fill('[name="plan-annual_deadline_month"]', "12")
    board.get_by_test_id("save-plan").click()
    board.wait_for_selector(".alert-success")
    copy.refresh_from_db()
    assert (copy.annual_deadline_day, copy.annual_deadline_month) == (31, 12)
    assert copy.targets.get(code="CT1").threshold == 90

    board.get_by_test_id("preview-grassroots").click()
    preview = board.get_by_test_id("plan-preview")
    assert preview.locator('[name="CT5B_DONE"]').count() >= 1  # a grassroots form asks CT5b
    board.select_option("#level", "upper")
    board.select_option("#kind", "Y")
    board.get_by_role("button", name="Xem", exact=True).click()
    assert board.get_by_test_id("plan-preview").locator('[name="CT7_DONE"]').count() >= 1
    assert board.get_by_test_id("plan-preview").locator('[name="CT5B_DONE"]').count() == 0
    board.get_by_role("link", name="Quay lại kế hoạch").click()
    board.get_by_test_id("publish-plan").click()
    board.wait_for_selector(".alert-success")
    copy.refresh_from_db()
    assert copy.is_active
    report = Report.objects.get(period__plan=copy, period__code=f"{year}-Y", unit=commune)
    assert report.due_on == datetime.date(year, 12, 31)

    officer = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900}).new_page()
    officer.set_default_timeout(15000)
    sign_in(officer, base, "cd.xavinhlinh")
    officer.get_by_role("link", name="Báo cáo của tôi").click()
    officer.locator(f'tr[data-period="{year}-Y"]').get_by_role("link", name="Điền báo cáo").click()
    fill_everything(officer, report)
    officer.get_by_role("button", name="Gửi báo cáo").click()
    assert officer.get_by_text("Báo cáo đã được gửi lên cấp trên.").is_visible()
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED and not report.submitted_late

    board.goto(base + f"/dashboard/?plan=KH-TIEP&period={year}-Y")
    assert board.get_by_test_id("plan-choice").is_visible()  # two plans are active: the page offers both
    branches = board.get_by_test_id("branches").inner_text()
    assert "Công đoàn xã Vĩnh Linh" in branches
    assert "Liên đoàn Lao động huyện Vĩnh Linh" not in branches  # closed before the deadline: not expected
    tiles = board.get_by_test_id("tiles").inner_text()
    assert "1" in tiles
    ct1 = next(line for line in board.get_by_test_id("targets").inner_text().splitlines() if line.startswith("CT1"))
    assert "90%" in ct1 and "100,0%" in ct1  # the changed threshold, met by the one report sent
    board.screenshot(path="test-artifacts/next-programme-dashboard.png", full_page=True)
