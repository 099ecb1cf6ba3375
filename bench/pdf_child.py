"""Make one compliance PDF in a fresh process and print its time and peak memory as JSON:
the report of the given period for the union whose code is given (a province, or the national root)."""
import json
import resource
import sys
import time

import django

django.setup()

from compliance.exports import compliance_pdf  # noqa: E402
from reporting.models import ReportingPeriod  # noqa: E402
from compliance.rollups import compliance_for_scope  # noqa: E402
from unions.models import Union  # noqa: E402


def main(code: str, period_code: str) -> None:
    scope = Union.objects.get(code=code)
    period = ReportingPeriod.objects.select_related("plan").get(code=period_code)
    before = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = before.ru_utime + before.ru_stime
    started = time.perf_counter()
    rollup = compliance_for_scope(period=period, scope=scope)
    content = compliance_pdf(rollup=rollup)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime - cpu_before  # less sensitive than the wall clock to a shared machine
    peak = usage.ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "peak_mb": peak, "bytes": len(content),
                      "units": rollup.completeness.expected}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
