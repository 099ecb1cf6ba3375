"""The Board's plan forms: copy a plan, edit the copy's wording, thresholds, levels, years and
deadlines. Which fields are open is the service's rule (plans.services.plan_fields_open)."""
from django import forms
from django.forms import modelformset_factory
from django.utils.translation import gettext_lazy as _

from .models import Indicator, Plan, TaskGroup, Target
from .services import INDICATOR_FIELDS, PLAN_FIELDS, TARGET_FIELDS, TASK_GROUP_FIELDS


class PlanCopyForm(forms.Form):
    code = forms.CharField(label=_("Code of the new plan"), max_length=32)
    title = forms.CharField(label=_("Title"), max_length=500)
    first_year = forms.IntegerField(label=_("First year"), min_value=2000, max_value=2100)
    last_year = forms.IntegerField(label=_("Last year"), min_value=2000, max_value=2100)


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = PLAN_FIELDS
        widgets = {"title": forms.Textarea(attrs={"rows": 2}), "summary": forms.Textarea(attrs={"rows": 3})}


class TargetForm(forms.ModelForm):
    class Meta:
        model = Target
        fields = TARGET_FIELDS
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class TaskGroupForm(forms.ModelForm):
    class Meta:
        model = TaskGroup
        fields = TASK_GROUP_FIELDS
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = INDICATOR_FIELDS


TargetFormSet = modelformset_factory(Target, form=TargetForm, extra=0, can_delete=False)
TaskGroupFormSet = modelformset_factory(TaskGroup, form=TaskGroupForm, extra=0, can_delete=False)
IndicatorFormSet = modelformset_factory(Indicator, form=IndicatorForm, extra=0, can_delete=False)


def lock_fields(form: forms.ModelForm, open_fields) -> None:
    """Show the fields that may no longer change, but disabled (the service refuses them anyway)."""
    for name, field in form.fields.items():
        if name not in open_fields and name != "id":  # the row's id is how the formset finds it
            field.disabled = True
