"""Recount every period's kept aggregates from the reports (after an upgrade that changes
what the roll-ups count, or to check them): `python manage.py rollups_rebuild`."""
from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy as _

from reporting.kept_totals import rollups_rebuild
from reporting.models import ReportingPeriod


class Command(BaseCommand):
    help = _("Recount the kept aggregates of every period from its reports.")

    def add_arguments(self, parser):
        parser.add_argument("--period", help="only this period's code, such as 2023-Y")

    def handle(self, *args, **options):
        periods = ReportingPeriod.objects.order_by("plan_id", "year", "kind")
        if options["period"]:
            periods = periods.filter(code=options["period"])
        for period in periods:
            cells = rollups_rebuild(period=period)
            self.stdout.write(f"{period.plan.code} {period.code}: {cells}")
