"""What the portal says at a field: a missing yes/no answer asks for Có or Không, not for a
"figure"; the review comment says when it is needed."""
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reporting.services import report_save
from tests.reporting.values import complete_values


@pytest.mark.django_db
def test_a_missing_yes_no_answer_asks_to_choose_yes_or_no(open_reports, users):
    report = open_reports["grass_a1"]
    from reporting.selectors import report_indicators

    yes_no = next(i for i in report_indicators(report=report) if i.kind == "yes_no" and i.required)
    number = next(i for i in report_indicators(report=report) if i.kind == "count" and i.required
                  and not i.code.startswith(("CT", "NV1")))
    values = {**complete_values(report), yes_no.pk: None, number.pk: None}
    with pytest.raises(ValidationError) as error:
        report_save(report=report, by=users["grass_a1"], values=values, version=0, submit=True)
    assert error.value.message_dict[yes_no.code] == ["Hãy chọn Có hoặc Không trước khi gửi báo cáo."]
    assert error.value.message_dict[number.code] == ["Cần có số liệu này trước khi gửi báo cáo."]


@pytest.mark.django_db
def test_the_review_comment_says_when_it_is_needed(client, open_reports, users, tree):
    from tests.factories import make_user

    report = open_reports["grass_a2"]
    report_save(report=report, by=make_user(tree["grass_a2"]), values=complete_values(report), version=0, submit=True)
    client.force_login(users["upper_a"])
    page = client.get(reverse("reporting:report_review", args=[report.pk])).content.decode()
    assert "Bắt buộc khi trả lại hoặc mở lại báo cáo; không bắt buộc khi duyệt." in page
    assert "asteriskField" not in page
