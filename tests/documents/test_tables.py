"""Tables in the PDFs, read back with `pdftotext -bbox`: with every sum at 9.999.999 and names
that wrap, no word leaves its cell (each lies between its column's edges), no annex row is
split across pages (a unit's code and the end of its name are on one page), the header row
is repeated on every annex page, and a union's name in the heading breaks only before its
place ("LIÊN ĐOÀN LAO ĐỘNG / HUYỆN VĨNH LINH", never "HUYỆN VĨNH / LINH")."""
import re

from reporting.documents import report_pdf
from compliance.exports import compliance_pdf
from reporting.models import Report
from compliance.rollups import compliance_for_scope
from reviews.documents import review_pdf
from reviews.selectors import programme_review
from tests.documents.conftest import EXTRA_UNITS
from tests.documents.pdf_tools import words

MM = 72 / 25.4
PAGE_WIDTH = 210 * MM
LEFT, RIGHT = 30 * MM, 210 * MM - 15 * MM  # Decree 30 margins of the text block
TOP = 20 * MM  # above: the page number
FIGURE = re.compile(r"^\d{1,3}(\.\d{3})*$")


def edges(percentages: list[float]) -> list[float]:
    width, x, found = RIGHT - LEFT, LEFT, [LEFT]
    for share in percentages:
        x += width * share / 100
        found.append(x)
    return found


def assert_inside_columns(found, columns: list[float], *, what: str):
    """Each word lies wholly in the column its middle falls in (half a point of slack)."""
    assert found, f"no words checked in {what}"
    for word in found:
        middle = (word.x_min + word.x_max) / 2
        n = next(n for n in range(len(columns) - 1) if columns[n] <= middle <= columns[n + 1])
        assert columns[n] - 0.5 <= word.x_min and word.x_max <= columns[n + 1] + 0.5, (what, word)


def between(found, start, end):
    """The words after `start` and before `end` (reading order: page, then top to bottom)."""
    key = lambda w: (w.page, w.y_min)  # noqa: E731
    return [w for w in found if key(start) < key(w) < key(end) and w.y_min > TOP]  # not the page number


def first(found, text, after=None):
    return next(w for w in found if w.text == text and (after is None or (w.page, w.y_min) > (after.page, after.y_min)))


def test_nothing_leaves_its_cell_or_the_page_and_no_annex_row_is_split(extreme, tmp_path):
    tree, period = extreme["tree"], extreme["period"]
    path = tmp_path / "province.pdf"
    path.write_bytes(compliance_pdf(rollup=compliance_for_scope(period=period, scope=tree["province"])))
    found = words(path)
    assert all(LEFT - 1 <= w.x_min and w.x_max <= RIGHT + 1 for w in found), "a word leaves the text block"
    # II. the targets: "9.999.999 / 9.999.999 v.bản" and every rate inside their columns.
    targets = between(found, first(found, "II."), first(found, "III."))
    header = first(targets, "Đánh")
    rows = [w for w in targets if w.y_min > header.y_max or w.page > header.page]
    assert "9.999.999" in {w.text for w in rows}
    assert_inside_columns(rows, edges([34, 19, 11, 13, 10, 13]), what="targets")
    # III. the task-group sums, 9.999.999 and 9.999.999 ₫, in the right-hand column.
    sums = [w for w in between(found, first(found, "III."), first(found, "IV.")) if FIGURE.match(w.text) or w.text == "₫"]
    assert "9.999.999" in {w.text for w in sums}
    assert_inside_columns(sums, edges([75, 25]), what="task groups")
    # The annex: one row per unit, never split, the header on every page.
    annex_start = first(found, "PHỤ")
    annex = [w for w in found if (w.page, w.y_min) > (annex_start.page, annex_start.y_min)]
    pages = sorted({w.page for w in annex})
    assert len(pages) >= 2, "the annex should run over several pages for this test to mean anything"
    for n in range(1, EXTRA_UNITS + 1):
        marks = [w for w in annex if w.text == f"CN{n:03d}"]
        assert len(marks) == 2, (n, marks)  # the code, and the end of the name
        assert marks[0].page == marks[1].page, f"the row of CN{n:03d} is split across pages {marks}"
    for page in pages:
        on_page = [w for w in annex if w.page == page]
        top = min(on_page, key=lambda w: w.y_min)
        heading = [w.text for w in on_page if abs(w.y_min - top.y_min) < 1 or w.text in ("Mã", "Trạng")]
        assert "Trạng" in heading, f"no header row on page {page}"


def test_the_review_s_figures_stay_in_their_cells(extreme, tmp_path):
    tree, period = extreme["tree"], extreme["period"]
    path = tmp_path / "review.pdf"
    path.write_bytes(review_pdf(review=programme_review(plan=period.plan, scope=tree["province"])))
    found = words(path)
    assert all(LEFT - 1 <= w.x_min and w.x_max <= RIGHT + 1 for w in found), "a word leaves the text block"
    tasks = [w for w in between(found, first(found, "III."), first(found, "IV.")) if FIGURE.match(w.text)
             or w.text == "₫"]
    assert "9.999.999" in {w.text for w in tasks}
    assert_inside_columns(tasks, edges([38] + [62 / 5] * 5), what="task groups by year")
    start = first(found, "II.")
    after_table = next(w for w in found if w.text == "CT5b" and w.x_min > LEFT + 20  # the indented paragraph
                       and (w.page, w.y_min) > (start.page, start.y_min))
    rates = [w for w in between(found, start, after_table) if w.text.endswith("%")
             and w.x_min > LEFT + (RIGHT - LEFT) * 0.3]
    assert_inside_columns(rates, edges([30] + [51 / 5] * 5 + [9, 10]), what="targets by year")


def test_a_union_s_name_breaks_only_before_its_place_in_the_heading(extreme, tmp_path):
    tree, period = extreme["tree"], extreme["period"]
    report = Report.objects.get(period=period, unit=tree["grass_a1"])  # under LĐLĐ huyện Vĩnh Linh
    path = tmp_path / "unit.pdf"
    path.write_bytes(report_pdf(report=report).getvalue())
    heading = [w for w in words(path) if w.page == 1 and w.y_max < 200 and w.x_max < LEFT + (RIGHT - LEFT) * 0.42]
    lines = {}
    for word in heading:
        lines.setdefault(round(word.y_min), []).append(word.text)
    texts = [" ".join(line) for _, line in sorted(lines.items())]
    assert "LIÊN ĐOÀN LAO ĐỘNG" in texts and "HUYỆN VĨNH LINH" in texts, texts
