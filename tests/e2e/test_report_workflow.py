"""The report's round trip in a real browser: fill in, meet an error, save, send; the level
above returns it with a comment; the unit corrects and resends; the reviewer accepts; the
history shows every step."""
import pytest

from reporting.models import Report
from reporting.selectors import report_indicators
from tests.factories import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in(page, base, username):
    page.goto(base + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("secret-pass-1306")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(base + "/")


def fill_everything(page, report):
    for indicator in report_indicators(report=report):
        field = f'[name="{indicator.code}"]'
        match indicator.kind:
            case "yes_no":
                page.check(f'{field}[value="yes"]')
            case "count" | "money":
                page.fill(field, "1.500" if indicator.kind == "money" else "3")
            case "percent":
                page.fill(field, "80")
            case "date":
                page.fill(field, "05/03/2023")
            case "reference":
                page.fill(field, "05/QCPH-CĐ-UBND")
            case _:
                page.fill(field, "Tổ chức tốt các hoạt động; đoàn viên hưởng ứng tích cực.")


def test_fill_send_return_resend_accept(browser, live_server, plan, tree, open_reports):
    make_user(tree["grass_a1"], username="cdcs.vinhlinh", first_name="Hoa", last_name="Trần Thị")
    make_user(tree["upper_a"], username="ldld.vinhlinh", first_name="Minh", last_name="Lê Văn")
    report = open_reports["grass_a1"]
    base = live_server.url

    officer_context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = officer_context.new_page()
    page.set_default_timeout(15000)
    sign_in(page, base, "cdcs.vinhlinh")
    page.get_by_role("link", name="Báo cáo của tôi").click()
    page.locator('tr[data-period="2023-Y"]').get_by_role("link", name="Điền báo cáo").click()

    fill_everything(page, report)
    page.fill('[name="CT3_RECEIVED"]', "4")
    page.fill('[name="CT3_ANSWERED"]', "6")  # answered above received
    page.get_by_role("button", name="Lưu nháp").click()
    error = page.locator("#error_1_id_CT3_ANSWERED, .invalid-feedback").filter(has_text="không được lớn hơn")
    assert error.first.is_visible()
    assert page.locator('[name="CT3_ANSWERED"]').input_value() == "6"  # kept, to be mended
    page.screenshot(path="test-artifacts/workflow-1-error.png", full_page=False)

    page.fill('[name="CT3_ANSWERED"]', "4")
    page.get_by_role("button", name="Lưu nháp").click()
    assert page.get_by_text("Đã lưu bản nháp.").is_visible()
    page.get_by_role("button", name="Gửi báo cáo").click()
    assert page.get_by_text("Báo cáo đã được gửi lên cấp trên.").is_visible()
    assert page.locator(".status-badge").first.inner_text() == "Đã gửi"

    reviewer_context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    review = reviewer_context.new_page()
    review.set_default_timeout(15000)
    sign_in(review, base, "ldld.vinhlinh")
    assert "1 báo cáo đang chờ bạn xem xét" in review.get_by_test_id("waiting").inner_text()
    review.get_by_test_id("waiting").get_by_role("link", name="Xem xét").click()
    review.get_by_test_id("review-queue").get_by_role("link", name="Xem xét").click()
    review.get_by_role("button", name="Trả lại kèm ý kiến này").click()
    assert review.get_by_text("Hãy ghi rõ lý do để đơn vị biết cần làm gì.").is_visible()
    review.get_by_label("Ý kiến").fill("Đề nghị bổ sung số nhà “Mái ấm Công đoàn”.")
    review.get_by_role("button", name="Trả lại kèm ý kiến này").click()
    assert review.get_by_text("Đã trả lại báo cáo cho đơn vị kèm ý kiến của bạn.").is_visible()

    page.get_by_role("link", name="Báo cáo của tôi").click()
    page.locator('tr[data-period="2023-Y"]').get_by_role("link", name="Sửa và gửi lại").click()
    assert page.get_by_text("Đề nghị bổ sung số nhà “Mái ấm Công đoàn”.").is_visible()
    page.fill('[name="NV5_HOUSES"]', "2")
    page.get_by_role("button", name="Gửi báo cáo").click()
    assert page.get_by_text("Báo cáo đã được gửi lên cấp trên.").is_visible()

    review.get_by_role("link", name="Xem xét").first.click()
    review.get_by_test_id("review-queue").get_by_role("link", name="Xem xét").click()
    review.get_by_role("button", name="Duyệt").click()
    assert review.get_by_text("Đã duyệt báo cáo.").is_visible()

    page.goto(base + report.get_absolute_url())
    assert page.locator(".status-badge").first.inner_text() == "Đã duyệt"
    page.get_by_role("link", name="Lịch sử").click()
    history = page.get_by_test_id("history").inner_text()
    for step in ("Lưu nháp", "Đã gửi", "Trả lại: Đề nghị bổ sung số nhà “Mái ấm Công đoàn”.",
                 "Gửi lại sau khi bổ sung, sửa chữa.", "Đã duyệt", "Trần Thị Hoa", "Lê Văn Minh",
                 "Số “Mái ấm Công đoàn” được xây dựng, sửa chữa"):
        assert step in history, step
    page.screenshot(path="test-artifacts/workflow-2-history.png", full_page=True)
    assert Report.objects.get(pk=report.pk).status == "accepted"
    officer_context.close()
    reviewer_context.close()
