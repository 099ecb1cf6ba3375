"""Every URL pattern × every role. Each named URL must have a rule here: a new URL without
one fails the suite, so no page can forget who may open it."""
import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from reporting.models import Export, Report, ReportingPeriod
from reporting.services import period_generate_reports

# rule → who gets a page (200); everyone else signed in gets 403/404 (or 405 for a method).
PUBLIC = "public"  # no sign-in needed
SIGNED_IN = "signed in"  # any signed-in person; the content is their own or the plan's
OWN_SCOPE = "own scope"  # takes a unit/report/export id: only inside the person's subtree
REVIEWERS = "reviewers"  # upper-level officers and the Board
NOT_GRASSROOTS = "not grassroots"  # dashboards: upper levels, the Board, leadership, admins
BOARD = "board"  # the Policy-Law Board only
UPPER_OFFICERS = "upper officers"  # filling in for the grassroots unions of their own subtree
STAFF = "staff"  # the Django admin

RULES = {
    "login": PUBLIC, "logout": PUBLIC, "password_reset": PUBLIC, "password_reset_done": PUBLIC,
    "password_reset_confirm": PUBLIC, "password_reset_complete": PUBLIC, "set_language": PUBLIC,
    "password_change": SIGNED_IN, "password_change_done": SIGNED_IN,
    "home": SIGNED_IN, "plans:current": SIGNED_IN, "plans:detail": SIGNED_IN, "unions:list": SIGNED_IN,
    "reporting:my_reports": SIGNED_IN,
    "unions:detail": OWN_SCOPE,
    "reporting:report_detail": OWN_SCOPE, "reporting:report_edit": OWN_SCOPE, "reporting:report_history": OWN_SCOPE,
    "reporting:report_review": OWN_SCOPE, "reporting:report_unlock": OWN_SCOPE, "reporting:report_print": OWN_SCOPE,
    "reporting:report_pdf": OWN_SCOPE, "reporting:attachment_upload": OWN_SCOPE, "reporting:attachment": OWN_SCOPE,
    "reporting:attachment_delete": OWN_SCOPE, "reporting:export_status": OWN_SCOPE,
    "reporting:review_queue": REVIEWERS,
    "reporting:dashboard": NOT_GRASSROOTS, "reporting:trends": NOT_GRASSROOTS, "reporting:compare": NOT_GRASSROOTS,
    "reporting:export": NOT_GRASSROOTS,
    "reporting:period_extend": BOARD,
    "reporting:report_workbook": OWN_SCOPE, "reporting:report_workbook_upload": OWN_SCOPE,
    "reporting:bulk_index": UPPER_OFFICERS, "reporting:bulk_period": UPPER_OFFICERS,
    "reporting:bulk_workbook": UPPER_OFFICERS,
    "notifications:list": SIGNED_IN, "notifications:open": SIGNED_IN,  # a person's own notifications only
    "notifications:mark_read": SIGNED_IN,
    "notifications:log": BOARD, "notifications:policy": BOARD, "notifications:missing": BOARD,
    "quality:board": BOARD, "quality:board_workbook": BOARD, "quality:thresholds": BOARD,
    "quality:threshold_edit": BOARD,
}


def named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace == "admin":
                continue  # the Django admin: staff only, by Django itself (tested below)
            yield from named_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def test_every_url_has_a_rule():
    missing = sorted(name for name, _ in named_patterns() if name not in RULES)
    assert missing == [], f"add a rule for these URLs in {__name__}"


@pytest.fixture
def foreign(plan, tree, users):
    """Objects of upper_b's branch: outside the scope of grass_a1 and upper_a."""
    period = ReportingPeriod.objects.get(plan=plan, code="2023-Y")
    period_generate_reports(period=period)
    report = Report.objects.get(period=period, unit=tree["grass_b1"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reporting.services import attachment_add

    attachment = attachment_add(report=report, by=users["grass_b1"],
                                upload=SimpleUploadedFile("x.pdf", b"%PDF-1.4 foreign"))
    export = Export.objects.create(period=period, scope=tree["upper_b"], format="pdf", fingerprint="f",
                                   requested_by=users["upper_b"])
    return {"report": report, "unit": tree["upper_b"], "attachment": attachment, "export": export, "period": period}


def url_of(name, pattern, foreign):
    params = pattern.pattern.converters
    kwargs = {}
    for key in params:
        if key == "pk":
            kwargs[key] = (foreign["unit"].pk if name.startswith("unions:") else
                           foreign["export"].pk if name.endswith("export_status") else
                           foreign["period"].pk if name.endswith("period_extend") else foreign["report"].pk)
        elif key == "period_pk":
            kwargs[key] = foreign["period"].pk
        elif key == "attachment_pk":
            kwargs[key] = foreign["attachment"].pk
        elif key == "code":
            kwargs[key] = foreign["period"].plan.code
        elif key in ("uidb64", "token"):
            kwargs[key] = "x"
        else:
            raise AssertionError(f"no sample value for <{key}> of {name}: extend url_of")
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("who", ["grass_a1", "upper_a", "leadership", "board", "admin", "anonymous"])
def test_every_url_for_every_role(client, users, foreign, who):
    role = users[who].role if who != "anonymous" else None
    level = users[who].unit.level if who != "anonymous" else None
    for name, pattern in named_patterns():
        rule = RULES[name]
        url = url_of(name, pattern, foreign)
        for method in ("get", "post"):
            if who != "anonymous":
                client.force_login(users[who])  # again: the logout URL is among those visited
            status = getattr(client, method)(url).status_code
            where = (who, name, method, status)
            if rule == PUBLIC:
                assert status < 500, where
            elif who == "anonymous":
                assert status in (302, 403, 405), where
                if status == 302:
                    assert getattr(client, method)(url)["Location"].startswith(reverse("login")), where
            elif rule == OWN_SCOPE and who in ("grass_a1", "upper_a"):
                assert status in (403, 404, 405), where  # upper_b's branch is outside their scope
            elif rule == REVIEWERS and role not in ("upper_officer", "policy_law_board"):
                assert status in (403, 405), where
            elif rule == NOT_GRASSROOTS and level == "grassroots":
                assert status in (403, 405), where
            elif rule == BOARD and role != "policy_law_board":
                assert status in (403, 405), where
            elif rule == UPPER_OFFICERS and role != "upper_officer":
                assert status in (403, 404, 405), where
            else:
                assert status < 500, where


@pytest.mark.parametrize("who, allowed", [("grass_a1", False), ("board", False), ("admin", True)])
def test_the_admin_is_for_staff_only(client, users, who, allowed):
    client.force_login(users[who])
    response = client.get(reverse("admin:index"))
    assert (response.status_code == 200) == allowed
