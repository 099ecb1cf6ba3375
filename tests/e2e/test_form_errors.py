"""After a save that failed, the focus is on the error summary, and each of its links puts the
focus in its field (not on a wrapper, which would leave it on the page body)."""
import pytest
from django.urls import reverse

from tests.e2e.test_phone import PHONE, signed_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_failed_save_focuses_the_summary_whose_links_lead_into_the_fields(browser, live_server, users, open_reports):
    report = open_reports["grass_a1"]
    context, page = signed_in(browser, live_server.url, "cdcs_a1", PHONE)
    page.goto(live_server.url + reverse("reporting:report_edit", args=[report.pk]))
    page.fill('[name="CT3_RECEIVED"]', "4")
    page.fill('[name="CT3_ANSWERED"]', "6")
    page.get_by_role("button", name="Gửi báo cáo").click()
    summary = page.get_by_test_id("form-error")
    summary.wait_for()
    assert page.evaluate("() => document.activeElement.classList.contains('error-summary')")
    links = summary.get_by_role("link")
    first = links.first
    first.focus()
    page.keyboard.press("Enter")
    focused = page.evaluate("() => [document.activeElement.tagName, document.activeElement.type, "
                            "document.activeElement.name]")
    assert focused[0] == "INPUT" and focused[2], focused
    assert first.get_attribute("href") in (f"#id_{focused[2]}", f"#id_{focused[2]}_0")
    answered = summary.get_by_role("link", name="Số văn bản đã tham gia ý kiến đúng hạn")
    answered.click()
    assert page.evaluate("() => document.activeElement.name") == "CT3_ANSWERED"
    context.close()
