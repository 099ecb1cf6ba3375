"""Nobody sees a unit, or its reports, outside their own subtree: pages and search alike."""
import pytest
from django.urls import reverse

from plans.models import Plan
from reporting.models import Report
from reporting.periods import period_generate_reports, periods_generate
from reporting.selectors import reports_visible_to
from unions.selectors import unions_visible_to


@pytest.fixture
def reports(tree):
    plan = Plan.objects.create(code="KH-1306", title="Kế hoạch 1306", first_year=2019, last_year=2019)
    for period in periods_generate(plan=plan):
        period_generate_reports(period=period)
    return {unit_key: Report.objects.filter(unit=tree[unit_key]).first() for unit_key in tree if unit_key != "province"}


# Which units each person may open (by the tree fixture's names).
SCOPE = {
    "grass_a1": {"grass_a1"},
    "grass_b1": {"grass_b1"},
    "upper_a": {"upper_a", "grass_a1", "grass_a2"},
    "upper_b": {"upper_b", "grass_b1"},
    "board": {"province", "upper_a", "upper_b", "grass_a1", "grass_a2", "grass_b1"},
    "leadership": {"province", "upper_a", "upper_b", "grass_a1", "grass_a2", "grass_b1"},
    "admin": {"province", "upper_a", "upper_b", "grass_a1", "grass_a2", "grass_b1"},
}


@pytest.mark.parametrize("who", SCOPE)
def test_selectors_return_exactly_the_subtree(who, tree, users, reports):
    user = users[who]
    assert set(unions_visible_to(user)) == {tree[k] for k in SCOPE[who]}
    assert {r.unit for r in reports_visible_to(user)} == {tree[k] for k in SCOPE[who] if k != "province"}


@pytest.mark.parametrize("who", SCOPE)
def test_unit_pages_outside_the_scope_answer_404(who, client, tree, users):
    client.force_login(users[who])
    for key, unit in tree.items():
        response = client.get(reverse("unions:detail", args=[unit.pk]))
        assert response.status_code == (200 if key in SCOPE[who] else 404), (who, key)


@pytest.mark.parametrize("who", SCOPE)
def test_report_pages_outside_the_scope_answer_404(who, client, users, reports):
    client.force_login(users[who])
    for key, report in reports.items():
        response = client.get(report.get_absolute_url())
        assert response.status_code == (200 if key in SCOPE[who] else 404), (who, key)
        response = client.post(report.get_absolute_url())
        assert response.status_code in ((405,) if key in SCOPE[who] else (404, 405)), (who, key)


def test_search_never_finds_units_outside_the_scope(client, tree, users):
    client.force_login(users["upper_a"])
    response = client.get(reverse("unions:list"), {"q": "Gio Linh"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Công đoàn Công ty TNHH Gio Linh" not in page and "Liên đoàn Lao động huyện Gio Linh" not in page
    response = client.get(reverse("unions:list"), {"q": "Vĩnh"})
    page = response.content.decode()
    assert "Công đoàn UBND xã Vĩnh Thạch" in page and "Liên đoàn Lao động huyện Vĩnh Linh" in page


def test_officers_see_the_names_above_them_but_not_their_pages(client, tree, users):
    client.force_login(users["grass_a1"])
    page = client.get(reverse("unions:detail", args=[tree["grass_a1"].pk])).content.decode()
    assert "Liên đoàn Lao động huyện Vĩnh Linh" in page
    assert tree["upper_a"].get_absolute_url() not in page


def test_a_person_without_a_unit_sees_nothing(db, tree):
    from accounts.models import User

    ghost = User(username="ghost", is_superuser=False)
    ghost.unit_id = None
    assert not unions_visible_to(ghost).exists()


def test_anonymous_visitors_are_sent_to_the_login_page(client, tree):
    for url in (reverse("home"), reverse("unions:list"), reverse("unions:detail", args=[tree["upper_a"].pk]),
                reverse("plans:current")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
