"""Sent reports with chosen figures, for the hand-worked examples of the soft checks."""
from django.utils import timezone

from plans.models import Indicator
from reporting.models import Report, ReportingPeriod, ReportValue
from reporting.periods import period_generate_reports


def period(plan, code):
    found = ReportingPeriod.objects.get(plan=plan, code=code)
    period_generate_reports(period=found)
    return found


def sent(plan, code, unit, status=Report.Status.SUBMITTED, **figures):
    """`unit`'s report of period `code`, sent (or in `status`) with these figures, by indicator code."""
    report = Report.objects.get(period__plan=plan, period__code=code, unit=unit)
    fields = dict(status=status, updated_at=timezone.now())
    if status in (Report.Status.SUBMITTED, Report.Status.ACCEPTED, Report.Status.RETURNED):
        fields["submitted_at"] = timezone.now()
    if status == Report.Status.ACCEPTED:
        fields["accepted_at"] = timezone.now()
    Report.objects.filter(pk=report.pk).update(**fields)
    indicators = {i.code: i for i in Indicator.objects.filter(plan=plan, code__in=figures)}
    ReportValue.objects.filter(report=report, indicator__code__in=figures).delete()
    ReportValue.objects.bulk_create([ReportValue(report=report, indicator=indicators[c], number=v)
                                     for c, v in figures.items()])
    report.refresh_from_db()
    return report


def ids(plan, *codes):
    return {i.code: i.pk for i in Indicator.objects.filter(plan=plan, code__in=codes)}
