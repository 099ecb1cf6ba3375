"""Every kind of PDF the portal makes is PDF/A-1b (PDFBox's preflight, from Debian, finds no
error in any of them: one JVM run for all) and tagged for screen readers."""
import pytest
from django.conf import settings

from reporting.documents import report_pdf
from compliance.exports import compliance_pdf
from reporting.models import Report
from compliance.rollups import compliance_for_scope
from reviews.documents import review_pdf
from reviews.selectors import programme_review
from tests.documents.pdf_tools import preflight

ARTIFACTS = settings.BASE_DIR / "test-artifacts"


def every_kind_of_pdf(extreme) -> dict[str, bytes]:
    tree, period = extreme["tree"], extreme["period"]
    plan = period.plan
    grassroots = Report.objects.get(period=period, unit=tree["grass_a1"])
    upper = Report.objects.get(period=period, unit=tree["upper_a"])
    return {
        "unit-report-grassroots.pdf": report_pdf(report=grassroots).getvalue(),
        "unit-report-upper.pdf": report_pdf(report=upper).getvalue(),
        "compliance-province.pdf": compliance_pdf(rollup=compliance_for_scope(period=period, scope=tree["province"])),
        "compliance-branch.pdf": compliance_pdf(rollup=compliance_for_scope(period=period, scope=tree["upper_a"]),
                                                details={"number": "15/BC-LĐLĐ", "signer_name": "Nguyễn Văn Ánh"}),
        "review-province.pdf": review_pdf(review=programme_review(plan=plan, scope=tree["province"])),
        "review-branch-interim.pdf": review_pdf(review=programme_review(
            plan=plan, scope=tree["upper_a"], first=plan.periods.get(code="2021-H1"), last=period)),
    }


def test_every_kind_of_pdf_is_pdf_a_1b_and_tagged(extreme, tmp_path):
    made = every_kind_of_pdf(extreme)
    paths = []
    ARTIFACTS.mkdir(exist_ok=True)
    for name, content in made.items():
        path = tmp_path / name
        path.write_bytes(content)
        (ARTIFACTS / name).write_bytes(content)  # to look at: pdftoppm -png review-province.pdf
        paths.append(path)
        assert b"/StructTreeRoot" in content and b"/MarkInfo" in content, f"{name} is not tagged"
        assert b"pdfaid:part>1<" in content, f"{name} does not say it is PDF/A-1"
    errors = preflight(paths)
    assert set(errors) == set(made)
    assert {name: found for name, found in errors.items() if found} == {}


@pytest.mark.parametrize("fmt", ["pdf"])
def test_the_board_s_details_are_in_the_document(extreme, tmp_path, fmt):
    from tests.documents.pdf_tools import words

    period, tree = extreme["period"], extreme["tree"]
    details = {"number": "27/BC-LĐLĐ", "date": "2024-01-05", "on_behalf": "TM. BAN THƯỜNG VỤ",
               "signer_title": "CHỦ TỊCH", "signer_name": "Lê Thị Hồng Nhung",
               "recipients": ["Tổng Liên đoàn (để báo cáo);", "Lưu: VT, CS-PL."]}
    path = tmp_path / "review.pdf"
    path.write_bytes(review_pdf(review=programme_review(plan=period.plan, scope=tree["province"]), details=details))
    text = " ".join(w.text for w in words(path))
    for expected in ("Số: 27/BC-LĐLĐ", "Quảng Trị, ngày 05 tháng 01 năm 2024", "CHỦ TỊCH", "Lê Thị Hồng Nhung",
                     "Tổng Liên đoàn (để báo cáo);", "Lưu: VT, CS-PL."):
        assert expected in text
    assert "PHÓ CHỦ TỊCH" not in text


def test_the_review_is_left_page_by_page_as_png_to_look_at(extreme, tmp_path):
    """test-artifacts/review-page-N.png: the review as a reader sees it, page by page (pdftoppm)."""
    import shutil
    import subprocess

    from tests.documents.pdf_tools import page_count, words
    from tests.live_services import unavailable

    if shutil.which("pdftoppm") is None:
        unavailable("pdftoppm is not installed: apt-get install poppler-utils")
    period, tree = extreme["period"], extreme["tree"]
    path = tmp_path / "review.pdf"
    path.write_bytes(review_pdf(review=programme_review(plan=period.plan, scope=tree["province"])))
    ARTIFACTS.mkdir(exist_ok=True)
    for old in ARTIFACTS.glob("review-page-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(ARTIFACTS / "review-page")], check=True)
    pages = page_count(path)
    assert len(list(ARTIFACTS.glob("review-page-*.png"))) == pages
    found = words(path)
    first_page = " ".join(w.text for w in found if w.page == 1)
    for heading in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BÁO CÁO", "Tổng kết thực hiện Chương trình số 1306/CTr-TLĐ",
                    "giai đoạn 2019 - 2023", "I. TÌNH HÌNH BÁO CÁO CỦA CÁC ĐƠN VỊ"):
        assert heading in first_page
    assert not [w for w in found if w.page == 1 and w.text.isdigit() and w.y_max < 20 * 72 / 25.4]  # no number on 1
    assert all(any(w.page == n and w.text == str(n) and w.y_max < 20 * 72 / 25.4 for w in found)
               for n in range(2, pages + 1))  # page numbers centred at the top from page 2
    text = " ".join(w.text for w in found)
    assert "Nơi nhận:" in text and "TM. BAN THƯỜNG VỤ" in text and "PHỤ LỤC" in text
