"""The compliance PDF, bounded by design (issue 13): a province of 1,000 grassroots units, then
the whole country (BENCH_GRASSROOTS grassroots units, default 130000), each PDF made in a fresh
process so that its peak memory is its own. Goals: province < 5 s and < 250 MB; national
< 60 s and < 500 MB."""
import io
import json
import os
import subprocess
import sys
import time

from django.core.management import call_command
from django.db import connection

from bench.data import build_province
from bench.timing import record

SIZE = int(os.environ.get("BENCH_GRASSROOTS", "130000"))


def _pdf_in_child(code: str, period_code: str) -> dict:
    db = connection.settings_dict
    url = f"sqlite:///{db['NAME']}" if db["ENGINE"].endswith("sqlite3") else \
        f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.worker_under_test", "DATABASE_URL": url}
    out = subprocess.run([sys.executable, "-m", "bench.pdf_child", code, period_code], env=env, capture_output=True,
                         text=True, timeout=3600)
    if out.returncode:
        print(out.stderr[-2000:])
        raise RuntimeError("pdf child failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _report(label: str, found: dict, *, seconds: float, megabytes: float) -> None:
    print(f"   {label}: {found['seconds']:.1f} s ({found['cpu_seconds']:.1f} s of CPU), peak {found['peak_mb']:.0f} MB, {found['units']:,} units, "
          f"{found['bytes'] / 1024:,.0f} KiB")
    record(f"{label}: time", found["seconds"], "s", below=seconds)
    record(f"{label}: CPU time", found["cpu_seconds"], "s")
    record(f"{label}: peak memory", found["peak_mb"], "MB", below=megabytes)


def run() -> None:
    started = time.perf_counter()
    build_province(1000)  # not the cached one: the runner empties the database between benchmarks
    print(f"   province of 1,000 grassroots units built in {time.perf_counter() - started:.0f} s")
    _report("province PDF, 1,000 units", _pdf_in_child("BENCH", "2023-Y"), seconds=5, megabytes=250)
    call_command("flush", interactive=False, verbosity=0)
    started = time.perf_counter()
    call_command("seed_scale", "--grassroots", str(SIZE), "--periods", "2", "--full-values", "2",
                 stdout=io.StringIO())
    print(f"   seed_scale --grassroots {SIZE:,} --periods 2: {time.perf_counter() - started:.0f} s")
    from reporting.models import ReportingPeriod  # Django is set up (bench/__main__.py) before this runs

    annual = ReportingPeriod.objects.order_by("year", "kind")[1]  # the second period seeded: a whole year's
    _report(f"national PDF, {SIZE:,} grassroots units", _pdf_in_child("VN", annual.code), seconds=60, megabytes=500)
