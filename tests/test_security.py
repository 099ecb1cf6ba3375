"""Security settings a reviewer would check first."""
import pytest
from django.urls import reverse


def test_headers_on_every_page(client, db):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "frame-ancestors 'none'" in policy and "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_no_inline_script_in_any_template():
    """The policy forbids inline script: a template with one would silently break."""
    import re
    from pathlib import Path

    from django.conf import settings

    offenders = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"\son(click|change|submit|load|input)=", text) or re.search(r"<script>(?!\s*</script>)", text):
            offenders.append(str(path))
    assert offenders == []


def test_sign_in_is_throttled_after_five_failures(client, users):
    for _ in range(4):
        response = client.post(reverse("login"), {"username": "cdcs_a1", "password": "sai"})
        assert response.status_code == 200
    assert client.post(reverse("login"), {"username": "cdcs_a1", "password": "sai"}).status_code == 429
    response = client.post(reverse("login"), {"username": "cdcs_a1", "password": "secret-pass-1306"})
    assert response.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_success_before_the_limit_resets_the_count(client, users):
    """Four failures, a success, then four failures again: without the reset the first of the
    second four would be the fifth and lock the account."""
    for _ in range(4):
        assert client.post(reverse("login"), {"username": "cdcs_a1", "password": "sai"}).status_code == 200
    assert client.post(reverse("login"), {"username": "cdcs_a1", "password": "secret-pass-1306"}).status_code == 302
    client.post(reverse("logout"))
    for _ in range(4):
        assert client.post(reverse("login"), {"username": "cdcs_a1", "password": "sai"}).status_code == 200
    assert client.post(reverse("login"), {"username": "cdcs_a1", "password": "secret-pass-1306"}).status_code == 302


def test_an_oversized_request_is_refused_before_it_is_read(client, users):
    client.force_login(users["grass_a1"])
    response = client.generic("POST", "/reports/1/attachments/", b"x", CONTENT_LENGTH=str(13 * 1024 * 1024),
                              content_type="application/octet-stream")
    assert response.status_code == 413


def test_the_session_cookie_is_out_of_scripts_reach_and_lasts_a_working_day(client, users):
    """Framing is refused on every page (test_headers_on_every_page); here, the cookie itself."""
    response = client.post(reverse("login"), {"username": "cdcs_a1", "password": "secret-pass-1306"})
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True and cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == 8 * 3600
