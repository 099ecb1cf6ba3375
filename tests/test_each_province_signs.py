"""One installation for the whole country: each province's documents and e-mails are signed by
its own federation and written from its own place, and name the programme of their plan —
never the Quảng Trị federation or Programme 1306 written into a template."""
import datetime

import pytest
from django.core import mail

from notifications.planning import reminders_plan
from notifications.sending import reminders_send
from reporting.documents import Issuer, issuer_of, place_of, report_document_context
from compliance.exports import compliance_document_context
from compliance.rollups import compliance_for_scope
from unions.models import Union


@pytest.mark.parametrize("name, place", [
    ("Liên đoàn Lao động tỉnh Quảng Bình", "Quảng Bình"),
    ("Liên đoàn Lao động thành phố Huế", "Huế"),
    ("Liên đoàn Lao động tỉnh Bà Rịa - Vũng Tàu", "Bà Rịa - Vũng Tàu"),
    ("Công đoàn ngành Giáo dục", "Công đoàn ngành Giáo dục"),  # no province in its name: the name itself
])
def test_the_place_a_federation_writes_from(name, place):
    assert place_of(Union(name=name)) == place


def test_the_issuer_of_each_scope(provinces):
    b = provinces["B"]
    assert issuer_of(b["province"]) == Issuer(parent="Tổng Liên đoàn Lao động Việt Nam",
                                              body="Liên đoàn Lao động tỉnh Quảng Bình", place="Quảng Bình")
    assert issuer_of(b["upper"]) == Issuer(parent="Liên đoàn Lao động tỉnh Quảng Bình",
                                           body="Liên đoàn Lao động huyện Bố Trạch", place="Quảng Bình")
    assert issuer_of(provinces["national"]) == Issuer(parent="", body="Tổng Liên đoàn Lao động Việt Nam",
                                                      place="Hà Nội")


def test_a_provinces_compliance_document_is_its_own(provinces):
    b, period = provinces["B"], provinces["period"]
    context = compliance_document_context(rollup=compliance_for_scope(period=period, scope=b["province"]))
    assert (context["issuing_parent"], context["issuing_body"]) == ("Tổng Liên đoàn Lao động Việt Nam",
                                                                     "Liên đoàn Lao động tỉnh Quảng Bình")
    assert context["place_date"].startswith("Quảng Bình, ngày ")
    assert context["programme_reference"] == "Chương trình số 1306/CTr-TLĐ"
    grass = report_document_context(report=b["report"], today=datetime.date(2024, 1, 5))
    assert grass["place_date"] == "Quảng Bình, ngày 05 tháng 01 năm 2024"


def test_the_documents_name_their_plans_programme(provinces, plan):
    plan.programme = "Chương trình số 2024/CTr-TLĐ “Công đoàn đồng hành cùng chuyển đổi số”"
    plan.save(update_fields=["programme"])
    period = type(provinces["period"]).objects.get(pk=provinces["period"].pk)
    context = compliance_document_context(rollup=compliance_for_scope(period=period, scope=provinces["A"]["province"]))
    assert context["programme"] == plan.programme
    assert context["programme_reference"] == "Chương trình số 2024/CTr-TLĐ"
    assert "2024/CTr-TLĐ" in context["document_title"]


def test_each_provinces_reminders_are_signed_by_its_own_federation(provinces):
    for chunk in reminders_plan(today=datetime.date(2023, 11, 27)).chunks:
        reminders_send(ids=chunk)
    by_address = {address: message for message in mail.outbox for address in message.to}
    for key, own, other in (("A", "Quảng Trị", "Quảng Bình"), ("B", "Quảng Bình", "Quảng Trị")):
        message = by_address[provinces[key]["grass_officer"].email]
        html = message.alternatives[0][0]
        for text in (message.body, html):
            assert f"Liên đoàn Lao động tỉnh {own}" in text
            assert other not in text
