"""`seed_demo --next-programme` (issue 16): the demo goes on past 2023. Quảng Bình's federation
until 2025, the reorganisation of 1 July 2025 (demo/reorganisation.py), and a second plan
copied from Plan 1306 by the Board for 2024–2028, marked as demonstration data, with reports in
every state for its first four periods. Everything through the services (unions/services.py,
plans/services.py), every step safe to run again; the reports' contents are bulk-written like
the first plan's, then the kept aggregates are recounted."""
import random

from accounts.models import User
from plans.models import Plan
from plans.services import plan_copy, plan_publish
from reporting.kept_totals import rollups_rebuild
from reporting.models import Report, ReportingPeriod
from unions.models import Level, Union
from unions.services import union_close, union_create, union_move

from . import hierarchy as data
from . import reorganisation as next_data
from .reports import SEED, ReportFiller, history_replay

Status = Report.Status


def quang_binh_build() -> str:
    """Quảng Bình's federation, its upper-level and grassroots unions as they stood until 2025."""
    if Union.objects.filter(code=next_data.QUANG_BINH["code"]).exists():
        return "Quảng Bình: đã có sẵn, bỏ qua."
    rng = random.Random(f"quang-binh-{SEED}")
    root = union_create(parent=None, **next_data.QUANG_BINH)
    count = 0
    for code, name, kind, email, units in next_data.QUANG_BINH_UPPER:
        upper = union_create(parent=root, code=code, name=name, level=Level.UPPER, kind=kind,
                             opened_on=next_data.QUANG_BINH["opened_on"].replace(month=3), email=email,
                             member_count=sum(row[3] for row in units))
        for unit_code, unit_name, unit_kind, members in units:
            union_create(parent=upper, code=unit_code, name=unit_name, level=Level.GRASSROOTS, kind=unit_kind,
                         opened_on=next_data.D(rng.randint(1995, 2015), rng.randint(1, 12), 1), member_count=members,
                         email=f"cdcs.{unit_code.lower()}@example.vn")
            count += 1
    return f"Quảng Bình: 1 LĐLĐ tỉnh, {len(next_data.QUANG_BINH_UPPER)} công đoàn cấp trên cơ sở, {count} công đoàn cơ sở."


def reorganisation_apply() -> str:
    """1 July 2025: commune and ward unions open under Quảng Trị's federation and take, in turn, the
    grassroots unions of each district federation, which closes; Quảng Bình's sectoral unions merge
    into Quảng Trị's; Quảng Bình's federation closes. Through the services, so the history follows."""
    on = next_data.REORGANISED_ON
    first_code = next(iter(next_data.COMMUNES.values()))[0][0]
    if Union.objects.filter(code=first_code).exists():
        return "Sắp xếp lại tổ chức 01/07/2025: đã có sẵn, bỏ qua."
    root = Union.objects.get(code=data.ROOT["code"])
    demo_unit = Union.objects.get(name=data.DEMO_GRASSROOTS[1])
    upper_codes = {row[0]: row[1] for row in data.UPPER_UNIONS}
    moved = closed = 0
    for district, communes in next_data.COMMUNES.items():
        federation = Union.objects.get(code=upper_codes.get(district, district))
        targets = [union_create(parent=root, code=code, name=name, level=Level.UPPER, kind="commune_ward",
                                opened_on=on, email=f"{code.lower()}@example.vn") for code, name in communes]
        units = list(Union.objects.filter(path__startswith=federation.path, depth=federation.depth + 1,
                                          closed_on__isnull=True).order_by("code"))
        # The demo grassroots account's unit goes to the first commune (Hồ Xá is in xã Vĩnh Linh).
        units.sort(key=lambda unit: unit.pk != demo_unit.pk)
        for number, unit in enumerate(units):
            union_move(union=unit, new_parent=targets[number % len(targets)], on=on)
            moved += 1
        for target in targets:
            Union.objects.filter(pk=target.pk).update(member_count=sum(
                Union.objects.filter(path__startswith=target.path, depth=target.depth + 1)
                .values_list("member_count", flat=True)))
        union_close(union=federation, on=on)
        closed += 1
    for source_code, into_code in next_data.SECTORS_MERGED:
        source, into = Union.objects.get(code=source_code), Union.objects.get(code=into_code)
        for unit in Union.objects.filter(path__startswith=source.path, depth=source.depth + 1).order_by("code"):
            union_move(union=unit, new_parent=into, on=on)
            moved += 1
        union_close(union=source, on=on)
        closed += 1
    union_close(union=Union.objects.get(code=next_data.QUANG_BINH["code"]), on=on)
    return (f"Sắp xếp lại tổ chức 01/07/2025: {sum(len(c) for c in next_data.COMMUNES.values())} công đoàn "
            f"xã, phường mới; {moved} công đoàn cơ sở chuyển sang đơn vị mới; {closed} công đoàn cấp trên giải "
            f"thể; LĐLĐ tỉnh Quảng Bình hợp nhất vào LĐLĐ tỉnh Quảng Trị.")


def next_plan_seed() -> str:
    """The second plan, copied from Plan 1306 by the Board, published as of 01/10/2025 (2025-Y
    open), and its first four periods' reports in every state."""
    plan = Plan.objects.filter(code=next_data.NEXT_PLAN["code"]).first()
    if plan is None:
        source = Plan.objects.get(code="KH-1306")
        plan = plan_copy(plan=source, by=User.objects.get(username="bancspl"), is_demo=True, **next_data.NEXT_PLAN)
    if not plan.is_active:
        plan_publish(plan=plan, by=None, open_on=next_data.NEXT_PLAN_TODAY)
    periods = list(ReportingPeriod.objects.filter(plan=plan, code__in=next_data.NEXT_PLAN_FILLED)
                   .order_by("year", "kind"))
    reports = Report.objects.filter(period__in=periods)
    if reports.exclude(status=Status.NOT_STARTED).exists():
        return f"Kế hoạch {plan.code} (dữ liệu minh họa): đã có số liệu, bỏ qua."
    filler = ReportFiller(plan=plan, periods=periods)
    filler.demo_unit = Union.objects.get(code=next_data.DEMO_COMMUNE).pk  # its 2025-Y report: not started
    rows = list(reports.order_by("period__year", "period__kind", "unit__code"))
    histories = {report.pk: filler.fill(report) for report in rows}
    history_replay(rows, histories)
    for period in periods:  # the replay writes in bulk, outside rollups_kept: recount the kept aggregates
        rollups_rebuild(period=period)
    return (f"Kế hoạch {plan.code} (dữ liệu minh họa, {plan.first_year}–{plan.last_year}): {plan.periods.count()} kỳ, "
            f"{Report.objects.filter(period__plan=plan).count()} báo cáo, số liệu cho "
            f"{', '.join(p.code for p in periods)} ({sum(len(step.values) for steps in histories.values() for step in steps)} giá trị).")


def plan_1306_of_quang_tri(plan: Plan) -> None:
    """Plan 1306 is Quảng Trị's own plan (the source document is the province's): once a second
    province is in the demo, its units are not expected to report on it before they merge."""
    plan.province = Union.objects.get(code=data.ROOT["code"])
    Plan.objects.filter(pk=plan.pk).update(province=plan.province)


def next_demo_accounts(password: str) -> list[str]:
    """The demo accounts of the new programme (an officer of a commune union opened in 2025)."""
    names = []
    for username, last_name, first_name, email, role, unit_code in next_data.NEXT_DEMO_USERS:
        unit = Union.objects.get(code=unit_code)
        user = User.objects.filter(username=username).first() or User(username=username)
        user.first_name, user.last_name, user.email = first_name, last_name, email
        user.role, user.unit, user.is_active = role, unit, True
        user.set_password(password)
        user.save()
        names.append(username)
    return names

