"""Claiming a document's file: the period report with the Board's details, or the review of
the programme; both go through compliance.export_jobs.export_claim (one file per set of data,
at most EXPORTS_PER_PERSON being made per person), made now when small, else by a worker."""
import hashlib
import json
from dataclasses import dataclass

from compliance.export_jobs import export_claim, export_make_now
from compliance.exports import export_fingerprint
from compliance.rollups import compliance_for_scope
from compliance.tasks import export_enqueue
from reporting.models import Export

from .documents import review_fingerprint
from .selectors import review_periods


@dataclass
class Delivery:
    export: Export
    content: bytes | None = None  # made now: the file itself
    queued: bool = False  # left to a worker: show its progress


def _deliver(*, export: Export, created: bool, inline: bool, rollup) -> Delivery:
    if export.status == Export.Status.DONE:
        return Delivery(export=export)
    if created and inline:
        return Delivery(export=export, content=export_make_now(export=export, rollup=rollup))
    if created:
        export_enqueue(export.pk)
    return Delivery(export=export, queued=True)


def period_document_deliver(*, period, scope, kind: str, basis: str, details: dict, by,
                            inline_limit: int) -> Delivery:
    """The period's report as a PDF with the Board's details (ExportLimitReached if `by` has
    too many files being made)."""
    rollup = compliance_for_scope(period=period, scope=scope, kind=kind, basis=basis)
    base = export_fingerprint(rollup=rollup, kind=kind, fmt="pdf")
    fingerprint = hashlib.sha256(f"{base}|{json.dumps(details, sort_keys=True)}".encode()).hexdigest()[:32]
    inline = rollup.completeness.expected <= inline_limit
    export, created = export_claim(rollup=rollup, kind=kind, fmt="pdf", fingerprint=fingerprint, by=by, inline=inline,
                                   details=details)
    return _deliver(export=export, created=created, inline=inline, rollup=rollup)


def review_deliver(*, plan, scope, first, last, basis: str, fmt: str, details: dict | None, by,
                   inline_limit: int, kind: str = "") -> Delivery:
    """The review of the programme from `first` to `last` for `scope`, as PDF or Excel."""
    periods = review_periods(plan=plan, first=first, last=last)
    rollup = compliance_for_scope(period=periods[-1], scope=scope, kind=kind, basis=basis)
    details = details if fmt == "pdf" else {}
    fingerprint = review_fingerprint(review_args={"plan": plan, "scope": scope, "first": first, "last": last,
                                                  "kind": kind, "basis": basis}, fmt=fmt, details=details)
    inline = rollup.completeness.expected <= inline_limit
    export, created = export_claim(rollup=rollup, kind=kind, fmt=fmt, fingerprint=fingerprint, by=by, inline=inline,
                                   first_period=periods[0], details=details, total=len(periods))
    return _deliver(export=export, created=created, inline=inline, rollup=rollup)
