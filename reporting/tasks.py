"""Background work: compliance report files too large to make while the person waits."""
from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import Export


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=3)
def export_build(self, export_id: int) -> None:
    """Make the file of `export_id`. A worker that dies mid-way leaves the task to be run
    again: the file is stored, and the export marked done, only once it is complete."""
    from .exports import compliance_file
    from .rollups import compliance_for_scope

    claimed = Export.objects.filter(pk=export_id, status__in=[Export.Status.QUEUED, Export.Status.RUNNING]).update(
        status=Export.Status.RUNNING, progress=0)
    if not claimed:
        return  # done already (a redelivered message), or failed for good
    export = Export.objects.select_related("period", "period__plan", "scope").get(pk=export_id)
    rollup = compliance_for_scope(period=export.period, scope=export.scope, kind=export.kind)

    def progress(n: int) -> None:
        Export.objects.filter(pk=export_id).update(progress=n)

    try:
        content = compliance_file(rollup=rollup, kind=export.kind, fmt=export.format, progress=progress)
    except Exception as error:  # recorded for the person who asked, then re-raised for the logs
        Export.objects.filter(pk=export_id).update(status=Export.Status.FAILED, error=str(error)[:2000])
        raise
    with transaction.atomic():
        export.file.save(export.filename, ContentFile(content), save=False)
        Export.objects.filter(pk=export_id).update(status=Export.Status.DONE, file=export.file.name,
                                                   progress=F("total"), finished_at=timezone.now())
