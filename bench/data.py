"""Benchmark data: the plan, a province of N grassroots units under 15 upper-level unions,
ten periods of reports with realistic values — built with bulk inserts."""
import datetime
import random
from decimal import Decimal

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

D = datetime.date


_built: dict[int, tuple] = {}


def province(grassroots: int = 1000):
    """The benchmark province, built once per `make bench` run."""
    if grassroots not in _built:
        _built[grassroots] = build_province(grassroots)
    return _built[grassroots]


def build_province(grassroots: int, *, seed: int = 1306):
    # Django is set up (bench/__main__.py) before a benchmark imports the project
    from accounts.models import Role, User
    from plans.models import Indicator, Plan
    from reporting.models import Report, ReportingPeriod, ReportValue
    from reporting.kept_totals import rollups_rebuild
    from reporting.periods import period_generate_reports, periods_generate
    from unions.services import union_create, unions_load_bulk

    rng = random.Random(seed)
    call_command("loaddata", str(settings.BASE_DIR / "fixtures" / "plan_1306.json"), verbosity=0)
    plan = Plan.objects.get(code="KH-1306")
    root = union_create(parent=None, code="BENCH", name="Liên đoàn Lao động tỉnh Quảng Trị", level="province",
                        kind="province_federation", opened_on=D(1990, 1, 1))
    uppers = 15
    unions_load_bulk(parent=root, tree=[{
        "data": dict(code=f"U{u:02d}", name=f"Liên đoàn Lao động huyện {u}", level="upper", kind="district_federation",
                     opened_on=D(2000, 1, 1)),
        "children": [{"data": dict(code=f"U{u:02d}-{g:06d}", name=f"Công đoàn cơ sở {u}-{g}", level="grassroots",
                                   kind="grassroots_agency" if g % 2 else "grassroots_enterprise",
                                   opened_on=D(2000, 1, 1), email=f"cd{u}-{g}@example.vn")}
                     for g in range(u, grassroots, uppers)],
    } for u in range(uppers)])
    board = User.objects.create_user("bench.board", password="bench", unit=root, role=Role.POLICY_LAW_BOARD)
    indicators = list(plan.indicators.select_related("target"))
    for period in periods_generate(plan=plan):
        period_generate_reports(period=period)
        reports = list(Report.objects.filter(period=period))
        sent = [r for r in reports if rng.random() < 0.85]
        now = timezone.make_aware(datetime.datetime(period.deadline.year, period.deadline.month, period.deadline.day, 9))
        late = {r.pk for r in sent if rng.random() < 0.15}
        for report in sent:
            report.status = "accepted" if rng.random() < 0.6 else "submitted"
            report.submitted_at = now + datetime.timedelta(days=3 if report.pk in late else -3)
            report.submitted_late = report.pk in late
            report.accepted_at = now if report.status == "accepted" else None
        Report.objects.bulk_update(sent, ["status", "submitted_at", "submitted_late", "accepted_at"], batch_size=2000)
        values = []
        for report in sent:
            for indicator in indicators:
                if not indicator.applies_to_period(level=report.unit_level, annual=period.is_annual):
                    continue
                value = ReportValue(report=report, indicator=indicator)
                if indicator.kind == Indicator.Kind.YES_NO:
                    value.flag = rng.random() < 0.8
                elif indicator.kind in (Indicator.Kind.COUNT, Indicator.Kind.MONEY):
                    value.number = Decimal(rng.randint(1, 40) * (100_000 if indicator.kind == "money" else 1))
                elif indicator.kind == Indicator.Kind.TEXT:
                    if indicator.code in ("PROPOSALS", "DIFFICULTIES") and rng.random() < 0.3:
                        value.text = "Đề nghị tăng cường hỗ trợ kinh phí tập huấn cho công đoàn cơ sở."
                    else:
                        continue
                elif indicator.kind == Indicator.Kind.DATE:
                    value.date = D(period.year, 3, 5)
                else:
                    value.text = "05/QCPH"
                values.append(value)
        ReportValue.objects.bulk_create(values, batch_size=5000)
        rollups_rebuild(period=period)
    ReportingPeriod.objects.filter(plan=plan, code="2023-Y").update(is_open=True)
    return plan, root, board
