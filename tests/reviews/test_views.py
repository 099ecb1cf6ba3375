"""The Board's document pages: the review of the programme and the period report, each with
the number, date, signer and "Nơi nhận" set first and kept with the file; the same data asked
again served from that file; a large scope made by the worker with progress; nobody else."""
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reporting.models import Export
from reporting.periods import period_generate_reports
from compliance.tasks import export_build

DETAILS = {"number": "31/BC-LĐLĐ", "date": "05/01/2024", "on_behalf": "TM. BAN THƯỜNG VỤ",
           "signer_title": "CHỦ TỊCH", "signer_name": "Lê Thị Hồng Nhung",
           "recipients": "Ban CSKTXH&TĐKT Tổng Liên đoàn;\nThường trực LĐLĐ tỉnh;\nLưu: VT, CS-PL."}


@pytest.fixture
def periods(plan, tree):
    for period in plan.periods.all():
        period_generate_reports(period=period)
    return plan.periods


def review_post(**changes):
    return {"first": "2019-H1", "last": "2023-Y", "unit": "", "counted": "sent", "format": "pdf", **DETAILS,
            **changes}


def test_the_review_page_offers_the_plan_s_span_and_the_document_s_defaults(client, users, periods):
    client.force_login(users["board"])
    page = client.get(reverse("reviews:review"))
    assert page.status_code == 200
    form = page.context["form"]
    assert form["first"].value() == "2019-H1" and form["last"].value() == "2023-Y"
    assert form["number"].value() == "……/BC-LĐLĐ" and "Lưu: VT, CS-PL." in form["recipients"].value()


def test_the_board_makes_the_final_review_with_its_details_kept_and_served_again(client, users, periods, tree):
    client.force_login(users["board"])
    post = review_post(unit=tree["province"].code)
    response = client.post(reverse("reviews:review"), post)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    export = Export.objects.get()
    assert export.first_period.code == "2019-H1" and export.period.code == "2023-Y"
    assert export.details["number"] == "31/BC-LĐLĐ" and export.details["date"] == "2024-01-05"
    assert export.details["recipients"][-1] == "Lưu: VT, CS-PL." and export.status == "done"
    assert export.filename == f"tong-ket-1306-2019-H1-2023-Y-{tree['province'].code}.pdf"
    again = client.post(reverse("reviews:review"), post)
    assert b"".join(again.streaming_content) == response.content and Export.objects.count() == 1
    other = client.post(reverse("reviews:review"), {**post, "signer_name": "Trần Văn Bình"})
    assert other.content != response.content and Export.objects.count() == 2  # other details, another file


def test_an_interim_review_of_a_branch_as_excel(client, users, periods, tree):
    client.force_login(users["board"])
    response = client.post(reverse("reviews:review"), review_post(first="2020-H1", last="2021-Y", format="xlsx",
                                                                  unit=tree["upper_a"].code))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Tổng hợp", "Chỉ tiêu theo năm", "Chỉ tiêu theo kỳ", "Nhiệm vụ theo năm",
                               "Chưa gửi lần nào", "Luôn gửi muộn", "Đề xuất, kiến nghị"]
    years = [row[0] for row in book["Tổng hợp"].iter_rows(min_row=4, values_only=True)]
    assert years == ["2020", "2021"]
    assert Export.objects.get().filename.startswith("so-ket-1306-2020-H1-2021-Y-")


def test_a_span_ending_before_it_starts_is_refused_at_the_field(client, users, periods):
    client.force_login(users["board"])
    page = client.post(reverse("reviews:review"), review_post(first="2022-H1", last="2021-Y"))
    assert page.status_code == 200 and page.context["form"].errors["last"]
    assert not Export.objects.exists()


def test_a_large_review_is_made_by_the_worker_with_progress(client, users, periods, monkeypatch):
    import reviews.views as views

    monkeypatch.setattr(views, "INLINE_EXPORT_LIMIT", 2)
    client.force_login(users["board"])
    response = client.post(reverse("reviews:review"), review_post())
    export = Export.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reporting:export_status",
                                                                            args=[export.pk])
    assert export.status == "queued" and export.total == 10  # ten periods
    status = client.get(response["Location"])
    assert "2019-H1 … 2023-Y" in status.content.decode()
    export_build.apply(args=[export.pk])
    export.refresh_from_db()
    assert export.status == "done" and export.progress == export.total
    download = client.get(response["Location"], {"download": 1})
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_the_period_report_takes_the_board_s_details(client, users, periods, tree):
    client.force_login(users["board"])
    url = reverse("reviews:period_document") + f"?period=2023-Y&unit={tree['upper_a'].code}"
    page = client.get(url)
    assert page.status_code == 200 and page.context["form"]["signer_title"].value() == "CHỦ TỊCH"
    response = client.post(url, DETAILS)
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    export = Export.objects.get()
    assert export.first_period is None and export.scope == tree["upper_a"] and export.details["number"] == "31/BC-LĐLĐ"


@pytest.mark.parametrize("who", ["upper_a", "leadership", "grass_a1"])
def test_only_the_board_makes_these_documents(client, users, periods, who):
    client.force_login(users[who])
    assert client.get(reverse("reviews:review")).status_code == 403
    assert client.post(reverse("reviews:review"), review_post()).status_code == 403
    assert client.get(reverse("reviews:period_document")).status_code == 403


def test_the_board_cannot_review_another_province(client, provinces):
    board = provinces["A"]["board"]
    client.force_login(board)
    other = provinces["B"]["province"]
    assert client.post(reverse("reviews:review"), review_post(unit=other.code)).status_code == 404
    assert client.get(reverse("reviews:period_document"), {"unit": other.code}).status_code == 404
    assert not Export.objects.exists()
