"""Input kept across an expired session: only for the person who was signed in on this
browser, only up to a size no report form reaches, and nothing in the session table for an
anonymous request."""
import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from reporting.views import SIGNED_IN_COOKIE

BIG = "x" * (1200 * 1024)


def _expire(client, users, url):
    client.force_login(users["grass_a1"])
    assert client.get(url).status_code == 200
    assert SIGNED_IN_COOKIE in client.cookies
    Session.objects.all().delete()  # the session expired while the officer typed


def test_an_unsigned_post_of_five_megabytes_creates_no_session_row(client, open_reports):
    url = reverse("reporting:report_edit", args=[open_reports["grass_a1"].pk])
    response = client.post(url, {"PROPOSALS": BIG, "DIFFICULTIES": BIG, "NV1_NARRATIVE": BIG, "NV2_NARRATIVE": BIG})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert Session.objects.count() == 0
    # Every fresh cookie, the same: nothing stored.
    client.cookies.clear()
    client.post(url, {"PROPOSALS": "Đề nghị hỗ trợ."})
    assert Session.objects.count() == 0


def test_a_forged_marker_keeps_nothing(client, open_reports):
    url = reverse("reporting:report_edit", args=[open_reports["grass_a1"].pk])
    client.cookies[SIGNED_IN_COOKIE] = "1:forged:signature"
    client.post(url, {"PROPOSALS": "Đề nghị hỗ trợ."})
    assert Session.objects.count() == 0


def test_input_larger_than_any_report_form_is_not_kept(client, users, open_reports, settings):
    url = reverse("reporting:report_edit", args=[open_reports["grass_a1"].pk])
    _expire(client, users, url)
    client.post(url, {"PROPOSALS": "y" * (settings.KEPT_INPUT_MAX_CHARS + 1)})
    assert Session.objects.count() == 0


def test_a_signed_in_persons_input_is_kept_capped_and_offered_to_them_only(client, users, open_reports):
    url = reverse("reporting:report_edit", args=[open_reports["grass_a1"].pk])
    _expire(client, users, url)
    client.post(url, {"PROPOSALS": "Đề nghị hỗ trợ kinh phí.", "action": "save"})
    assert Session.objects.count() == 1
    assert sum(len(s.session_data) for s in Session.objects.all()) < 2000
    # Someone else signing in on that browser does not get it.
    from tests.factories import make_user

    other = make_user(open_reports["grass_a1"].unit, username="cdcs_a1_bis")
    client.force_login(other)
    assert "Đề nghị hỗ trợ kinh phí." not in client.get(url).content.decode()


@pytest.mark.parametrize("name", ["reporting:report_edit", "reporting:report_review"])
def test_no_session_for_an_anonymous_post_to_any_page_that_keeps_input(client, open_reports, name):
    client.post(reverse(name, args=[open_reports["grass_a1"].pk]), {"reason": BIG, "action": "return"})
    assert Session.objects.count() == 0
