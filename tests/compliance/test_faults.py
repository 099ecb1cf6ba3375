"""Faults: the broker down when an export is asked for, a worker killed half-way through an
export. Real Redis, real worker processes; nothing is mocked."""
import os
import signal
import subprocess
import sys

import pytest
from django.urls import reverse

from reporting.models import Export, ReportingPeriod
from reporting.periods import period_generate_reports
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


def test_a_long_pdf_keeps_its_heartbeat_and_the_sweep_leaves_it_alone(settings, users, period, monkeypatch):
    """The task itself, with WeasyPrint slowed to 3 s inside its one call: the export's heartbeat
    moves all the while (a thread beats every 0.2 s), so a sweep that treats 1 s of silence as
    a dead worker queues nothing, and the file is made once."""
    import time

    import compliance.exports as exports
    from compliance import tasks
    from compliance.export_jobs import export_claim
    from compliance.exports import export_fingerprint
    from compliance.rollups import compliance_for_scope

    settings.EXPORT_HEARTBEAT_SECONDS = 0.2
    rollup = compliance_for_scope(period=period, scope=users["board"].unit)
    job, _ = export_claim(rollup=rollup, kind="", fmt="pdf", by=users["board"], inline=False,
                          fingerprint=export_fingerprint(rollup=rollup, kind="", fmt="pdf"))
    queued, beats, swept = [], [], []
    monkeypatch.setattr(tasks.export_build, "delay", queued.append)
    real_render = exports.render_pdf

    def slow_render(html):
        started = time.monotonic()
        while time.monotonic() - started < 3:  # WeasyPrint's single call, three seconds long
            time.sleep(0.25)
            beats.append(Export.objects.values_list("heartbeat_at", flat=True).get(pk=job.pk))
            swept.append(tasks.sweep_exports(stale_after_seconds=1))
        return real_render(html)

    monkeypatch.setattr(exports, "render_pdf", slow_render)
    tasks.export_build(job.pk)
    job.refresh_from_db()
    assert job.status == Export.Status.DONE and job.file, job.error
    assert len(set(beats)) >= 5, f"the heartbeat stood still: {sorted(set(beats))}"
    assert swept and set(swept) == {0} and queued == []  # never taken for dead, never queued twice
