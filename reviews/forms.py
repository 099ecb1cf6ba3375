"""What the Board chooses before a document is made: the review's span and scope, and the
document's number, date, signer and "Nơi nhận" (defaults from the plan's reporting line)."""
import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from compliance.rollups import ACCEPTED_BASIS, SENT_BASIS
from reporting.documents import document_details_defaults
from unions.fields import UnionChoiceField
from unions.models import Level


class DocumentDetailsForm(forms.Form):
    number = forms.CharField(label=_("Document number"), max_length=64,
                             help_text=_("As it will be registered, e.g. 15/BC-LĐLĐ."))
    date = forms.DateField(label=_("Document date"))
    on_behalf = forms.CharField(label=_("Signing on behalf of"), max_length=100)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=100)
    signer_name = forms.CharField(label=_("Signer's name"), max_length=100, required=False)
    recipients = forms.CharField(label=_("Distribution list (Nơi nhận)"), max_length=2000,
                                 widget=forms.Textarea(attrs={"rows": 5}), help_text=_("One recipient per line."))

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        defaults = document_details_defaults(scope=scope)
        for name in ("number", "on_behalf", "signer_title", "signer_name"):
            self.fields[name].initial = defaults[name]
        self.fields["date"].initial = datetime.date.fromisoformat(defaults["date"])
        self.fields["recipients"].initial = "\n".join(defaults["recipients"])

    def clean_recipients(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["recipients"].splitlines() if line.strip()]
        if not lines:
            raise forms.ValidationError(_("Name at least one recipient."))
        return lines

    def details(self) -> dict:
        """The details as the export keeps them (Export.details)."""
        data = self.cleaned_data
        return {"number": data["number"].strip(), "date": data["date"].isoformat(),
                "on_behalf": data["on_behalf"].strip(), "signer_title": data["signer_title"].strip(),
                "signer_name": data["signer_name"].strip(), "recipients": data["recipients"]}


class ReviewForm(DocumentDetailsForm):
    first = forms.ModelChoiceField(label=_("From the period"), queryset=None, to_field_name="code")
    last = forms.ModelChoiceField(label=_("To the period"), queryset=None, to_field_name="code")
    unit = UnionChoiceField(label=_("For"), queryset=None, to_field_name="code", required=False,
                                  help_text=_("The province, or one of its branches."))
    counted = forms.ChoiceField(label=_("Figures counted"), initial=SENT_BASIS, choices=[
        (SENT_BASIS, _("Every sent report (a returned one only once sent again)")),
        (ACCEPTED_BASIS, _("Accepted reports only"))])
    format = forms.ChoiceField(label=_("File"), choices=[("pdf", "PDF"), ("xlsx", "Excel")], initial="pdf")
    field_order = ["first", "last", "unit", "counted", "format"]

    def __init__(self, *args, periods, units, scope, **kwargs):
        super().__init__(*args, scope=scope, **kwargs)
        self.fields["first"].queryset = self.fields["last"].queryset = periods
        self.fields["unit"].queryset = units.exclude(level=Level.GRASSROOTS).order_by("path")
        ordered = list(periods.order_by("year", "kind"))
        if ordered:
            self.fields["first"].initial, self.fields["last"].initial = ordered[0].code, ordered[-1].code
        self.fields["unit"].initial = scope.code

    def clean(self):
        data = super().clean()
        first, last = data.get("first"), data.get("last")
        if first and last:
            if first.plan_id != last.plan_id:
                raise forms.ValidationError(_("Both periods must belong to the same plan."))
            if (first.year, first.kind) > (last.year, last.kind):
                self.add_error("last", _("The span must end on or after the period it starts from."))
        return data
