"""Export jobs: one Export row per file made, inline while the person waits or in the background
(compliance/tasks.py), and one file per set of data — a claim finds the file already made or
being made before a new one is started, and each person has at most EXPORTS_PER_PERSON under
way. The files themselves are compliance/exports.py's."""
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation

from reporting.models import Export
from unions.models import Union

from .exports import compliance_file, export_file
from .rollups import Rollup


class ExportLimitReached(Exception):
    """The person already has EXPORTS_PER_PERSON exports being made."""

    def __init__(self, running: list):
        super().__init__(f"{len(running)} exports running")
        self.running = running


def export_claim(*, rollup: Rollup, kind: str, fmt: str, fingerprint: str, by, inline: bool, first_period=None,
                 details: dict | None = None, total: int | None = None):
    """(export, created): the export of this data already made or being made (whoever asked
    for it), or a new one in `by`'s name — RUNNING if it is made now (`inline`), QUEUED for a
    worker otherwise. ExportLimitReached if `by` already has EXPORTS_PER_PERSON under way.
    A review of the programme passes its `first_period` (rollup: its last period's); a
    document the Board set the number, date, signer and "Nơi nhận" of passes `details`,
    which its fingerprint must include."""
    active = [Export.Status.QUEUED, Export.Status.RUNNING]
    with transaction.atomic():
        # The person's row, then the scope's, always in this order: two claims by one person,
        # or for one scope, wait for each other, so neither the limit nor the file is doubled.
        get_user_model().objects.select_for_update().filter(pk=by.pk).first()
        Union.objects.select_for_update().filter(pk=rollup.scope.pk).first()
        for status in (Export.Status.DONE, *active):
            found = Export.objects.filter(fingerprint=fingerprint, status=status).first()
            if found is not None and (status != Export.Status.DONE or found.file.storage.exists(found.file.name)):
                return found, False
        running = list(Export.objects.filter(requested_by=by, status__in=active).select_related("period", "scope"))
        if len(running) >= settings.EXPORTS_PER_PERSON:
            raise ExportLimitReached(running)
        return Export.objects.create(
            period=rollup.period, scope=rollup.scope, kind=kind, basis=rollup.basis, format=fmt, fingerprint=fingerprint,
            requested_by=by, first_period=first_period, details=details or {},
            total=rollup.completeness.expected if total is None else total, status=Export.Status.RUNNING if inline else Export.Status.QUEUED), True


def export_make_now(*, export, rollup: Rollup) -> bytes:
    """Make a claimed export's file while the person waits, and keep it for the next request
    of the same data. Failed (and re-raised) if making it fails."""
    try:
        with translation.override("vi"):  # an official document: Vietnamese whatever the screen's language
            content = (export_file(export=export) if export.first_period_id or export.details else
                       compliance_file(rollup=rollup, kind=export.kind, fmt=export.format))
    except Exception as error:
        Export.objects.filter(pk=export.pk).update(status=Export.Status.FAILED, error=str(error)[:2000])
        raise
    export.file.save(export.filename, ContentFile(content), save=False)
    Export.objects.filter(pk=export.pk, status=Export.Status.RUNNING).update(
        status=Export.Status.DONE, file=export.file.name, progress=F("total"), finished_at=timezone.now())
    return content
