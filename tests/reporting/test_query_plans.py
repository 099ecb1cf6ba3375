"""Scale by design, read from PostgreSQL's own plans: a branch's reports of a period are found
through an index, never by scanning the period (issue 13: under the C.UTF-8 collation a plain
btree cannot serve `LIKE 'prefix%'`). The planner is told to avoid sequential scans, so the
test asks whether an index *can* serve the query, whatever the size of the test data."""
import pytest
from django.db import connection

from reporting.models import ReportingPeriod
from compliance.rollups import period_reports
from unions.models import Union

pytestmark = pytest.mark.postgres


def plan_of(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_a_branch_of_a_period_is_read_through_the_prefix_index(plan, tree):
    """A small branch (3 units) beside a large one (3,000): the branch's reports are found by
    their path prefix in the index, not by reading the period's reports and filtering."""
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass of the suite (make test with DATABASE_URL)")
    import datetime

    from reporting.services import period_generate_reports
    from unions.services import unions_load_bulk

    unions_load_bulk(parent=tree["province"], on=datetime.date(2000, 1, 1), tree=[{
        "data": dict(code="BIG", name="Liên đoàn Lao động lớn", level="upper", kind="district_federation",
                     opened_on=datetime.date(2000, 1, 1)),
        "children": [{"data": dict(code=f"BIG-{n:05d}", name=f"Công đoàn {n}", level="grassroots",
                                   kind="grassroots_agency", opened_on=datetime.date(2000, 1, 1))}
                     for n in range(3000)]}])
    period = ReportingPeriod.objects.get(plan=plan, code="2023-Y")
    period_generate_reports(period=period)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE reporting_report")
    branch = Union.objects.get(pk=tree["upper_a"].pk)
    found = plan_of(period_reports(period=period, scope_path=branch.path).order_by())
    assert "report_period_path_prefix" in found, found
    assert "Index Cond: ((period_id = " in found and "unit_path)::text ~>=~" in found, found
