"""Vietnamese first: every user-facing string has a Vietnamese translation, compiled."""
import shutil
import subprocess
import sys

import polib
import pytest
from django.conf import settings
from django.utils import translation

from tests.live_services import unavailable

CATALOGUE = settings.BASE_DIR / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def entries():
    return [e for e in polib.pofile(str(CATALOGUE)) if not e.obsolete]


def test_every_entry_is_translated_and_none_is_fuzzy():
    untranslated = [e.msgid for e in entries() if not e.translated()]
    assert untranslated == []


def test_the_compiled_catalogue_matches_the_source():
    with translation.override("vi"):
        stale = [e.msgid for e in entries()
                 if not e.msgid_plural and not e.msgctxt and translation.gettext(e.msgid) != e.msgstr]
    assert stale == [], "run `make messages` (compilemessages) and commit the .mo file"


def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    """makemessages over the code finds nothing the catalogue lacks (needs GNU gettext)."""
    if shutil.which("xgettext") is None:
        unavailable("GNU gettext (xgettext) is not installed: apt-get install gettext")
    backup = tmp_path / "django.po"
    shutil.copy(CATALOGUE, backup)
    try:
        result = subprocess.run(
            [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-location", "--ignore=.venv",
             "--ignore=var", "--ignore=tests", "--ignore=test-artifacts"],
            cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=300,
        )
        assert result.returncode == 0, result.stderr
        fresh = {e.msgid for e in polib.pofile(str(CATALOGUE)) if not e.obsolete}
    finally:
        shutil.copy(backup, CATALOGUE)
    known = {e.msgid for e in polib.pofile(str(backup)) if not e.obsolete}
    assert sorted(fresh - known) == [], "new strings: run `make messages` and translate them"


@pytest.mark.parametrize("language, expected", [("vi", "Đăng nhập"), ("en", "Sign in")])
def test_login_page_speaks_the_chosen_language(client, db, language, expected):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get("/accounts/login/").content.decode()
    assert f"<h1 class=\"h3 mb-3\">{expected}</h1>" in page


def test_vietnamese_is_the_default(client, db):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="").content.decode()
    assert '<html lang="vi">' in page and "Tên đăng nhập" in page
