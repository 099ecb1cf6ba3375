"""Deadline reminders: planning (choosing whom to remind and claiming it) for 130,000 grassroots units.

The units and their reports are bulk-inserted (not through the services) under a plan of the
benchmark's own, so the other benchmarks' data is neither used nor changed. Planning is what the
07:30 beat task does before handing batches to the workers; sending is not timed (it is bound by
the mail server, not the database)."""
import datetime
import random
import time

from .timing import measure

GRASSROOTS = 130_000
UPPERS = 130
D = datetime.date
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _step(number: int) -> str:
    """Treebeard's materialised-path step (4 base-36 digits) for the `number`th child."""
    digits = ""
    for _ in range(4):
        number, rest = divmod(number, 36)
        digits = ALPHABET[rest] + digits
    return digits


def _build():
    # Django is set up (bench/__main__.py) before a benchmark imports the project
    from plans.models import Plan
    from reporting.models import Report, ReportingPeriod
    from reporting.periods import periods_generate
    from unions.models import Kind, Level, Union
    from unions.services import union_create

    rng = random.Random(1306)
    plan = Plan.objects.create(code="BENCH-REMINDERS", title="Kế hoạch (bench nhắc hạn)", first_year=2023,
                               last_year=2023)
    periods_generate(plan=plan)
    period = ReportingPeriod.objects.get(plan=plan, code="2023-H1")
    period.is_open = True
    period.save()
    root = union_create(parent=None, code="RB", name="Liên đoàn Lao động tỉnh (bench nhắc hạn)",
                        level=Level.PROVINCE, kind=Kind.PROVINCE_FEDERATION, opened_on=D(1990, 1, 1))
    per_upper = GRASSROOTS // UPPERS
    units = []
    for u in range(UPPERS):
        upper_path = root.path + _step(u + 1)
        units.append(Union(code=f"RB-{u:03d}", name=f"Liên đoàn Lao động huyện {u}", level=Level.UPPER,
                           kind=Kind.DISTRICT_FEDERATION, opened_on=D(2000, 1, 1), path=upper_path, depth=2,
                           numchild=per_upper))
        units += [Union(code=f"RB-{u:03d}-{g:04d}", name=f"Công đoàn cơ sở {u}-{g}", level=Level.GRASSROOTS,
                        kind=Kind.GRASSROOTS_AGENCY, opened_on=D(2000, 1, 1), path=upper_path + _step(g + 1),
                        depth=3, numchild=0) for g in range(per_upper)]
    Union.objects.bulk_create(units, batch_size=5000)
    Union.objects.filter(pk=root.pk).update(numchild=UPPERS)
    reports = []
    for unit in Union.objects.filter(path__startswith=root.path, depth__gt=1).values_list("pk", "path", "level"):
        pk, path, level = unit
        draw = rng.random()
        status = "submitted" if draw < 0.3 else ("draft" if draw < 0.5 else "not_started")
        due_on = D(2023, 6, 20) if rng.random() < 0.02 else period.deadline  # a few extensions
        reports.append(Report(period=period, unit_id=pk, unit_path=path, unit_level=level, status=status,
                              due_on=due_on, submitted_at=None if status != "submitted" else
                              datetime.datetime(2023, 6, 1, 8, tzinfo=datetime.timezone.utc)))
    Report.objects.bulk_create(reports, batch_size=5000)
    return period


def run():
    # Django is set up (bench/__main__.py) before a benchmark imports the project
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notifications.models import Reminder
    from notifications.planning import reminders_plan

    started = time.perf_counter()
    period = _build()
    units = period.reports.count()
    print(f"   built {units:,} reports ({GRASSROOTS:,} grassroots + {UPPERS} upper-level units) "
          f"in {time.perf_counter() - started:.1f} s")

    plan = reminders_plan(today=D(2023, 6, 3), dry_run=True)
    print(f"   7 days before the deadline, {plan.total:,} reminders are due")
    measure(f"plan, dry run (count only) for {units:,} units", lambda: reminders_plan(today=D(2023, 6, 3),
                                                                                      dry_run=True))
    days = iter([D(2023, 5, 27), D(2023, 6, 3), D(2023, 6, 7), D(2023, 6, 9), D(2023, 6, 10)])
    claimed, seconds = [], []

    def plan_and_claim():
        started = time.perf_counter()
        claimed.append(reminders_plan(today=next(days)))
        seconds.append(time.perf_counter() - started)

    measure(f"plan and claim (INSERT … SELECT) for {units:,} units, one step a run", plan_and_claim, unit="s")
    print(f"   each run: {', '.join(f'{p.total:,} claimed in {s:.2f} s' for p, s in zip(claimed, seconds))}; "
          f"{len(claimed[-1].chunks):,} batches of up to 200 for the workers")
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        late = reminders_plan(today=D(2023, 6, 12))
        elapsed = time.perf_counter() - started
    print(f"   overdue Monday 12/06/2023 (notices, escalations, digest): {late.total:,} reminders "
          f"({', '.join(f'{k} {n:,}' for k, n in late.counts.items())}) in {elapsed:.2f} s, {len(queries)} queries")
    started = time.perf_counter()
    second = reminders_plan(today=D(2023, 6, 12))
    print(f"   the same day again (beat firing twice): {second.total} claimed in {time.perf_counter() - started:.2f} s")
    print(f"   reminders in the table: {Reminder.objects.count():,}")
