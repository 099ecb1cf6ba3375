"""A choice of unit that tells namesakes apart: each option reads code, name and parent."""
from django import forms

from .selectors import union_choice_labels


class UnionChoiceField(forms.ModelChoiceField):
    """The options' labels are made for the whole queryset at once (one query for the parents),
    whatever the number of units."""

    def _set_queryset(self, queryset):
        super()._set_queryset(queryset)
        self._labels = None

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def label_from_instance(self, obj):
        if self._labels is None:
            self._labels = union_choice_labels(units=self.queryset)
        return self._labels.get(obj.pk) or super().label_from_instance(obj)
