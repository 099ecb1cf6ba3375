"""People who use the portal: each belongs to one unit and has one role."""
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    GRASSROOTS_OFFICER = "grassroots_officer", _("Grassroots union officer")
    UPPER_OFFICER = "upper_officer", _("Upper-level union officer")
    POLICY_LAW_BOARD = "policy_law_board", _("Policy-Law Board")
    LEADERSHIP = "leadership", _("Standing Committee")
    ADMINISTRATOR = "administrator", _("Administrator")


class User(AbstractUser):
    unit = models.ForeignKey(
        "unions.Union", verbose_name=_("unit"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="officers",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.GRASSROOTS_OFFICER)
    phone = models.CharField(_("phone"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | Q(is_superuser=True),
                name="user_has_unit_unless_superuser",
            ),
        ]

    def get_full_name(self) -> str:
        """Vietnamese order: family name first (Nguyễn Thị Lan)."""
        return f"{self.last_name} {self.first_name}".strip()

    @property
    def is_board(self) -> bool:
        return self.role == Role.POLICY_LAW_BOARD

    @property
    def is_reviewer(self) -> bool:
        """Reviews reports of the units below: upper-level officers and the Board."""
        return self.role in (Role.UPPER_OFFICER, Role.POLICY_LAW_BOARD)

    @property
    def is_read_only(self) -> bool:
        return self.role == Role.LEADERSHIP

    @property
    def fills_reports(self) -> bool:
        """Fills in their own unit's report."""
        return self.role in (Role.GRASSROOTS_OFFICER, Role.UPPER_OFFICER)
