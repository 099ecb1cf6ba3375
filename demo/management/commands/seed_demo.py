"""Demo data: Plan 1306, the Quảng Trị hierarchy of 2019–2023 with its history, ten periods of
reports with a realistic spread of statuses and figures, and five demo accounts.

Safe to run again: the plan is reloaded, the hierarchy and the report contents are made only
once, the demo accounts get their password back. The same tree and the same figures every time
(random.Random with fixed seeds)."""
import datetime
import random
import time
from collections import Counter

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation

from accounts.models import Role, User
from demo import hierarchy as data, next_plan as after_2023
from demo.reorganisation import NEXT_DEMO_USERS
from demo.reports import SEED, ReportFiller, history_replay
from plans.models import Indicator, Plan
from quality.models import ConfirmedFigure
from reporting.kept_totals import rollups_rebuild
from reporting.models import Report, ReportEvent, ReportingPeriod, ReportValue
from reporting.periods import period_generate_reports, periods_generate
from unions.models import Kind, Level, Union
from unions.services import union_close, union_create, union_move

D = datetime.date
PLAN_CODE = "KH-1306"
Status = Report.Status


class Command(BaseCommand):
    help = ("Nạp dữ liệu mẫu: Kế hoạch 1306, hệ thống công đoàn tỉnh Quảng Trị, báo cáo 2019–2023, "
            "tài khoản demo. Chạy lại nhiều lần không sao.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--next-programme", action="store_true",
            help="Thêm dữ liệu sau năm 2023: tỉnh Quảng Bình, sắp xếp lại tổ chức ngày 01/07/2025 và kế hoạch "
                 "2024–2028 sao chép từ Kế hoạch 1306 (dữ liệu minh họa).")

    def handle(self, *args, next_programme=False, **options):
        started = time.monotonic()
        with transaction.atomic():
            plan = self._load_plan()
            self._build_hierarchy()
            if next_programme:  # issue 16: a second province, so Plan 1306 is said to be Quảng Trị's
                after_2023.plan_1306_of_quang_tri(plan)
                self._step(after_2023.quang_binh_build())
            periods = self._make_periods(plan)
            if next_programme:
                self._step(after_2023.reorganisation_apply())
                after_2023.next_demo_accounts(data.DEMO_PASSWORD)
            self._make_accounts()
            self._fill_reports(plan, periods)
            if next_programme:
                self._step(after_2023.next_plan_seed())
        self._summary(plan)
        self._print_accounts(next_programme=next_programme)
        self.stdout.write(f"Xong trong {time.monotonic() - started:.1f} giây.")

    def _step(self, text):
        self.stdout.write(f"• {text}")

    # 1. The plan -------------------------------------------------------------------------
    def _load_plan(self) -> Plan:
        call_command("loaddata", str(settings.BASE_DIR / "fixtures" / "plan_1306.json"), verbosity=0)
        plan = Plan.objects.get(code=PLAN_CODE)
        self._step(f"Kế hoạch {plan.code}: {plan.targets.count()} chỉ tiêu, {plan.indicators.count()} chỉ số.")
        return plan

    # 2. The hierarchy --------------------------------------------------------------------
    def _build_hierarchy(self) -> None:
        if Union.objects.filter(code=data.ROOT["code"]).exists():
            self._step("Hệ thống công đoàn đã có sẵn, bỏ qua.")
            return
        specs = hierarchy_specs(random.Random(SEED))
        root = union_create(parent=None, member_count=sum(s["member_count"] for s in specs), **data.ROOT)
        uppers = {}
        for prefix, code, name, kind, opened_on, email, phone in data.UPPER_UNIONS:
            uppers[prefix] = union_create(
                parent=root, code=code, name=name, level=Level.UPPER, kind=kind, opened_on=opened_on,
                email=email, phone=phone,
                member_count=sum(s["member_count"] for s in specs if s["prefix"] == prefix),
            )
        # Oldest first, as the units really came: each one's placement starts on its opening day.
        created = {}
        for spec in sorted(specs, key=lambda s: (s["opened_on"], s["code"])):
            created[spec["code"]] = union_create(
                parent=uppers[spec["prefix"]], code=spec["code"], name=spec["name"], level=Level.GRASSROOTS,
                kind=spec["kind"], opened_on=spec["opened_on"], email=spec["email"], phone=spec["phone"],
                member_count=spec["member_count"],
            )
        for spec in specs:
            if spec["closed_on"]:
                union_close(union=created[spec["code"]], on=spec["closed_on"])
            if spec["moved_to"]:
                union_move(union=created[spec["code"]], new_parent=uppers[spec["moved_to"]], on=spec["moved_on"])
        self._step(f"Hệ thống công đoàn: 1 LĐLĐ tỉnh, {len(uppers)} công đoàn cấp trên cơ sở, "
                   f"{len(specs)} công đoàn cơ sở ({len(data.OPENED_IN_2021)} thành lập năm 2021, "
                   f"{len(data.CLOSED_IN_2022)} giải thể và {len(data.MOVED_IN_2022)} chuyển sang LĐLĐ khác "
                   f"năm 2022).")

    # 3. Periods and their reports ---------------------------------------------------------
    def _make_periods(self, plan) -> list[ReportingPeriod]:
        periods = periods_generate(plan=plan)
        created = sum(period_generate_reports(period=period) for period in periods)
        ReportingPeriod.objects.filter(plan=plan).exclude(pk=periods[-1].pk).update(is_open=False)
        ReportingPeriod.objects.filter(pk=periods[-1].pk).update(is_open=True)
        periods[-1].is_open = True
        self._step(f"{len(periods)} kỳ báo cáo ({periods[0].code} … {periods[-1].code}, kỳ {periods[-1].code} "
                   f"đang mở); {created} báo cáo mới được tạo.")
        return periods

    # 4. Accounts --------------------------------------------------------------------------
    def _make_accounts(self) -> None:
        root = Union.objects.get(code=data.ROOT["code"])
        demo_unit = Union.objects.get(name=data.DEMO_GRASSROOTS[1])
        units = {"root": root, "demo": demo_unit}
        for username, last_name, first_name, email, role, unit_ref in data.DEMO_USERS:
            unit = units.get(unit_ref) or Union.objects.get(code=unit_ref)
            user = User.objects.filter(username=username).first() or User(username=username)
            user.first_name, user.last_name, user.email = first_name, last_name, email
            user.role, user.unit, user.is_active = role, unit, True
            user.is_staff = user.is_superuser = role == Role.ADMINISTRATOR
            user.set_password(data.DEMO_PASSWORD)
            user.save()
        # Every other unit has one officer, so that each step of a report has a plausible author.
        # They cannot sign in (no usable password): only the demo accounts can.
        taken = set(User.objects.exclude(unit=None).values_list("unit_id", flat=True))
        usernames = set(User.objects.filter(username__startswith="cb.").values_list("username", flat=True))
        officers = []
        for unit in Union.objects.exclude(level=Level.PROVINCE).exclude(pk__in=taken).order_by("code"):
            if f"cb.{unit.code.lower()}" in usernames:
                continue
            rng = random.Random(f"officer-{unit.code}")
            sex = rng.choice("mf")
            officers.append(User(
                username=f"cb.{unit.code.lower()}", password=make_password(None),
                last_name=f"{rng.choice(data.FAMILY_NAMES)} {rng.choice(data.MIDDLE_NAMES[sex])}",
                first_name=rng.choice(data.GIVEN_NAMES[sex]),
                email=f"cb.{unit.code.lower()}@example.vn" if unit.email else "",
                role=Role.UPPER_OFFICER if unit.level == Level.UPPER else Role.GRASSROOTS_OFFICER,
                unit=unit, is_active=unit.closed_on is None,
            ))
        User.objects.bulk_create(officers, batch_size=500)
        self._step(f"Tài khoản: {len(data.DEMO_USERS)} tài khoản demo (mật khẩu đặt lại), "
                   f"{len(officers)} cán bộ đơn vị mới tạo (không đăng nhập được).")

    # 5. Report contents -------------------------------------------------------------------
    def _fill_reports(self, plan, periods) -> None:
        reports = Report.objects.filter(period__plan=plan)
        if reports.exclude(status=Status.NOT_STARTED).exists():
            self._step("Báo cáo đã có số liệu, bỏ qua.")
            return
        filler = ReportFiller(plan=plan, periods=periods)
        reports = list(reports.order_by("period__year", "period__kind", "unit__code"))
        histories = {report.pk: filler.fill(report) for report in reports}
        history_replay(reports, histories)
        self._confirm_planted(filler)
        for period in periods:  # the replay writes in bulk, outside rollups_kept: recount the kept aggregates
            rollups_rebuild(period=period)
        self._step(f"Số liệu báo cáo: {sum(len(step.values) for steps in histories.values() for step in steps)} "
                   f"giá trị, {sum(map(len, histories.values()))} bước xử lý.")

    def _confirm_planted(self, filler) -> None:
        """The planted figure its officer confirmed when sending, with the explanation (quality/)."""
        reports = Report.objects.in_bulk([pk for pk, *_ in getattr(filler, "planted", {}).values()])
        indicators = {i.code: i for i in Indicator.objects.filter(plan=filler.plan)}
        ConfirmedFigure.objects.bulk_create([
            ConfirmedFigure(report_id=pk, indicator=indicators[code], canonical=str(value), checks="",
                            explanation=explanation, confirmed_by_id=filler.officer[reports[pk].unit_id],
                            confirmed_at=reports[pk].submitted_at)
            for pk, code, value, explanation in getattr(filler, "planted", {}).values()
            if explanation and reports[pk].unit_id in filler.officer])
        self._step(f"Số liệu bất thường cài sẵn để kiểm tra: {len(getattr(filler, 'planted', {}))}.")

    # The end ----------------------------------------------------------------------------
    def _summary(self, plan) -> None:
        levels = Counter(Union.objects.values_list("level", flat=True))
        statuses = Counter(Report.objects.filter(period__plan=plan).values_list("status", flat=True))
        self.stdout.write(
            "Tổng cộng: đơn vị " + ", ".join(f"{level}={levels[level]}" for level in Level.values)
            + "; báo cáo " + ", ".join(f"{status}={statuses[status]}" for status in Status.values)
            + f"; giá trị {ReportValue.objects.filter(report__period__plan=plan).count()}"
            + f"; sự kiện {ReportEvent.objects.filter(report__period__plan=plan).count()}."
        )

    def _print_accounts(self, next_programme=False) -> None:
        usernames = [row[0] for row in data.DEMO_USERS] + ([row[0] for row in NEXT_DEMO_USERS] if next_programme else [])
        users = User.objects.filter(username__in=usernames).select_related("unit")
        by_name = {user.username: user for user in users}
        rows = [("Tên đăng nhập", "Mật khẩu", "Vai trò", "Đơn vị")]
        with translation.override("vi"):
            rows += [(name, data.DEMO_PASSWORD, str(by_name[name].get_role_display()), by_name[name].unit.name)
                     for name in usernames]
        widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
        rows.insert(1, tuple("-" * width for width in widths))
        self.stdout.write("")
        for row in rows:
            self.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())


def hierarchy_specs(rng: random.Random) -> list[dict]:
    """Every grassroots union to create, with its upper union (by code prefix), code, dates and
    contacts. Deterministic for a given `rng` seed."""
    used = set()
    specs = []

    def add(prefix, name, kind, opened_on=None, closed_on=None, moved_to=None, moved_on=None):
        if name in used:
            raise ValueError(f"Two demo units are named {name!r}: see demo/hierarchy.py.")
        used.add(name)
        specs.append(dict(prefix=prefix, name=name, kind=kind, opened_on=opened_on, closed_on=closed_on,
                          moved_to=moved_to, moved_on=moved_on))

    special = {*(row[1] for row in data.OPENED_IN_2021), *(row[1] for row in data.CLOSED_IN_2022),
               *(row[2] for row in data.MOVED_IN_2022), data.DEMO_GRASSROOTS[1]}
    used.update(special)  # generated names never take them
    for prefix, *_ in data.UPPER_UNIONS:
        if prefix in data.PLACES:
            district, party_committee, short = data.DISTRICT_NAMES[prefix]
            for pattern in data.DISTRICT_AGENCIES:
                add(prefix, pattern.format(district=district, party_committee=party_committee, short=short),
                    Kind.GRASSROOTS_AGENCY)
            for school in data.URBAN_SCHOOLS.get(prefix, []):
                add(prefix, f"Công đoàn {school}", Kind.GRASSROOTS_AGENCY)
            school_kinds = (data.MOUNTAIN_SCHOOL_KINDS if prefix in data.MOUNTAIN_DISTRICTS
                            else data.COMMUNE_SCHOOL_KINDS)
            for place in data.PLACES[prefix]:
                if rng.random() < 0.35:
                    add(prefix, f"Công đoàn UBND {place}", Kind.GRASSROOTS_AGENCY)
                if prefix in data.URBAN_SCHOOLS:
                    continue
                place_name = place.split(" ", 2)[-1] if place.startswith("thị trấn") else place.split(" ", 1)[-1]
                kinds = rng.sample(school_kinds, k=2 if rng.random() < 0.08 else 1 if rng.random() < 0.5 else 0)
                for school_kind in kinds:
                    name = f"Công đoàn {school_kind} {place_name}"
                    if name not in used:
                        add(prefix, name, Kind.GRASSROOTS_AGENCY)
        for name, kind in data.SECTOR_UNITS.get(prefix, []):
            add(prefix, name, kind)
        for _ in range(data.ENTERPRISES_PER_UPPER.get(prefix, 0)):
            while True:
                form = rng.choice(data.ZONE_ENTERPRISE_FORMS if prefix == "KKT" else data.ENTERPRISE_FORMS)
                trade, brand = rng.choice(data.ENTERPRISE_TRADES[form]), rng.choice(data.ENTERPRISE_BRANDS)
                name = f"Công đoàn {form} {trade} {brand}"
                if name not in used:
                    break
            add(prefix, name, Kind.GRASSROOTS_ENTERPRISE)

    uppers = {row[0]: row for row in data.UPPER_UNIONS}
    used.difference_update(special)
    prefix, name, kind, opened_on = data.DEMO_GRASSROOTS
    add(prefix, name, kind, opened_on)
    for prefix, name, kind, opened_on in data.OPENED_IN_2021:
        add(prefix, name, kind, opened_on)
    for prefix, name, kind, opened_on, closed_on in data.CLOSED_IN_2022:
        add(prefix, name, kind, opened_on, closed_on=closed_on)
    for prefix, moved_to, name, kind, opened_on, moved_on in data.MOVED_IN_2022:
        add(prefix, name, kind, opened_on, moved_to=moved_to, moved_on=moved_on)

    for spec in specs:
        if spec["opened_on"] is None:
            parent_opened = uppers[spec["prefix"]][4]
            earliest = max(parent_opened + datetime.timedelta(days=120),
                           D(2000, 1, 1) if spec["kind"] == Kind.GRASSROOTS_ENTERPRISE else D(1991, 1, 1))
            spec["opened_on"] = earliest + datetime.timedelta(days=rng.randint(0, (D(2018, 12, 31) - earliest).days))
        low, high = next(span for word, span in data.MEMBER_RANGES if word in spec["name"])
        spec["member_count"] = low + int((high - low) * rng.random() ** 2)
    # Codes follow the order in which the units were founded within their upper union.
    for prefix in uppers:
        mine = sorted((s for s in specs if s["prefix"] == prefix), key=lambda s: (s["opened_on"], s["name"]))
        for number, spec in enumerate(mine, start=1):
            spec["code"] = f"{prefix}-{number:03d}"
            spec["email"] = f"cdcs.{prefix.lower()}{number:03d}@example.vn" if rng.random() < 0.92 else ""
            spec["phone"] = (f"0233 3{rng.randint(500, 899)} {rng.randint(100, 999)}" if rng.random() < 0.6
                             else f"09{rng.randint(0, 9)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
                             if rng.random() < 0.8 else "")
    return specs
