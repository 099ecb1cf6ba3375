"""Deadline reminders: the Board's policy, the runs that plan reminders, one row per reminder
(claimed before it is sent, so that it goes out once) and what each person sees in the portal."""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models import Value
from django.db.models.functions import Coalesce, Now
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _, ngettext


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class ReminderPolicy(models.Model):
    """When units are reminded of their deadline: the row with no province is the national
    default; a province's Board keeps its own override (one row per province), which its
    units follow instead."""

    province = models.OneToOneField(
        "unions.Union", on_delete=models.CASCADE, null=True, blank=True, related_name="reminder_policy",
        limit_choices_to={"level": "province"}, verbose_name=_("provincial federation"),
        help_text=_("Empty: the national default, followed by every province without its own policy."),
    )

    is_active = models.BooleanField(_("reminders are sent"), default=True)
    days_before = models.CharField(
        _("days before the deadline"), max_length=64, default="14,7,3,1",
        validators=[RegexValidator(r"^\s*\d{1,3}(\s*,\s*\d{1,3})*\s*$",
                                   _("Whole numbers separated by commas, such as 14,7,3,1."))],
        help_text=_("Whole numbers separated by commas, such as 14,7,3,1."),
    )
    on_the_day = models.BooleanField(_("remind on the day of the deadline"), default=True)
    overdue_after_days = models.PositiveSmallIntegerField(
        _("first overdue notice (days after the deadline)"), default=1,
        validators=[MinValueValidator(1), MaxValueValidator(365)])
    overdue_every_days = models.PositiveSmallIntegerField(
        _("then repeat every (days)"), default=7, validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("Overdue notices and escalations repeat at this interval until the unit submits or the "
                    "period closes."))
    escalate = models.BooleanField(_("escalate overdue units to the level above"), default=True)
    escalate_after_days = models.PositiveSmallIntegerField(
        _("escalate from (days after the deadline)"), default=1,
        validators=[MinValueValidator(1), MaxValueValidator(365)])
    remind_returned = models.BooleanField(_("tell a unit when its report is returned"), default=True)
    digest_weekday = models.PositiveSmallIntegerField(_("weekly digest to the Board on"), choices=Weekday.choices,
                                                      default=Weekday.MONDAY)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("last changed by"))
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)

    class Meta:
        verbose_name = _("reminder policy")
        verbose_name_plural = _("reminder policy")
        constraints = [
            # One national default (no province); one override per province (the one-to-one).
            models.UniqueConstraint(Coalesce("province", Value(0)), name="one_national_default_policy"),
            models.CheckConstraint(condition=Q(overdue_after_days__gte=1, overdue_every_days__gte=1,
                                               escalate_after_days__gte=1),
                                   name="reminder_policy_intervals_positive"),
            models.CheckConstraint(condition=Q(digest_weekday__lte=6), name="reminder_policy_weekday"),
        ]

    def __str__(self):
        if self.province_id is None:
            return str(_("Reminder policy (national default)"))
        return str(_("Reminder policy of %(province)s") % {"province": self.province.name})

    @property
    def steps_before(self) -> list[int]:
        """Days before the deadline that have a reminder, largest first; 0 is the day itself."""
        days = {int(part) for part in self.days_before.replace(" ", "").split(",") if part}
        days.discard(0)
        if self.on_the_day:
            days.add(0)
        return sorted(days, reverse=True)


class ReminderRun(models.Model):
    """One planning pass: the day it planned for, where it came from and what it claimed.
    Its id is the claim token: the reminders it inserted are the ones it sends."""

    class Source(models.TextChoices):
        SCHEDULE = "schedule", _("Daily schedule")
        COMMAND = "command", _("Command line")
        RETURNS = "returns", _("Check for returned reports")

    day = models.DateField(_("day"))
    source = models.CharField(_("started by"), max_length=16, choices=Source.choices)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    counts = models.JSONField(_("reminders planned, by kind"), default=dict)
    planned = models.PositiveIntegerField(_("reminders planned"), default=0)

    class Meta:
        verbose_name = _("reminder run")
        verbose_name_plural = _("reminder runs")
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.day:%d/%m/%Y} {self.source} ({self.planned})"


class Reminder(models.Model):
    """One reminder: about one report (or, for the digest, one period), of one kind, at one
    step of the schedule. The unique constraints are the claim: a reminder exists once, and
    only the run that inserted it, then the worker that leases it, sends it."""

    class Kind(models.TextChoices):
        UPCOMING = "upcoming", _("Before the deadline")
        OVERDUE = "overdue", _("Overdue")
        ESCALATION = "escalation", _("Escalated to the level above")
        RETURNED = "returned", _("Report returned")
        DIGEST = "digest", _("Weekly digest to the Board")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        UNREACHABLE = "unreachable", _("Nobody to send it to")
        CANCELLED = "cancelled", _("No longer needed")

    DEADLINE_KINDS = (Kind.UPCOMING, Kind.OVERDUE, Kind.ESCALATION)

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    # Days before the deadline (upcoming, 0 = the day itself), days after it (overdue,
    # escalation), the ReportEvent that returned the report (returned), the week (digest).
    step = models.BigIntegerField(_("step"))
    report = models.ForeignKey("reporting.Report", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="reminders", verbose_name=_("report"))
    period = models.ForeignKey("reporting.ReportingPeriod", on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("period"))
    # The deadline the step counts from: an extension gives the report a new deadline, and so
    # a fresh schedule, while what was sent for the old one stays in the log.
    due_on = models.DateField(_("deadline"), null=True, blank=True)
    # Whose officers receive it: the report's unit, or the union above it for an escalation;
    # for the digest, the provincial federation whose Policy-Law Board receives it.
    recipient_unit = models.ForeignKey("unions.Union", on_delete=models.CASCADE, null=True, blank=True,
                                       related_name="+", verbose_name=_("sent to unit"))
    planned_on = models.DateField(_("planned for"))
    run = models.ForeignKey(ReminderRun, on_delete=models.SET_NULL, null=True, blank=True,
                            related_name="reminders", verbose_name=_("run"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, db_default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), db_default=0)
    lease_until = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    attempt_token = models.CharField(max_length=32, blank=True, db_default="")
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    recipients = models.TextField(_("e-mailed to"), blank=True, db_default="")
    last_error = models.TextField(_("last error"), blank=True, db_default="")
    created_at = models.DateTimeField(_("created at"), db_default=Now())

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-planned_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "kind", "due_on", "step"],
                                    condition=Q(kind__in=["upcoming", "overdue", "escalation"]),
                                    name="reminder_once_per_deadline_step"),
            models.UniqueConstraint(fields=["report", "kind", "step"], condition=Q(kind="returned"),
                                    name="reminder_once_per_return"),
            # One digest a week per period and province (its recipient_unit; each Board its own).
            models.UniqueConstraint(fields=["period", "kind", "step", "recipient_unit"], condition=Q(kind="digest"),
                                    name="digest_once_a_week_per_province"),
            models.CheckConstraint(condition=Q(kind="digest") | Q(report__isnull=False),
                                   name="reminder_about_a_report"),
            models.CheckConstraint(condition=~Q(kind__in=["upcoming", "overdue", "escalation"])
                                   | Q(due_on__isnull=False), name="deadline_reminder_has_deadline"),
            models.CheckConstraint(condition=~Q(status="sent") | Q(sent_at__isnull=False),
                                   name="sent_reminder_has_time"),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="reminder_to_retry"),
            models.Index(fields=["planned_on"], name="reminder_planned_on"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.step} — {self.report_id or self.period_id}"

    def step_display(self) -> str:
        match self.kind:
            case self.Kind.UPCOMING:
                if self.step == 0:
                    return gettext("on the day")
                return ngettext("%(n)d day before", "%(n)d days before", self.step) % {"n": self.step}
            case self.Kind.OVERDUE | self.Kind.ESCALATION:
                return ngettext("%(n)d day late", "%(n)d days late", self.step) % {"n": self.step}
            case _:
                return ""


class Notification(models.Model):
    """A reminder as one person sees it in the portal, behind the bell."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
                             related_name="notifications")
    reminder = models.ForeignKey(Reminder, verbose_name=_("reminder"), on_delete=models.CASCADE,
                                 related_name="notifications")
    kind = models.CharField(_("kind"), max_length=16, choices=Reminder.Kind.choices)
    # The unit the notice is about: the report's unit, or the union above for an escalation.
    unit = models.ForeignKey("unions.Union", verbose_name=_("unit"), on_delete=models.CASCADE, null=True, blank=True,
                             related_name="+")
    period = models.ForeignKey("reporting.ReportingPeriod", verbose_name=_("period"), on_delete=models.CASCADE,
                               related_name="+")
    due_on = models.DateField(_("due on"), null=True, blank=True)
    # days left (upcoming) or days late (overdue, escalation)
    days = models.IntegerField(_("days"), default=0)
    unit_count = models.PositiveIntegerField(_("units listed"), default=1)  # escalation, digest
    url = models.CharField(_("link"), max_length=255)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "reminder"], name="one_notification_per_person_and_reminder"),
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self):
        return f"{self.user_id}: {self.kind} {self.reminder_id}"

    def get_absolute_url(self):
        return reverse("notifications:open", args=[self.pk])

    @property
    def message(self) -> str:
        """What the notice says, in the reader's language."""
        values = {"report": self.period.title, "unit": self.unit.name if self.unit_id else "",
                  "date": self.due_on.strftime("%d/%m/%Y") if self.due_on else "", "days": self.days,
                  "n": self.unit_count}
        match self.kind:
            case Reminder.Kind.UPCOMING if self.days == 0:
                text = gettext("%(report)s of %(unit)s is due today, %(date)s.")
            case Reminder.Kind.UPCOMING:
                text = ngettext("%(report)s of %(unit)s is due in %(days)d day, on %(date)s.",
                                "%(report)s of %(unit)s is due in %(days)d days, on %(date)s.", self.days)
            case Reminder.Kind.OVERDUE:
                text = ngettext("%(report)s of %(unit)s is %(days)d day late (deadline %(date)s).",
                                "%(report)s of %(unit)s is %(days)d days late (deadline %(date)s).", self.days)
            case Reminder.Kind.RETURNED if getattr(self, "return_reason", ""):
                values["reason"] = self.return_reason
                text = gettext("%(report)s of %(unit)s was returned for correction. The level above writes: "
                               "“%(reason)s”")
            case Reminder.Kind.RETURNED:
                text = gettext("%(report)s of %(unit)s was returned for correction.")
            case Reminder.Kind.ESCALATION:
                text = ngettext("%(n)d unit under %(unit)s has not sent %(report)s.",
                                "%(n)d units under %(unit)s have not sent %(report)s.", self.unit_count)
            case _:
                text = ngettext("Weekly digest: %(n)d unit has not sent %(report)s.",
                                "Weekly digest: %(n)d units have not sent %(report)s.", self.unit_count)
        return text % values
