"""Report pages: permissions for every URL and role, the form's Vietnamese errors, two people
saving at once, an expired session, evidence files, and query counts."""
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reporting import urls as reporting_urls
from reporting.models import Attachment, Report
from reporting.services import report_save
from tests.reporting.values import by_code, complete_values
from tests.test_scoping import SCOPE

REPORT_URLS = [p.name for p in reporting_urls.urlpatterns if "<int:pk>" in str(p.pattern) and "periods/" not in str(p.pattern)]


def form_data(report, values=None, **changes):
    """What the browser posts for a report: every field by indicator code."""
    values = by_code(report, values if values is not None else complete_values(report))
    data = {"version": report.version}
    for code, value in values.items():
        if value is True:
            data[code] = "yes"
        elif value is False:
            data[code] = "no"
        elif value is None:
            data[code] = ""
        elif hasattr(value, "strftime"):
            data[code] = value.strftime("%d/%m/%Y")
        else:
            data[code] = str(value)
    data.update(changes)
    return data


@pytest.fixture
def attachment(open_reports, users):
    report = open_reports["grass_a1"]
    upload = SimpleUploadedFile("quy-che.pdf", b"%PDF-1.4\n% Quy che phoi hop\n", content_type="application/pdf")
    from reporting.attachments import attachment_add

    return attachment_add(report=report, by=users["grass_a1"], upload=upload)


def url_for(name, report, attachment):
    kwargs = {"pk": report.pk}
    if "attachment_pk" in str(next(p.pattern for p in reporting_urls.urlpatterns if p.name == name)):
        kwargs["attachment_pk"] = attachment.pk
    return reverse(f"reporting:{name}", kwargs=kwargs)


def test_every_report_url_is_covered():
    assert set(REPORT_URLS) >= {"report_detail", "report_edit", "report_history", "report_review", "report_unlock",
                                "report_print", "report_pdf", "attachment_upload", "attachment", "attachment_delete"}


@pytest.mark.parametrize("who", SCOPE)
def test_every_report_url_of_a_unit_outside_the_scope_is_refused(who, client, users, open_reports, attachment):
    """GET and POST on every report URL; the attachment belongs to grass_a1's report, so for
    other units' reports the attachment URLs must not find it either."""
    client.force_login(users[who])
    for key, report in open_reports.items():
        if key in SCOPE[who]:
            continue
        for name in REPORT_URLS:
            url = url_for(name, report, attachment)
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                assert response.status_code in (403, 404, 405), (who, key, name, method, response.status_code)
    assert Report.objects.filter(status="not_started").count() == len(open_reports)
    assert Attachment.objects.count() == 1


def test_an_attachment_is_not_reachable_through_another_report(client, users, open_reports, attachment):
    client.force_login(users["upper_a"])
    other = open_reports["grass_a2"]  # in scope, but the file is not its own
    response = client.get(reverse("reporting:attachment", args=[other.pk, attachment.pk]))
    assert response.status_code == 404
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200 and b"Quy che phoi hop" in b"".join(response.streaming_content)
    assert response["Content-Disposition"].startswith("attachment")


def test_the_form_shows_vietnamese_errors_at_the_fields_and_saves_nothing(client, users, open_reports):
    report = open_reports["grass_a1"]
    client.force_login(users["grass_a1"])
    data = form_data(report, NV1_SESSIONS="-3", NV1_PARTICIPANTS="mười", CT3_RECEIVED="2", CT3_ANSWERED="5",
                     PROPOSALS="x" * 4001, CT2_DATE_SIGNED="31/02/2023", action="save")
    response = client.post(reverse("reporting:report_edit", args=[report.pk]), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["NV1_SESSIONS"] == ["Giá trị phải lớn hơn hoặc bằng 0."]
    assert errors["NV1_PARTICIPANTS"] == ["Nhập một số nguyên, không có phần thập phân, ví dụ 1.234.567."]
    assert errors["PROPOSALS"] == ["Nội dung dài tối đa 4000 ký tự (hiện có 4001)."]
    assert errors["CT2_DATE_SIGNED"] == ["Nhập một ngày hợp lệ, viết theo dạng dd/mm/yyyy."]
    page = response.content.decode()
    assert 'value="mười"' in page  # the person's input stays on the page
    report.refresh_from_db()
    assert report.status == "not_started" and report.version == 0 and not report.values.exists()
    # With the field errors mended, the rule between two figures speaks up.
    data.update(NV1_SESSIONS="3", NV1_PARTICIPANTS="1.200", PROPOSALS="Đề nghị tăng kinh phí.", CT2_DATE_SIGNED="05/03/2023")
    response = client.post(reverse("reporting:report_edit", args=[report.pk]), data)
    assert response.context["form"].errors == {
        "CT3_ANSWERED": ["Số văn bản tham gia đúng hạn không được lớn hơn số văn bản được xin ý kiến."]}
    data.update(CT3_ANSWERED="2")
    response = client.post(reverse("reporting:report_edit", args=[report.pk]), data)
    assert response.status_code == 302
    values = {v.indicator.code: v.value for v in report.values.select_related("indicator")}
    assert values["NV1_PARTICIPANTS"] == 1200 and values["CT2_DATE_SIGNED"].isoformat() == "2023-03-05"


def test_two_people_save_the_same_report_one_wins_the_other_keeps_their_input(users, open_reports):
    report = open_reports["grass_a1"]
    colleague = users["grass_a1"].__class__.objects.create_user(
        "cdcs_a1_b", password="x", unit=report.unit, role="grassroots_officer")
    first, second = Client(), Client()
    first.force_login(users["grass_a1"])
    second.force_login(colleague)
    url = reverse("reporting:report_edit", args=[report.pk])
    version = first.get(url).context["form"].initial["version"]
    assert second.get(url).context["form"].initial["version"] == version
    assert first.post(url, form_data(report, NV1_SESSIONS="7", action="save")).status_code == 302
    response = second.post(url, form_data(report, NV1_SESSIONS="8", action="save"))
    assert response.status_code == 409
    page = response.content.decode()
    assert "người khác đã lưu báo cáo này" in page
    assert re.search(r'name="NV1_SESSIONS" value="8"', page)
    values = {v.indicator.code: v.value for v in report.values.select_related("indicator")}
    assert values["NV1_SESSIONS"] == 7


def test_input_survives_an_expired_session(client, users, open_reports):
    report = open_reports["grass_a1"]
    url = reverse("reporting:report_edit", args=[report.pk])
    from django.contrib.sessions.models import Session

    client.force_login(users["grass_a1"])
    client.get(url)  # the officer opens the form while signed in…
    Session.objects.all().delete()  # …and their session expires while they type
    response = client.post(url, form_data(report, NV1_SESSIONS="11", PROPOSALS="Đề nghị hỗ trợ.", action="save"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    response = client.post(response["Location"], {"username": "cdcs_a1", "password": "secret-pass-1306"})
    assert response["Location"] == url
    page = client.get(url).content.decode()
    assert 'name="NV1_SESSIONS" value="11"' in page and "Đề nghị hỗ trợ." in page
    assert "những gì bạn đã nhập vẫn được giữ lại" in page
    assert not report.values.exists()  # kept on the page, not saved behind the person's back


def test_submit_then_the_report_is_read_only_for_its_unit(client, users, open_reports):
    report = open_reports["grass_a1"]
    client.force_login(users["grass_a1"])
    response = client.post(reverse("reporting:report_edit", args=[report.pk]), form_data(report, action="submit"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"
    response = client.post(reverse("reporting:report_edit", args=[report.pk]), form_data(report, action="save"))
    assert response.status_code == 302 and report.values.count() > 0
    report.refresh_from_db()
    assert report.status == "submitted" and report.version == 1


def test_review_page_shows_the_previous_period_beside(client, users, open_reports, plan):
    from reporting.models import ReportingPeriod
    from reporting.periods import period_generate_reports

    earlier = ReportingPeriod.objects.get(plan=plan, code="2023-H1")
    earlier.is_open = True
    earlier.save()
    period_generate_reports(period=earlier)
    previous = Report.objects.get(period=earlier, unit=open_reports["grass_a1"].unit)
    report_save(report=previous, by=users["grass_a1"], values=complete_values(previous, NV1_SESSIONS=4), version=0)
    report = open_reports["grass_a1"]
    report_save(report=report, by=users["grass_a1"], values=complete_values(report, NV1_SESSIONS=9), version=0,
                submit=True)
    client.force_login(users["upper_a"])
    response = client.get(reverse("reporting:report_review", args=[report.pk]))
    rows = [r for s in response.context["sections"] for r in s["rows"] if r["indicator"].code == "NV1_SESSIONS"]
    assert rows[0]["value"] == 9 and rows[0]["previous"] == 4
    assert "2023-H1" in response.content.decode()


@pytest.mark.parametrize("name, content, accepted", [
    ("bien-ban.pdf", b"%PDF-1.7\n...", True),
    ("anh.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF", True),
    ("anh.png", b"\x89PNG\r\n\x1a\n\x00\x00", True),
    ("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00", False),  # an executable renamed
    ("ghi-chu.docx", b"just some text", False),
    ("nen.zip", None, False),  # a zip that is not an office document
])
def test_evidence_is_checked_by_content(client, users, open_reports, name, content, accepted):
    if content is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("a.txt", "x")
        content = buffer.getvalue()
    report = open_reports["grass_a1"]
    client.force_login(users["grass_a1"])
    response = client.post(reverse("reporting:attachment_upload", args=[report.pk]),
                           {"file": SimpleUploadedFile(name, content), "description": "Biên bản"}, follow=True)
    assert Attachment.objects.filter(report=report).exists() == accepted
    if not accepted:
        assert "Chỉ đính kèm được tệp PDF, DOCX, XLSX, JPG và PNG" in response.content.decode()
    else:
        stored = Attachment.objects.get(report=report)
        assert stored.original_name == name and name not in stored.file.name


def test_a_real_docx_is_accepted_and_an_oversized_file_is_not(client, users, open_reports, settings):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    report = open_reports["grass_a1"]
    client.force_login(users["grass_a1"])
    url = reverse("reporting:attachment_upload", args=[report.pk])
    client.post(url, {"file": SimpleUploadedFile("quy-che.docx", buffer.getvalue())})
    assert Attachment.objects.get(report=report).content_type.endswith("wordprocessingml.document")
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))
    response = client.post(url, {"file": big}, follow=True)
    assert "Tệp lớn hơn 10 MB." in response.content.decode()
    assert Attachment.objects.filter(report=report).count() == 1


def test_form_and_review_pages_take_the_same_queries_whatever_the_size(client, users, open_reports, plan, tree):
    """The form's and review page's query counts do not grow with indicators or units."""
    from plans.models import Indicator
    from reporting.periods import period_generate_reports
    from tests.factories import make_union

    report = open_reports["grass_a1"]
    report = report_save(report=report, by=users["grass_a1"], values=complete_values(report), version=0, submit=True)

    def count(client, url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    officer, reviewer = Client(), Client()
    officer.force_login(users["grass_a2"] if "grass_a2" in users else users["grass_a1"])
    reviewer.force_login(users["upper_a"])
    edit_url = reverse("reporting:report_edit", args=[open_reports["grass_a2"].pk])
    officer.force_login(users["grass_a1"].__class__.objects.create_user(
        "a2x", password="x", unit=tree["grass_a2"], role="grassroots_officer"))
    review_url = reverse("reporting:report_review", args=[report.pk])
    queue_url = reverse("reporting:review_queue")
    before = (count(officer, edit_url), count(reviewer, review_url), count(reviewer, queue_url))

    for n in range(15):
        Indicator.objects.create(plan=plan, task_group=plan.task_groups.first(), code=f"EXTRA_{n}",
                                 label=f"Chỉ số bổ sung {n}", kind="count", order=900 + n)
    for _ in range(20):
        make_union(tree["upper_a"])
    period_generate_reports(period=report.period)
    for extra in Report.objects.filter(period=report.period, unit__path__startswith=tree["upper_a"].path,
                                       status="not_started", unit_level="grassroots").exclude(unit=tree["grass_a2"]):
        Report.objects.filter(pk=extra.pk).update(status="submitted", submitted_at=report.submitted_at)
    after = (count(officer, edit_url), count(reviewer, review_url), count(reviewer, queue_url))
    assert before == after


def test_years_are_written_as_years_not_grouped_numbers(client, users, open_reports):
    client.force_login(users["grass_a1"])
    for url in (reverse("reporting:report_edit", args=[open_reports["grass_a1"].pk]),
                open_reports["grass_a1"].get_absolute_url(), reverse("reporting:my_reports"), reverse("plans:current")):
        page = client.get(url).content.decode()
        assert "2.023" not in page and "2.019" not in page, url
        assert "Báo cáo năm 2023" in page, url
