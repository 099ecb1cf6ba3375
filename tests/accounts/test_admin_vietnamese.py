"""The admin speaks Vietnamese on every screen the portal uses (issue 14): its own header, and
no English left by Django's incomplete Vietnamese catalogue, by django-axes or by our code.

Every admin page is rendered for a superuser and for a provincial administrator; each text
and each attribute a person reads or hears (title, placeholder, aria-label, alt, a button's
value) is held against every English message of the catalogues the admin draws on, and
against phrases seen in English before."""
import datetime
import re
from html.parser import HTMLParser
from pathlib import Path

import axes
import django
import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import translation

from accounts.models import Role, User
from tests.factories import make_union, make_user

DJANGO = Path(django.__file__).parent
ENGLISH_CATALOGUES = [DJANGO / part / "locale/en/LC_MESSAGES/django.po" for part in (
    "contrib/admin", "contrib/auth", "contrib/contenttypes", "conf")] + [
    Path(axes.__file__).parent / "locale/de/LC_MESSAGES/django.po"]
# English that needs no translation, or that only shows what the data holds.
SAME_IN_VIETNAMESE = {"ID", "Email", "email", "IP", "IPv4", "IPv6", "URL", "PDF", "Excel", "HTTP", "Unicode",
                      "GET", "POST", "JSON", "LDAP", "SSO", "sha256", "salt", "HTTP Accept", "User Agent",
                      "%s KB", "%s MB", "%s GB", "%s TB", "%s PB", "%s bytes"}
# Vietnamese that happens to need no diacritics.
UNMARKED_VIETNAMESE = {"Xem trang web"}
# What the data holds, not what the admin says: codes, user names, axes' "<unknown>" user agent.
DATA = re.compile(r"^(<unknown>|[A-Z]{1,3}(-[A-Z0-9]+)*|Mozilla|\*/\*|/[\w/]*)$")
SEEN_IN_ENGLISH = ["Password-based authentication", "Please correct the error below", "Access attempts",
                   "Trang quản trị cho Django", "Django administration", "Site administration", "Get full name",
                   "Axes", "Access logs", "Access failures", "Skip to main content", "Toggle theme"]
READ_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")


class Readable(HTMLParser):
    """The texts a person reads: text nodes outside scripts and styles, and read attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "template"):
            self._skip += 1
        for name in READ_ATTRIBUTES:
            if attrs.get(name):
                self.texts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.texts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(" ".join(data.split()))


def _english_messages() -> list[str]:
    messages = set()
    for catalogue in ENGLISH_CATALOGUES:
        text = catalogue.read_text(encoding="utf-8")
        for match in re.finditer(r'^msgid(?:_plural)? "((?:[^"\\]|\\.)+)"\s*$', text, re.M):
            messages.add(match.group(1).replace('\\"', '"'))
    return sorted(m for m in messages if m not in SAME_IN_VIETNAMESE
                  and re.search(r"[A-Za-z]{2}", re.sub(r"%\(\w+\)[sdr]|\{\w*\}", "", m)))


def _pattern(message: str) -> re.Pattern:
    """The message as it shows once filled in: each placeholder stands for anything, markup
    dropped as the parser drops it."""
    message = re.sub(r"<[^>]+>", "", message)
    parts = re.split(r"%\(\w+\)[sdr]|%[sd]|\{\w*\}", message)
    body = ".*?".join(re.escape(part.strip()) if part.strip() else "" for part in parts)
    if body[:1].islower():  # capfirst()ed or not; otherwise case counts ("thu hút" is not "Thu")
        body = f"[{body[0].upper()}{body[0]}]{body[1:]}"
    return re.compile(rf"(?<![\w]){body}(?![\w])")


ENGLISH = [(message, _pattern(message)) for message in _english_messages()]


def english_in(html: str) -> list[tuple[str, str]]:
    """Each (text, English message) pair where a read text holds an English message."""
    parser = Readable()
    parser.feed(html)
    found = []
    for text in parser.texts:
        if DATA.match(text):
            continue
        if re.fullmatch(r"[A-Za-z][A-Za-z ]*[A-Za-z]:?", text) and re.search(r"[a-z]{3}", text) \
                and text not in UNMARKED_VIETNAMESE:
            found.append((text, "(English words)"))  # a label no catalogue holds: a field without verbose_name
        for phrase in SEEN_IN_ENGLISH:
            if phrase.lower() in text.lower():
                found.append((text, phrase))
        for message, pattern in ENGLISH:
            if pattern.search(text):
                found.append((text, message))
    return found


def admin_pages(client, user) -> dict[str, str]:
    """Every admin screen `user` reaches: the index, each app, each changelist (searched too),
    add form (sent empty, so that its errors show), change form, history and delete
    confirmation of one object, the user's password form and the import page."""
    pages = {}
    request = type("Request", (), {"user": user})()
    get = lambda url, **query: client.get(url, query, follow=True)  # noqa: E731
    pages["index"] = get(reverse("admin:index"))
    for app_label in {m._meta.app_label for m in admin.site._registry}:
        if admin.site._registry and any(ma.has_module_permission(request) for m, ma in admin.site._registry.items()
                                        if m._meta.app_label == app_label):
            pages[f"app {app_label}"] = get(reverse("admin:app_list", args=[app_label]))
    for model, model_admin in admin.site._registry.items():
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        if not model_admin.has_view_permission(request):
            continue
        pages[f"{info} list"] = get(reverse(f"{info}_changelist"))
        pages[f"{info} search"] = get(reverse(f"{info}_changelist"), q="không có gì như thế này")
        if model_admin.has_add_permission(request):
            pages[f"{info} add"] = get(reverse(f"{info}_add"))
            pages[f"{info} add, errors"] = client.post(reverse(f"{info}_add"), {})
        obj = model_admin.get_queryset(type("R", (), {"user": user, "GET": {}, "META": {}})()).order_by("-pk").first() \
            if model is not User else User.objects.filter(pk=user.pk).first()
        if obj is None:
            continue
        pages[f"{info} change"] = get(reverse(f"{info}_change", args=[obj.pk]))
        pages[f"{info} history"] = get(reverse(f"{info}_history", args=[obj.pk]))
        if model_admin.has_delete_permission(request, obj):
            pages[f"{info} delete"] = get(reverse(f"{info}_delete", args=[obj.pk]))
            pages[f"{info} delete selected"] = client.post(reverse(f"{info}_changelist"), {
                "action": "delete_selected", "_selected_action": [obj.pk]})
    officer = User.objects.filter(is_superuser=False).exclude(pk=user.pk).order_by("pk").first()
    pages["user password"] = get(reverse("admin:auth_user_password_change", args=[officer.pk]))
    pages["user password, errors"] = client.post(reverse("admin:auth_user_password_change", args=[officer.pk]),
                                                 {"password1": "a", "password2": "b"})
    pages["own password"] = get(reverse("admin:password_change"))
    pages["import"] = get(reverse("admin:unions_union_import"))
    pages["import, errors"] = client.post(reverse("admin:unions_union_import"), {"step": "preview"})
    return {name: response.content.decode() for name, response in pages.items()}


@pytest.fixture
def signed_in_admins(client, provinces):
    """A superuser of the confederation and a provincial administrator, with something in
    every list: a sign-in failure, an officer with a full name."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.utils import timezone

    AccessAttempt.objects.create(username="nham.ten", ip_address="10.0.0.1", failures_since_start=3,
                                 attempt_time=timezone.now(), get_data="", post_data="", http_accept="*/*",
                                 path_info="/accounts/login/", user_agent="Mozilla")
    AccessFailureLog.objects.create(username="nham.ten", ip_address="10.0.0.1", attempt_time=timezone.now(),
                                    http_accept="*/*", path_info="/accounts/login/", user_agent="Mozilla")
    AccessLog.objects.create(username="cdcs.lan", ip_address="10.0.0.2", attempt_time=timezone.now(),
                             http_accept="*/*", path_info="/accounts/login/", user_agent="Mozilla")
    make_user(provinces["A"]["grass"], username="cdcs.lan", first_name="Lan", last_name="Nguyễn Thị",
              email="lan@example.vn")
    superuser = User.objects.create_superuser(username="quan.tri", password="x", email="qt@example.vn")
    return {"superuser": superuser, "provincial": provinces["A"]["admin"]}


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["superuser", "provincial"])
def test_every_admin_page_is_in_vietnamese(client, signed_in_admins, who):
    client.force_login(signed_in_admins[who])
    pages = admin_pages(client, signed_in_admins[who])
    assert len(pages) > 20
    left = {name: english_in(html) for name, html in pages.items()}
    left = {name: found for name, found in left.items() if found}
    assert left == {}


@pytest.mark.django_db
def test_the_admin_has_the_portals_own_header(client, signed_in_admins):
    client.force_login(signed_in_admins["provincial"])
    page = client.get(reverse("admin:index")).content.decode()
    assert "Quản trị Cổng theo dõi Kế hoạch 1306" in page
    assert "<title>Quản trị | Quản trị Cổng Kế hoạch 1306</title>" in page
    assert "Django" not in page
    add = client.get(reverse("admin:accounts_user_add")).content.decode()
    assert "Thêm vào" not in add  # Django's own Vietnamese says "add into": "Thêm vào người dùng"


def test_the_check_finds_english_it_is_meant_to_find():
    assert english_in('<p class="errornote">Please correct the error below.</p>')
    assert english_in('<a title="Select người dùng to change">x</a>')
    assert english_in("<h2>Password-based authentication</h2>")
    assert not english_in("<p>Hãy sửa các lỗi được đánh dấu dưới đây.</p><script>var x='Add';</script>")


def _catalogue_messages(path: Path) -> list[tuple[str | None, str, str | None]]:
    """(context, message, plural) of every entry of a .po file."""
    text = path.read_text(encoding="utf-8")
    entries = []
    for block in text.split("\n\n"):
        unquote = lambda key: "".join(  # noqa: E731
            re.findall(rf'^{key} "((?:[^"\\]|\\.)*)"', block, re.M)).replace('\\"', '"').replace("\\n", "\n")
        message = unquote("msgid")
        if message and "#~" not in block:
            entries.append((unquote("msgctxt") or None, message, unquote("msgid_plural") or None))
    return entries


# Messages of the admin's catalogues that the portal never shows (it has no such screen) or that
# read the same in Vietnamese.
NEVER_SHOWN = {"Django site admin", "Django administration", "Site administration", "Log in again",
               "Thanks for spending some quality time with the web site today.", "Unknown content type",
               "%(class_name)s %(instance)s"} | SAME_IN_VIETNAMESE


@pytest.mark.parametrize("part", ["contrib/admin", "contrib/auth", "contrib/contenttypes"])
def test_every_message_of_djangos_admin_and_accounts_has_vietnamese(part):
    untranslated = []
    with translation.override("vi"):
        for context, message, plural in _catalogue_messages(DJANGO / part / "locale/en/LC_MESSAGES/django.po"):
            if message in NEVER_SHOWN:
                continue
            if plural:
                vietnamese = translation.npgettext(context, message, plural, 1) if context else translation.ngettext(
                    message, plural, 1)
            else:
                vietnamese = translation.pgettext(context, message) if context else translation.gettext(message)
            if vietnamese == message:
                untranslated.append(message)
    assert untranslated == []


@pytest.mark.django_db
def test_every_message_of_the_admins_scripts_has_vietnamese(client, signed_in_admins):
    """The calendar, the clock and the two-box chooser of groups and permissions."""
    import json

    client.force_login(signed_in_admins["superuser"])
    script = client.get(reverse("admin:jsi18n")).content.decode()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", script, re.S).group(1))
    wanted = [(context, message) for context, message, _plural in
              _catalogue_messages(DJANGO / "contrib/admin/locale/en/LC_MESSAGES/djangojs.po")]
    missing = [message for context, message in wanted
               if (f"{context}\x04{message}" if context else message) not in catalogue]
    assert missing == []


@pytest.mark.django_db
def test_axes_names_its_models_and_rows_in_vietnamese(signed_in_admins):
    from axes.models import AccessFailureLog

    with translation.override("vi"):
        assert str(AccessFailureLog._meta.verbose_name_plural) == "nhật ký đăng nhập sai"
        assert str(AccessFailureLog.objects.get()).startswith("Đăng nhập sai của nham.ten từ 10.0.0.1 lúc ")
