from django import template

from notifications.selectors import unread_count

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notification_bell(context):
    """The bell in the navigation bar, with the person's unread count (one query)."""
    user = context.get("user")
    return {"unread": unread_count(user=user)}
