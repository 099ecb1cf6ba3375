"""A plan as data: its targets, task groups and the indicators a report is made of.
The next programme brings other targets; it is entered in the admin, not in code."""
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from unions.models import Level


class AppliesToLevels(models.Model):
    """Which levels of the hierarchy a plan, target or indicator concerns."""

    for_province = models.BooleanField(_("provincial federation"), default=False)
    for_upper = models.BooleanField(_("upper-level unions"), default=True)
    for_grassroots = models.BooleanField(_("grassroots unions"), default=True)

    class Meta:
        abstract = True

    LEVEL_FIELDS = {Level.PROVINCE: "for_province", Level.UPPER: "for_upper", Level.GRASSROOTS: "for_grassroots"}

    def applies_to(self, level: str) -> bool:
        field = self.LEVEL_FIELDS.get(level)  # the confederation reports on no plan of a province
        return bool(field) and getattr(self, field)

    @classmethod
    def q_for_level(cls, level: str, prefix: str = "") -> Q:
        return Q(**{prefix + cls.LEVEL_FIELDS[Level(level)]: True})

    @property
    def levels(self) -> list[str]:
        return [level for level, field in self.LEVEL_FIELDS.items() if getattr(self, field)]

    def levels_display(self) -> str:
        return ", ".join(str(Level(level).label) for level in self.levels)


class Plan(AppliesToLevels):
    """A programme to carry out, such as Plan 1306. Its applicable levels are those that report."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    document_number = models.CharField(_("document number"), max_length=64, blank=True)
    title = models.CharField(_("title"), max_length=500)
    programme = models.CharField(
        _("programme carried out"), max_length=500, blank=True,
        help_text=_("As the Board's documents name it, e.g. Chương trình số 1306/CTr-TLĐ “Công đoàn Việt Nam "
                    "đồng hành với Chính phủ…”. Empty: the plan's title."))
    summary = models.TextField(_("summary"), blank=True)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    h1_deadline_day = models.PositiveSmallIntegerField(_("six-month deadline: day"), default=10)
    h1_deadline_month = models.PositiveSmallIntegerField(_("six-month deadline: month"), default=6)
    annual_deadline_day = models.PositiveSmallIntegerField(_("annual deadline: day"), default=25)
    annual_deadline_month = models.PositiveSmallIntegerField(_("annual deadline: month"), default=11)
    is_active = models.BooleanField(_("active"), default=True)
    # Issue 16: a plan belongs to one province (its Board copies, edits and publishes it) or,
    # empty, to every province of the installation (then only a superuser changes it).
    province = models.ForeignKey(
        "unions.Union", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("province"), help_text=_("Empty: shared by every province (changed by superusers only)."),
    )
    copied_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                    verbose_name=_("copied from"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    is_demo = models.BooleanField(_("demonstration data"), default=False)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-first_year", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(last_year__gte=models.F("first_year")), name="plan_years_ordered"),
            models.CheckConstraint(
                condition=Q(h1_deadline_month__range=(1, 12), annual_deadline_month__range=(1, 12),
                            h1_deadline_day__range=(1, 31), annual_deadline_day__range=(1, 31)),
                name="plan_deadlines_are_dates",
            ),
        ]

    @property
    def programme_name(self) -> str:
        """The programme as documents name it (its title if none was given)."""
        return self.programme or self.title

    @property
    def programme_reference(self) -> str:
        """The programme's short name, without its quoted title ("Chương trình số 1306/CTr-TLĐ")."""
        return self.programme_name.split("“")[0].strip()

    def __str__(self):
        return f"{self.code} — {self.title}"


class Target(AppliesToLevels):
    """A target (chỉ tiêu) of section II, measured per unit and rolled up into a rate."""

    class Measure(models.TextChoices):
        SHARE_OF_UNITS = "share_of_units", _("Share of applicable units answering yes")
        RATIO_OF_COUNTS = "ratio_of_counts", _("Sum of a count over the sum of another")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets", verbose_name=_("plan"))
    code = models.CharField(_("code"), max_length=16)
    # The bullet of section II it comes from: CT5a and CT5b are two measures of bullet 5.
    number = models.PositiveSmallIntegerField(_("number in the plan"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    short_name = models.CharField(_("short name"), max_length=200)
    text = models.TextField(_("wording in the plan"))
    measure = models.CharField(_("measure"), max_length=32, choices=Measure.choices, default=Measure.SHARE_OF_UNITS)
    threshold = models.DecimalField(_("threshold (%)"), max_digits=5, decimal_places=2, default=100)
    threshold_year = models.PositiveSmallIntegerField(
        _("year the threshold must be reached"), null=True, blank=True,
        help_text=_("Empty: the threshold holds in every period."),
    )
    annual_only = models.BooleanField(_("annual reports only"), default=False)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["plan", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="target_code_unique_in_plan"),
            models.CheckConstraint(condition=Q(threshold__gte=0, threshold__lte=100), name="target_threshold_percent"),
        ]

    def __str__(self):
        return f"{self.code}. {self.short_name}"


class TaskGroup(models.Model):
    """A group of tasks and solutions (nhiệm vụ và giải pháp) of section III."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="task_groups", verbose_name=_("plan"))
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=500)
    text = models.TextField(_("wording in the plan"), blank=True)

    class Meta:
        verbose_name = _("task group")
        verbose_name_plural = _("task groups")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="task_group_number_unique_in_plan")]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Indicator(AppliesToLevels):
    """One figure or answer in a report, attached to a target or a task group (or to neither:
    the report's closing proposals and difficulties)."""

    class Kind(models.TextChoices):
        YES_NO = "yes_no", _("Yes/no")
        COUNT = "count", _("Count")
        MONEY = "money", _("Amount (VND)")
        PERCENT = "percent", _("Percent")
        TEXT = "text", _("Text")
        DATE = "date", pgettext_lazy("indicator kind", "Date")
        REFERENCE = "reference", _("Short text (number, name)")

    class Role(models.TextChoices):
        DETAIL = "detail", _("Detail")
        COMPLIANCE = "compliance", _("Decides whether the unit meets the target")
        NUMERATOR = "numerator", _("Numerator of the target's rate")
        DENOMINATOR = "denominator", _("Denominator of the target's rate")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("plan"))
    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, null=True, blank=True, related_name="indicators", verbose_name=_("target")
    )
    task_group = models.ForeignKey(
        TaskGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="indicators",
        verbose_name=_("task group"),
    )
    code = models.CharField(_("code"), max_length=32)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    label = models.CharField(_("label"), max_length=500)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.DETAIL)
    required = models.BooleanField(_("required to submit"), default=True)
    annual_only = models.BooleanField(_("annual reports only"), default=False)
    min_value = models.DecimalField(_("minimum"), max_digits=20, decimal_places=2, null=True, blank=True, default=0)
    max_value = models.DecimalField(_("maximum"), max_digits=20, decimal_places=2, null=True, blank=True)
    max_length = models.PositiveIntegerField(_("maximum length"), null=True, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["plan", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="indicator_code_unique_in_plan"),
            models.CheckConstraint(
                condition=~(Q(target__isnull=False) & Q(task_group__isnull=False)),
                name="indicator_in_target_or_task_group",
            ),
            models.CheckConstraint(
                condition=Q(max_value__isnull=True) | Q(min_value__isnull=True) | Q(max_value__gte=models.F("min_value")),
                name="indicator_bounds_ordered",
            ),
            models.CheckConstraint(
                condition=Q(role="detail") | Q(target__isnull=False), name="indicator_role_needs_target"
            ),
        ]

    def __str__(self):
        return f"{self.code} — {self.label}"

    @property
    def is_numeric(self) -> bool:
        from .values import kind_of  # the kinds know the model: imported when asked

        return kind_of(self).is_numeric

    def applies_to_period(self, *, level: str, annual: bool) -> bool:
        """Whether a report of a unit at `level` for a six-month (annual=False) or annual period asks this."""
        if not self.applies_to(level) or (self.annual_only and not annual):
            return False
        target = self.target
        return target is None or (target.applies_to(level) and (annual or not target.annual_only))


class IndicatorRule(models.Model):
    """A rule between two indicators of the same report, checked before a report is submitted."""

    class Kind(models.TextChoices):
        NOT_GREATER = "lte", _("first ≤ second")
        REQUIRED_IF_YES = "requires", _("second required (above zero, for a figure) when first is yes")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rules", verbose_name=_("plan"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    first = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+", verbose_name=_("first indicator"))
    second = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+", verbose_name=_("second indicator"))
    message = models.CharField(_("message shown at the field"), max_length=300)

    class Meta:
        verbose_name = _("rule between indicators")
        verbose_name_plural = _("rules between indicators")
        constraints = [
            models.CheckConstraint(condition=~Q(first=models.F("second")), name="rule_between_two_indicators"),
        ]

    def __str__(self):
        return f"{self.first.code} {self.get_kind_display()} {self.second.code}"
