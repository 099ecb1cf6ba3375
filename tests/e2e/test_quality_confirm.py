"""Issue 18 in a real browser: an officer of a 40-member union types 3.000 participants, is
warned at the field, is asked to confirm when sending and explains; the reviewer sees the
figure marked, first, with the explanation."""
import pytest

from reporting.models import Report
from tests.e2e.test_report_workflow import fill_everything, sign_in
from tests.factories import make_user
from unions.services import union_update

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_officer_confirms_3000_participants_and_the_reviewer_sees_it_first(browser, live_server, plan, tree,
                                                                           open_reports):
    union_update(union=tree["grass_a1"], member_count=40)
    make_user(tree["grass_a1"], username="cdcs.vinhlinh", first_name="Hoa", last_name="Trần Thị")
    make_user(tree["upper_a"], username="ldld.vinhlinh", first_name="Minh", last_name="Lê Văn")
    report = open_reports["grass_a1"]
    base = live_server.url

    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    sign_in(page, base, "cdcs.vinhlinh")
    page.goto(f"{base}/reports/{report.pk}/edit/")
    fill_everything(page, report)
    page.fill('[name="NV1_SESSIONS"]', "2")
    page.fill('[name="NV1_PARTICIPANTS"]', "3.000")
    page.get_by_role("button", name="Lưu nháp").click()
    warning = page.locator("#div_id_NV1_PARTICIPANTS [data-testid=quality-warning]")
    assert "thường không quá 80" in warning.inner_text()  # 40 members × 2 sessions
    page.locator("#div_id_NV1_PARTICIPANTS").screenshot(path="test-artifacts/quality-1-warning-phone.png")

    page.get_by_role("button", name="Gửi báo cáo").click()
    confirm = page.get_by_test_id("quality-confirm")
    assert "3.000" in confirm.inner_text()
    page.get_by_label("Giải trình (không bắt buộc)").fill("Hội nghị toàn huyện, mời cả người lao động ngoài công đoàn.")
    confirm.screenshot(path="test-artifacts/quality-2-confirm-phone.png")
    page.get_by_role("button", name="Xác nhận các số liệu này và gửi").click()
    page.wait_for_url(f"{base}/reports/{report.pk}/")
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED
    assert report.values.get(indicator__code="NV1_PARTICIPANTS").value == 3000
    context.close()

    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    sign_in(page, base, "ldld.vinhlinh")
    page.goto(f"{base}/review/")
    assert page.get_by_test_id("flagged-count").first.inner_text().strip() == "1"
    page.get_by_test_id("review-queue").get_by_role("link", name="Xem xét").first.click()
    page.wait_for_url(f"{base}/reports/{report.pk}/review/")
    flagged = page.get_by_test_id("flagged-figures")
    first_table = page.locator("table").first
    assert first_table.locator("[data-testid=flagged-row]").count() == 1  # the marked figures come first
    row = flagged.locator("[data-testid=flagged-row]")
    text = row.inner_text()
    assert "3.000" in text and "đã xác nhận" in text and "Hội nghị toàn huyện" in text
    page.screenshot(path="test-artifacts/quality-3-review.png", full_page=True)
    context.close()
