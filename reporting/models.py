"""Reporting periods, the reports units send in them, and the values those reports hold."""
import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.models import Indicator, Plan
from plans.values import kind_of
from unions.models import Level, Union


class ReportingPeriod(models.Model):
    """A six-month or annual reporting round of a plan, such as 2019-H1 or 2023-Y."""

    class Kind(models.TextChoices):
        HALF_YEAR = "H1", _("Six-month report")
        YEAR = "Y", _("Annual report")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="periods", verbose_name=_("plan"))
    code = models.CharField(_("code"), max_length=16)
    kind = models.CharField(_("kind"), max_length=2, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    deadline = models.DateField(_("deadline"))
    is_open = models.BooleanField(_("open for reports"), default=False)

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["plan", "year", "kind"]  # "H1" sorts before "Y"
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="period_code_unique_in_plan"),
            models.UniqueConstraint(fields=["plan", "year", "kind"], name="one_period_per_kind_and_year"),
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="period_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.code} — {self.get_kind_display()} {self.year}"

    @property
    def title(self) -> str:
        """'Báo cáo năm 2023': a year is a name, not a number to group (never 2.023)."""
        return f"{self.get_kind_display()} {self.year}"

    @property
    def is_annual(self) -> bool:
        return self.kind == self.Kind.YEAR

    @property
    def structure_date(self) -> datetime.date:
        """The day whose hierarchy the period follows: the units open when the report falls
        due are the ones expected to send it, under the parents they had that day."""
        return self.deadline


class Report(models.Model):
    """One unit's report for one period. Created for every expected unit when the period's
    reports are generated, so that 'missing' is a row, not an absence."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for correction")
        ACCEPTED = "accepted", _("Accepted")
        # The unit was closed before the report fell due: no longer expected, never missing.
        WITHDRAWN = "withdrawn", _("Not expected: unit closed")

    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="reports",
                               verbose_name=_("period"))
    unit = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="reports", verbose_name=_("unit"))
    # Where the unit stood, and at which level, on the period's structure date: roll-ups of
    # the period filter on this prefix and so follow the tree as it stood then.
    unit_path = models.CharField(max_length=255)
    unit_level = models.CharField(max_length=16, choices=Level.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.NOT_STARTED)
    due_on = models.DateField(_("due on"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_late = models.BooleanField(_("submitted late"), default=False)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    # Set by the Policy-Law Board to let a unit submit although the period is closed.
    reopened_for_submission = models.BooleanField(_("reopened for submission"), default=False)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["period", "unit_path"]
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="one_report_per_unit_and_period"),
            models.CheckConstraint(
                condition=Q(status__in=["not_started", "draft", "withdrawn"]) | Q(submitted_at__isnull=False),
                name="report_sent_has_submission_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(accepted_at__isnull=False),
                name="report_accepted_has_acceptance_time",
            ),
        ]
        indexes = [
            models.Index(fields=["period", "unit_path"], name="report_period_path"),
            # A branch's reports are `unit_path LIKE 'prefix%'`: on PostgreSQL under a non-C
            # collation only a pattern index serves that (SQLite ignores the operator class).
            models.Index(fields=["period", "unit_path"], name="report_period_path_prefix",
                         opclasses=["int8_ops", "varchar_pattern_ops"]),
            # Lists that cost what they show (issue 13): the review queue and the home's count
            # of what waits (a few per unit among every period's reports), and the missing list
            # (a period's reports still to send, not the whole period's).
            models.Index(fields=["unit", "period"], name="report_waiting_for_review",
                         condition=Q(status="submitted")),
            # (The paths are carried, not keyed: read in full for the country, filtered by
            # prefix for a province, the planner takes this index over the period's.)
            models.Index(fields=["period"], include=["unit_path", "unit"], name="report_still_to_send",
                         condition=Q(status__in=["not_started", "draft", "returned"])),
        ]

    def __str__(self):
        return f"{self.unit} — {self.period.code}"

    def get_absolute_url(self):
        return reverse("reporting:report_detail", args=[self.pk])

    @property
    def is_sent(self) -> bool:
        """Sent and not returned: its figures count in every roll-up (see COUNTED)."""
        return self.status in COUNTED

    @property
    def rollup_state(self) -> str:
        """Where the report stands in the roll-ups: sent, returned (awaiting correction) or not sent."""
        return rollup_state_of(self.status)

    def days_to_deadline(self, today: datetime.date | None = None) -> int:
        """Days left before the deadline (negative once past it)."""
        today = today or timezone.localdate()
        return (self.due_on - today).days


# What the roll-ups count (README, "What the roll-ups count"): a report's figures count from the
# moment it is sent; a return takes them out of every rate and sum until it is sent again; a
# draft never counts. With the "accepted only" basis, only accepted reports' figures count.
COUNTED = (Report.Status.SUBMITTED, Report.Status.ACCEPTED)
NOT_SENT = (Report.Status.NOT_STARTED, Report.Status.DRAFT)
# What the unit can still fill in and send (while the period accepts it: reporting.permissions).
EDITABLE = (Report.Status.NOT_STARTED, Report.Status.DRAFT, Report.Status.RETURNED)


def rollup_state_of(status: str) -> str:
    if status in COUNTED:
        return "sent"
    return "returned" if status == Report.Status.RETURNED else "not_sent"


class ReportValue(models.Model):
    """The value of one indicator in one report, in the column that fits its kind."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    flag = models.BooleanField(null=True, blank=True)
    number = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True)
    date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="one_value_per_indicator"),
            models.CheckConstraint(condition=Q(number__isnull=True) | Q(number__gte=0), name="value_not_negative"),
        ]

    def __str__(self):
        return f"{self.indicator.code}={self.value!r}"

    @property
    def value(self):
        """The value as its kind has it: an int for a count or an amount, never Decimal('3.00')."""
        return kind_of(self.indicator).from_columns(self)


class AuditTrailIsAppendOnly(Exception):
    """Raised on any attempt to change or delete a recorded step or value change."""


class AppendOnlyQuerySet(models.QuerySet):
    """The audit trail is written once: rows are added, never updated or deleted. On
    PostgreSQL a trigger refuses it too (migration 0009), whatever the code path."""

    def update(self, **kwargs):
        raise AuditTrailIsAppendOnly(f"{self.model.__name__} rows are never changed")

    def delete(self):
        raise AuditTrailIsAppendOnly(f"{self.model.__name__} rows are never deleted")


class AppendOnly(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditTrailIsAppendOnly(f"{type(self).__name__} rows are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditTrailIsAppendOnly(f"{type(self).__name__} rows are never deleted")


class ReportEvent(AppendOnly):
    """A step in a report's life: who did what, when and why. Append-only."""

    class Action(models.TextChoices):
        SAVED = "saved", _("Saved as draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        ACCEPTED = "accepted", _("Accepted")
        REOPENED = "reopened", _("Reopened")
        EXTENDED = "extended", _("Deadline extended")
        ATTACHED = "attached", _("Evidence added")
        DETACHED = "detached", _("Evidence removed")
        WITHDRAWN = "withdrawn", _("No longer expected")

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="events")  # a history stays
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                           verbose_name=_("by"))
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        ordering = ["report", "at", "pk"]

    def __str__(self):
        return f"{self.report_id} {self.action} {self.at:%d/%m/%Y}"


class ValueChange(AppendOnly):
    """Who changed which value of a report from what to what: the report's audit trail.
    Append-only."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="value_changes")  # a history stays
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    old = models.TextField(_("before"), blank=True)
    new = models.TextField(_("after"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                           verbose_name=_("by"))
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("value change")
        verbose_name_plural = _("value changes")
        ordering = ["report", "at", "pk"]

    def __str__(self):
        return f"{self.indicator_id}: {self.old!r} → {self.new!r}"


class DeadlineExtension(models.Model):
    """A later deadline granted by the Policy-Law Board, to one unit or to all."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="extensions",
                               verbose_name=_("period"))
    unit = models.ForeignKey(Union, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                             verbose_name=_("unit"), help_text=_("Empty: every unit of the period."))
    new_deadline = models.DateField(_("new deadline"))
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("granted by"))
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        ordering = ["period", "-granted_at"]


def attachment_path(instance, filename):
    # A random name: the uploader's file name is kept in the row, never on disk.
    return f"evidence/{instance.report.period.code}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """Evidence attached to a report: a signed regulation, minutes, photos."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    description = models.CharField(_("description"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["report", "uploaded_at"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("reporting:attachment", args=[self.report_id, self.pk])


class Export(models.Model):
    """A compliance report file made in the background: its progress, and the file once done.
    Identified by a fingerprint of the data it was made from, so unchanged data is served
    from the file already made."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being prepared")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "Excel"

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+")
    # Set for a review of the programme (sơ kết / tổng kết) from this period to `period`.
    first_period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+", null=True,
                                     blank=True)
    scope = models.ForeignKey(Union, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32, blank=True)
    # The document's number, date, signer and "Nơi nhận" as the Board set them, kept with the file.
    details = models.JSONField(default=dict, blank=True)
    # What the figures count: "sent" (every sent report) or "accepted" (accepted reports only).
    basis = models.CharField(max_length=16, default="sent")
    format = models.CharField(max_length=8, choices=Format.choices)
    fingerprint = models.CharField(max_length=64, db_index=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="exports/", max_length=255, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    heartbeat_at = models.DateTimeField(default=timezone.now)  # last sign of life: queued, progress
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(status="done") | ~Q(file=""), name="export_done_has_file"),
        ]

    def __str__(self):
        return f"{self.period_id}/{self.scope_id} {self.format} {self.status}"

    @property
    def filename(self) -> str:
        if self.first_period_id:
            plan = self.period.plan
            whole = (self.first_period.year, self.first_period.kind, self.period.year, self.period.is_annual) == (
                plan.first_year, ReportingPeriod.Kind.HALF_YEAR, plan.last_year, True)
            return f"{'tong-ket' if whole else 'so-ket'}-1306-{self.first_period.code}-{self.period.code}-{self.scope.code}.{self.format}"
        return f"bao-cao-1306-{self.period.code}-{self.scope.code}.{self.format}"


class RollupCell(models.Model):
    """A kept aggregate: one figure (`key`) of a period summed over the reports of the units
    that stood under `path` then, by their level and kind. Kept exact by every service that
    changes a report (reporting/kept_totals.py), so that dashboards at national size read a few
    hundred rows instead of aggregating a hundred thousand reports.

    Keys: expected; submitted, on_time, late (sent: submitted or accepted); returned (returned,
    awaiting correction); missing and due:YYYY-MM-DD (not sent: not started or draft, by
    deadline); accepted; yes:<indicator id> and sum:<indicator id> over the sent reports, and
    ayes:<indicator id>, asum:<indicator id> over the accepted ones (the "accepted only" basis)."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=255)
    parent = models.CharField(max_length=255)  # the path minus its last step: a scope's branches
    unit_level = models.CharField(max_length=16)
    unit_kind = models.CharField(max_length=32)
    key = models.CharField(max_length=32)
    value = models.DecimalField(max_digits=24, decimal_places=2, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["period", "path", "unit_level", "unit_kind", "key"], name="one_cell_per_key"),
        ]
        indexes = [models.Index(fields=["period", "parent"], name="cell_branches")]

    def __str__(self):
        return f"{self.period_id} {self.path} {self.unit_level}/{self.unit_kind} {self.key}={self.value}"
