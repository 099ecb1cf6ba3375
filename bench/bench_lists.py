"""Pages whose cost depends on what they show (issue 13), inside national data (`seed_scale
--grassroots N --periods 10`): the missing-reports page, the review queue and the Board's
home, for the confederation's Board and for one province's. BENCH_GRASSROOTS sets the size
(default 130000); aim < 300 ms each."""
import io
import os
import time

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from bench.timing import measure

SIZE = int(os.environ.get("BENCH_GRASSROOTS", "130000"))


def run() -> None:
    # Django is set up (bench/__main__.py) before a benchmark imports the project
    from accounts.models import Role, User
    from reporting.models import Report, ReportingPeriod
    from unions.models import Union

    if not Union.objects.filter(code="VN").exists():
        started = time.perf_counter()
        call_command("seed_scale", "--grassroots", str(SIZE), "--periods", "10", stdout=io.StringIO())
        print(f"   seed_scale --grassroots {SIZE:,} --periods 10: {time.perf_counter() - started:.0f} s")
    period = ReportingPeriod.objects.get(code="2023-Y")
    root = Union.objects.get(code="VN")
    province = Union.objects.get_children(root).order_by("path").first()
    boards = {
        "national": User.objects.create_user("bench.lists.vn", password="x", unit=root, role=Role.POLICY_LAW_BOARD),
        "province": User.objects.create_user("bench.lists.p", password="x", unit=province,
                                             role=Role.POLICY_LAW_BOARD),
    }
    print(f"   {Report.objects.count():,} reports; {Report.objects.filter(status='submitted').count():,} waiting "
          f"for review; {Report.objects.filter(period=period, status__in=['not_started', 'draft', 'returned']).count():,}"
          f" still to send in {period.code}; the province {province.name}: "
          f"{Union.objects.filter(path__startswith=province.path).count():,} units")
    missing_url = reverse("notifications:missing", args=[period.pk])
    for who, board in boards.items():
        client = Client()
        client.force_login(board)

        def page(url, **params):
            response = client.get(url, params)
            assert response.status_code == 200, (url, response.status_code)
            return response

        shown = page(missing_url).context["missing"]
        print(f"   {who}: missing list {shown.count:,} reports in {len(shown.groups)} groups on page 1 of "
              f"{shown.page.paginator.num_pages}; queue {page('/review/').context['page'].paginator.count:,}")
        measure(f"missing list page, {who} Board, {period.code} (aim < 300 ms)",
                lambda: page(missing_url), repeat=5, below=300)
        measure(f"missing list, its last page, {who} Board",
                lambda: page(missing_url, page="last"), repeat=3)
        measure(f"review queue page, {who} Board (aim < 300 ms)", lambda: page("/review/"), repeat=5, below=300)
        measure(f"the Board's home, {who} (aim < 300 ms)", lambda: page("/"), repeat=5, below=300)
