"""A weak connection: the officer types, the connection drops, they press save. The page says
plainly that nothing reached the portal and keeps what they typed; back online, "send again"
delivers the figures once. Reopening the form offers input that never reached the portal."""
import pytest
from django.urls import reverse

from reporting.models import Report, ReportEvent, ReportValue

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def officer_page(browser, base):
    context = browser.new_context(locale="en-US", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(base + reverse("login"))
    page.get_by_label("Tên đăng nhập").fill("cdcs_a1")
    page.get_by_label("Mật khẩu").fill("secret-pass-1306")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(base + "/")
    return context, page


def test_a_save_without_connection_is_told_kept_and_sent_again_once(browser, live_server, users, open_reports):
    report = open_reports["grass_a1"]
    context, page = officer_page(browser, live_server.url)
    page.goto(live_server.url + reverse("reporting:report_edit", args=[report.pk]))
    page.fill('[name="CT3_RECEIVED"]', "12")
    page.fill('[name="CT3_ANSWERED"]', "9")

    context.set_offline(True)
    page.get_by_role("button", name="Lưu nháp").click()
    notice = page.get_by_test_id("not-sent")
    notice.wait_for(state="visible")
    assert "chưa đến được cổng" in notice.inner_text()
    assert page.input_value('[name="CT3_RECEIVED"]') == "12"  # still on screen
    assert ReportValue.objects.filter(report=report).count() == 0
    page.screenshot(path="test-artifacts/offline-not-sent.png")

    context.set_offline(False)
    notice.get_by_role("button", name="Gửi lại").click()
    page.get_by_text("Đã lưu bản nháp.").wait_for()
    assert page.input_value('[name="CT3_RECEIVED"]') == "12"
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT and report.version == 1
    figures = {v.indicator.code: v for v in ReportValue.objects.filter(report=report).select_related("indicator")}
    assert set(figures) == {"CT3_RECEIVED", "CT3_ANSWERED"}  # once each
    assert ReportEvent.objects.filter(report=report, action="saved").count() == 1
    # Confirmed by the portal: nothing is left on the device to offer again.
    page.goto(live_server.url + reverse("reporting:report_edit", args=[report.pk]))
    assert page.get_by_test_id("kept-input").is_hidden()
    context.close()


def test_reopening_the_form_offers_input_that_never_reached_the_portal(browser, live_server, users, open_reports):
    report = open_reports["grass_a1"]
    context, page = officer_page(browser, live_server.url)
    url = live_server.url + reverse("reporting:report_edit", args=[report.pk])
    page.goto(url)
    page.fill('[name="CT3_RECEIVED"]', "7")
    context.set_offline(True)
    page.get_by_role("button", name="Lưu nháp").click()
    page.get_by_test_id("not-sent").wait_for(state="visible")
    page.close()
    context.set_offline(False)

    page = context.new_page()
    page.goto(url)
    offer = page.get_by_test_id("kept-input")
    offer.wait_for(state="visible")
    assert page.input_value('[name="CT3_RECEIVED"]') == ""
    offer.get_by_role("button", name="Đưa lại vào biểu mẫu").click()
    assert page.input_value('[name="CT3_RECEIVED"]') == "7"
    page.get_by_role("button", name="Lưu nháp").click()
    page.get_by_text("Đã lưu bản nháp.").wait_for()
    assert ReportValue.objects.get(report=report, indicator__code="CT3_RECEIVED").number == 7
    page.goto(url)
    assert page.get_by_test_id("kept-input").is_hidden()
    context.close()
