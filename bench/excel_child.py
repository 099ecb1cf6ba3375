"""Run one Excel export in a fresh process and print its time and peak memory as JSON:
`portal` (the portal's workbook, from the database) or `plain` (openpyxl write-only writing
the same unit rows' cells, read from the database the same way, with no styling)."""
import json
import resource
import sys
import tempfile
import time

import django

django.setup()

from openpyxl import Workbook  # noqa: E402

from compliance.exports import UnitRows, compliance_workbook  # noqa: E402
from compliance.rollups import compliance_for_scope  # noqa: E402
from reporting.models import ReportingPeriod  # noqa: E402
from unions.models import Union  # noqa: E402


def main(mode: str, period_id: int) -> None:
    period = ReportingPeriod.objects.select_related("plan").get(pk=period_id)
    root = Union.objects.get(depth=1)
    rollup = compliance_for_scope(period=period, scope=root)
    started = time.perf_counter()
    rows = 0
    if mode == "portal":
        content = compliance_workbook(rollup=rollup)
        size = len(content)
        rows = rollup.completeness.expected
    else:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("units")
        source = UnitRows(rollup)
        sheet.append(source.header())
        for row in source:
            sheet.append(row)
            rows += 1
        with tempfile.TemporaryFile() as handle:
            workbook.save(handle)
            size = handle.tell()
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "rows": rows, "bytes": size}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
