"""The report form, generated from the plan's indicators that apply to the unit and period.

Each field knows its type, bounds and length; whether the report is complete and the rules
between indicators are the services' to check (reporting/services.py)."""
from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django import forms
from django.utils import formats
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from plans.models import Indicator

def inert(text) -> SafeString:
    """Plan wording (entered in the admin) made safe for crispy-forms, which renders a legend
    and an HTML() block as a Django template and then marks it safe: HTML is escaped, and the
    braces and percent signs become entities, so "{{ csrf_token }}" is shown, not evaluated."""
    return mark_safe(escape(text).replace("{", "&#123;").replace("}", "&#125;").replace("%", "&#37;"))


YES_NO_CHOICES = [("yes", _("Yes")), ("no", _("No"))]


class YesNoField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=YES_NO_CHOICES, coerce=lambda v: v == "yes", empty_value=None,
                         widget=forms.RadioSelect, **kwargs)

    def prepare_value(self, value):
        if value is True:
            return "yes"
        if value is False:
            return "no"
        return value


class GroupedIntegerField(forms.IntegerField):
    """A whole number as officers type it: 1.234.567, 1 234 567 or 1234567 (and 1,234,567
    in English). Grouping is never a decimal point in a count or an amount of dong."""

    def to_python(self, value):
        if isinstance(value, str):
            separators = {formats.get_format("THOUSAND_SEPARATOR"), ".", " ", "\u00a0"}
            for separator in separators:
                value = value.replace(separator, "")
        return super().to_python(value)


def field_for(indicator: Indicator) -> forms.Field:
    """The form field of one indicator: its type, bounds and length, never `required` (a draft
    may be incomplete; completeness is checked on submission)."""
    # The help text is shown unescaped by Django's and crispy's templates: escape it here.
    common = dict(label=indicator.label, help_text=escape(indicator.help_text), required=False)
    kind = Indicator.Kind
    bounds = {}
    if indicator.min_value is not None:
        bounds["min_value"] = indicator.min_value
    if indicator.max_value is not None:
        bounds["max_value"] = indicator.max_value
    match indicator.kind:
        case kind.YES_NO:
            return YesNoField(**common)
        case kind.COUNT | kind.MONEY:
            field = GroupedIntegerField(**{k: int(v) for k, v in bounds.items()}, **common)
            field.widget = forms.TextInput()
            field.widget.attrs.update(inputmode="numeric", autocomplete="off")
            if indicator.kind == kind.MONEY:
                field.widget.attrs["data-unit"] = "₫"
            return field
        case kind.PERCENT:
            field = forms.DecimalField(localize=True, max_digits=5, decimal_places=2, **bounds, **common)
            field.widget.attrs.update(inputmode="decimal", autocomplete="off")
            return field
        case kind.DATE:
            field = forms.DateField(**common)
            field.widget.attrs.update(placeholder="dd/mm/yyyy", autocomplete="off")
            return field
        case kind.TEXT:
            return forms.CharField(max_length=indicator.max_length or 4000,
                                   widget=forms.Textarea(attrs={"rows": 3}), **common)
        case _:
            return forms.CharField(max_length=indicator.max_length or 200, **common)


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
                names.append(InlineRadios(indicator.code) if indicator.kind == Indicator.Kind.YES_NO else indicator.code)
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


class ExtensionForm(forms.Form):
    new_deadline = forms.DateField(label=_("New deadline"), widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}))
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("PDF, DOCX, XLSX, JPG or PNG, up to 10 MB."))
    description = forms.CharField(label=_("What it is"), max_length=255, required=False)
