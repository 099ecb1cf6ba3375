"""python manage.py export_review --format pdf|xlsx [--from 2019-H1] [--to 2023-Y] [--union CODE] [--counted accepted]
[--number 15/BC-LĐLĐ] [--signer "Họ tên"] --output FILE"""
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from plans.selectors import newest_active_plan
from reporting.documents import document_details_defaults
from reporting.models import ReportingPeriod
from reviews.documents import review_pdf, review_workbook
from reviews.selectors import programme_review
from unions.models import Union


class Command(BaseCommand):
    help = "Write the review of the programme (sơ kết / tổng kết) over a span of periods as PDF or Excel."

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=["pdf", "xlsx"])
        parser.add_argument("--from", dest="first", default="", help="first period (default: the plan's first)")
        parser.add_argument("--to", dest="last", default="", help="last period (default: the plan's last)")
        parser.add_argument("--union", default="", help="code of the union whose branch to review (default: the province)")
        parser.add_argument("--counted", default="sent", choices=["sent", "accepted"])
        parser.add_argument("--number", default="", help="the document's number, e.g. 15/BC-LĐLĐ")
        parser.add_argument("--signer", default="", help="the signer's name")
        parser.add_argument("--output", required=True, help="file to write")

    def handle(self, *args, format, first, last, union, counted, number, signer, output, **options):
        plan = newest_active_plan()

        def period(code):
            if not code:
                return None
            found = ReportingPeriod.objects.filter(plan=plan, code=code).first()
            if found is None:
                raise CommandError(f"Không có kỳ báo cáo {code} trong kế hoạch {plan}.")
            return found

        scope = (Union.objects.filter(code=union).first() if union
                 else Union.objects.filter(depth=1).order_by("path").first())
        if scope is None:
            raise CommandError(f"Không có công đoàn mang mã {union}." if union else "Chưa có đơn vị nào trong hệ thống.")
        started = time.monotonic()
        review = programme_review(plan=plan, scope=scope, first=period(first), last=period(last), basis=counted)
        details = {**document_details_defaults(scope=scope), **({"number": number} if number else {}),
                   **({"signer_name": signer} if signer else {})}
        with translation.override("vi"):
            content = review_pdf(review=review, details=details) if format == "pdf" else review_workbook(review=review)
        with open(output, "wb") as handle:
            handle.write(content)
        self.stdout.write(f"{output}: {len(content):,} bytes — {scope.name}, {review.first.code} … {review.last.code}, "
                          f"{time.monotonic() - started:.1f} s.")
