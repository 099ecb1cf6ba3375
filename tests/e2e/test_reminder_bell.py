"""Deadline reminders in a real browser: the bell counts, the list opens the report, the Board
reads the log. (Here rather than in tests/notifications/ so that it shares this directory's one
Chromium: Playwright's sync API cannot run twice in a process.)"""
import re

import pytest

from notifications.planning import reminders_plan
from notifications.sending import reminders_send
from tests.notifications.conftest import D, h1, officers  # noqa: F401 — the reminders' fixtures

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, username):
    page.goto(live_server.url + "/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill("secret-pass-1306")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(live_server.url + "/")


def test_the_bell_leads_an_officer_to_the_report_and_the_board_to_the_log(page, live_server, h1):  # noqa: F811
    period, reports = h1
    for day in (D(2023, 6, 3), D(2023, 6, 7)):
        for chunk in reminders_plan(today=day).chunks:
            reminders_send(ids=chunk)

    sign_in(page, live_server, "cdcs_a1")
    assert page.get_by_test_id("unread").inner_text().startswith("2")
    page.get_by_test_id("bell").click()
    notices = page.get_by_test_id("notification")
    assert notices.count() == 2
    assert "Công đoàn Trường THPT Vĩnh Linh" in notices.first.inner_text()
    assert "10/06/2023" in notices.first.inner_text()
    notices.first.locator("a").click()
    page.wait_for_url(re.compile(rf"/reports/{reports['grass_a1'].pk}/$"))
    assert page.get_by_test_id("unread").inner_text().startswith("1")

    page.context.clear_cookies()
    sign_in(page, live_server, "board")
    page.goto(live_server.url + "/notifications/reminders/")
    rows = page.get_by_test_id("reminders").locator("tbody tr")
    assert rows.count() == 10
    assert page.get_by_text("a1@congdoan.vn").first.is_visible()
