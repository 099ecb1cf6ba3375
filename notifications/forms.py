from django import forms

from .models import ReminderPolicy


class ReminderPolicyForm(forms.ModelForm):
    """The fields the Board edits; the service validates the whole policy."""

    class Meta:
        model = ReminderPolicy
        fields = ["is_active", "days_before", "on_the_day", "overdue_after_days", "overdue_every_days", "escalate",
                  "escalate_after_days", "remind_returned", "digest_weekday"]
