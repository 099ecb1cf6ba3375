"""The union hierarchy: one tree for every level, with the history of where each unit stood."""
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node


class Level(models.TextChoices):
    NATIONAL = "national", _("Confederation")
    PROVINCE = "province", _("Provincial federation")
    UPPER = "upper", _("Upper-level union")
    GRASSROOTS = "grassroots", _("Grassroots union")


class Kind(models.TextChoices):
    CONFEDERATION = "confederation", _("Vietnam General Confederation of Labour")
    PROVINCE_FEDERATION = "province_federation", _("Provincial federation of labour")
    DISTRICT_FEDERATION = "district_federation", _("District/city federation of labour")
    SECTORAL = "sectoral", _("Sectoral union")
    PUBLIC_EMPLOYEES = "public_employees", _("Public employees' union")
    INDUSTRIAL_ZONE = "industrial_zone", _("Industrial/economic zone union")
    COMMUNE_WARD = "commune_ward", _("Commune/ward union")
    GRASSROOTS_AGENCY = "grassroots_agency", _("Grassroots union in an agency or public unit")
    GRASSROOTS_ENTERPRISE = "grassroots_enterprise", _("Grassroots union in an enterprise")


KINDS_BY_LEVEL = {
    Level.NATIONAL: [Kind.CONFEDERATION],
    Level.PROVINCE: [Kind.PROVINCE_FEDERATION],
    Level.UPPER: [
        Kind.DISTRICT_FEDERATION,
        Kind.SECTORAL,
        Kind.PUBLIC_EMPLOYEES,
        Kind.INDUSTRIAL_ZONE,
        Kind.COMMUNE_WARD,
    ],
    Level.GRASSROOTS: [Kind.GRASSROOTS_AGENCY, Kind.GRASSROOTS_ENTERPRISE],
}


class Union(MP_Node):
    """A trade union at any level. Its place in today's tree is treebeard's materialised
    path; where it stood on an earlier date is kept in UnionPlacement."""

    steplen = 4  # 36**4 = 1.6 million children per parent: room for a national tree.

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, db_index=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, db_index=True)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    member_count = models.PositiveIntegerField(_("members"), default=0)

    class Meta:
        verbose_name = _("union")
        verbose_name_plural = _("unions")
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gt=models.F("opened_on")),
                name="union_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=(
                    Q(level=Level.NATIONAL, kind__in=KINDS_BY_LEVEL[Level.NATIONAL])
                    | Q(level=Level.PROVINCE, kind__in=KINDS_BY_LEVEL[Level.PROVINCE])
                    | Q(level=Level.UPPER, kind__in=KINDS_BY_LEVEL[Level.UPPER])
                    | Q(level=Level.GRASSROOTS, kind__in=KINDS_BY_LEVEL[Level.GRASSROOTS])
                ),
                name="union_kind_matches_level",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("unions:detail", args=[self.pk])

    @property
    def parent(self) -> "Union | None":
        """The unit directly above in today's tree."""
        return Union.objects.get_parent(self)

    def is_open_on(self, day) -> bool:
        return self.opened_on <= day and (self.closed_on is None or self.closed_on > day)


class UnionPlacement(models.Model):
    """Where a unit stood in the tree from `valid_from` until the day before `valid_until`.

    A copy of the unit's treebeard path at the time: a past period's roll-up filters these
    rows by date and path prefix, so it follows the tree as it stood then."""

    union = models.ForeignKey(Union, on_delete=models.CASCADE, related_name="placements")
    path = models.CharField(max_length=255, db_index=True)
    depth = models.PositiveIntegerField()
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gt=models.F("valid_from")),
                name="placement_interval_not_empty",
            ),
            models.UniqueConstraint(
                fields=["union"], condition=Q(valid_until__isnull=True), name="one_open_placement_per_union"
            ),
        ]
        indexes = [models.Index(fields=["valid_from", "valid_until"], name="placement_validity")]

    def __str__(self):
        return f"{self.union_id} {self.path} [{self.valid_from}, {self.valid_until})"
