"""`manage.py export_review`: the review from the command line, as PDF or Excel."""
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from reporting.periods import period_generate_reports


def test_export_review_writes_pdf_and_excel(plan, tree, tmp_path):
    for period in plan.periods.all():
        period_generate_reports(period=period)
    out = io.StringIO()
    call_command("export_review", "--format", "pdf", "--from", "2019-H1", "--to", "2021-Y", "--union",
                 tree["upper_a"].code, "--number", "08/BC-LĐLĐ", "--output", str(tmp_path / "r.pdf"), stdout=out)
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF-") and "2019-H1 … 2021-Y" in out.getvalue()
    call_command("export_review", "--format", "xlsx", "--output", str(tmp_path / "r.xlsx"), stdout=out)
    assert load_workbook(tmp_path / "r.xlsx").sheetnames[0] == "Tổng hợp"
    with pytest.raises(CommandError, match="2030-Y"):
        call_command("export_review", "--format", "pdf", "--to", "2030-Y", "--output", str(tmp_path / "x"))
