"""Faults: the broker down when an export is asked for, a worker killed half-way through an
export. Real Redis, real worker processes; nothing is mocked."""
import os
import signal
import subprocess
import sys

import pytest
from django.urls import reverse

from reporting.models import Export, ReportingPeriod
from reporting.services import period_generate_reports
from compliance.tasks import sweep_exports
from tests.live_services import redis_url_or_skip
from tests.workers import database_url, start_worker, stop, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def period(plan, tree):
    period = ReportingPeriod.objects.get(plan=plan, code="2023-Y")
    period_generate_reports(period=period)
    return period


ASK_FOR_EXPORT = """
import django; django.setup()
from django.test import Client
from accounts.models import User
import compliance.views as views
views.INLINE_EXPORT_LIMIT = 0
client = Client()
client.force_login(User.objects.get(username="board"))
response = client.get("/dashboard/export/", {"period": "2023-Y", "format": "xlsx"})
print(response.status_code, response.get("Location", ""))
"""


def test_with_the_broker_down_the_page_still_answers_and_the_export_is_made_once_it_is_back(settings, users, period):
    redis_url_or_skip()
    # A portal process whose broker is a port where nothing listens.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.worker_under_test",
           "DATABASE_URL": database_url(settings), "TEST_CELERY_BROKER_URL": "redis://127.0.0.1:6399/0",
           "DJANGO_ALLOWED_HOSTS": "testserver"}
    result = subprocess.run([sys.executable, "-c", ASK_FOR_EXPORT], cwd=settings.BASE_DIR, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    status, location = result.stdout.split()[-2:]
    assert status == "302" and location.startswith("/exports/")
    job = Export.objects.get()
    assert job.status == "queued"  # nothing lost: it waits for the broker
    worker = start_worker(settings)
    try:
        assert sweep_exports(stale_after_seconds=0) == 1  # the broker is back: queued again
        assert wait_for(lambda: Export.objects.get().status == "done", 60), Export.objects.get().error
    finally:
        stop(worker)


def test_a_worker_killed_half_way_leaves_no_half_file_and_the_task_runs_again(client, settings, users, period,
                                                                                monkeypatch):
    redis_url_or_skip()
    import compliance.views as views

    monkeypatch.setattr(views, "INLINE_EXPORT_LIMIT", 0)
    slow = dict(EXPORT_PROGRESS_EVERY=1, EXPORT_PROGRESS_PAUSE=1.5, TEST_VISIBILITY_TIMEOUT=3)
    worker = start_worker(settings, **slow)
    try:
        client.force_login(users["board"])
        response = client.get(reverse("reporting:export"), {"period": "2023-Y", "format": "xlsx"})
        assert response.status_code == 302
        assert wait_for(lambda: Export.objects.filter(status="running", progress__gte=1).exists(), 60), \
            list(Export.objects.values("status", "progress", "error"))
        worker.send_signal(signal.SIGKILL)  # mid-export: no warm shutdown, no acknowledgement
        worker.wait(timeout=10)
        job = Export.objects.get()
        assert job.status == "running" and not job.file
        page = client.get(reverse("reporting:export_status", args=[job.pk]), {"download": 1})
        assert page.status_code == 200 and page["Content-Type"].startswith("text/html")  # the page, never a half file
        worker = start_worker(settings, flush=False, **slow)  # the broker hands the task to it again
        assert wait_for(lambda: Export.objects.get().status == "done", 90), Export.objects.get().error
        download = client.get(reverse("reporting:export_status", args=[job.pk]), {"download": 1})
        assert download["Content-Type"].startswith("application/vnd.openxmlformats")
        content = b"".join(download.streaming_content)
        from io import BytesIO

        from openpyxl import load_workbook

        assert load_workbook(BytesIO(content))["Từng đơn vị"].max_row == 6  # header and 5 units: whole
    finally:
        stop(worker, kill=True)
