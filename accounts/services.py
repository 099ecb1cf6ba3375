"""Writes of user accounts. An administrator who is not a superuser places people only inside
their own part of the tree and grants no rights: not superuser, not staff, no groups, no
permissions (those stay with the superusers)."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from unions.selectors import union_writable_by

from .models import User

RIGHTS = ("is_superuser", "is_staff")


def _grants_rights(by) -> bool:
    # As saved: `by` may be the very account being changed, its flag already ticked in memory.
    return by is None or User.objects.filter(pk=by.pk, is_superuser=True, is_active=True).exists()


def user_validate(*, by, user: User) -> None:
    """Raise ValidationError, keyed by field, if `by` may not save `user` as it stands now."""
    if _grants_rights(by):
        return
    if user.pk is not None and not user_changeable_by(by=by, user_pk=user.pk):
        raise PermissionDenied(_("This account belongs to a unit outside your part of the hierarchy."))
    if user.unit is None or not union_writable_by(user=by, union=user.unit):
        raise ValidationError({"unit": _("Choose a unit inside your own part of the hierarchy.")})
    before = (User.objects.filter(pk=user.pk).values(*RIGHTS).first() if user.pk else None) or dict.fromkeys(
        RIGHTS, False)
    for name in RIGHTS:
        if bool(getattr(user, name)) != bool(before[name]):
            raise ValidationError({name: _("Only a superuser can grant or take away this right.")})


def user_changeable_by(*, by, user_pk: int) -> bool:
    """Whether the account `user_pk`, as saved, is one `by` may change (a superuser's never)."""
    saved = User.objects.select_related("unit").filter(pk=user_pk).first()
    if saved is None:
        return True
    if saved.is_superuser:
        return False
    return saved.unit is not None and union_writable_by(user=by, union=saved.unit)


@transaction.atomic
def user_save(*, by, user: User) -> User:
    """Create or change an account (the admin's form has set its fields) after checking that
    `by` may: inside their tree, no right granted unless by a superuser."""
    user_validate(by=by, user=user)
    user.save()
    return user


@transaction.atomic
def user_access_set(*, by, user: User, groups, permissions) -> User:
    """Set the account's groups and permissions: a superuser's decision only."""
    if not _grants_rights(by):
        raise PermissionDenied(_("Only a superuser can grant groups or permissions."))
    user.groups.set(groups)
    user.user_permissions.set(permissions)
    return user
