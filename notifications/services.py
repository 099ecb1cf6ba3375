"""Writes for reminders and notices that are neither planning nor sending: the Board's
reminder policy, and marking notifications read. Planning is notifications/planning.py,
sending notifications/sending.py."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from unions.selectors import user_province

from .models import Notification, ReminderPolicy
from .selectors import reminder_policy


# --- the Board's policy --------------------------------------------------------------------

@transaction.atomic
def reminder_policy_update(*, by, **fields) -> ReminderPolicy:
    """Change when units are reminded (the Policy-Law Board only): a province's Board changes
    its province's own policy (made from the national default the first time), a national
    Board the national default; nobody changes another province's."""
    if not getattr(by, "is_board", False):
        raise PermissionDenied(gettext("Only the Policy-Law Board changes the reminder policy."))
    default = reminder_policy()
    province = user_province(by)
    if province is None:
        policy = ReminderPolicy.objects.select_for_update().get(pk=default.pk)
    else:
        policy = ReminderPolicy.objects.select_for_update().filter(province=province).first()
        if policy is None:
            policy = ReminderPolicy(**{f.attname: getattr(default, f.attname) for f in ReminderPolicy._meta.concrete_fields
                                       if f.attname not in ("id", "province_id", "updated_by_id", "updated_at")},
                                    province=province)
    for name, value in fields.items():
        setattr(policy, name, value)
    policy.full_clean(exclude=["updated_by"])
    days = [int(part) for part in policy.days_before.replace(" ", "").split(",") if part]
    if any(day < 1 or day > 365 for day in days):
        raise ValidationError({"days_before": gettext("Each number of days must be between 1 and 365.")})
    if not days and not policy.on_the_day:
        raise ValidationError({"days_before": gettext("Give at least one day, or remind on the day itself.")})
    policy.days_before = ",".join(str(day) for day in sorted(set(days), reverse=True))
    policy.updated_by = by
    policy.save()
    return policy


# --- the portal ----------------------------------------------------------------------------

def notifications_mark_read(*, user, ids=None) -> int:
    """Mark the person's own notifications (all, or `ids`) as read; nobody else's."""
    notifications = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        notifications = notifications.filter(pk__in=ids)
    return notifications.update(read_at=timezone.now())
