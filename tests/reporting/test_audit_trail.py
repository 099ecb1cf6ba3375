"""The audit trail is append-only (issue 11): a report's steps (ReportEvent) and value changes
(ValueChange) are never changed or deleted — not in the admin, not by any code path through
the models, and on PostgreSQL not even by SQL (a trigger)."""
import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django.urls import reverse

from reporting.models import AuditTrailIsAppendOnly, Report, ReportEvent, ValueChange
from reporting.periods import deadline_extend, period_generate_reports
from reporting.review import report_accept
from reporting.services import report_save
from tests.reporting.values import complete_values
from unions.services import union_close


@pytest.fixture
def accepted(open_reports, users):
    """grass_a1's report, filled, sent and accepted: two steps and its value changes."""
    report = open_reports["grass_a1"]
    report = report_save(report=report, by=users["grass_a1"], values=complete_values(report), version=report.version,
                         submit=True)
    report = report_accept(report=report, by=users["upper_a"])
    assert ReportEvent.objects.filter(report=report, action="accepted").exists()
    assert ValueChange.objects.filter(report=report).exists()
    return report


def trail(report) -> list:
    return (list(ReportEvent._base_manager.filter(report=report).values_list("pk", "action", "comment"))
            + list(ValueChange._base_manager.filter(report=report).values_list("pk", "old", "new")))


def test_the_admin_cannot_delete_or_change_the_accepted_step(client, users, accepted):
    """The finding: the admin's delete view removed a report's "accepted" step from its history."""
    event = ReportEvent.objects.get(report=accepted, action="accepted")
    before = trail(accepted)
    client.force_login(users["admin"])  # a superuser
    delete = reverse("admin:reporting_reportevent_delete", args=[event.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    change = reverse("admin:reporting_reportevent_change", args=[event.pk])
    assert client.post(change, {"action": "returned", "comment": "sửa lịch sử"}).status_code == 403
    changelist = client.get(reverse("admin:reporting_reportevent_changelist"))
    assert changelist.status_code == 200 and changelist.context["action_form"] is None  # no "delete selected"
    response = client.post(reverse("admin:reporting_reportevent_changelist"),
                           {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"})
    assert response.status_code in (200, 302)
    assert trail(accepted) == before


@pytest.mark.parametrize("model", [ReportEvent, ValueChange])
def test_no_code_path_changes_or_deletes_the_trail(accepted, model):
    before = trail(accepted)
    row = model.objects.filter(report=accepted).first()
    with pytest.raises(AuditTrailIsAppendOnly):
        model.objects.filter(report=accepted).delete()
    with pytest.raises(AuditTrailIsAppendOnly):
        model.objects.filter(report=accepted).update(by=None)
    with pytest.raises(AuditTrailIsAppendOnly):
        row.delete()
    with pytest.raises(AuditTrailIsAppendOnly):
        row.save()
    assert trail(accepted) == before


def test_regenerating_reports_keeps_a_report_that_has_a_history(plan, tree, open_reports, users):
    """A unit closed after an extension was granted to it: its untouched report is no longer
    expected, but its history (the extension) keeps it."""
    report = open_reports["grass_b1"]
    deadline_extend(period=report.period, unit=tree["grass_b1"], new_deadline=datetime.date(2023, 12, 5),
                    reason="Lũ lụt", by=users["board"])
    assert ReportEvent.objects.filter(report=report, action="extended").exists()
    union_close(union=tree["grass_b1"], on=datetime.date(2020, 1, 1))
    untouched = open_reports["grass_a2"]
    union_close(union=tree["grass_a2"], on=datetime.date(2020, 1, 1))
    period_generate_reports(period=report.period)
    assert Report.objects.filter(pk=report.pk).exists()
    assert not Report.objects.filter(pk=untouched.pk).exists()  # nothing to keep: still removed


@pytest.mark.postgres
@pytest.mark.parametrize("table", ["reporting_reportevent", "reporting_valuechange"])
def test_postgresql_refuses_update_and_delete_of_the_trail(accepted, table):
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass of the suite (make test with DATABASE_URL)")
    before = trail(accepted)
    for statement in (f"UPDATE {table} SET by_id = NULL WHERE report_id = %s",
                      f"DELETE FROM {table} WHERE report_id = %s"):
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(statement, [accepted.pk])
    assert trail(accepted) == before


def test_a_report_with_a_history_cannot_be_deleted(accepted):
    """Deleting the report would take its history with it: refused (on every database)."""
    before = trail(accepted)
    with pytest.raises(ProtectedError), transaction.atomic():
        Report.objects.filter(pk=accepted.pk).delete()
    assert Report.objects.filter(pk=accepted.pk).exists() and trail(accepted) == before

