"""Data-quality checks (issue 18): the time to check a national period — every figure of
130,000 grassroots units' sent reports against their two periods before, the median of their
peers and their members — in two queries (the medians, then the check). BENCH_GRASSROOTS sets the size (default 130000); aim < 30 s."""
import io
import os
import time

from django.core.cache import cache
from django.core.management import call_command

from bench.timing import measure

SIZE = int(os.environ.get("BENCH_GRASSROOTS", "130000"))


def run() -> None:
    # Django is set up (bench/__main__.py) before a benchmark imports the project
    from quality.selectors import findings_for_period, findings_for_report, quality_board
    from reporting.models import Report, ReportingPeriod, ReportValue
    from unions.models import Union

    if not Union.objects.filter(code="VN").exists():  # bench_scale may have built it already
        started = time.perf_counter()
        call_command("seed_scale", "--grassroots", str(SIZE), "--periods", "10", stdout=io.StringIO())
        print(f"   seed_scale --grassroots {SIZE:,} --periods 10: {time.perf_counter() - started:.0f} s")
    period = ReportingPeriod.objects.get(code="2023-Y")
    reports = Report.objects.filter(period=period)
    print(f"   {reports.count():,} reports in {period.code}, {ReportValue.objects.filter(report__period=period).count():,} values")
    found = []

    def cold():
        cache.clear()  # the peers' medians computed afresh, as after any report of the period changed
        found[:] = findings_for_period(period=period)

    seconds = measure(f"check the national period {period.code} (medians afresh, then the check)", cold,
                      repeat=3, unit="s")
    print(f"   {len(found):,} figures flagged; aim < 30 s: {'met' if seconds < 30 else 'NOT met'}")
    measure("the same with the medians kept in the cache", lambda: findings_for_period(period=period), repeat=3,
            unit="s")
    root = Union.objects.get(code="VN")
    province = Union.objects.get_children(root).order_by("path").first()
    measure(f"the Board's page data for one province ({province.name})",
            lambda: quality_board(period=period, scope=province), repeat=3, unit="s")
    one = reports.filter(status="submitted").first()
    measure("one sent report, as the review page judges it", lambda: findings_for_report(report=one), repeat=3,
            unit="s")
