"""Accounts made in the admin (issue 14): a new account has its full name, e-mail, unit and role
from the add form itself, set through accounts.services with the province checks."""
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.admin_forms import permission_label
from accounts.models import Role, User

PASSWORD = "Mat-khau-dai-1306!"


def add_form(at, **changes):
    data = {"username": "cdcs.lan", "password1": PASSWORD, "password2": PASSWORD, "usable_password": "true",
            "last_name": "Nguyễn Thị", "first_name": "Lan", "email": "lan@example.vn", "phone": "",
            "unit": at.pk, "role": Role.GRASSROOTS_OFFICER}
    data.update(changes)
    return data


@pytest.mark.django_db
def test_the_add_form_asks_full_name_email_unit_and_role(client, provinces):
    client.force_login(provinces["A"]["admin"])
    form = client.get(reverse("admin:accounts_user_add")).context["adminform"].form
    for name in ("username", "last_name", "first_name", "email", "unit", "role"):
        assert form.fields[name].required, name
    assert str(form.fields["last_name"].label) == "Họ và tên đệm" and str(form.fields["first_name"].label) == "Tên"


@pytest.mark.django_db
def test_a_provincial_administrator_creates_a_whole_account_in_their_province(client, provinces):
    a = provinces["A"]
    client.force_login(a["admin"])
    response = client.post(reverse("admin:accounts_user_add"), add_form(a["grass"]))
    assert response.status_code == 302
    lan = User.objects.get(username="cdcs.lan")
    assert (lan.get_full_name(), lan.email, lan.unit, lan.role) == (
        "Nguyễn Thị Lan", "lan@example.vn", a["grass"], Role.GRASSROOTS_OFFICER)
    assert lan.check_password(PASSWORD) and not lan.is_staff and not lan.is_superuser


@pytest.mark.django_db
@pytest.mark.parametrize("missing", ["last_name", "first_name", "email", "unit", "role"])
def test_an_account_without_its_name_email_unit_or_role_is_not_created(client, provinces, missing):
    client.force_login(provinces["A"]["admin"])
    response = client.post(reverse("admin:accounts_user_add"), add_form(provinces["A"]["grass"], **{missing: ""}))
    assert response.status_code == 200 and missing in response.context["adminform"].form.errors
    assert not User.objects.filter(username="cdcs.lan").exists()


@pytest.mark.django_db
def test_the_other_provinces_unit_is_refused_on_the_add_form(client, provinces):
    client.force_login(provinces["A"]["admin"])
    response = client.post(reverse("admin:accounts_user_add"), add_form(provinces["B"]["grass"]))
    assert response.status_code == 200 and "unit" in response.context["adminform"].form.errors
    assert not User.objects.filter(username="cdcs.lan").exists()


@pytest.mark.django_db
def test_the_user_list_shows_the_full_name_family_name_first(client, provinces):
    from tests.factories import make_user

    make_user(provinces["A"]["grass"], username="cdcs.lan", first_name="Lan", last_name="Nguyễn Thị")
    client.force_login(provinces["A"]["admin"])
    page = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "Nguyễn Thị Lan" in page and "Họ và tên" in page


@pytest.mark.django_db
def test_permissions_are_named_in_vietnamese():
    from django.utils import translation

    permission = Permission.objects.get(codename="add_union")
    with translation.override("vi"):
        assert permission_label(permission) == "Hệ thống tổ chức công đoàn | Công đoàn | Được thêm công đoàn"


@pytest.mark.django_db
def test_deleting_an_account_does_not_list_its_permission_links(client, provinces):
    officer = provinces["A"]["grass_officer"]
    officer.user_permissions.set(Permission.objects.filter(codename__in=["view_union", "view_report"]))
    client.force_login(provinces["A"]["admin"])
    page = client.get(reverse("admin:accounts_user_delete", args=[officer.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "User_user_permissions" not in html and officer.username in html
