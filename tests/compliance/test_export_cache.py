"""Exports: the same data asked again is served from the file already made, at every size (the
small files made while the person waits too); at most EXPORTS_PER_PERSON under way per person."""
import pytest
from django.urls import reverse

import compliance.export_jobs as export_jobs
import compliance.exports as exports
from reporting.models import Export, Report, ReportingPeriod
from reporting.periods import period_generate_reports


@pytest.fixture
def period(plan, tree):
    period = ReportingPeriod.objects.get(plan=plan, code="2023-Y")
    period_generate_reports(period=period)
    return period


@pytest.fixture
def builds(monkeypatch):
    """How many files were made."""
    made = []
    real = exports.compliance_file

    def counting(**kwargs):
        made.append(kwargs["fmt"])
        return real(**kwargs)

    # A job makes its file through compliance_file, directly or through export_file: counted either way.
    monkeypatch.setattr(export_jobs, "compliance_file", counting)
    monkeypatch.setattr(exports, "compliance_file", counting)
    return made


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_the_same_small_export_twice_is_made_once(client, users, period, builds, fmt):
    client.force_login(users["board"])
    first = client.get(reverse("reporting:export"), {"period": "2023-Y", "format": fmt})
    second = client.get(reverse("reporting:export"), {"period": "2023-Y", "format": fmt})
    assert first.status_code == second.status_code == 200
    assert _body(first) == _body(second) and builds == [fmt]
    # Someone else with the same scope and data gets the same file too.
    client.force_login(users["leadership"])
    third = client.get(reverse("reporting:export"), {"period": "2023-Y", "format": fmt})
    assert _body(third) == _body(first) and builds == [fmt]
    assert Export.objects.get().status == "done"


def test_changed_data_makes_a_new_file(client, users, period, builds):
    client.force_login(users["board"])
    client.get(reverse("reporting:export"), {"period": "2023-Y", "format": "xlsx"})
    Report.objects.filter(period=period).update(updated_at=Export.objects.get().created_at.replace(year=2030))
    client.get(reverse("reporting:export"), {"period": "2023-Y", "format": "xlsx"})
    assert builds == ["xlsx", "xlsx"] and Export.objects.filter(status="done").count() == 2


def test_data_being_made_is_not_made_twice(client, users, period, builds, tree):
    running = Export.objects.create(period=period, scope=tree["province"], format="xlsx", status="running",
                                    fingerprint=_fingerprint(period, tree["province"], "xlsx"),
                                    requested_by=users["leadership"])
    client.force_login(users["board"])
    response = client.get(reverse("reporting:export"), {"period": "2023-Y", "format": "xlsx"})
    assert response.status_code == 302 and response["Location"] == reverse("reporting:export_status",
                                                                           args=[running.pk])
    assert builds == [] and Export.objects.count() == 1


def test_beyond_the_limit_a_person_is_told_to_wait_in_vietnamese(client, users, period, builds, tree, settings):
    assert settings.EXPORTS_PER_PERSON == 3
    for n in range(3):
        Export.objects.create(period=period, scope=tree["upper_a"], format="pdf", status="queued",
                              fingerprint=f"other-{n}", requested_by=users["board"])
    client.force_login(users["board"])
    response = client.get(reverse("reporting:export"), {"period": "2023-Y", "format": "xlsx"})
    assert response.status_code == 429 and builds == []
    page = response.content.decode()
    assert "Bạn đang có 3 tệp báo cáo đang được chuẩn bị" in page
    assert Export.objects.count() == 3
    # Another person is not held up by them, and a file already made is still served.
    client.force_login(users["leadership"])
    assert client.get(reverse("reporting:export"), {"period": "2023-Y", "format": "xlsx"}).status_code == 200
    client.force_login(users["board"])
    assert client.get(reverse("reporting:export"), {"period": "2023-Y", "format": "xlsx"}).status_code == 200
    # Once one of theirs is done, the person may ask for another.
    Export.objects.filter(fingerprint="other-0").update(status="failed")
    assert client.get(reverse("reporting:export"), {"period": "2023-Y", "format": "pdf"}).status_code == 200


def test_the_limit_is_a_setting(client, users, period, tree, settings, builds):
    settings.EXPORTS_PER_PERSON = 1
    Export.objects.create(period=period, scope=tree["upper_a"], format="pdf", status="running", fingerprint="x",
                          requested_by=users["board"])
    client.force_login(users["board"])
    assert client.get(reverse("reporting:export"), {"period": "2023-Y", "format": "xlsx"}).status_code == 429


def _fingerprint(period, scope, fmt):
    from compliance.rollups import compliance_for_scope

    return exports.export_fingerprint(rollup=compliance_for_scope(period=period, scope=scope, kind=""), kind="",
                                      fmt=fmt)
