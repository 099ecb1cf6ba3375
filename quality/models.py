"""The Board's thresholds for the soft checks, per indicator, and the figures an officer
confirmed as typed when sending a report, with their explanation."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.models import Indicator
from reporting.models import Report


class Threshold(models.Model):
    """How far out of line a figure of one indicator may be before it is flagged. The row with
    no province is the national one, tuned by a national Board; a province's Board keeps its own
    rows, which its units are judged by instead. An indicator with neither uses the defaults of
    quality.checks.DEFAULTS."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="quality_thresholds",
                                  verbose_name=_("indicator"))
    province = models.ForeignKey(
        "unions.Union", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        limit_choices_to={"level": "province"}, verbose_name=_("provincial federation"),
        help_text=_("Empty: the national thresholds, followed by every province without its own."))
    enabled = models.BooleanField(_("checked"), default=True)
    floor = models.DecimalField(
        _("never flagged up to"), max_digits=20, decimal_places=0, default=0,
        help_text=_("A figure up to this is never flagged as far above the previous period or the peers."))
    previous_factor = models.DecimalField(
        _("times the previous period"), max_digits=8, decimal_places=2, null=True, blank=True,
        help_text=_("Flag a figure above this many times the unit's figure of the previous period. Empty: no check."))
    peer_factor = models.DecimalField(
        _("times the peers' median"), max_digits=8, decimal_places=2, null=True, blank=True,
        help_text=_("Flag a figure above this many times the median of units of the same kind and size. "
                    "Empty: no check."))
    min_peers = models.PositiveSmallIntegerField(
        _("fewest peers"), default=5, help_text=_("Fewer comparable units than this: no comparison with peers."))
    per_member = models.DecimalField(
        _("at most per member"), max_digits=20, decimal_places=2, null=True, blank=True,
        help_text=_("Flag a figure above the unit's members times this (times the figure below, if chosen). "
                    "Empty: no check."))
    per_member_times = models.ForeignKey(
        Indicator, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("times the figure"), help_text=_("e.g. participants: at most members × sessions held."))

    class Meta:
        verbose_name = _("data-quality threshold")
        verbose_name_plural = _("data-quality thresholds")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "province"], name="one_threshold_per_province"),
            models.UniqueConstraint(fields=["indicator"], condition=Q(province__isnull=True),
                                    name="one_national_threshold"),
            models.CheckConstraint(condition=Q(previous_factor__isnull=True) | Q(previous_factor__gt=1),
                                   name="threshold_previous_factor_above_one"),
            models.CheckConstraint(condition=Q(peer_factor__isnull=True) | Q(peer_factor__gt=1),
                                   name="threshold_peer_factor_above_one"),
            models.CheckConstraint(condition=Q(per_member__isnull=True) | Q(per_member__gt=0),
                                   name="threshold_per_member_positive"),
            models.CheckConstraint(condition=Q(floor__gte=0), name="threshold_floor_not_negative"),
            models.CheckConstraint(condition=Q(min_peers__gte=1), name="threshold_min_peers_positive"),
        ]

    def __str__(self):
        return f"{self.indicator.code}" if self.province_id is None else f"{self.indicator.code} ({self.province.name})"


class ConfirmedFigure(models.Model):
    """A flagged figure the officer confirmed as typed when sending the report. It marks the
    figure while the report holds that value (`canonical`); a changed value needs a new one."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="confirmed_figures")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("indicator"))
    canonical = models.CharField(_("value confirmed"), max_length=64)
    checks = models.CharField(_("checks"), max_length=64)  # the check codes it broke, comma-separated
    explanation = models.TextField(_("explanation"), blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("confirmed by"))
    confirmed_at = models.DateTimeField(_("confirmed at"), default=timezone.now)

    class Meta:
        verbose_name = _("confirmed figure")
        verbose_name_plural = _("confirmed figures")
        constraints = [models.UniqueConstraint(fields=["report", "indicator"], name="one_confirmation_per_figure")]

    def __str__(self):
        return f"{self.report_id} {self.indicator_id}={self.canonical}"
