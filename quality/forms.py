"""The soft checks on the report form and the review queue: warnings at the field (never an
error: a draft is always saved) and what the templates of quality/ need."""
from decimal import Decimal

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy as _

from plans.models import Indicator
from plans.values import kind_of

from .selectors import finding_counts, findings_described, findings_for_report, findings_for_values


def warning_text(finding) -> str:
    reasons = "; ".join(gettext("%(check)s (expected at most %(limit)s)") % {"check": label, "limit": limit}
                        for label, limit in finding.reasons)
    return gettext("Check this figure: %(reasons)s.") % {"reasons": reasons}


def quality_form_context(*, form, report, to_confirm=None) -> dict:
    """The flagged figures of the form — those held for confirmation, or else those of the
    figures typed (a form sent back with errors) or stored (after a draft is saved) — each
    also written at its field."""
    if to_confirm is not None:
        findings = to_confirm
    elif form.is_bound:
        findings = findings_described(findings_for_values(report=report, values=form.values())) \
            if hasattr(form, "cleaned_data") else []
    else:
        findings = findings_for_report(report=report)
    for finding in findings:
        field = form.fields.get(finding.indicator.code)
        if field is None:
            continue
        warning = format_html('<span class="quality-warning d-block text-warning-emphasis fw-semibold" '
                              'data-testid="quality-warning">⚠ {}</span>',
                              warning_text(finding))
        field.help_text = format_html("{}{}", warning, format_html(" {}", field.help_text) if field.help_text else "")
        field.widget.attrs["class"] = (field.widget.attrs.get("class", "") + " is-flagged border-warning border-2").strip()
    return {"quality_findings": findings, "quality_to_confirm": to_confirm}


def with_flagged_counts(reports: list) -> list:
    """Each report with `flagged`: how many of its figures the checks flag."""
    counts = finding_counts(reports=reports)
    for report in reports:
        report.flagged = counts.get(report.pk, 0)
    return reports


class ThresholdForm(forms.Form):
    """The Board's thresholds for one indicator; the rules the database holds are checked here
    first so that the Board reads them at the field."""

    enabled = forms.BooleanField(label=_("checked"), required=False)
    floor = forms.DecimalField(label=_("never flagged up to"), min_value=0, decimal_places=0, max_digits=20,
                               localize=True)
    previous_factor = forms.DecimalField(label=_("times the previous period"), required=False, min_value=Decimal("1.01"),
                                         max_digits=8, decimal_places=2, localize=True)
    peer_factor = forms.DecimalField(label=_("times the peers' median"), required=False, min_value=Decimal("1.01"),
                                     max_digits=8, decimal_places=2, localize=True)
    min_peers = forms.IntegerField(label=_("fewest peers"), min_value=1, max_value=1000)
    per_member = forms.DecimalField(label=_("at most per member"), required=False, min_value=Decimal("0.01"),
                                    max_digits=20, decimal_places=2, localize=True)
    per_member_times = forms.ModelChoiceField(label=_("times the figure"), queryset=Indicator.objects.none(),
                                              empty_label="—", required=False)

    def __init__(self, *args, rule, indicator, plan, **kwargs):
        if rule is not None:
            kwargs["initial"] = dict(enabled=True, floor=rule.floor, previous_factor=rule.previous_factor,
                                     peer_factor=rule.peer_factor, min_peers=rule.min_peers,
                                     per_member=rule.per_member, per_member_times=rule.times_id)
        elif not args:
            kwargs["initial"] = dict(enabled=False, floor=0, min_peers=5)
        super().__init__(*args, prefix=f"t{indicator.pk}", **kwargs)
        # Figures of the indicator's own kind are typed and shown as everywhere (50.000.000 ₫).
        whole = ("floor", "per_member") if indicator.kind == Indicator.Kind.MONEY else ("floor",)
        for name in whole:
            field = kind_of(indicator).form_field(indicator)
            field.label, field.help_text, field.required = self.fields[name].label, "", name == "floor"
            self.fields[name] = field
        self.fields["per_member_times"].queryset = Indicator.objects.filter(
            plan=plan, kind=Indicator.Kind.COUNT).exclude(pk=indicator.pk).order_by("order", "code")
        for name, field in self.fields.items():
            field.widget.attrs["class"] = {"enabled": "form-check-input", "per_member_times": "form-select form-select-sm"}.get(
                name, "form-control form-control-sm")
            if name not in ("enabled", "per_member_times"):
                field.widget.attrs.update(inputmode="decimal", autocomplete="off")
