"""The report form, generated from the plan's indicators that apply to the unit and period.

Each field comes from its indicator's kind (plans.values: one grammar for typed figures);
whether the report is complete and the rules between indicators are the services' to check
(reporting/services.py)."""
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django import forms
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from plans.models import Indicator
from plans.values import kind_of
from unions.search import text_search
from unions.selectors import union_choice_labels

from .selectors import reports_for_own_review


def inert(text) -> SafeString:
    """Plan wording (entered in the admin) made safe for crispy-forms, which renders a legend
    and an HTML() block as a Django template and then marks it safe: HTML is escaped, and the
    braces and percent signs become entities, so "{{ csrf_token }}" is shown, not evaluated."""
    return mark_safe(escape(text).replace("{", "&#123;").replace("}", "&#125;").replace("%", "&#37;"))


def field_for(indicator: Indicator) -> forms.Field:
    """The form field of one indicator, from its kind (plans.values), never `required` (a draft
    may be incomplete; completeness is checked on submission)."""
    field = kind_of(indicator).form_field(indicator)
    # The help text is shown unescaped by Django's and crispy's templates: escape it here.
    field.help_text = escape(indicator.help_text)
    return field


class ReportForm(forms.Form):
    """All the report's figures; `sections` is reporting.selectors.report_sections' output."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, sections: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = sections
        self.indicators = {}
        layout = [Div("version")]
        parts = {"A": _("A. Results against the targets"), "B": _("B. Results of the task groups"),
                 "C": _("C. Proposals, recommendations and difficulties")}
        current_part = None
        for section in sections:
            if section["part"] != current_part:
                current_part = section["part"]
                layout.append(HTML(format_html('<h2 class="h4 mt-4">{}</h2>', parts[current_part])))
            names = []
            for row in section["rows"]:
                indicator = row["indicator"]
                self.fields[indicator.code] = field_for(indicator)
                self.indicators[indicator.code] = indicator
                names.append(kind_of(indicator).layout(indicator.code))
            legend = inert(section["title"]) if section["title"] else ""
            intro = section.get("intro")
            if intro:
                names.insert(0, HTML(format_html('<p class="small text-muted target-text">{}</p>', inert(intro))))
            layout.append(Fieldset(legend, *names, css_class="border rounded p-3 mb-3 bg-white"))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(*layout)

    @property
    def fields_with_errors(self) -> list:
        return [field for field in self if field.errors]

    def values(self) -> dict[int, object]:
        """The cleaned values by indicator id."""
        return {indicator.pk: self.cleaned_data.get(code) for code, indicator in self.indicators.items()}


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("Write the reason, so that the unit knows what to do.")})


class ReviewForm(forms.Form):
    """The reviewer's comment and the version of the report they looked at. The comment is
    required by the review steps (reporting/review.py) for a return or a reopening, not for an
    acceptance."""

    reason = forms.CharField(label=_("Comment"), max_length=2000, required=False,
                             help_text=_("Needed to return the report or reopen it; optional when accepting."),
                             widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ExtensionForm(forms.Form):
    """Whom to extend — units chosen by name or code among those of the Board's scope that have
    a report in the period (`units`, set by the view), or every unit — until when, and why."""

    units = forms.ModelMultipleChoiceField(label=_("Units"), queryset=None, to_field_name="code", required=False,
                                           error_messages={"invalid_choice": _("This unit is not in your scope or "
                                                                               "has no report in this period.")})
    every_unit = forms.BooleanField(label=_("Every unit of the period"), required=False)
    new_deadline = forms.DateField(label=_("New deadline"), widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}))
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("every_unit") and not cleaned.get("units") and "units" not in self.errors:
            raise forms.ValidationError(_("Choose the units to extend, or tick “every unit of the period”."))
        return cleaned


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("PDF, DOCX, XLSX, JPG or PNG, up to 10 MB."))
    description = forms.CharField(label=_("What it is"), max_length=255, required=False)


class ReviewQueueFilter(forms.Form):
    """What the review queue shows: a period, a branch (an upper-level union below the
    reviewer, or for the Board the reports waiting for the Board itself), a step, a unit."""

    OWN = "own"
    STEPS = {"waiting": ("submitted",), "returned": ("returned",), "accepted": ("accepted",),
             "all": ("submitted", "returned", "accepted")}

    period = forms.ChoiceField(label=_("Period"), required=False)
    branch = forms.ChoiceField(label=_("Branch"), required=False)
    step = forms.ChoiceField(label=_("Step"), required=False, choices=[
        ("waiting", _("Waiting for review")), ("returned", _("Returned, awaiting correction")),
        ("accepted", _("Accepted")), ("all", _("All of these"))])
    unit = forms.CharField(label=_("Unit (name or code)"), required=False, max_length=100)

    def __init__(self, *args, branches, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.branches = {str(b.pk): b for b in branches}
        labels = union_choice_labels(units=self.branches.values())
        self.fields["period"].choices = [("", _("All periods"))] + [(p.code, f"{p.code} — {p.title}") for p in periods]
        self.fields["branch"].choices = ([("", _("All branches")), (self.OWN, _("Waiting for my own unit"))]
                                         + [(pk, labels[b.pk]) for pk, b in self.branches.items()])
        self.is_valid()

    def value(self, name):
        return (self.cleaned_data or {}).get(name) or ""

    def statuses(self):
        return self.STEPS.get(self.value("step") or "waiting")

    def apply(self, reports, *, user):
        if self.value("period"):
            reports = reports.filter(period__code=self.value("period"))
        branch = self.value("branch")
        if branch == self.OWN:
            reports = reports_for_own_review(reports, user=user)
        elif branch in self.branches:
            reports = reports.filter(unit_path__startswith=self.branches[branch].path)
        if self.value("unit"):
            reports = text_search(reports, self.value("unit"), "unit__name", "unit__code")
        return reports
