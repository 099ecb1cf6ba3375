"""Dashboard and Excel of a province of 1,000 grassroots units × 10 periods (issue 4)."""
import time

from django.test import Client

from bench.data import province
from bench.timing import measure


def run(grassroots: int = 1000) -> None:
    # Django is set up (bench/__main__.py) before a benchmark imports the project
    from compliance.exports import compliance_workbook
    from compliance.rollups import compliance_for_scope
    from reporting.models import Report, ReportingPeriod, ReportValue

    started = time.perf_counter()
    plan, root, board = province(grassroots)
    print(f"   data: {Report.objects.count():,} reports, {ReportValue.objects.count():,} values "
          f"({time.perf_counter() - started:.1f} s to build)")
    client = Client()
    client.force_login(board)
    warm = client.get("/dashboard/", {"period": "2023-Y"})
    assert warm.status_code == 200 and warm.context["rollup"].completeness.expected > grassroots, warm.status_code

    def page(url, **params):
        response = client.get(url, params)
        assert response.status_code == 200, response.status_code
        return response.content

    measure("dashboard page, province, 2023-Y (aim < 300 ms)",
            lambda: page("/dashboard/", period="2023-Y"), repeat=7, below=300)
    measure("trends page, all ten periods", lambda: page("/dashboard/trends/"), repeat=5)
    period = ReportingPeriod.objects.get(plan=plan, code="2023-Y")
    rollup = compliance_for_scope(period=period, scope=root)
    measure("Excel workbook, province (aim < 3 s)", lambda: compliance_workbook(rollup=rollup), repeat=3, unit="s",
            below=3)
    # The PDF: bench_documents.py, in a process of its own for its peak memory.
