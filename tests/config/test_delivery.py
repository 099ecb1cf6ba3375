"""What reaches an officer's browser on a weak connection or an English office PC: Vietnamese
whatever Accept-Language says, compressed HTML, static files under hashed names kept a year."""
import gzip

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


@pytest.mark.django_db
def test_an_english_browser_gets_vietnamese_pages(client):
    response = client.get(reverse("login"), **ENGLISH_BROWSER)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html


@pytest.mark.django_db
def test_english_only_by_the_persons_own_choice_and_kept(client, users):
    client.force_login(users["grass_a1"])
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, **ENGLISH_BROWSER)
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert int(cookie["max-age"]) >= 300 * 24 * 60 * 60  # kept across browser restarts
    assert '<html lang="en">' in client.get(reverse("home"), **ENGLISH_BROWSER).content.decode()
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert '<html lang="vi">' in client.get(reverse("home"), **ENGLISH_BROWSER).content.decode()


@pytest.mark.django_db
def test_html_is_gzipped_with_random_padding_against_breach(client):
    sizes = set()
    for _ in range(4):
        response = client.get(reverse("login"), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        assert b"<html" in gzip.decompress(response.content)
        sizes.add(len(response.content))
    assert len(sizes) > 1  # Django's GZipMiddleware adds random bytes: the length says nothing


def test_the_site_root_answers_for_favicon_ico(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}


def test_static_files_have_hashed_names_cached_a_year(tmp_path):
    """The storage of production and `make run`, after collectstatic, as whitenoise serves it."""
    from django.template import engines
    from django.test import RequestFactory
    from whitenoise.middleware import WhiteNoiseMiddleware

    base_storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "config.staticstorage.HashedStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=base_storages, DEBUG=True,
                           WHITENOISE_USE_FINDERS=False, WHITENOISE_AUTOREFRESH=False):
        call_command("collectstatic", interactive=False, verbosity=0)
        url = engines["django"].from_string("{% load static %}{% static 'css/portal.css' %}").render({})
        assert url.startswith("/static/css/portal.") and url != "/static/css/portal.css", url
        middleware = WhiteNoiseMiddleware(get_response=lambda request: None)
        response = middleware(RequestFactory().get(url, HTTP_ACCEPT_ENCODING="gzip"))
        assert response.status_code == 200
        assert response["Content-Encoding"] == "gzip"
        max_age = int(response["Cache-Control"].split("max-age=")[1].split(",")[0])
        assert max_age >= 365 * 24 * 60 * 60
        assert "immutable" in response["Cache-Control"]
        # The print view names the fonts' folder for its @font-face rules: served unhashed.
        from django.templatetags.static import static

        assert static("fonts/") == "/static/fonts/"
        font = middleware(RequestFactory().get("/static/fonts/Tinos-Regular.ttf"))
        assert font.status_code == 200
