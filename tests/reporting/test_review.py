"""Review steps: two reviewers at once (one wins, the other is told why and keeps the
comment), a step on a report no longer waiting for it, and a comment kept through an expired
session, like the report form's input."""
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from reporting.models import Report, ReportEvent
from reporting.review import report_accept, report_return
from reporting.services import report_save
from tests.reporting.values import complete_values

COMMENT = "Đề nghị bổ sung số liệu phần tuyên truyền (NV1)."


@pytest.fixture
def submitted(open_reports, users):
    report = open_reports["grass_a1"]
    return report_save(report=report, by=users["grass_a1"], values=complete_values(report), version=0, submit=True)


def reviewer(user):
    client = Client()
    client.force_login(user)
    return client


def comment_in(page: str) -> bool:
    return re.search(r'<textarea[^>]*name="reason"[^>]*>\s*' + re.escape(COMMENT), page) is not None


def test_racing_reviewers_one_wins_the_other_is_told_why_and_keeps_the_comment(submitted, users):
    url = reverse("reporting:report_review", args=[submitted.pk])
    first, second = reviewer(users["upper_a"]), reviewer(users["board"])
    version = first.get(url).context["reason_form"].initial["version"]
    assert second.get(url).context["reason_form"].initial["version"] == version  # the same version and state
    assert first.post(url, {"action": "accept", "version": version, "reason": ""}).status_code == 302
    response = second.post(url, {"action": "return", "version": version, "reason": COMMENT})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Báo cáo không còn chờ bước này" in page and "Đã duyệt" in page
    assert comment_in(page)
    submitted.refresh_from_db()
    assert submitted.status == Report.Status.ACCEPTED
    assert list(submitted.events.exclude(action="saved").values_list("action", flat=True)) == ["submitted", "accepted"]


def test_a_step_on_an_already_accepted_report_is_refused_at_the_form(submitted, users):
    report_accept(report=submitted, by=users["upper_a"])
    url = reverse("reporting:report_review", args=[submitted.pk])
    for action in ("accept", "return"):
        response = reviewer(users["board"]).post(url, {"action": action, "reason": COMMENT})
        assert response.status_code == 409, action
        page = response.content.decode()
        assert "Báo cáo không còn chờ bước này" in page and comment_in(page)
    with pytest.raises(ValidationError) as refused:
        report_return(report=submitted, by=users["board"], reason=COMMENT)
    assert list(refused.value.message_dict) == ["__all__"]  # one mapping: keyed, never a bare string
    assert ReportEvent.objects.filter(report=submitted, action="returned").count() == 0


def test_a_report_sent_again_since_the_page_was_opened_is_not_judged_blind(submitted, users):
    url = reverse("reporting:report_review", args=[submitted.pk])
    client = reviewer(users["board"])
    version = client.get(url).context["reason_form"].initial["version"]
    report_return(report=submitted, by=users["upper_a"], reason="Sửa số liệu.")
    submitted.refresh_from_db()
    report_save(report=submitted, by=users["grass_a1"], values=complete_values(submitted, NV1_SESSIONS=9),
                version=submitted.version, submit=True)
    response = client.post(url, {"action": "accept", "version": version, "reason": COMMENT})
    assert response.status_code == 409
    assert "Báo cáo đã thay đổi từ khi bạn mở" in response.content.decode()
    assert comment_in(response.content.decode())
    submitted.refresh_from_db()
    assert submitted.status == Report.Status.SUBMITTED
    fresh = response.context["reason_form"]["version"].value()
    assert client.post(url, {"action": "accept", "version": fresh, "reason": ""}).status_code == 302


def test_a_return_without_a_comment_is_refused_at_the_field(submitted, users):
    url = reverse("reporting:report_review", args=[submitted.pk])
    response = reviewer(users["upper_a"]).post(url, {"action": "return", "reason": "  "})
    assert response.status_code == 400
    assert "Hãy ghi rõ lý do" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Report.Status.SUBMITTED


def test_the_review_comment_survives_an_expired_session(client, submitted, users):
    from django.contrib.sessions.models import Session

    url = reverse("reporting:report_review", args=[submitted.pk])
    client.force_login(users["upper_a"])
    client.get(url)  # the reviewer opens the page while signed in…
    Session.objects.all().delete()  # …and their session expires while they write the comment
    response = client.post(url, {"action": "return", "version": submitted.version, "reason": COMMENT})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    response = client.post(response["Location"], {"username": "upper_a", "password": "secret-pass-1306"})
    assert response["Location"] == url
    page = client.get(url).content.decode()
    assert comment_in(page)
    assert "bình luận của bạn vẫn được giữ lại" in page
    submitted.refresh_from_db()
    assert submitted.status == Report.Status.SUBMITTED  # kept on the page, not acted on behind the person's back


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_at_the_same_instant_on_postgresql(open_reports, users):
    """Truly at once (two threads, two connections): the row lock lets one step through; the
    other is answered 409 with the reason, never a 500. PostgreSQL only (SQLite serialises)."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass of the suite (make test with DATABASE_URL)")
    report = open_reports["grass_a1"]
    report = report_save(report=report, by=users["grass_a1"], values=complete_values(report), version=0, submit=True)
    url = reverse("reporting:report_review", args=[report.pk])
    barrier, answers = threading.Barrier(2), {}

    def act(name, user, data):
        try:
            client = reviewer(user)
            barrier.wait()
            answers[name] = client.post(url, data).status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=("accept", users["upper_a"], {"action": "accept", "reason": "",
                                                                              "version": report.version})),
               threading.Thread(target=act, args=("return", users["board"], {"action": "return", "reason": COMMENT,
                                                                             "version": report.version}))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(answers.values()) == [302, 409], answers
    report.refresh_from_db()
    assert report.status in (Report.Status.ACCEPTED, Report.Status.RETURNED)
    assert report.events.filter(action__in=["accepted", "returned"]).count() == 1
