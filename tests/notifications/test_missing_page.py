"""The missing-reports page costs what it shows (issue 13): paged, grouped by the level its
heading names — the upper-level union, for a province's Board and for the confederation's —
with each group's totals counted by the database, in the same number of queries whatever the
number of units."""
import datetime

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.selectors import missing_page
from reporting.periods import period_generate_reports
from tests.factories import make_union, make_user

from .conftest import D, submit


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def grassroots(parent, n, **fields):
    return [make_union(parent, name=f"Công đoàn cơ sở {parent.code}-{i:03d}", **fields) for i in range(n)]


def test_a_page_holds_a_fixed_number_of_reports_and_each_group_its_whole_total(h1, officers, tree):
    period, _ = h1
    grassroots(tree["upper_a"], 120)
    period_generate_reports(period=period)
    first = missing_page(period=period, today=D(2023, 6, 13), unit=tree["province"], per_page=100)
    # upper_a: itself, grass_a1, grass_a2 and the 120 new ones; upper_b: itself and grass_b1
    assert (first.count, first.page.paginator.num_pages, len(first.page.object_list)) == (125, 2, 100)
    assert [(g.upper, g.total, len(g.reports)) for g in first.groups] == [(tree["upper_a"], 123, 100)]
    second = missing_page(period=period, today=D(2023, 6, 13), unit=tree["province"], number=2, per_page=100)
    assert [(g.upper, g.total, len(g.reports)) for g in second.groups] == [(tree["upper_a"], 123, 23),
                                                                          (tree["upper_b"], 2, 2)]
    # at upper_a's units only upper_a's and grass_a1's officers have an address
    assert first.unreachable == second.unreachable == 123 - 2
    assert first.expected == 125
    shown = [r.pk for page in (first, second) for r in page.page.object_list]
    assert len(set(shown)) == 125  # every missing report on exactly one page


def test_the_page_says_how_many_of_a_group_it_shows(h1, officers, tree):
    period, _ = h1
    grassroots(tree["upper_a"], 120)
    period_generate_reports(period=period)
    url = reverse("notifications:missing", args=[period.pk])
    page = client_for(officers["board"]).get(url).content.decode()
    assert 'data-testid="group-total">123<' in page and "50 đơn vị trong số đó ở trang này" in page
    assert "Trang 1 / 3" in page and "page=2" in page
    last = client_for(officers["board"]).get(url, {"page": 3}).content.decode()
    assert tree["upper_b"].name in last and tree["upper_b"].name not in page


def test_the_confederations_list_is_grouped_by_upper_level_union_and_names_its_province(provinces):
    a, b = provinces["A"], provinces["B"]
    found = missing_page(period=provinces["period"], today=datetime.date(2023, 12, 1),
                         unit=provinces["national"])
    groups = [(g.upper, g.province, g.total) for g in found.groups]
    assert (a["upper"], a["province"], 2) in groups and (b["upper"], b["province"], 2) in groups
    assert not any(g.upper is not None and g.upper.level == "province" and g.reports[0].unit.level != "province"
                   for g in found.groups)  # never a province heading over its upper-level unions' reports


def test_the_upper_level_union_names_its_group_even_once_it_has_sent_its_own(h1, officers, tree):
    period, reports = h1
    submit(reports["upper_a"], officers["upper_a"])
    found = missing_page(period=period, today=D(2023, 6, 13), unit=tree["province"])
    assert [(g.upper, g.total) for g in found.groups] == [(tree["upper_a"], 2), (tree["upper_b"], 2)]


def page_queries(user, period) -> int:
    client = client_for(user)
    url = reverse("notifications:missing", args=[period.pk])
    client.get(url)  # the session and the user, once
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_page_takes_the_same_queries_for_a_few_units_or_hundreds(h1, officers, tree):
    period, _ = h1
    few = page_queries(officers["board"], period)  # 5 reports in 2 groups
    for n in range(3):  # 3 more upper-level unions of 20 units each: 50 reports in 5 groups on page 1
        upper = make_union(tree["province"], name=f"Liên đoàn Lao động huyện số {n}")
        units = grassroots(upper, 20)
        make_user(units[0], username=f"cdcs_{upper.code}", email=f"x@{upper.code}.vn")
    period_generate_reports(period=period)
    assert page_queries(officers["board"], period) == few
