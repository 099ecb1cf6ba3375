"""National scale (issue 7): 130,000 grassroots units × 10 periods. (a) the national dashboard
against one hand-written SQL aggregate over the same rows; (b) the Excel export of a whole
period against plain openpyxl (write-only) writing the same cells, with peak memory.
BENCH_GRASSROOTS sets the size (default 130000)."""
import io
import json
import os
import subprocess
import sys
import time

from django.core.management import call_command
from django.db import connection
from django.test import Client

from bench.timing import measure

SIZE = int(os.environ.get("BENCH_GRASSROOTS", "130000"))


def _raw_sql(period_id: int, path: str) -> None:
    """The reference: one aggregate over the period's reports and one over their values."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*), SUM(CASE WHEN status IN ('submitted', 'accepted') THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN submitted_late THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN status = 'accepted' THEN 1 ELSE 0 END), SUM(CASE WHEN status = 'returned' THEN 1 ELSE 0 END) "
            "FROM reporting_report WHERE period_id = %s AND unit_path LIKE %s", [period_id, path + "%"])
        cursor.fetchall()
        cursor.execute(
            "SELECT v.indicator_id, SUM(CASE WHEN v.flag THEN 1 ELSE 0 END), SUM(v.number) "
            "FROM reporting_reportvalue v JOIN reporting_report r ON r.id = v.report_id "
            "WHERE r.period_id = %s AND r.unit_path LIKE %s AND r.status IN ('submitted', 'accepted') "
            "GROUP BY v.indicator_id",
            [period_id, path + "%"])
        cursor.fetchall()


def run() -> None:
    # Django is set up (bench/__main__.py) before a benchmark imports the project
    from accounts.models import Role, User
    from compliance.rollups import compliance_for_scope
    from reporting.models import Report, ReportingPeriod, ReportValue
    from unions.models import Union

    started = time.perf_counter()
    call_command("seed_scale", "--grassroots", str(SIZE), "--periods", "10", stdout=io.StringIO())
    print(f"   seed_scale --grassroots {SIZE:,} --periods 10: {time.perf_counter() - started:.0f} s "
          f"({Union.objects.count():,} unions, {Report.objects.count():,} reports, {ReportValue.objects.count():,} values)")
    root = Union.objects.get(code="VN")
    board = User.objects.create_user("bench.national", password="x", unit=root, role=Role.POLICY_LAW_BOARD)
    period = ReportingPeriod.objects.get(code="2023-Y")
    client = Client()
    client.force_login(board)
    response = client.get("/dashboard/", {"period": "2023-Y"})
    assert response.status_code == 200 and response.context["rollup"].completeness.expected > SIZE

    def dashboard():
        assert client.get("/dashboard/", {"period": "2023-Y"}).status_code == 200

    page = measure("(a) national dashboard page (kept aggregates)", dashboard, repeat=5)
    raw = measure("(a) one hand-written SQL aggregate over the same rows", lambda: _raw_sql(period.pk, root.path),
                  repeat=5)
    print(f"   (a) ratio dashboard / raw SQL = {page / raw:.2f} (aim ≤ 0.2)")
    measure("    roll-up alone, kept", lambda: compliance_for_scope(period=period, scope=root), repeat=5)
    measure("    roll-up alone, fresh SQL over the reports",
                    lambda: compliance_for_scope(period=period, scope=root, source="reports"), repeat=3)
    # (b) in child processes, each with its own peak memory
    db = connection.settings_dict
    url = f"sqlite:///{db['NAME']}" if db["ENGINE"].endswith("sqlite3") else \
        f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.worker_under_test", "DATABASE_URL": url}
    results = {}
    for mode in ("portal", "plain"):
        out = subprocess.run([sys.executable, "-m", "bench.excel_child", mode, str(period.pk)], env=env,
                             capture_output=True, text=True, timeout=3600)
        if out.returncode:
            print(out.stderr[-2000:])
            raise RuntimeError("excel child failed")
        results[mode] = json.loads(out.stdout.strip().splitlines()[-1])
    p, b = results["portal"], results["plain"]
    print(f"   (b) portal Excel export of the whole period: {p['seconds']:.1f} s, {p['rows']:,} unit rows, "
          f"peak {p['peak_mb']:.0f} MB, {p['bytes'] / 1e6:.1f} MB file")
    print(f"   (b) plain openpyxl write-only, same cells: {b['seconds']:.1f} s, peak {b['peak_mb']:.0f} MB")
    print(f"   (b) ratio portal / plain = {p['seconds'] / b['seconds']:.2f} (aim ≤ 1.3; peak aim < 300 MB)")
