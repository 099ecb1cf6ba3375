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


def a_large_branch(plan, tree) -> ReportingPeriod:
    """3,000 grassroots unions under one more upper-level union, every report of 2023-Y made."""
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass of the suite (make test with DATABASE_URL)")
    import datetime

    from reporting.periods import period_generate_reports
    from unions.services import unions_load_bulk

    unions_load_bulk(parent=tree["province"], on=datetime.date(2000, 1, 1), tree=[{
        "data": dict(code="BIG", name="Liên đoàn Lao động lớn", level="upper", kind="district_federation",
                     opened_on=datetime.date(2000, 1, 1)),
        "children": [{"data": dict(code=f"BIG-{n:05d}", name=f"Công đoàn {n}", level="grassroots",
                                   kind="grassroots_agency", opened_on=datetime.date(2000, 1, 1))}
                     for n in range(3000)]}])
    period = ReportingPeriod.objects.get(plan=plan, code="2023-Y")
    period_generate_reports(period=period)
    return period


def analyze():
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE reporting_report")
        cursor.execute("ANALYZE unions_union")


def test_a_branch_of_a_period_is_read_through_the_prefix_index(plan, tree):
    """A small branch (3 units) beside a large one (3,000): the branch's reports are found by
    their path prefix in the index, not by reading the period's reports and filtering."""
    period = a_large_branch(plan, tree)
    analyze()
    branch = Union.objects.get(pk=tree["upper_a"].pk)
    found = plan_of(period_reports(period=period, scope_path=branch.path).order_by())
    assert "report_period_path_prefix" in found, found
    assert "Index Cond: ((period_id = " in found and "unit_path)::text ~>=~" in found, found


def test_the_review_queue_and_the_homes_count_read_the_waiting_reports_only(plan, tree, users):
    """Of 3,000 sent reports, two wait for the Board: the queue (and the home's count) find the
    submitted reports through their partial index, never by scanning the reports."""
    import datetime

    from reporting.models import Report
    from reporting.selectors import reports_for_own_review, reports_to_review

    period = a_large_branch(plan, tree)
    sent_at = datetime.datetime(2023, 11, 20, 9, tzinfo=datetime.UTC)
    Report.objects.filter(period=period).update(status=Report.Status.ACCEPTED, submitted_at=sent_at, accepted_at=sent_at)
    Report.objects.filter(period=period, unit__in=[tree["upper_a"], tree["grass_a1"]]).update(
        status=Report.Status.SUBMITTED)
    analyze()
    waiting = reports_to_review(user=users["board"])
    for queryset in (waiting, reports_for_own_review(waiting, user=users["board"]).order_by()):
        found = plan_of(queryset)
        assert "report_waiting_for_review" in found, found
        assert "Seq Scan on reporting_report" not in found, found


def test_the_missing_list_reads_the_reports_still_to_send_only(plan, tree):
    """Of a period's 3,000 sent reports and a few still to send, the missing list's rows and its
    groups' totals read those still to send through their partial index, never the period's."""
    import datetime

    from django.db.models import Count
    from django.db.models.functions import Substr

    from notifications.selectors import still_to_send
    from reporting.models import Report

    period = a_large_branch(plan, tree)
    sent_at = datetime.datetime(2023, 11, 20, 9, tzinfo=datetime.UTC)
    Report.objects.filter(period=period, unit__code__startswith="BIG").update(
        status=Report.Status.SUBMITTED, submitted_at=sent_at)
    analyze()
    for scope in (tree["province"].path, tree["upper_a"].path):
        missing = still_to_send(period=period, scope_path=scope)
        totals = missing.annotate(group=Substr("unit_path", 1, 8)).values("group").annotate(n=Count("pk")).order_by()
        for queryset in (totals, missing.select_related("unit").order_by("unit_path")):
            found = plan_of(queryset)
            assert "Seq Scan on reporting_report" not in found, found
            assert "report_still_to_send" in found or "report_period_path" in found, found
        if scope == tree["province"].path:  # every report of the period is in it: only the partial index skips the sent
            assert "report_still_to_send" in plan_of(totals)
