"""Sign in, sign out, change and reset a password — in Vietnamese."""
import re

from django.core import mail
from django.urls import reverse


def test_wrong_password_gets_a_vietnamese_message_and_no_session(client, users):
    response = client.post(reverse("login"), {"username": "cdcs_a1", "password": "nope"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu chưa đúng" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_in_and_out(client, users):
    response = client.post(reverse("login"), {"username": "cdcs_a1", "password": "secret-pass-1306"})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    home = client.get(reverse("home")).content.decode()
    assert "Cán bộ công đoàn cơ sở" in home and "Công đoàn Trường THPT Vĩnh Linh" in home
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_password_change_in_vietnamese(client, users):
    client.force_login(users["grass_a1"])
    page = client.get(reverse("password_change")).content.decode()
    assert "Đổi mật khẩu" in page and "Mật khẩu cũ" in page
    response = client.post(reverse("password_change"), {
        "old_password": "secret-pass-1306", "new_password1": "123", "new_password2": "123"})
    assert "Mật khẩu này quá ngắn. Mật khẩu phải có ít nhất 8 ký tự" in response.content.decode()
    response = client.post(reverse("password_change"), {
        "old_password": "secret-pass-1306", "new_password1": "Cửa-Tùng-2023!", "new_password2": "Cửa-Tùng-2023!"})
    assert response.status_code == 302
    users["grass_a1"].refresh_from_db()
    assert users["grass_a1"].check_password("Cửa-Tùng-2023!")


def test_password_reset_mail_is_vietnamese_and_its_link_works(client, users, settings):
    settings.PORTAL_OPERATOR = "Liên đoàn Lao động tỉnh Quảng Bình"  # the installation's, whichever it is
    users["grass_a1"].email = "lan.nguyen@example.vn"
    users["grass_a1"].save()
    response = client.post(reverse("password_reset"), {"email": "lan.nguyen@example.vn"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Đặt mật khẩu mới cho Cổng báo cáo Chương trình 1306"
    assert "Xin chào" in message.body and "trên Cổng báo cáo Chương trình 1306 của Liên đoàn Lao động tỉnh Quảng Bình." \
        in message.body
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", message.body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(form_url, {"new_password1": "Gio-Linh-2024!", "new_password2": "Gio-Linh-2024!"})
    assert response.status_code == 302
    users["grass_a1"].refresh_from_db()
    assert users["grass_a1"].check_password("Gio-Linh-2024!")


def test_names_are_written_family_name_first(users):
    user = users["grass_a1"]
    user.first_name, user.last_name = "Lan", "Nguyễn Thị"
    assert user.get_full_name() == "Nguyễn Thị Lan"
