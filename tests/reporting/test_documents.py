"""One unit's report as an official Vietnamese document (Decree 30 layout), PDF and print page."""
import datetime
import shutil
import subprocess

import pytest
from django.conf import settings
from django.urls import reverse

from reporting.documents import vietnamese_date_line
from reporting.services import report_save
from tests.reporting.values import complete_values
from tests.live_services import unavailable

ARTIFACTS = settings.BASE_DIR / "test-artifacts"


@pytest.mark.parametrize("day, expected", [
    (datetime.date(2024, 1, 5), "Quảng Trị, ngày 05 tháng 01 năm 2024"),
    (datetime.date(2023, 2, 28), "Quảng Trị, ngày 28 tháng 02 năm 2023"),
    (datetime.date(2023, 11, 25), "Quảng Trị, ngày 25 tháng 11 năm 2023"),
    (datetime.date(2023, 6, 9), "Quảng Trị, ngày 09 tháng 6 năm 2023"),
])
def test_place_and_date_line(day, expected):
    assert vietnamese_date_line("Quảng Trị", day) == expected


def pdf_text(pdf: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        unavailable("pdftotext is not installed: apt-get install poppler-utils")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_pdf_reads_as_an_official_report_with_every_diacritic(client, users, open_reports, tmp_path):
    report = open_reports["grass_a1"]
    report_save(report=report, by=users["grass_a1"], values=complete_values(
        report, NV5_AMOUNT=12345678, NV1_SESSIONS=1234, PROPOSALS="Đề nghị LĐLĐ tỉnh hỗ trợ kinh phí tổ chức tập huấn."),
        version=0, submit=True)
    client.force_login(users["upper_a"])
    response = client.get(reverse("reporting:report_pdf", args=[report.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = b"".join(response.streaming_content)
    assert pdf.startswith(b"%PDF-")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "unit-report.pdf").write_bytes(pdf)  # to look at: pdftoppm -png unit-report.pdf
    text = " ".join(pdf_text(pdf, tmp_path).split())
    for line in ("LIÊN ĐOÀN LAO ĐỘNG HUYỆN VĨNH LINH", "CÔNG ĐOÀN TRƯỜNG THPT VĨNH LINH",
                 "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: ……/BC-CĐCS",
                 "BÁO CÁO", "Kết quả thực hiện Chương trình số 1306/CTr-TLĐ", "năm 2023",
                 "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", "II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ VÀ GIẢI PHÁP",
                 "12.345.678 ₫", "1.234", "Đề nghị LĐLĐ tỉnh hỗ trợ kinh phí tổ chức tập huấn.",
                 "Nơi nhận:", "TM. BAN CHẤP HÀNH", "CHỦ TỊCH"):
        assert line in text, line
    assert "Quảng Trị, ngày" in text


def test_the_pdf_embeds_the_shipped_font(client, users, open_reports, tmp_path):
    if shutil.which("pdffonts") is None:
        unavailable("pdffonts is not installed: apt-get install poppler-utils")
    client.force_login(users["grass_a1"])
    pdf = b"".join(client.get(reverse("reporting:report_pdf", args=[open_reports["grass_a1"].pk])).streaming_content)
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Tinos" in fonts and "DejaVu" not in fonts


def test_the_print_page_uses_the_same_document(client, users, open_reports):
    client.force_login(users["grass_a1"])
    page = client.get(reverse("reporting:report_print", args=[open_reports["grass_a1"].pk])).content.decode()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page and "/static/fonts/Tinos-Regular.ttf" in page
