"""A 390 px phone (and an office PC): no page scrolls sideways, each row's action is in sight,
and every field reached with Tab (a phone's "next") is fully visible above the save bar."""
import pytest
from django.urls import reverse

from reporting.services import report_save
from tests.factories import make_user
from tests.reporting.values import complete_values

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def signed_in(browser, base, username, viewport):
    context = browser.new_context(locale="en-US", viewport=viewport, has_touch=viewport is PHONE)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(base + reverse("login"))
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("secret-pass-1306")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(base + "/")
    return context, page


def assert_no_sideways_scroll(page):
    scroll_width, width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= width, f"{page.url}: {scroll_width} px wide at {width} px"


def assert_fully_in_view(page, locator, what):
    box = locator.bounding_box()
    assert box is not None, what
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], f"{what} off screen: {box}"


def test_lists_on_a_phone_keep_their_actions_in_sight(browser, live_server, tree, users, open_reports):
    sent = open_reports["grass_a2"]
    report_save(report=sent, by=make_user(tree["grass_a2"], username="cdcs_a2"), values=complete_values(sent),
                version=0, submit=True)
    for username, url, table in [("cdcs_a1", "/", "reports-table"),
                                 ("cdcs_a1", reverse("reporting:my_reports"), "reports-table"),
                                 ("upper_a", reverse("reporting:review_queue"), "review-queue"),
                                 ("board", reverse("reporting:dashboard"), "missing")]:
        context, page = signed_in(browser, live_server.url, username, PHONE)
        page.goto(live_server.url + url)
        assert_no_sideways_scroll(page)
        rows = page.get_by_test_id(table).locator("tbody tr")
        assert rows.count() >= 1 and page.get_by_test_id(table).locator(".row-action .btn").count() >= 1
        for i in range(rows.count()):
            row = rows.nth(i)
            for action in row.locator(".row-action .btn").all():
                assert_fully_in_view(page, action, f"{url} row {i} action")
            for badge in row.locator(".status-badge").all():
                assert_fully_in_view(page, badge, f"{url} row {i} status")
        header = page.locator("header").bounding_box()
        assert header["height"] <= 110, f"the header takes {header['height']} px of the phone"
        context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_field_reached_with_tab_is_fully_visible_above_the_save_bar(browser, live_server, users,
                                                                          open_reports, viewport):
    report = open_reports["grass_a1"]
    context, page = signed_in(browser, live_server.url, "cdcs_a1", viewport)
    page.goto(live_server.url + reverse("reporting:report_edit", args=[report.pk]))
    page.locator("#report-form input:not([type=hidden]), #report-form textarea").first.focus()
    hidden, seen = [], 0
    for _ in range(400):
        state = page.evaluate("""() => {
            const field = document.activeElement, bar = document.querySelector('.save-bar');
            if (!field || bar.contains(field)) return {done: true};
            if (!field.matches('input, select, textarea')) return {skip: true};
            const box = field.getBoundingClientRect(), barTop = bar.getBoundingClientRect().top;
            return {name: field.name, top: box.top, bottom: box.bottom, barTop: barTop};
        }""")
        if state.get("done"):
            break
        if not state.get("skip"):
            seen += 1
            if state["top"] < 0 or state["bottom"] > state["barTop"]:
                hidden.append(state)
        page.keyboard.press("Tab")
        page.wait_for_timeout(30)
    assert seen >= 30, f"only {seen} fields reached with Tab"
    assert hidden == [], f"{len(hidden)} of {seen} fields hidden under the save bar or above the screen: {hidden[:5]}"
    context.close()


def test_date_fields_open_the_calendar_and_keep_dd_mm_yyyy(browser, live_server, users, open_reports):
    report = open_reports["grass_a1"]
    context, page = signed_in(browser, live_server.url, "cdcs_a1", PHONE)
    page.goto(live_server.url + reverse("reporting:report_edit", args=[report.pk]))
    field = page.locator('[name="CT2_DATE_SIGNED"]')
    assert field.get_attribute("placeholder") == "dd/mm/yyyy" and field.get_attribute("type") == "text"
    button = page.get_by_role("button", name="Chọn ngày trên lịch").first
    box = button.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    field.fill("5/3/2023")
    button.click()
    picker = field.locator("xpath=..").locator("input[type=date]")
    assert picker.input_value() == "2023-03-05"  # the calendar opens on the typed day
    picker.evaluate("p => { p.value = '2023-11-20'; p.dispatchEvent(new Event('change', {bubbles: true})); }")
    assert field.input_value() == "20/11/2023"
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Lưu nháp").click()
    page.get_by_text("Đã lưu bản nháp.").wait_for()
    assert page.locator('[name="CT2_DATE_SIGNED"]').input_value() == "20/11/2023"
    context.close()


def test_at_1366_px_the_upper_officers_header_and_menu_each_stay_on_one_line(browser, live_server, users, tree):
    users["upper_a"].first_name, users["upper_a"].last_name = "Minh", "Lê Văn"
    users["upper_a"].save()
    context, page = signed_in(browser, live_server.url, "upper_a", {"width": 1366, "height": 768})
    header = page.locator("header")
    logout = header.get_by_role("button", name="Đăng xuất")
    brand = header.get_by_role("link", name="Cổng báo cáo Chương trình 1306")
    assert abs(logout.bounding_box()["y"] - brand.bounding_box()["y"]) < 12  # the same line
    assert header.bounding_box()["height"] <= 64
    items = page.locator("#nav .nav-link")
    tops = {round(box["y"]) for box in (items.nth(i).bounding_box() for i in range(items.count())) if box}
    assert len(tops) == 1, f"the menu wraps onto {len(tops)} lines"
    page.screenshot(path="test-artifacts/header-1366.png")
    context.close()
