"""Background work: compliance report files too large to make while the person waits."""
import datetime
import logging
import time

from celery import shared_task
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from kombu.exceptions import OperationalError as BrokerUnavailable

from common.replica import replica_reads
from reporting.models import Export

from .exports import export_file

log = logging.getLogger(__name__)
STALE_AFTER = datetime.timedelta(minutes=10)


def export_enqueue(export_id: int) -> bool:
    """Queue the build of an export once the transaction commits. With the broker down the
    export stays queued — the page says so — and the sweep queues it when the broker is back."""
    def send():
        try:
            export_build.delay(export_id)
        except BrokerUnavailable as error:
            log.warning("broker unavailable, export %s left queued for the sweep: %s", export_id, error)

    transaction.on_commit(send)
    return True


@shared_task(name="reporting.sweep_exports", acks_late=True, ignore_result=True)
def sweep_exports(stale_after_seconds: int | None = None) -> int:
    """Queue again the exports nobody is working on: still queued (the broker was down when
    they were asked for) or running without progress for a while (their worker died)."""
    stale = timezone.now() - (datetime.timedelta(seconds=stale_after_seconds) if stale_after_seconds is not None
                              else STALE_AFTER)
    waiting = list(Export.objects.filter(status__in=[Export.Status.QUEUED, Export.Status.RUNNING],
                                         heartbeat_at__lte=stale).values_list("pk", flat=True))
    for export_id in waiting:
        Export.objects.filter(pk=export_id).update(heartbeat_at=timezone.now())
        export_build.delay(export_id)
    return len(waiting)


@shared_task(name="reporting.tasks.export_build", bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=3)
def export_build(self, export_id: int) -> None:
    """Make the file of `export_id`. A worker that dies mid-way leaves the task to be run
    again: the file is stored, and the export marked done, only once it is complete."""
    claimed = Export.objects.filter(pk=export_id, status__in=[Export.Status.QUEUED, Export.Status.RUNNING]).update(
        status=Export.Status.RUNNING, progress=0, heartbeat_at=timezone.now())
    if not claimed:
        return  # done already (a redelivered message), or failed for good
    export = Export.objects.select_related("period", "period__plan", "first_period", "scope").get(pk=export_id)

    def progress(n: int) -> None:
        Export.objects.filter(pk=export_id).update(progress=n, heartbeat_at=timezone.now())
        if settings.EXPORT_PROGRESS_PAUSE:  # lets a fault test catch the task half-way
            time.sleep(settings.EXPORT_PROGRESS_PAUSE)

    try:
        with translation.override("vi"), replica_reads():  # its reads may go to a replica; progress is a write
            content = export_file(export=export, progress=progress)  # the period's report, or a review
    except Exception as error:  # recorded for the person who asked, then re-raised for the logs
        Export.objects.filter(pk=export_id).update(status=Export.Status.FAILED, error=str(error)[:2000])
        raise
    with transaction.atomic():
        export.file.save(export.filename, ContentFile(content), save=False)
        Export.objects.filter(pk=export_id).update(status=Export.Status.DONE, file=export.file.name,
                                                   progress=F("total"), finished_at=timezone.now())
