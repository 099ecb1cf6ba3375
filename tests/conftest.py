import datetime
import os

import pytest

from .factories import make_union, make_user


def pytest_configure(config):
    os.makedirs("var", exist_ok=True)


@pytest.fixture(autouse=True)
def _each_test_starts_in_the_portals_language():
    """A request in English (the client's, a live server's thread) leaves English active in the
    thread; the next test must not inherit it, whatever order the tests run in."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def tree(db):
    """A small province: two upper-level unions, three grassroots unions.

    province ─┬─ upper_a ─┬─ grass_a1
              │           └─ grass_a2
              └─ upper_b ─── grass_b1
    """
    province = make_union(name="Liên đoàn Lao động tỉnh Quảng Trị", opened_on=datetime.date(1990, 1, 1))
    upper_a = make_union(province, name="Liên đoàn Lao động huyện Vĩnh Linh")
    upper_b = make_union(province, name="Liên đoàn Lao động huyện Gio Linh")
    grass_a1 = make_union(upper_a, name="Công đoàn Trường THPT Vĩnh Linh")
    grass_a2 = make_union(upper_a, name="Công đoàn UBND xã Vĩnh Thạch", kind="grassroots_agency")
    grass_b1 = make_union(upper_b, name="Công đoàn Công ty TNHH Gio Linh", kind="grassroots_enterprise")
    return dict(province=province, upper_a=upper_a, upper_b=upper_b,
                grass_a1=grass_a1, grass_a2=grass_a2, grass_b1=grass_b1)


@pytest.fixture
def users(tree):
    """One person per role: each officer of tree's units, the Board, leadership, an admin."""
    from accounts.models import Role

    return dict(
        grass_a1=make_user(tree["grass_a1"], username="cdcs_a1"),
        grass_b1=make_user(tree["grass_b1"], username="cdcs_b1"),
        upper_a=make_user(tree["upper_a"], username="upper_a"),
        upper_b=make_user(tree["upper_b"], username="upper_b"),
        board=make_user(tree["province"], username="board"),
        leadership=make_user(tree["province"], role=Role.LEADERSHIP, username="leader"),
        admin=make_user(tree["province"], role=Role.ADMINISTRATOR, username="admin1", is_staff=True,
                        is_superuser=True),
    )


@pytest.fixture(scope="session", autouse=True)
def _database_is_the_one_asked_for(django_db_blocker):
    """With DATABASE_URL pointing at PostgreSQL, the suite must really run on it."""
    from django.db import connection

    wanted = os.environ.get("DATABASE_URL", "")
    if wanted.startswith(("postgres://", "postgresql://")):
        assert connection.vendor == "postgresql"


@pytest.fixture
def plan(db):
    """Plan 1306 as the fixture carries it, with its ten periods; 2023-Y is open."""
    from django.conf import settings
    from django.core.management import call_command

    from plans.models import Plan
    from reporting.models import ReportingPeriod
    from reporting.periods import periods_generate

    call_command("loaddata", str(settings.BASE_DIR / "fixtures" / "plan_1306.json"), verbosity=0)
    plan = Plan.objects.get(code="KH-1306")
    periods_generate(plan=plan)
    ReportingPeriod.objects.filter(plan=plan, code="2023-Y").update(is_open=True)
    return plan


@pytest.fixture
def open_reports(plan, tree):
    """Every unit's report of the open period 2023-Y, by the tree fixture's names."""
    from reporting.models import Report, ReportingPeriod
    from reporting.periods import period_generate_reports

    period = ReportingPeriod.objects.get(plan=plan, code="2023-Y")
    period_generate_reports(period=period)
    return {key: Report.objects.get(period=period, unit=unit) for key, unit in tree.items() if key != "province"}


@pytest.fixture
def provinces(plan):
    """Two provinces as tenants of one national tree (issue 11), 2023-Y open with every report:

    national ─┬─ A: province ─── upper ─── grass
              └─ B: province ─── upper ─── grass

    Each province has its Board, leadership, an administrator who is staff but not superuser
    and holds every admin permission, and officers with e-mail addresses; the confederation has
    a Board and an administrator (national roles). By key: provinces["A"]["upper"], …"""
    from django.contrib.auth.models import Permission

    from accounts.models import Role
    from reporting.models import Report, ReportingPeriod
    from reporting.periods import period_generate_reports

    all_rights = list(Permission.objects.filter(content_type__app_label__in=[
        "unions", "accounts", "auth", "reporting", "notifications", "plans", "quality", "axes"]))
    national = make_union(level="national", kind="confederation", name="Tổng Liên đoàn Lao động Việt Nam",
                          code="VN", opened_on=datetime.date(1990, 1, 1))
    found = {"national": national}
    for key, name, place in (("A", "Quảng Trị", "Vĩnh Linh"), ("B", "Quảng Bình", "Bố Trạch")):
        province = make_union(national, level="province", name=f"Liên đoàn Lao động tỉnh {name}", code=f"P{key}",
                              opened_on=datetime.date(1990, 1, 1))
        upper = make_union(province, name=f"Liên đoàn Lao động huyện {place}", code=f"P{key}-U",
                           email=f"upper@{key.lower()}.ldld.vn")
        grass = make_union(upper, name=f"Công đoàn Trường THPT {place}", code=f"P{key}-G")
        admin = make_user(province, role=Role.ADMINISTRATOR, username=f"admin_{key}", is_staff=True,
                          email=f"quantri@{key.lower()}.ldld.vn")
        admin.user_permissions.set(all_rights)
        found[key] = dict(
            province=province, upper=upper, grass=grass, admin=admin,
            board=make_user(province, username=f"board_{key}", email=f"bancspl@{key.lower()}.ldld.vn"),
            leadership=make_user(province, role=Role.LEADERSHIP, username=f"leader_{key}",
                                 email=f"btv@{key.lower()}.ldld.vn"),
            upper_officer=make_user(upper, username=f"upper_{key}", email=f"huyen@{key.lower()}.ldld.vn"),
            grass_officer=make_user(grass, username=f"cdcs_{key}", email=f"cdcs@{key.lower()}.ldld.vn"),
        )
    found["national_board"] = make_user(national, role=Role.POLICY_LAW_BOARD, username="board_vn",
                                        email="bancspl@tld.org.vn")
    national_admin = make_user(national, role=Role.ADMINISTRATOR, username="admin_vn", is_staff=True)
    national_admin.user_permissions.set(all_rights)
    found["national_admin"] = national_admin
    period = ReportingPeriod.objects.get(plan=plan, code="2023-Y")
    period_generate_reports(period=period)
    found["period"] = period
    for key in ("A", "B"):
        found[key]["report"] = Report.objects.get(period=period, unit=found[key]["grass"])
        found[key]["upper_report"] = Report.objects.get(period=period, unit=found[key]["upper"])
    return found
