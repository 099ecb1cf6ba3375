"""The hierarchy import in the admin: reached from the Union changelist, staff only; upload,
preview, confirm; the preview's file waits in the storage under a random name."""
import os
import time

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from tests.factories import make_user
from tests.spreadsheets.helpers import edit, find_row, rows_of, upload
from unions.models import Union, UnionPlacement
from unions.spreadsheets import unions_export
from unions.views_spreadsheets import SESSION_KEY, STASH_DIR

IMPORT = "admin:unions_union_import"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Previews wait in the storage: a scratch one per test."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def admin_client(client, users):
    client.force_login(users["admin"])
    client.cookies["django_language"] = "en"
    return client


def snapshot():
    return (list(Union.objects.order_by("pk").values()), list(UnionPlacement.objects.order_by("pk").values()))


def renamed(tree, name="Công đoàn THPT Vĩnh Linh") -> tuple[bytes, int]:
    content = unions_export(units=Union.objects.all())
    row = find_row(content, tree["grass_a1"].code)
    return edit(content, {f"B{row}": name}), row


def test_the_changelist_links_to_import_and_export(admin_client, tree):
    page = admin_client.get(reverse("admin:unions_union_changelist")).content.decode()
    assert reverse(IMPORT) in page and reverse("admin:unions_union_export") in page
    response = admin_client.get(reverse("admin:unions_union_export"), {"under": tree["upper_a"].code})
    assert response["Content-Disposition"].startswith('attachment; filename="he-thong-cong-doan-')
    assert {r[0] for r in rows_of(response.content)[1:]} == {tree[k].code for k in ("upper_a", "grass_a1", "grass_a2")}
    assert admin_client.get(reverse(IMPORT)).status_code == 200


def test_preview_then_apply(admin_client, tree):
    content, row = renamed(tree)
    abandoned = default_storage.save(f"{STASH_DIR}/abandoned.xlsx", ContentFile(b"old preview"))
    os.utime(default_storage.path(abandoned), (time.time() - 2 * 86400,) * 2)
    before = snapshot()
    response = admin_client.post(reverse(IMPORT), {"step": "preview", "file": upload(content), "on": "01/07/2025"})
    assert response.status_code == 200
    plan = response.context["plan"]
    assert plan.counts == {"new": 0, "changed": 1, "moved": 0, "closed": 0} and plan.unchanged == 5
    assert "6 rows: 0 new, 1 changed, 0 moved, 0 closed, 5 unchanged." in response.content.decode()
    assert snapshot() == before
    token = response.context["token"]
    stashed = f"{STASH_DIR}/{token}.xlsx"
    assert default_storage.exists(stashed) and not default_storage.exists(abandoned)  # swept after a day
    assert admin_client.post(reverse(IMPORT), {"step": "apply", "token": "someone-elses"}).status_code == 302
    assert snapshot() == before
    response = admin_client.post(reverse(IMPORT), {"step": "apply", "token": token})
    assert response.status_code == 302 and response["Location"] == reverse("admin:unions_union_changelist")
    assert Union.objects.get(pk=tree["grass_a1"].pk).name == "Công đoàn THPT Vĩnh Linh"
    assert not default_storage.exists(stashed) and SESSION_KEY not in admin_client.session


def test_errors_are_listed_by_row_and_cell_and_nothing_waits_to_be_applied(admin_client, tree):
    content, row = renamed(tree)
    broken = edit(content, {f"F{row}": "hôm qua"})
    before = snapshot()
    response = admin_client.post(reverse(IMPORT), {"step": "preview", "file": upload(broken), "on": "01/07/2025"})
    assert response.status_code == 400
    assert [(e.row, e.cell, e.field) for e in response.context["plan"].errors] == [(row, f"F{row}", "opened_on")]
    page = response.content.decode()
    assert f'data-cell="F{row}"' in page and "Nothing was changed" in page and 'name="token"' not in page
    assert SESSION_KEY not in admin_client.session and snapshot() == before


def test_a_change_made_between_preview_and_apply_stops_the_apply(admin_client, tree):
    content, _row = renamed(tree)
    response = admin_client.post(reverse(IMPORT), {"step": "preview", "file": upload(content), "on": "01/07/2025"})
    token = response.context["token"]
    Union.objects.filter(pk=tree["grass_a1"].pk).update(name="Công đoàn THPT Vĩnh Linh")  # done meanwhile
    Union.objects.filter(pk=tree["grass_a2"].pk).update(member_count=99)
    before = snapshot()
    response = admin_client.post(reverse(IMPORT), {"step": "apply", "token": token})
    assert response.status_code == 409 and response.context["plan"].stale
    assert snapshot() == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_people_who_are_not_staff_never_reach_it(client, users, tree, method):
    content, _row = renamed(tree, "Đổi tên")
    for who in ("grass_a1", "upper_a", "board", "leadership"):
        client.force_login(users[who])
        for name in (IMPORT, "admin:unions_union_export"):
            response = getattr(client, method)(reverse(name), {"step": "preview", "file": upload(content),
                                                                "on": "01/07/2025"} if method == "post" else {})
            assert response.status_code == 302 and "/admin/login/" in response["Location"], (who, name)
    assert not Union.objects.filter(name="Đổi tên").exists()


def test_staff_without_the_permission_to_change_unions_is_refused(client, tree):
    clerk = make_user(tree["province"], role="administrator", username="clerk", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_union"))
    client.force_login(clerk)
    assert client.get(reverse(IMPORT)).status_code == 403
    content, _row = renamed(tree, "Đổi tên")
    response = client.post(reverse(IMPORT), {"step": "preview", "file": upload(content), "on": "01/07/2025"})
    assert response.status_code == 403
    assert client.get(reverse("admin:unions_union_export")).status_code == 200
    assert not Union.objects.filter(name="Đổi tên").exists()
