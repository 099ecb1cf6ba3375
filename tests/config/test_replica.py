"""A read replica (issue 13): with one set, the dashboards read through the "replica" alias
while every write, and every read inside a write transaction, stays on the default database;
with none set, everything reads the default. The alias mirrors the test database here, so both
see the same committed rows (a transactional test: the rows are committed)."""
import pytest
from django.db import connections, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common.replica import ReplicaRouter, replica_reads
from reporting.models import Report

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


def dashboard_queries(user) -> tuple[list[str], list[str]]:
    client = Client()
    client.force_login(user)
    with CaptureQueriesContext(connections["default"]) as default, \
            CaptureQueriesContext(connections["replica"]) as replica:
        response = client.get(reverse("reporting:dashboard"), {"period": "2023-Y"})
        assert response.status_code == 200
        assert response.context["rollup"].completeness.expected == 5
    return [q["sql"] for q in default], [q["sql"] for q in replica]


def test_with_a_replica_the_dashboard_reads_there(open_reports, users):
    with override_settings(REPLICA_DATABASE="replica"):
        default, replica = dashboard_queries(users["board"])
    assert any("reporting_rollupcell" in sql for sql in replica)  # the kept figures, from the replica
    assert not any("reporting_rollupcell" in sql or "reporting_report" in sql for sql in default)
    assert any("django_session" in sql for sql in default)  # who is signed in: read before the view


def test_without_a_replica_nothing_changes(open_reports, users):
    default, replica = dashboard_queries(users["board"])
    assert replica == [] and any("reporting_rollupcell" in sql for sql in default)


@override_settings(REPLICA_DATABASE="replica")
def test_writes_and_reads_inside_a_write_stay_on_the_default(open_reports):
    router = ReplicaRouter()
    with replica_reads():
        assert Report.objects.all().db == "replica"
        assert router.db_for_write(Report) == "default"
        with transaction.atomic():
            assert Report.objects.all().db == "default"  # a read that belongs to the write around it
    assert Report.objects.all().db == "default"  # outside a replica block: the default, as always
    assert router.allow_migrate("replica", "reporting") is False and router.allow_migrate("default", "reporting")
