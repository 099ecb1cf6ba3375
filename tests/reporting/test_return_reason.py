"""The return reason stays where the unit looks — the report page and the top of the form —
until the report is sent again; no later message takes its place."""
import re

from django.urls import reverse

from reporting.review import report_accept, report_reopen, report_reopen_for_submission, report_return
from reporting.selectors import report_return_reason
from reporting.services import report_save
from tests.reporting.test_views import form_data
from tests.reporting.values import complete_values

REASON = "Bổ sung số liệu nhóm nhiệm vụ 5 và minh chứng quy chế phối hợp."


def banner(page: str) -> str:
    found = re.search(r'data-testid="return-reason">(.*?)</div>', page, re.S)
    return " ".join(found.group(1).split()) if found else ""


def test_the_reason_stays_on_the_page_and_the_form_through_every_save_until_sent_again(client, users, open_reports):
    report = open_reports["grass_a1"]
    report = report_save(report=report, by=users["grass_a1"], values=complete_values(report), version=0, submit=True)
    report = report_return(report=report, by=users["upper_a"], reason=REASON)
    client.force_login(users["grass_a1"])
    detail, edit = reverse("reporting:report_detail", args=[report.pk]), reverse("reporting:report_edit", args=[report.pk])
    assert REASON in banner(client.get(detail).content.decode())
    assert REASON in banner(client.get(edit).content.decode())
    for sessions in ("7", "8"):  # two saves, each changing figures
        report.refresh_from_db()
        response = client.post(edit, form_data(report, NV1_SESSIONS=sessions, NV1_PARTICIPANTS="300", action="save"))
        assert response.status_code == 302
        page = client.get(edit).content.decode()
        assert REASON in banner(page) and "số liệu thay đổi" not in banner(page)
        assert REASON in banner(client.get(detail).content.decode())
    report.refresh_from_db()
    report_reopen_for_submission(report=report, by=users["board"], reason="Mở lại để đơn vị gửi sau khi hết kỳ.")
    assert REASON in banner(client.get(edit).content.decode())  # the Board's unlock is not a new reason
    report.refresh_from_db()
    assert client.post(edit, form_data(report, action="submit")).status_code == 302
    assert banner(client.get(detail).content.decode()) == ""  # sent again: the reason is done with


def test_a_reopened_accepted_report_shows_the_reopening_reason(users, open_reports):
    report = open_reports["grass_a1"]
    report = report_save(report=report, by=users["grass_a1"], values=complete_values(report), version=0, submit=True)
    report = report_return(report=report, by=users["upper_a"], reason="Lần một.")
    report = report_save(report=report, by=users["grass_a1"], values=complete_values(report), version=report.version,
                         submit=True)
    report = report_accept(report=report, by=users["upper_a"])
    assert report_return_reason(report=report) is None
    report = report_reopen(report=report, by=users["upper_a"], reason="Sai số tiền hỗ trợ.")
    assert report_return_reason(report=report).comment == "Sai số tiền hỗ trợ."
