"""Extensions reach the reports still to send — not started, draft, or returned — and say per
unit what they did or why not; the Board opens them from the dashboard's lists and a unit's
report page and chooses units by name or code among its own."""
import datetime

import pytest
from django.urls import reverse

from reporting.models import DeadlineExtension, Report
from reporting.periods import ExtensionResult, deadlines_extend
from reporting.review import report_return
from reporting.services import report_save
from tests.factories import make_union
from tests.reporting.values import complete_values

D = datetime.date


@pytest.fixture
def states(open_reports, users):
    """grass_a1 returned (the issue's case), grass_b1 sent, grass_a2 not started; all due 25/11/2023."""
    a1 = report_save(report=open_reports["grass_a1"], by=users["grass_a1"], values=complete_values(
        open_reports["grass_a1"]), version=0, submit=True)
    report_return(report=a1, by=users["upper_a"], reason="Bổ sung minh chứng.")
    report_save(report=open_reports["grass_b1"], by=users["grass_b1"], values=complete_values(
        open_reports["grass_b1"]), version=0, submit=True)
    return open_reports


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_a_returned_report_is_extended_and_each_unit_is_told_what_happened(states, users, tree):
    period = states["grass_a1"].period
    outcome = deadlines_extend(period=period, units=[tree["grass_a1"], tree["grass_b1"], tree["grass_a2"]],
                               new_deadline=D(2023, 12, 5), reason="Bão lụt.", by=users["board"])
    assert [(r.unit, r.outcome) for r in outcome.results] == [
        (tree["grass_a1"], ExtensionResult.EXTENDED), (tree["grass_b1"], ExtensionResult.SENT),
        (tree["grass_a2"], ExtensionResult.EXTENDED)]
    assert outcome.moved == 2
    assert Report.objects.get(pk=states["grass_a1"].pk).due_on == D(2023, 12, 5)  # returned: reached
    assert Report.objects.get(pk=states["grass_b1"].pk).due_on == D(2023, 11, 25)  # sent: judged on its deadline
    assert set(DeadlineExtension.objects.values_list("unit__code", flat=True)) == {
        tree["grass_a1"].code, tree["grass_a2"].code}  # recorded only where a report moved
    again = deadlines_extend(period=period, units=[tree["grass_a1"]], new_deadline=D(2023, 12, 1), reason="x",
                             by=users["board"])
    assert again.results[0].outcome == ExtensionResult.ALREADY_LATER and again.moved == 0


def test_every_unit_reaches_returned_reports_and_says_what_it_left(states, users):
    period = states["grass_a1"].period
    outcome = deadlines_extend(period=period, units=None, new_deadline=D(2023, 12, 5), reason="Lùi hạn chung.",
                               by=users["board"])
    # 5 reports: grass_a1 returned, grass_a2 and the two upper-level unions not started -> 4; grass_b1 sent.
    assert outcome.counts == {"extended": 4, "sent": 1, "already_later": 0}
    assert Report.objects.get(pk=states["grass_a1"].pk).due_on == D(2023, 12, 5)


def test_the_form_chooses_units_by_name_or_code_and_says_per_unit_what_it_did(client, states, users, tree):
    period = states["grass_a1"].period
    url = reverse("reporting:period_extend", args=[period.pk])
    client.force_login(users["board"])
    page = client.get(url, {"unit": tree["grass_a1"].code}).content.decode()
    assert f'<option value="{tree["grass_a1"].code}" selected>' in page  # opened from a list: already chosen
    assert "Đã trả lại, chờ sửa" in page
    found = client.get(url, {"q": "Gio Linh"}).content.decode()
    assert f'value="{tree["grass_b1"].code}"' in found and f'value="{tree["grass_a2"].code}"' not in found
    response = client.post(url, {"units": [tree["grass_a1"].code, tree["grass_b1"].code],
                                 "new_deadline": "05/12/2023", "reason": "Đơn vị bị ảnh hưởng bão lụt."}, follow=True)
    said = messages_of(response)
    assert f"{tree['grass_a1'].name}: đã gia hạn từ 25/11/2023 đến 05/12/2023." in said
    assert any(m.startswith(f"{tree['grass_b1'].name}: không gia hạn — báo cáo đã gửi ngày") for m in said)
    assert not any("0 báo cáo" in m for m in said)
    assert Report.objects.get(pk=states["grass_a1"].pk).due_on == D(2023, 12, 5)


def test_the_form_refuses_no_choice_and_a_unit_outside_the_scope(client, states, users):
    period = states["grass_a1"].period
    url = reverse("reporting:period_extend", args=[period.pk])
    client.force_login(users["board"])
    response = client.post(url, {"new_deadline": "05/12/2023", "reason": "x"})
    assert response.status_code == 400 and "Hãy chọn đơn vị cần gia hạn" in response.content.decode()
    elsewhere = make_union(make_union(make_union(None, name="LĐLĐ tỉnh Quảng Bình")), name="CĐCS Quảng Bình")
    response = client.post(url, {"units": [elsewhere.code], "new_deadline": "05/12/2023", "reason": "x"})
    assert response.status_code == 400 and not DeadlineExtension.objects.exists()


def test_nothing_to_extend_is_said_not_silent(client, states, users):
    period = states["grass_a1"].period
    deadlines_extend(period=period, units=None, new_deadline=D(2023, 12, 10), reason="Lần một.", by=users["board"])
    client.force_login(users["board"])
    response = client.post(reverse("reporting:period_extend", args=[period.pk]), {
        "every_unit": "on", "new_deadline": "05/12/2023", "reason": "Lần hai."}, follow=True)
    said = messages_of(response)
    assert any(m.startswith("Không có hạn nào được lùi") for m in said)
    assert any("4 báo cáo đã có hạn từ ngày 05/12/2023 trở về sau" in m for m in said)
    assert DeadlineExtension.objects.count() == 1


def test_the_board_opens_the_extension_from_the_dashboard_and_the_report_page(client, states, users, tree):
    period = states["grass_a1"].period
    extend = reverse("reporting:period_extend", args=[period.pk])
    client.force_login(users["board"])
    dashboard = client.get(reverse("reporting:dashboard"), {"period": period.code}).content.decode()
    for unit in ("grass_a1", "grass_a2"):  # returned, not sent
        assert f'href="{extend}?unit={tree[unit].code}"' in dashboard, unit
    page = client.get(reverse("reporting:report_detail", args=[states["grass_a1"].pk])).content.decode()
    assert f'href="{extend}?unit={tree["grass_a1"].code}"' in page
    sent = client.get(reverse("reporting:report_detail", args=[states["grass_b1"].pk])).content.decode()
    assert extend not in sent
    client.force_login(users["upper_a"])
    assert extend not in client.get(reverse("reporting:report_detail", args=[states["grass_a1"].pk])).content.decode()
