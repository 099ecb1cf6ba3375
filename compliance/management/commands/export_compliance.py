"""python manage.py export_compliance --period 2023-Y --format pdf|xlsx [--union CODE] [--counted accepted] --output FILE"""
from django.core.management.base import BaseCommand, CommandError

from compliance.exports import compliance_file
from compliance.rollups import compliance_for_scope
from plans.selectors import newest_active_plan
from reporting.models import ReportingPeriod
from unions.models import Union


class Command(BaseCommand):
    help = "Write the compliance report of a period (the province, or one union's branch) as PDF or Excel."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="period code, e.g. 2023-Y")
        parser.add_argument("--plan", default="", help="plan code (default: the newest active plan with this period)")
        parser.add_argument("--format", required=True, choices=["pdf", "xlsx"])
        parser.add_argument("--union", default="", help="code of the union whose branch to report (default: the province)")
        parser.add_argument("--kind", default="", help="only units of this kind")
        parser.add_argument("--counted", default="sent", choices=["sent", "accepted"],
                            help="the figures of every sent report (default) or of accepted reports only")
        parser.add_argument("--output", required=True, help="file to write")

    def handle(self, *args, period, format, union, kind, output, counted, plan="", **options):
        # Two plans may be active (issue 16): the one named, or the newest active one with this period.
        periods = ReportingPeriod.objects.select_related("plan").filter(code=period)
        periods = periods.filter(plan__code=plan) if plan else periods.filter(plan__is_active=True)
        chosen = periods.order_by("-plan__first_year", "plan__code").first()
        if chosen is None:
            raise CommandError(f"Không có kỳ báo cáo {period} trong kế hoạch {plan or newest_active_plan()}.")
        if union:
            scope = Union.objects.filter(code=union).first()
            if scope is None:
                raise CommandError(f"Không có công đoàn mang mã {union}.")
        else:
            scope = Union.objects.filter(depth=1).order_by("path").first()  # the top of the tree
            if scope is None:
                raise CommandError("Chưa có đơn vị nào trong hệ thống.")
        rollup = compliance_for_scope(period=chosen, scope=scope, kind=kind, basis=counted)
        content = compliance_file(rollup=rollup, kind=kind, fmt=format)
        with open(output, "wb") as handle:
            handle.write(content)
        c = rollup.completeness
        self.stdout.write(f"{output}: {len(content):,} bytes — {scope.name}, {chosen.code}: "
                          f"{c.submitted}/{c.expected} đã gửi, {c.late} muộn, {c.returned} đã trả lại, chờ sửa, "
                          f"{c.missing} chưa gửi.")
