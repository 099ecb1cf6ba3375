"""Every page of every role, as officers meet it on an office PC (1280×800) and on a phone
(390×844), error states included: axe-core finds no serious or critical violation, the Nu HTML
checker no error, and no page scrolls sideways on the phone. One browser, one JVM."""
import re

import pytest
from django.urls import reverse

from reporting.models import ReportingPeriod
from reporting.review import report_return
from reporting.services import report_save
from tests.e2e.audit import axe_or_skip, axe_violations, vnu_errors, vnu_or_skip
from tests.e2e.conftest import ARTIFACTS
from tests.factories import make_user
from tests.reporting.values import complete_values

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
PASSWORD = "secret-pass-1306"


@pytest.fixture
def states(plan, tree, users, open_reports):
    """Reports in each state a page shows: a draft, one sent and waiting, one returned."""
    draft, sent, returned = open_reports["grass_a1"], open_reports["grass_a2"], open_reports["grass_b1"]
    report_save(report=draft, by=users["grass_a1"], values={}, version=0)
    report_save(report=sent, by=make_user(tree["grass_a2"], username="cdcs_a2"), values=complete_values(sent),
                version=0, submit=True)
    returned = report_save(report=returned, by=users["grass_b1"], values=complete_values(returned), version=0,
                           submit=True)
    report_return(report=returned, by=users["upper_b"], reason="Đề nghị bổ sung số liệu phần tuyên truyền.")
    period = ReportingPeriod.objects.get(plan=plan, code="2023-Y")
    return dict(draft=draft, sent=sent, returned=returned, period=period, upper=open_reports["upper_a"])


def submit_empty_report(page):
    page.get_by_role("button", name="Gửi báo cáo").click()


def return_without_comment(page):
    page.get_by_role("button", name="Trả lại kèm ý kiến này").click()


def wrong_password(page):
    page.get_by_label("Tên đăng nhập").fill("cdcs_a1")
    page.get_by_label("Mật khẩu").fill("sai")
    page.get_by_role("button", name="Đăng nhập").click()


def pages_by_role(s, tree):
    """(user name or None, state name, url, action that leads to an error state or None)."""
    r = lambda name, *args: reverse(name, args=args)  # noqa: E731
    common = [("home", r("home")), ("my-reports", r("reporting:my_reports")), ("plan", r("plans:current")),
              ("units", r("unions:list")), ("notifications", r("notifications:list")),
              ("password-change", r("password_change"))]
    return {
        None: [("login", r("login"), None), ("login-error", r("login"), wrong_password),
               ("password-reset", r("password_reset"), None)],
        "cdcs_a1": [*[(n, u, None) for n, u in common],
                    ("unit", r("unions:detail", tree["grass_a1"].pk), None),
                    ("report", r("reporting:report_detail", s["draft"].pk), None),
                    ("form", r("reporting:report_edit", s["draft"].pk), None),
                    ("form-errors", r("reporting:report_edit", s["draft"].pk), submit_empty_report),
                    ("history", r("reporting:report_history", s["draft"].pk), None),
                    ("workbook-upload", r("reporting:report_workbook_upload", s["draft"].pk), None)],
        "cdcs_b1": [("home", r("home"), None), ("returned-report", r("reporting:report_detail", s["returned"].pk), None),
                    ("returned-form", r("reporting:report_edit", s["returned"].pk), None)],
        "upper_a": [*[(n, u, None) for n, u in common[:2]],
                    ("review-queue", r("reporting:review_queue"), None),
                    ("review", r("reporting:report_review", s["sent"].pk), None),
                    ("review-error", r("reporting:report_review", s["sent"].pk), return_without_comment),
                    ("dashboard", r("reporting:dashboard"), None), ("trends", r("reporting:trends"), None),
                    ("compare", r("reporting:compare"), None), ("bulk", r("reporting:bulk_index"), None),
                    ("bulk-period", r("reporting:bulk_period", s["period"].pk), None),
                    ("own-form", r("reporting:report_edit", s["upper"].pk), None),
                    ("unit", r("unions:detail", tree["upper_a"].pk), None)],
        "board": [("home", r("home"), None), ("review-queue", r("reporting:review_queue"), None),
                  ("dashboard", r("reporting:dashboard"), None), ("units", r("unions:list"), None),
                  ("period-extend", r("reporting:period_extend", s["period"].pk), None),
                  ("reminder-log", r("notifications:log"), None), ("reminder-policy", r("notifications:policy"), None),
                  ("missing", r("notifications:missing", s["period"].pk), None)],
        "leader": [("home", r("home"), None), ("dashboard", r("reporting:dashboard"), None),
                   ("compare", r("reporting:compare"), None)],
        "admin1": [("home", r("home"), None), ("units", r("unions:list"), None),
                   ("people", r("user_list") + "?q=cdcs", None)],
    }


def sign_in(page, base, username):
    page.goto(base + reverse("login"))
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(base + "/")


def open_state(page, url, action):
    """Go to the page (and take the step that leads to its error state); return the HTML the
    server sent for what is now on screen."""
    response = page.goto(url)
    if action is not None:
        with page.expect_navigation() as navigation:
            action(page)
        response = navigation.value
    assert response is not None and response.status < 500, url
    return response.text()


def test_every_page_of_every_role_passes_axe_and_the_nu_checker_at_desktop_and_phone_sizes(
        browser, live_server, states, tree, tmp_path):
    from django.db import connection

    if connection.vendor != "sqlite":
        # The markup does not depend on the database: checked once per CI run, in its SQLite pass.
        pytest.skip("pages checked by axe-core and the Nu HTML checker in the SQLite pass")
    axe_or_skip()
    vnu_or_skip()
    folder = ARTIFACTS / "every-page"
    folder.mkdir(parents=True, exist_ok=True)
    html_folder = tmp_path / "html"
    html_folder.mkdir()
    found, sideways = {}, []
    for username, states_of_role in pages_by_role(states, tree).items():
        context = browser.new_context(locale="en-US", bypass_csp=True, viewport=VIEWPORTS["desktop"])
        page = context.new_page()
        page.set_default_timeout(15000)
        if username:
            sign_in(page, live_server.url, username)
        for name, url, action in states_of_role:
            label = f"{username or 'anonymous'}-{name}"
            for size, viewport in VIEWPORTS.items():
                page.set_viewport_size(viewport)
                html = open_state(page, live_server.url + url, action)
                if size == "desktop":
                    (html_folder / f"{label}.html").write_text(html, encoding="utf-8")
                else:
                    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
                    if width[0] > width[1]:
                        sideways.append(f"{label}: {width[0]} px wide at {width[1]} px")
                page.screenshot(path=str(folder / f"{label}-{size}.png"), full_page=True)
                for violation in axe_violations(page):
                    found.setdefault(violation["rule"], []).append({"page": f"{label} ({size})", **violation})
        context.close()
    report = "\n".join(f"{rule} ({len(items)}): {items[0]['help']}\n    " +
                       "\n    ".join(f"{i['page']}: {i['where'][0]}" for i in items[:6])
                       for rule, items in found.items())
    errors = vnu_errors(html_folder)
    checker = "\n".join(f"{e['file']}:{e['line']}: {e['message']}  «{e['extract']}»" for e in errors[:40])
    counts = f"axe: {sum(len(i) for i in found.values())} serious/critical; vnu: {len(errors)} errors"
    (folder / "summary.txt").write_text(counts + "\n\n" + report + "\n\n" + checker + "\n\n" + "\n".join(sideways))
    assert not found and not errors and not sideways, (
        f"{counts}\n{report}\n\nNu HTML checker:\n{checker}\n\nSideways at 390 px:\n" + "\n".join(sideways))
