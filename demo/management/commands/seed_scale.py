"""python manage.py seed_scale --grassroots 130000 --periods 10

A national tree for measuring: the confederation, 63 provincial federations, about 700
upper-level unions and N grassroots unions, with every period's reports and values. Built
with bulk inserts and set-based SQL (INSERT … SELECT), never a row at a time."""
import datetime
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from plans.models import Indicator, Plan
from reporting.kept_totals import rollups_rebuild
from reporting.models import Report, ReportingPeriod, ReportValue
from reporting.periods import period_generate_reports, periods_generate
from unions.models import Union
from unions.services import union_create, unions_load_bulk

D = datetime.date
PROVINCES = [
    "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre", "Bình Dương",
    "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ", "Đà Nẵng", "Đắk Lắk", "Đắk Nông",
    "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương",
    "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng",
    "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên",
    "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh",
    "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "TP Hồ Chí Minh", "Trà Vinh",
    "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
]


class Command(BaseCommand):
    help = "Build a national-size tree with report data, for benchmarks (on an empty database)."

    def add_arguments(self, parser):
        parser.add_argument("--grassroots", type=int, default=130_000)
        parser.add_argument("--uppers", type=int, default=700)
        parser.add_argument("--periods", type=int, default=10, help="how many of the plan's periods get data")
        parser.add_argument("--full-values", type=int, default=2,
                            help="the last N periods get every figure; earlier ones the targets' answers only")

    def handle(self, *args, grassroots, uppers, periods, full_values, **options):
        started = time.monotonic()
        if Union.objects.filter(code="VN").exists():
            raise CommandError("seed_scale builds on an empty tree: a national root (VN) exists already.")
        call_command("loaddata", str(settings.BASE_DIR / "fixtures" / "plan_1306.json"), verbosity=0)
        plan = Plan.objects.get(code="KH-1306")
        self._tree(grassroots=grassroots, uppers=uppers)
        self.stdout.write(f"tree: {Union.objects.count():,} unions ({time.monotonic() - started:.0f} s)")
        chosen = periods_generate(plan=plan)[:periods]
        for n, period in enumerate(chosen):
            step = time.monotonic()
            with transaction.atomic():
                period_generate_reports(period=period)
                self._fill(period, all_figures=n >= len(chosen) - full_values)
                rollups_rebuild(period=period)
            self.stdout.write(f"{period.code}: {Report.objects.filter(period=period).count():,} reports "
                              f"({time.monotonic() - step:.0f} s)")
        ReportingPeriod.objects.filter(pk=chosen[-1].pk).update(is_open=True)
        self.stdout.write(f"done: {Report.objects.count():,} reports, {ReportValue.objects.count():,} values "
                          f"in {time.monotonic() - started:.0f} s")

    def _tree(self, *, grassroots: int, uppers: int) -> None:
        root = union_create(parent=None, code="VN", name="Tổng Liên đoàn Lao động Việt Nam", level="national",
                            kind="confederation", opened_on=D(1929, 7, 28))
        per_province = max(1, uppers // len(PROVINCES))
        per_upper = max(1, grassroots // (per_province * len(PROVINCES)))
        remainder = grassroots - per_upper * per_province * len(PROVINCES)
        tree = []
        made = 0
        for p, name in enumerate(PROVINCES):
            upper_nodes = []
            for u in range(per_province):
                count = per_upper + (1 if remainder > 0 else 0)
                remainder -= 1
                upper_nodes.append({
                    "data": dict(code=f"P{p:02d}-U{u:02d}", name=f"LĐLĐ cấp huyện số {u + 1} tỉnh {name}",
                                 level="upper", kind="district_federation", opened_on=D(2000, 1, 1)),
                    "children": [{"data": dict(code=f"P{p:02d}-U{u:02d}-{g:05d}", name=f"Công đoàn cơ sở {g + 1}",
                                               level="grassroots",
                                               kind="grassroots_agency" if g % 3 else "grassroots_enterprise",
                                               opened_on=D(2000, 1, 1), member_count=20 + g % 400)}
                                 for g in range(count)],
                })
                made += count
            tree.append({"data": dict(code=f"P{p:02d}", name=f"Liên đoàn Lao động tỉnh {name}", level="province",
                                      kind="province_federation", opened_on=D(1990, 1, 1)), "children": upper_nodes})
        unions_load_bulk(parent=root, tree=tree, on=D(1990, 1, 1))

    def _fill(self, period: ReportingPeriod, *, all_figures: bool) -> None:
        """Statuses, dates and values, decided by arithmetic on the ids: set-based, repeatable."""
        deadline = datetime.datetime.combine(period.deadline, datetime.time(9))
        on_time, late = deadline - datetime.timedelta(days=3), deadline + datetime.timedelta(days=4)
        table = Report._meta.db_table
        with connection.cursor() as cursor:
            # 85% sent (15% of them late), 60% of the sent accepted, a few returned.
            cursor.execute(
                f"UPDATE {table} SET submitted_at = CASE WHEN (id * 7) %% 100 < 13 THEN %s ELSE %s END, "
                f"submitted_late = ((id * 7) %% 100 < 13), "
                f"status = CASE WHEN (id * 13) %% 100 < 60 THEN 'accepted' WHEN (id * 13) %% 100 < 64 THEN 'returned' "
                f"ELSE 'submitted' END, "
                f"accepted_at = CASE WHEN (id * 13) %% 100 < 60 THEN %s ELSE NULL END "
                f"WHERE period_id = %s AND (id * 31) %% 100 < 85",
                [late, on_time, late, period.pk])
            kinds = ["yes_no"] + (["count", "money"] if all_figures else [])
            indicators = [i for i in Indicator.objects.filter(plan=period.plan, kind__in=kinds).select_related("target")
                          if (period.is_annual or not i.annual_only)
                          and (i.target is None or period.is_annual or not i.target.annual_only)]
            for indicator in indicators:
                levels = [level for level in ("upper", "grassroots") if indicator.applies_to(level)]
                if indicator.kind == "yes_no":
                    columns, values = "flag", "((r.id * 17 + %s) %% 100) < 82"
                else:
                    scale = 100_000 if indicator.kind == "money" else 1
                    columns, values = "number", f"(((r.id * 17 + %s) %% 40) + 1) * {scale}"
                cursor.execute(
                    f"INSERT INTO {ReportValue._meta.db_table} (report_id, indicator_id, {columns}, text) "
                    f"SELECT r.id, %s, {values}, '' FROM {table} r "
                    f"WHERE r.period_id = %s AND r.submitted_at IS NOT NULL AND r.unit_level IN ({', '.join(['%s'] * len(levels))})",
                    [indicator.pk, indicator.pk, period.pk, *levels])
