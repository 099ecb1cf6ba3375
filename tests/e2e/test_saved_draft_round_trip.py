"""The bug this round began with, walked in a real browser: an officer opens a saved draft,
saves it twice without touching it and sends it; the figures typed are the figures on the
report page, in the Board's dashboard sums and in the province PDF — not 100 times them."""
import subprocess

import pytest

from reporting import services
from reporting.models import Report, ValueChange
from reporting.selectors import report_values
from tests.factories import make_user
from tests.reporting.values import complete_values
from tests.live_services import unavailable

from .test_report_workflow import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_saved_draft_saved_twice_and_sent_keeps_its_figures(browser, live_server, plan, tree, open_reports):
    officer = make_user(tree["grass_a1"], username="cdcs.vinhlinh")
    make_user(tree["province"], username="bancspl")
    report = open_reports["grass_a1"]
    values = complete_values(report, NV1_SESSIONS=3, NV1_PARTICIPANTS=150, NV1_EXTERNAL=20, NV5_AMOUNT=15_000_000)
    services.report_save(report=report, by=officer, values=values, version=0)
    stored = report_values(report=Report.objects.get(pk=report.pk))
    base = live_server.url

    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    sign_in(page, base, "cdcs.vinhlinh")
    page.goto(f"{base}/reports/{report.pk}/edit/")
    assert page.locator('[name="NV1_SESSIONS"]').input_value() == "3"
    assert page.locator('[name="NV5_AMOUNT"]').input_value() == "15.000.000"
    for _ in range(2):
        page.get_by_role("button", name="Lưu nháp").click()
        page.wait_for_load_state()
        assert page.locator('[name="NV1_SESSIONS"]').input_value() == "3"
    page.get_by_role("button", name="Gửi báo cáo").click()
    page.wait_for_url(f"{base}/reports/{report.pk}/")
    assert report_values(report=Report.objects.get(pk=report.pk)) == stored
    assert Report.objects.get(pk=report.pk).status == Report.Status.SUBMITTED
    assert not ValueChange.objects.filter(report=report).exclude(old="").exists()  # never changed after the first save
    body = page.locator("main").inner_text()
    assert "15.000.000 ₫" in body and "1.500.000.000" not in body
    context.close()

    board = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = board.new_page()
    page.set_default_timeout(30000)
    sign_in(page, base, "bancspl")
    page.goto(f"{base}/dashboard/?period=2023-Y")
    sums = page.locator("main").inner_text()
    assert "15.000.000 ₫" in sums and "1.500.000.000" not in sums
    response = page.request.get(f"{base}/dashboard/export/?period=2023-Y&format=pdf")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    board.close()
    try:
        text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                              check=True).stdout.decode()
    except FileNotFoundError:
        unavailable("pdftotext is not installed: apt-get install poppler-utils")
    assert "15.000.000" in text and "1.500.000.000" not in text
