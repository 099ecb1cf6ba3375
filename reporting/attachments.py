"""Evidence attached to a report: add a file (its kind read from its content by
reporting/evidence.py) or remove one, each recorded in the report's history."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext

from .evidence import EXTENSIONS, JPEG, MAX_BYTES, sniff
from .models import Attachment, Report, ReportEvent
from .permissions import report_can_edit


@transaction.atomic
def attachment_add(*, report: Report, by, upload, description: str = "") -> "Attachment":
    """Attach evidence to a report the person may edit: PDF, DOCX, XLSX, JPG or PNG by
    content, 10 MB at most, stored under a random name."""
    if not report_can_edit(report=report, user=by):
        raise PermissionDenied(gettext("This report cannot be changed now."))
    if upload.size > MAX_BYTES:
        raise ValidationError(gettext("The file is larger than 10 MB."))
    content_type = sniff(upload)
    if content_type is None:
        raise ValidationError(gettext("Only PDF, DOCX, XLSX, JPG and PNG files can be attached; this file is none of them."))
    name = upload.name.rsplit("/", 1)[-1][:200]
    if not name.lower().endswith((EXTENSIONS[content_type], ".jpeg" if content_type == JPEG else EXTENSIONS[content_type])):
        name = f"{name}{EXTENSIONS[content_type]}"
    attachment = Attachment(report=report, original_name=name, content_type=content_type, size=upload.size,
                            description=description, uploaded_by=by)
    attachment.file.save("evidence", upload, save=False)
    attachment.save()
    ReportEvent.objects.create(report=report, action=ReportEvent.Action.ATTACHED, by=by, comment=_evidence(attachment))
    return attachment


def _evidence(attachment: "Attachment") -> str:
    return f"{attachment.original_name} — {attachment.description}" if attachment.description \
        else attachment.original_name


@transaction.atomic
def attachment_remove(*, attachment: "Attachment", by) -> None:
    """Remove a file from a report the person may still edit."""
    if not report_can_edit(report=attachment.report, user=by):
        raise PermissionDenied(gettext("This report cannot be changed now."))
    stored = attachment.file.name
    storage = attachment.file.storage
    ReportEvent.objects.create(report=attachment.report, action=ReportEvent.Action.DETACHED, by=by,
                               comment=_evidence(attachment))
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))
