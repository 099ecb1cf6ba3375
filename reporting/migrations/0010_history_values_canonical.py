"""History lines of counts, amounts and percentages were written from Decimals ("3E+2",
"1.234567E+8"); rewrite them as plain numbers ("300", "123456700"), the form plans.values
writes from now on. Lines already plain are left as they are."""
from decimal import Decimal, InvalidOperation

from django.db import migrations

NUMERIC = ("count", "money", "percent")


def _plain(text: str) -> str:
    if not text:
        return text
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    if not number.is_finite():
        return text
    number = number.normalize()
    if number == number.to_integral_value():
        return str(int(number))
    return format(number, "f")


def forwards(apps, schema_editor):
    ValueChange = apps.get_model("reporting", "ValueChange")
    changed = []
    for change in ValueChange.objects.filter(indicator__kind__in=NUMERIC).only("pk", "old", "new").iterator(
            chunk_size=2000):
        old, new = _plain(change.old), _plain(change.new)
        if (old, new) != (change.old, change.new):
            change.old, change.new = old, new
            changed.append(change)
        if len(changed) >= 2000:
            ValueChange.objects.bulk_update(changed, ["old", "new"])
            changed = []
    ValueChange.objects.bulk_update(changed, ["old", "new"])


class Migration(migrations.Migration):
    dependencies = [("reporting", "0009_evidence_events"), ("plans", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
