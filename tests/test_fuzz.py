"""Hostile values in every query parameter and form field of every URL pattern, as each role: the
portal answers 4xx (or a page), never a 500. NUL, overlong text, malformed dates and numbers,
unicode oddities (right-to-left marks, a lone surrogate sent as %ED%A0%80, superscript and
full-width digits, byte-order marks), markup and template syntax, huge ids in the path.

Deterministic (no random draws) and bounded: each URL × role × method gets a few requests, and
across them every parameter meets every hostile value once. Runs on SQLite and PostgreSQL."""
import itertools
from collections import Counter
from urllib.parse import quote

import pytest
from django.urls import reverse

from plans.models import Indicator
from reporting.models import Export, Report, ReportingPeriod
from reporting.periods import period_generate_reports
from tests.test_url_permissions import named_patterns

SURROGATE = "%ED%A0%80"  # a lone UTF-16 surrogate, as a browser would percent-encode its bytes
NUL = ["\x00", "a\x00b"]  # answered 400 before any view (config.middleware); sent on their own
HOSTILE = [
    "x" * 5000, "9" * 400,
    "31/02/2023", "2023-13-45", "99/99/99999", "0000-00-00", "01/01/0001", "31/12/9999 25:61",
    "-1", "1e309", "NaN", "-Infinity", "1.2.3,4", "0x1F", "1_000", "²³", "１２３", "١٢٣", "Ⅻ",
    "\u202e\u200f\u202bcode\u202c", "\ufeffU00001", "e\u0301\u0300\u0323", "𝒰𝓃𝒾𝒸ℴ𝒹ℯ", "\u2028\u2029\x85",
    SURROGATE, "%FF%FE", "\x01\x07\x1b\x7f",
    "<script>alert(1)</script>", "{{ csrf_token }}{% debug %}", "' OR 1=1 --", "../../etc/passwd", "%s%n%x",
    " ", "", "[]", "{}", "true", "None",
]
QUERY_NAMES = ["q", "level", "kind", "open", "page", "unit", "period", "a", "b", "format", "download", "status",
               "next", "under", "on", "language", "e", "o", "p"]
FORM_NAMES = ["action", "version", "reason", "new_deadline", "unit", "description", "submit", "step", "token", "on",
              "username", "password", "email", "old_password", "new_password1", "new_password2", "language", "next",
              "is_active", "days_before", "on_the_day", "overdue_after_days", "overdue_every_days", "escalate",
              "escalate_after_days", "remind_returned", "digest_weekday", "ids", "all"]
ROLES = ["grass_a1", "upper_a", "leadership", "board", "admin", "anonymous"]
REQUESTS_PER_URL = 2
HUGE_ID = 9_999_999_999_999_999_999


def encoded(value: str) -> str:
    """A value as it travels in a query string or a form body; the percent-escapes above are
    sent as they are (they are not valid UTF-8 text and cannot be a Python string)."""
    return value if value in (SURROGATE, "%FF%FE") else quote(value, safe="")


def body(names: list[str], shift: int, values: list[str] = HOSTILE) -> str:
    """Every name, each with another hostile value: across the shifts each name meets each value."""
    return "&".join(f"{quote(name)}={encoded(values[(i + shift) % len(values)])}" for i, name in enumerate(names))


@pytest.fixture
def objects(plan, tree, users):
    """Objects inside grass_a1's branch, so that views get past the scope check and read the values."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reporting.attachments import attachment_add

    period = ReportingPeriod.objects.get(plan=plan, code="2023-Y")
    period_generate_reports(period=period)
    report = Report.objects.get(period=period, unit=tree["grass_a1"])
    attachment = attachment_add(report=report, by=users["grass_a1"],
                                upload=SimpleUploadedFile("x.pdf", b"%PDF-1.4 own"))
    export = Export.objects.create(period=period, scope=tree["upper_a"], format="pdf", fingerprint="fuzz",
                                   requested_by=users["upper_a"])
    return {"report": report, "unit": tree["grass_a1"], "attachment": attachment, "export": export,
            "period": period}


def urls_of(name, pattern, objects) -> list[str]:
    """The pattern with ids of objects in scope; then with a huge id, or hostile text for a code."""
    params = pattern.pattern.converters
    if not params:
        return [reverse(name)]
    kwargs = {}
    for key in params:
        if key == "pk":
            kwargs[key] = (objects["unit"].pk if name.startswith("unions:") else
                           objects["export"].pk if name.endswith("export_status") else
                           objects["period"].pk if name.endswith(("period_extend", "missing")) else
                           objects["report"].pk)
        elif key == "period_pk":
            kwargs[key] = objects["period"].pk
        elif key == "attachment_pk":
            kwargs[key] = objects["attachment"].pk
        elif key == "code":
            kwargs[key] = objects["period"].plan.code
        elif key == "plan_pk":
            kwargs[key] = objects["period"].plan.pk
        elif key in ("uidb64", "token"):
            kwargs[key] = "x"
        else:
            raise AssertionError(f"no sample value for <{key}> of {name}: extend urls_of")
    urls = [reverse(name, kwargs=kwargs)]
    if any(isinstance(c.to_python("1"), int) for c in params.values()):
        urls.append(reverse(name, kwargs={k: HUGE_ID if isinstance(params[k].to_python("1"), int) else v
                                          for k, v in kwargs.items()}))
    else:  # text in the path: hostile values there too
        urls += [reverse(name, kwargs={**kwargs, key: "\u202e" + "x" * 300 + "²"}) for key in params]
        urls.append(urls[0].rstrip("/").rsplit("/", 1)[0] + f"/{SURROGATE}/")
    return urls


def form_names(objects) -> list[str]:
    codes = list(Indicator.objects.filter(plan=objects["period"].plan).values_list("code", flat=True))
    return FORM_NAMES + codes


def admin_urls() -> list[str]:
    from django.contrib import admin

    return [reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            for model in admin.site._registry]


@pytest.mark.parametrize("who", ROLES)
def test_hostile_values_in_every_parameter_and_field_never_answer_500(client, users, objects, who):
    fields = form_names(objects)
    failures = []
    shifts = itertools.count()
    targets = [(name, url) for name, pattern in named_patterns() for url in urls_of(name, pattern, objects)]
    if who == "admin":
        targets += [("admin changelist", url) for url in admin_urls()]
    statuses = Counter()
    for name, url in targets:
        for n in range(REQUESTS_PER_URL + 1):
            shift = next(shifts)
            values = NUL if n == REQUESTS_PER_URL else HOSTILE
            for method in ("get", "post"):
                if who != "anonymous":
                    client.force_login(users[who])  # again: logout and password views are among these
                query = body(QUERY_NAMES, shift, values)
                if method == "get":
                    response = client.get(url, QUERY_STRING=query)
                else:
                    response = client.generic("POST", f"{url}?{body(QUERY_NAMES, shift)}", body(fields, shift * 7, values),
                                              content_type="application/x-www-form-urlencoded")
                statuses[response.status_code] += 1
                if response.status_code >= 500:
                    failures.append((who, name, method, url, shift, response.status_code))
    assert failures == []
    if who == "anonymous":
        from django.contrib.sessions.models import Session

        assert not Session.objects.exists()  # nothing an anonymous request sends is kept
    # The fuzzing reached the views: pages and field errors, not only the NUL guard's 400s.
    assert statuses[200] + statuses[302] > len(targets) // 2, statuses


def test_the_hostile_values_reach_the_views(client, users, objects):
    """A sanity check of the fuzzing itself: an ordinary search with a right-to-left mark is
    answered by the view, not stopped before it."""
    client.force_login(users["board"])
    response = client.get(reverse("unions:list"), QUERY_STRING="q=" + encoded("\u202eVĩnh"))
    assert response.status_code == 200
    response = client.get(reverse("unions:list"), QUERY_STRING=f"q={SURROGATE}&page=²³")
    assert response.status_code == 200


def hostile_files() -> dict[str, bytes]:
    """Files an attacker would upload where a workbook or evidence is expected."""
    import io
    import zipfile

    from tests.spreadsheets.helpers import workbook_bytes, zip_bytes

    good = workbook_bytes([["Mã", "Tên"], ["=HYPERLINK(\"http://evil.example\")", "\u202e" + "x" * 5000]])
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    return {
        "empty": b"",
        "garbage": bytes(range(256)) * 64,
        "truncated workbook": good[: len(good) // 2],
        "zip of garbage": zip_bytes({"[Content_Types].xml": b"\xff\xfe\x00<", "xl/workbook.xml": b"<<<"}),
        "workbook with hostile text": good,
        "workbook, worksheet not XML": zip_bytes({**parts, "xl/worksheets/sheet1.xml": b"\x89PNG not xml"}),
        "workbook, sharedStrings lying": zip_bytes({**parts, "xl/sharedStrings.xml": b"<sst><si><t>a</t></si>"}),
        "pdf header only": b"%PDF-1.4\n%%EOF",
        "png with a script": b"\x89PNG\r\n\x1a\n<script>alert(1)</script>",
    }


FILE_NAMES = ["bao-cao.xlsx", "../../etc/passwd.xlsx", "\u202excod.pdf", "x" * 300 + ".pdf", "tệp có dấu.png",
              ".xlsx", "con.pdf"]


@pytest.mark.parametrize("who", ["grass_a1", "upper_a", "admin"])
def test_hostile_files_on_every_upload_never_answer_500(client, users, objects, who):
    from django.core.files.uploadedfile import SimpleUploadedFile

    report, period = objects["report"], objects["period"]
    uploads = [
        (reverse("reporting:attachment_upload", args=[report.pk]), {"description": "\u202e" + "y" * 300}),
        (reverse("reporting:report_workbook_upload", args=[report.pk]), {}),
        (reverse("reporting:bulk_period", args=[period.pk]), {"submit": "on"}),
        (reverse("admin:unions_union_import"), {"on": "31/02/2023"}),
    ]
    client.force_login(users[who])
    failures = []
    for n, (label, content) in enumerate(hostile_files().items()):
        for url, fields in uploads:
            name = FILE_NAMES[n % len(FILE_NAMES)]
            response = client.post(url, {"file": SimpleUploadedFile(name, content), **fields})
            if response.status_code >= 500:
                failures.append((who, url, label, name, response.status_code))
    assert failures == []
