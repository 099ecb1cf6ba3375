"""Provinces as tenants of one tree (issue 11): each province's Board, leadership and
administrator act only inside their own province; a national role reads every province and
changes nothing of theirs; a non-superuser administrator grants no rights. One test per
finding of the issue, each with the request an attacker sent."""
import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import Role, User
from accounts.services import user_save
from notifications.models import Reminder, ReminderPolicy
from notifications.planning import reminders_plan
from notifications.selectors import reminder_policy
from notifications.sending import reminders_send
from notifications.services import reminder_policy_update
from reporting.models import DeadlineExtension, Report
from reporting.periods import deadline_extend
from tests.spreadsheets.helpers import upload, workbook_bytes
from unions.models import Union
from unions.services import union_create, union_move

D = datetime.date
MONDAY_AFTER_DEADLINE = D(2023, 11, 27)  # 2023-Y is due on 25/11/2023


def signed_in(client, user):
    client.force_login(user)
    client.cookies["django_language"] = "vi"
    return client


def unit_form(*, parent, code, name, level="upper", kind="district_federation", **changes):
    data = {"parent": parent.pk if parent else "", "changed_on": "", "code": code, "name": name, "level": level,
            "kind": kind, "opened_on": "01/01/2020", "closed_on": "", "email": "", "phone": "", "member_count": 0}
    data.update(changes)
    return data


# --- a provincial administrator writes into another province ------------------------------

def test_adding_a_unit_under_the_other_provinces_union_is_refused(client, provinces):
    a, b = provinces["A"], provinces["B"]
    signed_in(client, a["admin"])
    response = client.post(reverse("admin:unions_union_add"),
                           unit_form(parent=b["province"], code="EVIL-1", name="Công đoàn cài vào tỉnh B"))
    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors
    assert not Union.objects.filter(code="EVIL-1").exists()
    # Its own province: the same form goes through (the refusal is the province, not the form).
    response = client.post(reverse("admin:unions_union_add"),
                           unit_form(parent=a["province"], code="OK-1", name="Công đoàn ngành Giáo dục"))
    assert response.status_code == 302
    assert Union.objects.get(code="OK-1").parent == a["province"]


def test_the_service_refuses_a_unit_in_the_other_province_whatever_the_form(provinces):
    a, b = provinces["A"], provinces["B"]
    from django.utils import translation

    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        union_create(parent=b["upper"], code="EVIL-2", name="x", level="grassroots", kind="grassroots_agency",
                     opened_on=D(2020, 1, 1), by=a["admin"])
    assert refused.value.message_dict["parent"] == ["Hãy chọn một công đoàn trong phạm vi quản lý của bạn."]
    with pytest.raises(ValidationError):
        union_create(parent=None, code="EVIL-3", name="x", level="province", kind="province_federation",
                     opened_on=D(2020, 1, 1), by=a["admin"])  # a new province beside the others
    assert not Union.objects.filter(code__startswith="EVIL").exists()


def test_moving_a_unit_under_the_other_province_is_refused(client, provinces):
    a, b = provinces["A"], provinces["B"]
    signed_in(client, a["admin"])
    upper = a["upper"]
    response = client.post(reverse("admin:unions_union_change", args=[upper.pk]),
                           unit_form(parent=b["province"], code=upper.code, name=upper.name, changed_on="01/07/2025"))
    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors
    assert Union.objects.get(pk=upper.pk).parent == a["province"]
    with pytest.raises(ValidationError):
        union_move(union=upper, new_parent=b["province"], on=D(2025, 7, 1), by=a["admin"])
    assert Union.objects.get(pk=upper.pk).parent == a["province"]
    assert Report.objects.filter(unit__path__startswith=a["province"].path).count() == 2  # reports stay in sight


def test_the_other_provinces_units_cannot_be_changed_or_deleted(client, provinces):
    a, b = provinces["A"], provinces["B"]
    signed_in(client, a["admin"])
    other = b["upper"]
    for url in (reverse("admin:unions_union_change", args=[other.pk]),
                reverse("admin:unions_union_delete", args=[other.pk])):
        response = client.post(url, {**unit_form(parent=b["province"], code=other.code, name="Đổi tên"),
                                     "post": "yes"})
        assert response.status_code == 302 and response["Location"] == reverse("admin:index")  # "does not exist"
    response = client.post(reverse("admin:unions_union_changelist"),
                           {"action": "delete_selected", "_selected_action": [other.pk], "post": "yes"})
    assert Union.objects.get(pk=other.pk).name == other.name


def test_assigning_a_user_to_the_other_provinces_unit_is_refused(client, provinces):
    a, b = provinces["A"], provinces["B"]
    signed_in(client, a["admin"])
    response = client.post(reverse("admin:accounts_user_add"), {
        "username": "gian.diep", "password1": "Mat-khau-dai-1306!", "password2": "Mat-khau-dai-1306!",
        "usable_password": "true", "unit": b["grass"].pk, "role": Role.GRASSROOTS_OFFICER, "email": "x@x.vn"})
    assert response.status_code == 200 and "unit" in response.context["adminform"].form.errors
    assert not User.objects.filter(username="gian.diep").exists()
    officer = a["grass_officer"]
    response = client.post(reverse("admin:accounts_user_change", args=[officer.pk]), {
        "username": officer.username, "unit": b["grass"].pk, "role": officer.role, "is_active": "on",
        "email": officer.email, "last_login_0": "", "date_joined_0": "01/01/2024", "date_joined_1": "00:00:00"})
    assert response.status_code == 200 and "unit" in response.context["adminform"].form.errors
    assert User.objects.get(pk=officer.pk).unit == a["grass"]
    officer.unit = b["grass"]
    with pytest.raises(ValidationError):
        user_save(by=a["admin"], user=officer)
    assert User.objects.get(pk=officer.pk).unit == a["grass"]


def test_ticking_is_superuser_on_ones_own_account_changes_nothing(client, provinces):
    admin = provinces["A"]["admin"]
    signed_in(client, admin)
    page = client.get(reverse("admin:accounts_user_change", args=[admin.pk]))
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert not {"is_superuser", "is_staff", "groups", "user_permissions"} & set(form.fields)
    response = client.post(reverse("admin:accounts_user_change", args=[admin.pk]), {
        "username": admin.username, "unit": admin.unit.pk, "role": admin.role, "is_active": "on",
        "is_staff": "on", "is_superuser": "on", "email": admin.email, "groups": [], "user_permissions": [],
        "date_joined_0": "01/01/2024", "date_joined_1": "00:00:00"})
    assert response.status_code == 302
    admin.refresh_from_db()
    assert admin.is_superuser is False
    assert admin.user_permissions.count() > 0  # not emptied either: the field was not the admin's to send
    admin.is_superuser = True
    with pytest.raises(ValidationError):
        user_save(by=admin, user=admin)
    assert User.objects.get(pk=admin.pk).is_superuser is False


def test_granting_staff_to_another_account_is_refused_by_the_service(provinces):
    a = provinces["A"]
    officer = a["grass_officer"]
    officer.is_staff = True
    with pytest.raises(ValidationError):
        user_save(by=a["admin"], user=officer)
    assert User.objects.get(pk=officer.pk).is_staff is False


def test_a_provincial_administrator_does_not_change_groups(client, provinces):
    signed_in(client, provinces["A"]["admin"])
    response = client.post(reverse("admin:auth_group_add"), {"name": "Toàn quyền", "permissions": []})
    assert response.status_code == 403


def test_the_parent_list_and_the_branch_filter_hold_only_the_own_province(client, provinces):
    a, b = provinces["A"], provinces["B"]
    signed_in(client, a["admin"])
    form = client.get(reverse("admin:unions_union_add")).context["adminform"].form
    assert set(form.fields["parent"].queryset) == {a["province"], a["upper"]}
    response = client.get(reverse("admin:unions_union_changelist"))
    page = response.content.decode()
    assert a["upper"].name in page and b["upper"].name not in page and b["province"].name not in page
    branch = client.get(reverse("admin:unions_union_changelist"), {"under": b["province"].code})
    assert list(branch.context["cl"].result_list) == []
    users_page = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert a["board"].username in users_page and b["board"].username not in users_page


def test_the_hierarchy_import_refuses_rows_of_the_other_province(client, provinces):
    a, b = provinces["A"], provinces["B"]
    signed_in(client, a["admin"])
    content = workbook_bytes([
        ["Mã", "Tên", "Cấp", "Loại", "Mã công đoàn cấp trên", "Ngày thành lập"],
        ["EVIL-4", "Công đoàn cài vào tỉnh B", "grassroots", "grassroots_agency", b["upper"].code, "01/01/2020"],
        [b["grass"].code, "Đổi tên ở tỉnh B", "grassroots", "grassroots_agency", b["upper"].code, "01/01/2015"],
        [a["grass"].code, a["grass"].name, "grassroots", "grassroots_agency", b["upper"].code, "01/01/2015"],
    ])
    response = client.post(reverse("admin:unions_union_import"),
                           {"step": "preview", "file": upload(content), "on": "01/07/2025"})
    assert response.status_code == 400
    assert len(response.context["plan"].errors) == 3
    assert not Union.objects.filter(code="EVIL-4").exists()
    assert Union.objects.get(pk=b["grass"].pk).name == b["grass"].name
    assert Union.objects.get(pk=a["grass"].pk).parent == a["upper"]


# --- one province's Board and what all share -----------------------------------------------

POLICY_OFF = {"days_before": "14,7,3,1", "on_the_day": "on", "overdue_after_days": "1", "overdue_every_days": "7",
              "escalate": "on", "escalate_after_days": "1", "remind_returned": "on", "digest_weekday": "0"}


def test_a_board_switching_reminders_off_switches_off_its_own_province_only(client, provinces):
    a, b = provinces["A"], provinces["B"]
    signed_in(client, a["board"])
    response = client.post(reverse("notifications:policy"), POLICY_OFF)  # is_active left unticked
    assert response.status_code == 302
    assert ReminderPolicy.objects.get(province=a["province"]).is_active is False
    assert reminder_policy().is_active is True and reminder_policy(province=b["province"]).is_active is True
    plan = reminders_plan(today=MONDAY_AFTER_DEADLINE)
    chased = Reminder.objects.filter(run=plan.run).exclude(kind="digest")
    assert chased.filter(report__unit__path__startswith=b["province"].path, kind="overdue").count() == 2
    assert not chased.filter(report__unit__path__startswith=a["province"].path).exists()
    assert not Reminder.objects.filter(kind="digest", recipient_unit=a["province"]).exists()
    assert Reminder.objects.filter(kind="digest", recipient_unit=b["province"]).count() == 1


def test_each_province_follows_its_own_policy_and_the_rest_the_default(provinces):
    a, b = provinces["A"], provinces["B"]
    reminder_policy_update(by=a["board"], overdue_after_days=5)
    plan = reminders_plan(today=D(2023, 11, 26))  # one day late: the default's first overdue notice
    overdue = Reminder.objects.filter(run=plan.run, kind="overdue")
    assert {r.report.unit.code for r in overdue} == {b["grass"].code, b["upper"].code}


def test_a_national_board_edits_the_default_and_no_provinces_own_policy(provinces):
    a = provinces["A"]
    reminder_policy_update(by=a["board"], digest_weekday=4)
    reminder_policy_update(by=provinces["national_board"], days_before="5")
    assert reminder_policy().days_before == "5"
    assert ReminderPolicy.objects.get(province=a["province"]).days_before == "14,7,3,1"


def test_each_boards_digest_and_log_hold_its_own_province_only(client, provinces):
    a, b = provinces["A"], provinces["B"]
    mail.outbox.clear()
    for chunk in reminders_plan(today=MONDAY_AFTER_DEADLINE).chunks:
        reminders_send(ids=chunk)
    for own, other in ((a, b), (b, a)):
        to_board = [m for m in mail.outbox if own["board"].email in m.to]
        digests = [m for m in to_board if "Tổng hợp tuần" in m.subject]
        assert len(digests) == 1 and digests[0].to == [own["board"].email]
        assert ": 2/2 đơn vị chưa gửi" in digests[0].subject  # its own two units, not the four of the country
        assert own["grass"].name in digests[0].body
        for message in to_board:
            assert other["grass"].name not in message.body and other["upper"].name not in message.body
            assert other["board"].email not in message.to

    signed_in(client, a["board"])
    log = client.get(reverse("notifications:log"))
    page = log.content.decode()
    shown = list(log.context["page"].object_list)
    assert {r.kind for r in shown} >= {"digest", "overdue"}
    assert all(r.report_id is None and r.recipient_unit == a["province"] or r.report.unit.path.startswith(
        a["province"].path) for r in shown)
    assert a["grass_officer"].email in page
    for foreign in (b["grass_officer"].email, b["upper_officer"].email, b["board"].email, b["grass"].name):
        assert foreign not in page
    missing = client.get(reverse("notifications:missing", args=[provinces["period"].pk])).content.decode()
    assert a["grass"].name in missing and b["grass"].name not in missing


def test_the_extensions_list_shows_the_boards_own_province_only(client, provinces):
    a, b = provinces["A"], provinces["B"]
    period = provinces["period"]
    deadline_extend(period=period, unit=b["grass"], new_deadline=D(2023, 12, 5), reason="Lũ lụt ở Bố Trạch",
                    by=b["board"])
    deadline_extend(period=period, unit=None, new_deadline=D(2023, 12, 1), reason="Cả tỉnh B gia hạn",
                    by=b["board"])
    deadline_extend(period=period, unit=a["grass"], new_deadline=D(2023, 12, 3), reason="Bão ở Vĩnh Linh",
                    by=a["board"])
    page = signed_in(client, a["board"]).get(reverse("reporting:period_extend", args=[period.pk])).content.decode()
    assert "Bão ở Vĩnh Linh" in page
    assert "Lũ lụt ở Bố Trạch" not in page and "Cả tỉnh B gia hạn" not in page
    # B's "every unit" moved B's reports only.
    assert Report.objects.get(pk=a["upper_report"].pk).due_on == period.deadline
    assert Report.objects.get(pk=b["upper_report"].pk).due_on == D(2023, 12, 1)


def test_a_board_cannot_extend_the_other_provinces_unit(client, provinces):
    a, b = provinces["A"], provinces["B"]
    period = provinces["period"]
    with pytest.raises(ValidationError):
        deadline_extend(period=period, unit=b["grass"], new_deadline=D(2023, 12, 5), reason="x", by=a["board"])
    response = signed_in(client, a["board"]).post(reverse("reporting:period_extend", args=[period.pk]), {
        "units": [b["grass"].code], "new_deadline": "05/12/2023", "reason": "x"})
    assert response.status_code == 400
    assert response.context["form"].errors["units"] == [
        "Đơn vị này không thuộc phạm vi của bạn hoặc không có báo cáo trong kỳ này."]
    assert b["grass"].name not in response.content.decode()  # not offered among the choices either
    assert not DeadlineExtension.objects.exists()
    assert Report.objects.get(pk=b["report"].pk).due_on == period.deadline


# --- national roles: read every province, change none ---------------------------------------

def test_a_national_administrator_reads_a_province_and_changes_nothing(client, provinces):
    a = provinces["A"]
    signed_in(client, provinces["national_admin"])
    url = reverse("admin:unions_union_change", args=[a["upper"].pk])
    page = client.get(url)
    assert page.status_code == 200 and a["upper"].name in page.content.decode()
    response = client.post(url, unit_form(parent=a["province"], code=a["upper"].code, name="Đổi tên từ trung ương"))
    assert response.status_code == 403
    assert Union.objects.get(pk=a["upper"].pk).name == a["upper"].name
    response = client.post(reverse("admin:unions_union_add"),
                           unit_form(parent=a["province"], code="VN-1", name="Đơn vị do trung ương thêm"))
    assert response.status_code == 200 and not Union.objects.filter(code="VN-1").exists()
    assert client.post(reverse("admin:accounts_user_change", args=[a["board"].pk]), {}).status_code == 403


def test_a_national_board_extends_no_provinces_deadline(provinces):
    period = provinces["period"]
    with pytest.raises(ValidationError):
        deadline_extend(period=period, unit=provinces["A"]["grass"], new_deadline=D(2023, 12, 5), reason="x",
                        by=provinces["national_board"])
    moved = deadline_extend(period=period, unit=None, new_deadline=D(2023, 12, 5), reason="x",
                            by=provinces["national_board"])
    assert moved == 0 and not Report.objects.filter(due_on=D(2023, 12, 5)).exists()


def test_the_shared_plan_and_periods_are_read_only_for_a_provincial_administrator(client, provinces):
    period = provinces["period"]
    signed_in(client, provinces["A"]["admin"])
    url = reverse("admin:reporting_reportingperiod_change", args=[period.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"code": period.code, "is_open": ""}).status_code == 403
    assert client.get(reverse("admin:reporting_reportingperiod_changelist")).context["action_form"] is None
    period.refresh_from_db()
    assert period.is_open is True


def test_a_board_cannot_reach_the_service_of_another_role(provinces):
    with pytest.raises(PermissionDenied):
        reminder_policy_update(by=provinces["A"]["admin"], is_active=False)
    assert reminder_policy().is_active is True


def test_the_unit_autocomplete_offers_the_own_province_only(client, provinces):
    a, b = provinces["A"], provinces["B"]
    signed_in(client, a["admin"])
    found = client.get(reverse("admin:autocomplete"), {"app_label": "accounts", "model_name": "user",
                                                       "field_name": "unit", "term": "Trường THPT"})
    assert found.status_code == 200
    # labelled by code, name and parent (issue 14): namesakes of two branches read differently
    assert [row["text"] for row in found.json()["results"]] == [
        f"{a['grass'].code} — {a['grass'].name} (thuộc {a['upper'].name})"]
    assert b["grass"].name not in found.content.decode()


def test_a_national_board_reads_a_provinces_report_and_reviews_none(client, provinces):
    from reporting.review import report_accept
    from reporting.services import report_save
    from tests.reporting.values import complete_values

    a = provinces["A"]
    report = a["upper_report"]
    report = report_save(report=report, by=a["upper_officer"], values=complete_values(report), version=report.version,
                         submit=True)
    signed_in(client, provinces["national_board"])
    assert client.get(reverse("reporting:report_detail", args=[report.pk])).status_code == 200
    assert report.pk not in [r.pk for r in client.get(reverse("reporting:review_queue")).context["page"]]
    assert client.post(reverse("reporting:report_review", args=[report.pk]),
                       {"decision": "accept"}).status_code == 403
    with pytest.raises(PermissionDenied):
        report_accept(report=report, by=provinces["national_board"])
    assert Report.objects.get(pk=report.pk).status == Report.Status.SUBMITTED
    # The province's own Board does review it.
    assert report_accept(report=report, by=a["board"]).status == Report.Status.ACCEPTED


def test_the_runs_box_with_the_nations_totals_is_for_a_national_board_only(client, provinces):
    """A run plans every province's reminders: its count is the country's, not a province's."""
    reminders_plan(today=MONDAY_AFTER_DEADLINE)
    signed_in(client, provinces["A"]["board"])
    page = client.get(reverse("notifications:log"))
    assert page.status_code == 200 and page.context["runs"] is None
    assert "Các lượt chạy gần đây" not in page.content.decode()
    signed_in(client, provinces["national_board"])
    page = client.get(reverse("notifications:log"))
    assert page.status_code == 200 and len(page.context["runs"]) == 1
