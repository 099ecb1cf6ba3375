"""The demo has a few figures typed wrong on purpose; the Board's page finds exactly them."""
import pytest

from accounts.models import User
from quality.selectors import quality_board
from demo.reports import ReportFiller
from reporting.models import ReportingPeriod
from demo import hierarchy as data

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_seeded):
    return demo_seeded


def test_the_boards_page_finds_exactly_the_planted_figures(demo, client):
    board = User.objects.get(username="bancspl")
    period = ReportingPeriod.objects.get(is_open=True)
    found = quality_board(period=period, scope=board.unit)
    rows = [(branch["name"], row) for branch in found["branches"] for group in branch["indicators"]
            for row in group["rows"]]
    assert sorted(row.indicator.code for _, row in rows) == sorted(code for _, code, *_ in ReportFiller.PLANTED)
    by_code = {row.indicator.code: (branch, row) for branch, row in rows}
    vinh_linh = next(row[2] for row in data.UPPER_UNIONS if row[0] == data.DEMO_GRASSROOTS[0])
    branch, participants = by_code["NV1_PARTICIPANTS"]
    assert branch == vinh_linh and "capacity" in participants.checks
    assert participants.value % 100 == 0 and participants.confirmation.explanation.startswith("Số liệu đúng")
    assert by_code["NV3_INITIATIVES"][1].report.unit_level == "upper"
    assert by_code["NV5_AMOUNT"][1].value % 1000 == 0 and by_code["NV5_AMOUNT"][1].confirmation is None
    # The Board's page shows them, and the reviewer of Vĩnh Linh has the confirmed one in the queue.
    client.force_login(board)
    page = client.get("/quality/").content.decode()
    assert page.count('data-testid="quality-row"') == 3
    client.force_login(User.objects.get(username="ldld.vinhlinh"))
    queue = client.get("/review/", {"period": period.code}).content.decode()
    assert queue.count('<span class="badge text-bg-warning">1</span>') == 1
