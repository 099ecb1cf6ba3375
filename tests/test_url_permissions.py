"""Every URL pattern × every role. Each named URL must have a rule here: a new URL without
one fails the suite, so no page can forget who may open it."""
import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from reporting.models import Export, Report, ReportingPeriod
from reporting.periods import period_generate_reports

# rule → who gets a page (200); everyone else signed in gets 403/404 (or 405 for a method).
PUBLIC = "public"  # no sign-in needed
SIGNED_IN = "signed in"  # any signed-in person; the content is their own or the plan's
OWN_SCOPE = "own scope"  # takes a unit/report/export id: only inside the person's subtree
REVIEWERS = "reviewers"  # upper-level officers and the Board
NOT_GRASSROOTS = "not grassroots"  # dashboards: upper levels, the Board, leadership, admins
BOARD = "board"  # the Policy-Law Board only
UPPER_OFFICERS = "upper officers"  # filling in for the grassroots unions of their own subtree
STAFF = "staff"  # the Django admin
PLAN_BOARD = "plan board"  # the Board (its own province's plans) and superusers (issue 16)
ADMINISTRATORS = "administrators"  # looking people up outside the admin (issue 14)

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
    "plans:board_list": PLAN_BOARD, "plans:board_copy": PLAN_BOARD, "plans:board_edit": PLAN_BOARD,
    "plans:board_preview": PLAN_BOARD, "plans:board_publish": PLAN_BOARD,
    "notifications:log": BOARD, "notifications:policy": BOARD, "notifications:missing": BOARD,
    "reviews:review": BOARD, "reviews:period_document": BOARD,
    "quality:board": BOARD, "quality:board_workbook": BOARD, "quality:thresholds": BOARD,
    "quality:threshold_edit": BOARD,
    "user_list": ADMINISTRATORS,
}


# What an allowed person gets, (GET, POST), with the objects of `foreign` below: a page is 200;
# a POST with an empty form is 200 (the form again, with its errors) or a redirect carrying a
# message; a GET of a POST-only action is 405. Anything else is said here with its reason.
EXPECTED = {
    "login": (302, 302),  # signed in already: sent on to the home page
    "logout": (405, 302), "set_language": (302, 302),
    "password_reset": (200, 200), "password_reset_done": (200, 405), "password_reset_confirm": (200, 200),
    "password_reset_complete": (200, 405),
    "password_change": (200, 200), "password_change_done": (200, 405),
    "home": (200, 405), "plans:current": (200, 405), "plans:detail": (200, 405), "unions:list": (200, 405),
    "reporting:my_reports": (200, 405), "user_list": (200, 405),
    "unions:detail": (200, 405),
    "reporting:report_detail": (200, 405),
    "reporting:report_edit": (302, 302),  # nobody but grass_b1's officers edits it: back to the report, with why
    "reporting:report_history": (200, 405), "reporting:report_review": (200, 200),
    "reporting:report_unlock": (405, 302),  # no reason given: back to the report, with the error
    "reporting:report_print": (200, 405), "reporting:report_pdf": (200, 405),
    "reporting:attachment_upload": (405, 302),  # no file: back to the report, with the error
    "reporting:attachment": (200, 405),
    "reporting:attachment_delete": (405, 403),  # only who may edit the report removes its files
    "reporting:export_status": (200, 405),
    "reporting:review_queue": (200, 405),
    "reporting:dashboard": (200, 405), "reporting:trends": (200, 405), "reporting:compare": (200, 405),
    "reporting:export": (200, 200),
    "reporting:period_extend": (200, 200),
    "reporting:report_workbook": (200, 405),
    "reporting:report_workbook_upload": (403, 403),  # only the unit's own officers upload its workbook
    "reporting:bulk_index": (200, 405), "reporting:bulk_period": (200, 200), "reporting:bulk_workbook": (200, 405),
    "notifications:list": (200, 405),
    "notifications:open": (404, 405),  # the sample id is nobody's notification of theirs: 404, never another's
    "notifications:mark_read": (405, 302),
    "notifications:log": (200, 405), "notifications:policy": (200, 200), "notifications:missing": (200, 405),
    "plans:board_list": (200, 405), "plans:board_copy": (200, 200),
    "plans:board_edit": (404, 404),  # the sample is the shared plan: a Board edits its own province's plans only
    "plans:board_preview": (404, 405), "plans:board_publish": (405, 404),
    "reviews:review": (200, 200), "reviews:period_document": (200, 200),
    "quality:board": (200, 405), "quality:board_workbook": (200, 405), "quality:thresholds": (200, 405),
    "quality:threshold_edit": (405, 404),  # the sample id is no indicator of the plan
}
# Allowed to see the page, not to do what it does.
EXPECTED_FOR_ROLE = {
    ("reporting:report_review", "leadership"): (403, 403),  # reads only
    ("reporting:report_review", "admin"): (403, 403),  # administers accounts, reviews nothing
    # A superuser changes the shared plan; publishing it with an empty form goes back with why.
    ("plans:board_edit", "admin"): (200, 200), ("plans:board_preview", "admin"): (200, 405),
    ("plans:board_publish", "admin"): (405, 302),
}
# Anonymous visitors on the public pages.
EXPECTED_ANONYMOUS = {
    "login": (200, 200), "logout": (405, 302), "set_language": (302, 302),
    "password_reset": (200, 200), "password_reset_done": (200, 405), "password_reset_confirm": (200, 200),
    "password_reset_complete": (200, 405),
}


def all_patterns(resolver=None, namespace=""):
    """Every URL pattern Django resolves, named or not, with its namespace."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from all_patterns(entry, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
        else:
            yield namespace, entry


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
    assert set(EXPECTED) == set(RULES), "each rule needs its expected statuses"
    assert set(EXPECTED_ANONYMOUS) == {name for name, rule in RULES.items() if rule == PUBLIC}


def test_every_url_django_resolves_is_named_and_walked():
    """From Django's own resolver, not from the list above: an unnamed pattern would never be
    walked, and a rule for a URL that no longer exists hides nothing but misleads."""
    unnamed = [str(p.pattern) for ns, p in all_patterns() if not ns.startswith("admin:") and not p.name]
    assert unnamed == []
    resolved = {f"{ns}{p.name}" for ns, p in all_patterns() if not ns.startswith("admin:") and p.name}
    assert resolved == set(RULES)
    assert resolved == {name for name, _ in named_patterns()}


@pytest.fixture
def foreign(plan, tree, users):
    """Objects of upper_b's branch: outside the scope of grass_a1 and upper_a."""
    period = ReportingPeriod.objects.get(plan=plan, code="2023-Y")
    period_generate_reports(period=period)
    report = Report.objects.get(period=period, unit=tree["grass_b1"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reporting.attachments import attachment_add

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
                           foreign["period"].pk if name.endswith(("period_extend", "missing")) else
                           foreign["report"].pk)
        elif key == "period_pk":
            kwargs[key] = foreign["period"].pk
        elif key == "attachment_pk":
            kwargs[key] = foreign["attachment"].pk
        elif key == "code":
            kwargs[key] = foreign["period"].plan.code
        elif key == "plan_pk":
            kwargs[key] = foreign["period"].plan.pk
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
            index = 0 if method == "get" else 1
            if rule == PUBLIC and who == "anonymous":
                assert status == EXPECTED_ANONYMOUS[name][index], where
            elif rule == PUBLIC:
                assert status == EXPECTED[name][index], where
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
            elif rule == PLAN_BOARD and role != "policy_law_board" and not users[who].is_superuser:
                assert status in (403, 404, 405), where
            elif rule == UPPER_OFFICERS and role != "upper_officer":
                assert status in (403, 404, 405), where
            elif rule == ADMINISTRATORS and role != "administrator" and not users[who].is_superuser:
                assert status in (403, 405), where
            else:
                assert status == EXPECTED_FOR_ROLE.get((name, who), EXPECTED[name])[index], where


@pytest.mark.parametrize("who, allowed", [("grass_a1", False), ("board", False), ("admin", True)])
def test_the_admin_is_for_staff_only(client, users, who, allowed):
    client.force_login(users[who])
    response = client.get(reverse("admin:index"))
    assert (response.status_code == 200) == allowed


# --- provinces as tenants (issue 11): each province's Board, leadership and administrator are
# refused on the other province's objects, on every URL and in the admin.

@pytest.fixture
def tenants(provinces):
    """Both provinces' objects by key, with an attachment, an export, a history step, reminders
    (planned and sent), a notification and a province's own reminder policy each."""
    import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile

    from notifications.planning import reminders_plan
    from notifications.sending import reminders_send
    from notifications.services import reminder_policy_update
    from quality.models import ConfirmedFigure
    from quality.services import threshold_save
    from reporting.attachments import attachment_add
    from reporting.models import ReportEvent

    for key in ("A", "B"):
        side = provinces[key]
        side["attachment"] = attachment_add(report=side["report"], by=side["grass_officer"],
                                            upload=SimpleUploadedFile("x.pdf", b"%PDF-1.4 " + key.encode()))
        side["export"] = Export.objects.create(period=provinces["period"], scope=side["province"], format="pdf",
                                               fingerprint=f"f{key}", requested_by=side["board"])
        side["event"] = ReportEvent.objects.create(report=side["report"], action=ReportEvent.Action.SAVED,
                                                   by=side["grass_officer"])
        side["policy"] = reminder_policy_update(by=side["board"], overdue_every_days=6)
        indicator = side["report"].period.plan.indicators.get(code="NV1_PARTICIPANTS")
        side["threshold"] = threshold_save(indicator=indicator, by=side["board"], enabled=True, floor=7, min_peers=5)
        side["confirmed"] = ConfirmedFigure.objects.create(report=side["report"], indicator=indicator, canonical="9",
                                                           checks="capacity", confirmed_by=side["grass_officer"])
    for chunk in reminders_plan(today=datetime.date(2023, 11, 27)).chunks:
        reminders_send(ids=chunk)
    return provinces


def province_objects(side) -> dict:
    """Every admin-visible object that belongs to one province."""
    from notifications.models import Notification, Reminder

    reminders = list(Reminder.objects.filter(report__unit__path__startswith=side["province"].path)) + list(
        Reminder.objects.filter(kind="digest", recipient_unit=side["province"]))
    assert {r.kind for r in reminders} >= {"overdue", "digest"}
    notifications = list(Notification.objects.filter(user__unit__path__startswith=side["province"].path))
    assert notifications
    return {
        "unions.union": [side["province"], side["upper"], side["grass"]],
        "accounts.user": [side["board"], side["leadership"], side["admin"], side["grass_officer"]],
        "reporting.report": [side["report"], side["upper_report"]],
        "reporting.reportevent": [side["event"]],
        "notifications.reminder": reminders,
        "notifications.notification": notifications,
        "notifications.reminderpolicy": [side["policy"]],
        "quality.threshold": [side["threshold"]],
        "quality.confirmedfigure": [side["confirmed"]],
    }


# What the admin shows that is no province's: shared by all (changed by a superuser only),
# telling of every province (a national officer's only), or a superuser's alone.
SHARED = {"plans.plan", "plans.indicator", "plans.indicatorrule", "plans.target", "reporting.reportingperiod"}
NATIONAL = {"notifications.reminderrun", "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}
SUPERUSERS = {"auth.group"}


def test_every_admin_screen_is_either_a_provinces_or_said_to_be_no_provinces(tenants):
    """A model registered in the admin is checked below for leaks between provinces, or named
    here as shared, national or a superuser's: a new screen cannot slip past the tests."""
    from django.contrib import admin

    from accounts.admin_access import NationalOnly, SharedByAllProvinces

    registered = {model._meta.label_lower: model_admin for model, model_admin in admin.site._registry.items()}
    assert set(registered) == set(province_objects(tenants["A"])) | SHARED | NATIONAL | SUPERUSERS
    assert all(isinstance(registered[label], SharedByAllProvinces) for label in SHARED)
    assert all(isinstance(registered[label], NationalOnly) for label in NATIONAL)


@pytest.mark.parametrize("who", ["A", "B"])
def test_what_tells_of_every_province_is_refused_to_a_provinces_staff(client, tenants, who):
    from axes.models import AccessAttempt

    from notifications.models import ReminderRun

    AccessAttempt.objects.create(username=tenants["B" if who == "A" else "A"]["board"].username,
                                 ip_address="10.0.0.9", user_agent="x", failures_since_start=1)
    assert ReminderRun.objects.exists()
    client.force_login(tenants[who]["admin"])
    for label in NATIONAL:
        app, model = label.split(".")
        assert client.get(reverse(f"admin:{app}_{model}_changelist")).status_code == 403, label
    index = client.get(reverse("admin:index")).content.decode()
    assert "accessattempt" not in index and "reminderrun" not in index
    # The national administrator reads them.
    client.force_login(tenants["national_admin"])
    for label in NATIONAL:
        app, model = label.split(".")
        assert client.get(reverse(f"admin:{app}_{model}_changelist")).status_code == 200, label


def foreign_of(side, provinces):
    return {"report": side["report"], "unit": side["upper"], "attachment": side["attachment"],
            "export": side["export"], "period": provinces["period"]}


@pytest.mark.parametrize("key, other", [("A", "B"), ("B", "A")])
@pytest.mark.parametrize("who", ["board", "leadership", "admin"])
def test_every_url_refuses_the_other_province(client, tenants, key, other, who):
    person = tenants[key][who]
    foreign = foreign_of(tenants[other], tenants)
    own = foreign_of(tenants[key], tenants)
    scoped = [(name, pattern) for name, pattern in named_patterns() if RULES[name] == OWN_SCOPE]
    assert len(scoped) == sum(rule == OWN_SCOPE for rule in RULES.values())
    for name, pattern in scoped:
        for method in ("get", "post"):
            client.force_login(person)
            status = getattr(client, method)(url_of(name, pattern, foreign)).status_code
            assert status in (403, 404, 405), (key, who, name, method, status)
    # The pages that take a unit as a filter (?unit=CODE): the other province's is not found.
    client.force_login(person)
    for name in ("reporting:dashboard", "reporting:trends", "reporting:compare", "reporting:export"):
        status = client.get(reverse(name), {"unit": foreign["unit"].code}).status_code
        assert status == 404, (key, who, name, status)
    # The same pages of the person's own province do open (the refusal above is the province's).
    client.force_login(person)
    assert client.get(url_of("unions:detail", dict(named_patterns())["unions:detail"], own)).status_code == 200
    assert client.get(url_of("reporting:report_detail", dict(named_patterns())["reporting:report_detail"],
                             own)).status_code == 200


def _snapshot(objects) -> dict:
    from django.forms.models import model_to_dict

    return {(label, obj.pk): model_to_dict(type(obj).objects.get(pk=obj.pk)) if label != "reporting.reportevent"
            else model_to_dict(type(obj)._base_manager.get(pk=obj.pk))
            for label, items in objects.items() for obj in items}


@pytest.mark.parametrize("key, other", [("A", "B"), ("B", "A")])
def test_the_admin_refuses_the_other_provinces_objects(client, tenants, key, other):
    """Every admin page of every object of the other province, GET and POST, change and delete
    (and history): refused or "does not exist"; its changelists do not list them; nothing changes."""
    from django.contrib import admin

    person = tenants[key]["admin"]
    objects = province_objects(tenants[other])
    before = _snapshot(objects)
    client.force_login(person)
    for label, items in objects.items():
        model = next(m for m in admin.site._registry if m._meta.label_lower == label)
        info = (model._meta.app_label, model._meta.model_name)
        listed = client.get(reverse("admin:%s_%s_changelist" % info))
        assert listed.status_code == 200, label
        assert not {obj.pk for obj in items} & {obj.pk for obj in listed.context["cl"].result_list}, label
        views = ("change", "delete", "history")
        for obj in items:
            urls = [reverse(f"admin:{info[0]}_{info[1]}_{view}", args=[obj.pk]) for view in views]
            if label == "accounts.user":
                urls.append(reverse("admin:auth_user_password_change", args=[obj.pk]))
            for view, url in zip(views + ("password",), urls):
                for method in ("get", "post"):
                    response = getattr(client, method)(url, {"post": "yes", "name": "Đổi tên", "username": "x"})
                    refused = response.status_code in (403, 404) or (
                        response.status_code == 302 and response["Location"] == reverse("admin:index"))
                    assert refused, (label, obj.pk, view, method, response.status_code)
            response = client.post(reverse("admin:%s_%s_changelist" % info),
                                   {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"})
            assert response.status_code in (200, 302, 403), label
    assert _snapshot(objects) == before


@pytest.mark.parametrize("key, other", [("A", "B"), ("B", "A")])
def test_admin_adds_and_imports_into_the_other_province_are_refused(client, tenants, key, other):
    from accounts.models import User
    from tests.spreadsheets.helpers import upload, workbook_bytes
    from unions.models import Union

    theirs = tenants[other]
    client.force_login(tenants[key]["admin"])
    response = client.post(reverse("admin:unions_union_add"), {
        "parent": theirs["upper"].pk, "changed_on": "", "code": "X-NEW", "name": "Công đoàn lạ", "level": "grassroots",
        "kind": "grassroots_agency", "opened_on": "01/01/2020", "closed_on": "", "email": "", "phone": "",
        "member_count": 0})
    assert response.status_code == 200 and "parent" in response.context["adminform"].form.errors
    response = client.post(reverse("admin:accounts_user_add"), {
        "username": "x.new", "password1": "Mat-khau-dai-1306!", "password2": "Mat-khau-dai-1306!",
        "usable_password": "true", "unit": theirs["grass"].pk, "role": "grassroots_officer", "email": ""})
    assert response.status_code == 200 and "unit" in response.context["adminform"].form.errors
    content = workbook_bytes([["Mã", "Tên", "Cấp", "Loại", "Mã công đoàn cấp trên", "Ngày thành lập"],
                              ["X-IMP", "Công đoàn lạ", "grassroots", "grassroots_agency", theirs["upper"].code,
                               "01/01/2020"],
                              [theirs["upper"].code, "Đổi tên", "upper", "district_federation",
                               theirs["province"].code, "01/01/2015"]])
    response = client.post(reverse("admin:unions_union_import"),
                           {"step": "preview", "file": upload(content), "on": "01/07/2025"})
    assert response.status_code == 400 and len(response.context["plan"].errors) == 2
    assert not Union.objects.filter(code__in=["X-NEW", "X-IMP"]).exists()
    from tests.spreadsheets.helpers import rows_of

    exported = client.get(reverse("admin:unions_union_export"), {"under": theirs["province"].code})
    assert exported.status_code == 200 and rows_of(exported.content)[1:] == []  # their branch: nothing
    assert not User.objects.filter(username="x.new").exists()
    assert Union.objects.get(pk=theirs["upper"].pk).name == theirs["upper"].name


def test_a_provinces_staff_neither_adds_nor_points_a_notice(client, tenants):
    """A notice is made by the reminders only: added or changed in the admin, it could be
    pointed at another province's reminder (reading its reviewer's comment) or person."""
    from notifications.models import Notification

    own = Notification.objects.filter(user__unit__path__startswith=tenants["A"]["province"].path).first()
    client.force_login(tenants["A"]["admin"])
    assert client.get(reverse("admin:notifications_notification_add")).status_code == 403
    before = Notification.objects.values_list("pk", "user_id", "reminder_id", "unit_id").get(pk=own.pk)
    response = client.post(reverse("admin:notifications_notification_change", args=[own.pk]),
                           {"user": tenants["B"]["grass_officer"].pk, "kind": own.kind, "url": "/"})
    assert response.status_code in (200, 403)  # shown read-only, or refused: never saved
    assert Notification.objects.values_list("pk", "user_id", "reminder_id", "unit_id").get(pk=own.pk) == before


def test_a_provinces_own_plan_and_periods_are_not_listed_to_another_province(client, tenants, plan):
    """Province B's own plan, its indicators, targets and periods are B's: A's staff list the
    shared plan's and never B's, in the lists and in the period filters of other lists."""
    import datetime

    from plans.services import plan_copy, plan_publish
    from reporting.models import ReportingPeriod

    own = plan_copy(plan=plan, code="QB-2024", title="Kế hoạch của tỉnh Quảng Bình", first_year=2024,
                    last_year=2025, by=tenants["B"]["board"])
    plan_publish(plan=own, by=tenants["B"]["board"], open_on=datetime.date(2024, 1, 1))
    theirs = {"plans.plan": {own.pk}, "plans.indicator": set(own.indicators.values_list("pk", flat=True)),
              "plans.target": set(own.targets.values_list("pk", flat=True)),
              "reporting.reportingperiod": set(ReportingPeriod.objects.filter(plan=own).values_list("pk", flat=True))}
    assert all(theirs.values())
    for who, sees in (("A", False), ("B", True)):
        client.force_login(tenants[who]["admin"])
        for label, pks in theirs.items():
            listed = client.get(reverse("admin:%s_%s_changelist" % tuple(label.split("."))))
            assert bool(pks & {obj.pk for obj in listed.context["cl"].result_list}) is sees, (who, label)
        reports = client.get(reverse("admin:reporting_report_changelist")).content.decode()
        assert (f"period__id__exact={min(theirs['reporting.reportingperiod'])}" in reports) is sees, who
    client.force_login(tenants["national_admin"])
    listed = client.get(reverse("admin:plans_plan_changelist"))
    assert own.pk in {obj.pk for obj in listed.context["cl"].result_list}


def test_a_national_upper_level_account_fills_in_no_provinces_reports(tenants):
    """A national role changes nothing inside a province: an account of the confederation with
    the upper-level officer's role fills in none of the provinces' grassroots reports."""
    from accounts.models import Role
    from reporting.bulk_fill import reports_fillable_by
    from reporting.permissions import report_can_fill_for
    from tests.factories import make_user

    national = make_user(tenants["national"], role=Role.UPPER_OFFICER, username="upper_vn")
    assert not reports_fillable_by(user=national, period=tenants["period"]).exists()
    assert not report_can_fill_for(report=tenants["B"]["report"], user=national)
    # The province's own upper-level officer still does.
    officer = tenants["B"]["upper_officer"]
    assert list(reports_fillable_by(user=officer, period=tenants["period"])) == [tenants["B"]["report"]]
    assert report_can_fill_for(report=tenants["B"]["report"], user=officer)


def test_two_scopes_never_share_an_export_file(tenants):
    """Two units with no place in the tree of an old period share its path ("-"): the scope
    itself keys the file, so one is never served the other's."""
    import dataclasses

    from compliance.exports import export_fingerprint
    from compliance.rollups import compliance_for_scope

    rollup = compliance_for_scope(period=tenants["period"], scope=tenants["A"]["upper"])
    other = dataclasses.replace(rollup, scope=tenants["B"]["upper"])
    assert export_fingerprint(rollup=rollup, kind="", fmt="pdf") != export_fingerprint(rollup=other, kind="", fmt="pdf")


@pytest.fixture
def two_own_plans(tenants, plan):
    """Province B's own published plan 2024–2025 beside the shared Plan 1306, and province A's
    own plan with the same period codes (2024-H1 …)."""
    import datetime

    from plans.services import plan_copy, plan_publish

    for key, code in (("B", "QB-2024"), ("A", "QT-2024")):
        own = plan_copy(plan=plan, code=code, title=f"Kế hoạch riêng {key}", first_year=2024, last_year=2025,
                        by=tenants[key]["board"])
        plan_publish(plan=own, by=tenants[key]["board"], open_on=datetime.date(2024, 1, 1))
        tenants[key]["own_plan"] = own
    return tenants


def test_another_provinces_own_plan_is_neither_shown_nor_offered(client, two_own_plans, plan):
    """Province B's plan is B's: A's people never get it as 'the plan' (home, plan page, the
    Board's thresholds), never read it by its code, never see its periods offered; two plans
    with the same period codes never answer a 500."""
    from quality.models import Threshold

    a, b = two_own_plans["A"], two_own_plans["B"]
    theirs = b["own_plan"]
    for who in ("board", "leadership", "grass_officer"):
        client.force_login(a[who])
        assert client.get(reverse("plans:detail", args=[theirs.code])).status_code == 404, who
        for name in ("home", "plans:current"):
            page = client.get(reverse(name))
            assert page.status_code == 200 and theirs.title not in page.content.decode(), (who, name)
    client.force_login(a["board"])
    for name in ("quality:board", "quality:thresholds", "notifications:log", "reporting:review_queue", "reviews:review"):
        page = client.get(reverse(name))
        assert page.status_code == 200, name
        assert theirs.title not in page.content.decode() and theirs.code not in page.content.decode(), name
    # The period codes A's and B's plans share answer A's own, never a 500.
    assert client.get(reverse("quality:board"), {"period": "2024-H1"}).status_code == 200
    # A's Board tunes its own plan's indicators, not B's.
    own_indicator = a["own_plan"].indicators.filter(kind="count").first()
    assert client.post(reverse("quality:threshold_edit", args=[theirs.indicators.get(code=own_indicator.code).pk]), {
        "action": "reset"}).status_code == 404
    assert not Threshold.objects.filter(indicator__plan=theirs).exists()
    # B's own people do read it.
    client.force_login(b["board"])
    assert client.get(reverse("plans:detail", args=[theirs.code])).status_code == 200
