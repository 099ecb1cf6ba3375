"""A newcomer's first minutes, in a real browser: the Vietnamese login page, then their
unit, its place in the tree, the plan's targets and task groups and the ten periods."""
import pytest
from django.conf import settings
from django.core.management import call_command

from plans.models import Plan
from reporting.periods import period_generate_reports, periods_generate
from tests.factories import make_union, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def officer(transactional_db):
    call_command("loaddata", str(settings.BASE_DIR / "fixtures" / "plan_1306.json"), verbosity=0)
    province = make_union(name="Liên đoàn Lao động tỉnh Quảng Trị")
    district = make_union(province, name="Liên đoàn Lao động huyện Vĩnh Linh")
    school = make_union(district, name="Công đoàn Trường THPT Cửa Tùng")
    for period in periods_generate(plan=Plan.objects.get()):
        period_generate_reports(period=period)
    return make_user(school, username="cdcs.cuatung", first_name="Lan", last_name="Nguyễn Thị")


def test_a_grassroots_officer_signs_in_and_finds_their_way(page, live_server, officer):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("heading", name="Đăng nhập").is_visible()

    page.get_by_label("Tên đăng nhập").fill("cdcs.cuatung")
    page.get_by_label("Mật khẩu").fill("sai mật khẩu")
    page.get_by_role("button", name="Đăng nhập").click()
    assert page.get_by_text("Tên đăng nhập hoặc mật khẩu chưa đúng").is_visible()

    page.get_by_label("Mật khẩu").fill("secret-pass-1306")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/")
    who = page.get_by_test_id("who")
    assert "Cán bộ công đoàn cơ sở" in who.inner_text()
    assert "Công đoàn Trường THPT Cửa Tùng" in who.inner_text()
    breadcrumb = page.get_by_role("navigation", name="Vị trí trong hệ thống").first.inner_text()
    assert "Liên đoàn Lao động tỉnh Quảng Trị" in breadcrumb and "Liên đoàn Lao động huyện Vĩnh Linh" in breadcrumb
    assert page.get_by_role("cell", name="10/06/2019").is_visible()
    assert page.get_by_role("cell", name="25/11/2023").is_visible()

    page.get_by_role("link", name="Kế hoạch", exact=True).click()
    assert page.get_by_test_id("target-bullet").count() == 7
    assert page.get_by_text("ít nhất 70% công đoàn cơ sở").is_visible()
    assert page.locator(".accordion-item").count() == 6
    assert page.get_by_role("button", name="5. Đồng hành cùng doanh nghiệp thực hiện tốt công tác chăm lo phúc lợi").is_visible()
    periods = page.get_by_test_id("period")
    assert periods.count() == 10
    deadlines = [periods.nth(i).locator("td").nth(3).inner_text() for i in range(10)]
    assert deadlines[0] == "10/06/2019" and deadlines[1] == "25/11/2019" and deadlines[-1] == "25/11/2023"

    page.goto(live_server.url + "/units/")
    assert page.locator("tbody tr").count() == 1  # only their own unit


def test_english_is_one_click_away(page, live_server, officer):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Ngôn ngữ").select_option("en")
    page.get_by_role("button", name="Đổi").click()
    assert page.get_by_role("heading", name="Sign in").is_visible()
    assert page.locator("html").get_attribute("lang") == "en"
