"""Compliance files: the command, the cache of unchanged data, and large exports made by a
real Celery worker with a real Redis broker, never serving half a file."""
import io
import time

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from reporting.models import Export, Report, ReportingPeriod
from reporting.periods import period_generate_reports
from tests.live_services import redis_url_or_skip
from tests.workers import start_worker


@pytest.fixture
def period(plan, tree):
    period = ReportingPeriod.objects.get(plan=plan, code="2023-Y")
    period_generate_reports(period=period)
    return period


def test_export_compliance_command_writes_pdf_and_excel(period, tree, tmp_path):
    out = io.StringIO()
    call_command("export_compliance", "--period", "2023-Y", "--format", "xlsx", "--output", str(tmp_path / "r.xlsx"),
                 stdout=out)
    workbook = load_workbook(tmp_path / "r.xlsx")
    assert workbook.sheetnames == ["Tổng hợp", "Chỉ tiêu", "Theo đơn vị trực thuộc", "Từng đơn vị",
                                   "Chưa gửi, gửi muộn", "Đề xuất, kiến nghị"]
    assert "0/5 đã gửi" in out.getvalue()
    call_command("export_compliance", "--period", "2023-Y", "--format", "pdf", "--union", tree["upper_a"].code,
                 "--output", str(tmp_path / "r.pdf"), stdout=out)
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF-")
    with pytest.raises(Exception, match="2030-Y"):
        call_command("export_compliance", "--period", "2030-Y", "--format", "pdf", "--output", str(tmp_path / "x"))


def test_a_small_export_downloads_at_once_and_unchanged_data_comes_from_cache(client, users, period, monkeypatch):
    import compliance.views as views

    client.force_login(users["board"])
    response = client.get(reverse("reporting:export"), {"period": "2023-Y", "format": "xlsx"})
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert Export.objects.get().status == "done"  # kept: the same data asked again is served from this file
    again = client.get(reverse("reporting:export"), {"period": "2023-Y", "format": "xlsx"})
    assert again.status_code == 200 and b"".join(again.streaming_content) == response.content
    assert Export.objects.count() == 1

    # Over the inline limit the file is made in the background; once made, the same data asked
    # for again is that file, and changed data is a new file. (Starting again without the file
    # made inline above, which the same data would otherwise be served from.)
    Export.objects.all().delete()
    queued = []
    monkeypatch.setattr(views, "INLINE_EXPORT_LIMIT", 2)
    monkeypatch.setattr(views, "export_enqueue", queued.append)
    assert client.get(reverse("reporting:export"), {"period": "2023-Y", "format": "xlsx"}).status_code == 302
    job = Export.objects.get()
    assert queued == [job.pk]
    from django.core.files.base import ContentFile

    job.file.save("made-earlier.xlsx", ContentFile(b"the file made earlier"), save=False)
    job.status = Export.Status.DONE
    job.save()
    again = client.get(reverse("reporting:export"), {"period": "2023-Y", "format": "xlsx"})
    assert again.status_code == 200 and b"".join(again.streaming_content) == b"the file made earlier"
    assert queued == [job.pk] and Export.objects.count() == 1
    Report.objects.filter(period=period).update(updated_at=job.created_at.replace(year=2030))
    changed = client.get(reverse("reporting:export"), {"period": "2023-Y", "format": "xlsx"})
    assert changed.status_code == 302 and Export.objects.count() == 2 and len(queued) == 2


@pytest.mark.django_db(transaction=True)
def test_a_large_export_is_made_by_a_real_worker_and_then_served_from_cache(client, users, period, monkeypatch):
    """Large: over the inline limit (set to 2 here). A real Celery worker with a real Redis
    broker makes the file; the page shows progress; asking again serves the same file."""
    redis_url_or_skip()
    import compliance.views as views

    monkeypatch.setattr(views, "INLINE_EXPORT_LIMIT", 2)
    worker = start_worker(settings)
    try:
        client.force_login(users["board"])
        response = client.get(reverse("reporting:export"), {"period": "2023-Y", "format": "xlsx"})
        assert response.status_code == 302
        job = Export.objects.get()
        status_url = reverse("reporting:export_status", args=[job.pk])
        assert response["Location"] == status_url
        deadline = time.time() + 60
        while time.time() < deadline:
            job.refresh_from_db()
            if job.status in ("done", "failed"):
                break
            time.sleep(0.3)
        assert job.status == "done", (job.status, job.error)
        page = client.get(status_url).content.decode()
        assert "?download=1" in page
        download = client.get(status_url, {"download": 1})
        content = b"".join(download.streaming_content)
        summary = {row[0]: row[1] for row in load_workbook(io.BytesIO(content))["Tổng hợp"].iter_rows(values_only=True)}
        assert summary["Đơn vị phải báo cáo"] == 5
        again = client.get(reverse("reporting:export"), {"period": "2023-Y", "format": "xlsx"})
        assert again.status_code == 200 and Export.objects.count() == 1  # served from the file already made
        Report.objects.filter(period=period).update(updated_at=job.created_at.replace(year=2030))
        changed = client.get(reverse("reporting:export"), {"period": "2023-Y", "format": "xlsx"})
        assert changed.status_code == 302 and Export.objects.count() == 2  # the data changed: a new file
    finally:
        worker.terminate()
        worker.wait(timeout=20)


def test_an_export_of_another_branch_is_not_reachable(client, users, period, tree):
    job = Export.objects.create(period=period, scope=tree["upper_b"], format="xlsx", fingerprint="x",
                                requested_by=users["board"])
    client.force_login(users["upper_a"])
    assert client.get(reverse("reporting:export_status", args=[job.pk])).status_code == 404
    client.force_login(users["upper_b"])
    assert client.get(reverse("reporting:export_status", args=[job.pk])).status_code == 200
